"""Article URLs of a site from its sitemaps, or else from the feeds its homepage links.

trafilatura's ``sitemap_search`` and ``find_feed_urls`` fetch by themselves (urllib3, no
address check, their own delays, no body cap). Here every request goes through the polite
fetcher (``extractors.fetch``: address check and pinning, per-host spacing, size cap,
Retry-After), and trafilatura only parses: ``SitemapObject.process`` for sitemaps (index
files, nested sitemaps, text sitemaps, robots.txt) and ``determine_feed`` for the feeds a
homepage links (read by ``extractors.feeds``). Google News probing, which asks a third
party, is left out.

The walk is breadth-first: each level's sitemaps are fetched in one polite call, and the
next level waits ``per_host_delay_s`` after it.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Sequence
from urllib.parse import urlsplit

from courlan import extract_domain, get_hostinfo
from trafilatura.feeds import FeedParameters, determine_feed
from trafilatura.settings import MAX_FEEDS_CHECKED
from trafilatura.sitemaps import (
    DETECT_SITEMAP_LINK,
    GUESSES,
    SitemapObject,
    extract_robots_sitemaps,
)
from trafilatura.utils import safe_relative_url

from extractors.feeds import parse_feed
from extractors.fetch import fetch_many
from extractors.fetch_settings import FetchSettings

GZIP_MAGIC = b"\x1f\x8b"
MAX_ROBOTS_CHARS = 10_000  # trafilatura's sanity limit: a longer one is a redirected page


class _Sitemap(SitemapObject):
    """trafilatura's sitemap parser, also for a site on an IP address or a one-label host
    (``localhost``, an intranet name), whose links trafilatura drops for want of a domain:
    there a link is kept when it is on the very same host and port."""

    def handle_link(self, link: str) -> None:
        if extract_domain(link, fast=True) is not None:
            super().handle_link(link)
            return
        absolute = safe_relative_url(self.base_url, link)
        if (
            absolute == self.current_url
            or urlsplit(absolute).netloc != urlsplit(self.base_url).netloc
        ):
            return
        (self.sitemap_urls if DETECT_SITEMAP_LINK.search(absolute) else self.urls).append(absolute)


def _site(homepage: str) -> tuple[str, str]:
    """(domain, base URL) of ``homepage``; the domain is the host name where courlan finds
    none (an IP address, ``localhost``)."""
    domain, baseurl = get_hostinfo(homepage)
    return domain or (urlsplit(homepage).hostname or ""), baseurl


def _inflated(body: bytes, cap: int) -> bytes | None:
    """A ``.gz`` file (served as is, not as a Content-Encoding) inflated, never past ``cap``."""
    if not body.startswith(GZIP_MAGIC):
        return body
    try:
        body = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, cap + 1)
    except zlib.error:
        return None
    return body if len(body) <= cap else None


def fetch_bodies(
    urls: Sequence[str], *, settings: FetchSettings, allowed_hosts: frozenset[str]
) -> dict[str, bytes]:
    """URL -> body of each URL that answered 200, fetched in one polite call."""
    bodies: dict[str, bytes] = {}
    for result in fetch_many(urls, settings=settings, allowed_hosts=allowed_hosts):
        if result.error is None and result.status == 200:
            body = _inflated(result.body, settings.max_bytes)
            if body is not None:
                bodies[result.url] = body
    return bodies


def fetch_texts(
    urls: Sequence[str], *, settings: FetchSettings, allowed_hosts: frozenset[str]
) -> dict[str, str]:
    """URL -> text of each URL that answered 200 (UTF-8, bad bytes replaced)."""
    bodies = fetch_bodies(urls, settings=settings, allowed_hosts=allowed_hosts)
    return {url: body.decode("utf-8", errors="replace") for url, body in bodies.items()}


def sitemap_links(
    homepage: str,
    *,
    settings: FetchSettings,
    allowed_hosts: frozenset[str] = frozenset(),
    max_sitemaps: int = 20,
) -> list[str]:
    """Page URLs listed in the site's sitemaps (robots.txt first, then the usual names)."""
    domain, baseurl = _site(homepage)
    if not domain:
        return []
    robots_url = f"{baseurl}/robots.txt"
    robots = fetch_texts([robots_url], settings=settings, allowed_hosts=allowed_hosts)
    robots_txt = robots.get(robots_url)
    if robots_txt is not None and len(robots_txt) > MAX_ROBOTS_CHARS:
        robots_txt = None
    queue = extract_robots_sitemaps(robots_txt, baseurl) or [f"{baseurl}/{g}" for g in GUESSES]
    sitemap = _Sitemap(baseurl, domain, [])
    while queue and len(sitemap.seen) < max_sitemaps:
        time.sleep(settings.per_host_delay_s)  # after the previous level's last request
        level = list(dict.fromkeys(queue))[: max_sitemaps - len(sitemap.seen)]
        texts = fetch_texts(level, settings=settings, allowed_hosts=allowed_hosts)
        sitemap.sitemap_urls = []
        for url in level:
            sitemap.seen.add(url)
            if url in texts:  # a missing or refused one is simply not there
                sitemap.current_url, sitemap.content = url, texts[url]
                sitemap.process()
        queue = [u for u in sitemap.sitemap_urls if u not in sitemap.seen]
    return list(dict.fromkeys(sitemap.urls))


def feed_links(
    homepage: str, *, settings: FetchSettings, allowed_hosts: frozenset[str] = frozenset()
) -> list[str]:
    """Page URLs from the feeds the homepage links to (or from the homepage, if a feed),
    read by the project's own feed parser (``extractors.feeds``, with its XML guards)."""
    domain, baseurl = _site(homepage)
    if not domain:
        return []
    fetched = fetch_bodies([homepage], settings=settings, allowed_hosts=allowed_hosts)
    if homepage not in fetched:
        return []
    links = _entry_urls(homepage, fetched[homepage])
    if links:
        return links
    page = fetched[homepage].decode("utf-8", errors="replace")
    feeds = determine_feed(page, FeedParameters(baseurl, domain, homepage))[:MAX_FEEDS_CHECKED]
    time.sleep(settings.per_host_delay_s)
    for url, body in fetch_bodies(feeds, settings=settings, allowed_hosts=allowed_hosts).items():
        links.extend(_entry_urls(url, body))
    return list(dict.fromkeys(links))


def _entry_urls(url: str, body: bytes) -> list[str]:
    return [entry.url for entry in parse_feed(body, source="discovery", base_url=url).entries]


def discover_site_urls(
    homepage: str,
    *,
    settings: FetchSettings,
    allowed_hosts: frozenset[str] = frozenset(),
    max_sitemaps: int = 20,
) -> list[str]:
    """The site's sitemap URLs, or, when it has none, its feeds' links."""
    found = sitemap_links(
        homepage, settings=settings, allowed_hosts=allowed_hosts, max_sitemaps=max_sitemaps
    )
    return found or feed_links(homepage, settings=settings, allowed_hosts=allowed_hosts)
