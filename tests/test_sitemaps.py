"""Sitemap and feed discovery fetch through the polite fetcher: address check, per-host
spacing, size cap; trafilatura only parses. Real loopback server throughout."""

from __future__ import annotations

import gzip
import itertools

from servers import LoopbackServer, Route

from channelwatch.settings import FetchSettings
from extractors.sitemaps import discover_site_urls, feed_links, sitemap_links

SETTINGS = FetchSettings(timeout_s=5.0, per_host_delay_s=0.0, max_bytes=64 * 1024)
XML = {"Content-Type": "application/xml"}
SLACK = 0.05  # scheduler slack on request-spacing assertions, in seconds


def urlset(*urls: str) -> bytes:
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
    ).encode()


def index(*urls: str) -> bytes:
    maps = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>'
    ).encode()


def _site(server: LoopbackServer, robots_extra: str = "") -> None:
    u = server.url
    server.routes["/robots.txt"] = Route(
        body=f"User-agent: *\nSitemap: {u('/sitemap_index.xml')}\n{robots_extra}".encode()
    )
    server.routes["/sitemap_index.xml"] = Route(
        headers=XML, body=index(u("/news.xml"), u("/older.xml.gz"))
    )
    server.routes["/news.xml"] = Route(headers=XML, body=urlset(u("/a/1.html"), u("/a/2.html")))
    server.routes["/older.xml.gz"] = Route(
        headers={"Content-Type": "application/gzip"}, body=gzip.compress(urlset(u("/a/3.html")))
    )


def test_nested_and_gzipped_sitemaps_are_found_through_the_fetcher() -> None:
    with LoopbackServer() as server:
        _site(server)
        found = sitemap_links(
            server.url("/"), settings=SETTINGS, allowed_hosts=frozenset({server.host_key})
        )
        agents = {r.headers.get("user-agent") for r in server.requests}
    assert sorted(found) == [server.url(f"/a/{i}.html") for i in (1, 2, 3)]
    assert agents == {SETTINGS.user_agent}  # every request was ours, not trafilatura's


def test_sitemap_requests_keep_the_per_host_delay() -> None:
    delay = 0.3
    polite = FetchSettings(timeout_s=5.0, per_host_delay_s=delay, max_bytes=64 * 1024)
    with LoopbackServer() as server:
        _site(server)
        sitemap_links(server.url("/"), settings=polite, allowed_hosts=frozenset({server.host_key}))
        times = [r.at for r in server.requests]
    assert len(times) == 4  # robots, index, two sitemaps
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= delay - SLACK, gaps


def test_a_private_address_in_robots_txt_is_never_requested() -> None:
    # the second server is a loopback address not in allowed_hosts: the address check
    # refuses it before any connection, where trafilatura's own fetcher would request it
    with LoopbackServer() as server, LoopbackServer() as other:
        _site(server, robots_extra=f"Sitemap: {other.url('/sitemap.xml')}\n")
        other.routes["/sitemap.xml"] = Route(headers=XML, body=urlset(other.url("/x.html")))
        found = sitemap_links(
            server.url("/"), settings=SETTINGS, allowed_hosts=frozenset({server.host_key})
        )
        assert other.requests == []
    assert other.url("/x.html") not in found and len(found) == 3


def test_a_sitemap_over_the_size_cap_is_dropped() -> None:
    with LoopbackServer() as server:
        _site(server)
        bomb = urlset(*(server.url(f"/b/{i}.html") for i in range(5000)))  # ~250 KB inflated
        server.routes["/older.xml.gz"] = Route(headers=XML, body=gzip.compress(bomb))
        found = sitemap_links(
            server.url("/"), settings=SETTINGS, allowed_hosts=frozenset({server.host_key})
        )
    assert sorted(found) == [server.url(f"/a/{i}.html") for i in (1, 2)]


def test_without_sitemaps_the_homepage_feed_links_are_used() -> None:
    with LoopbackServer() as server:
        u = server.url
        server.routes["/"] = Route(
            headers={"Content-Type": "text/html"},
            body=(
                '<html><head><link rel="alternate" type="application/rss+xml" '
                f'href="{u("/feed.xml")}"></head><body>home</body></html>'
            ).encode(),
        )
        items = "".join(f"<item><link>{u(f'/a/{i}.html')}</link></item>" for i in (1, 2))
        server.routes["/feed.xml"] = Route(
            headers={"Content-Type": "application/rss+xml"},
            body=f'<?xml version="1.0"?><rss><channel>{items}</channel></rss>'.encode(),
        )
        hosts = frozenset({server.host_key})
        direct = feed_links(u("/"), settings=SETTINGS, allowed_hosts=hosts)
        found = discover_site_urls(u("/"), settings=SETTINGS, allowed_hosts=hosts)
    assert sorted(found) == sorted(direct) == [u("/a/1.html"), u("/a/2.html")]
