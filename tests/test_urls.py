"""URL canonicalisation and the request safety check (no network: IP literals only)."""

from __future__ import annotations

import pytest

from channelwatch.errors import FetchRefused
from extractors.urls import article_id, canonical_url, check_url, host_key


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://Example.COM:443/a?utm_source=rss&id=3&fbclid=x&gclid=y#comments",
            "https://example.com/a?id=3",
        ),
        ("http://example.com", "http://example.com/"),
        ("http://example.com/p?b=2&a=1&utm_medium=email", "http://example.com/p?a=1&b=2"),
        (
            "https://news.example.org/story?_hsenc=abc&page=2",
            "https://news.example.org/story?page=2",
        ),
    ],
)
def test_canonical_url_drops_tracking_and_fragment_keeps_meaningful_query(
    url: str, expected: str
) -> None:
    assert canonical_url(url) == expected


def test_article_id_is_the_same_for_tracking_variants_and_differs_for_other_pages() -> None:
    plain = "https://example.com/news/ai-deal"
    tracked = "https://EXAMPLE.com/news/ai-deal?utm_source=feed&utm_campaign=x#top"
    assert article_id(plain) == article_id(tracked)
    assert len(article_id(plain)) == 16
    assert article_id(plain) != article_id("https://example.com/news/other-deal")


def test_host_key_fills_default_ports() -> None:
    assert host_key("https://Example.com/x") == "example.com:443"
    assert host_key("http://127.0.0.1:8080/x") == "127.0.0.1:8080"
    assert host_key("http://[::1]:81/") == "[::1]:81"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "'file:'"),
        ("javascript:alert(1)", "'javascript:'"),
        ("data:text/html,<script>x</script>", "'data:'"),
        ("ftp://ftp.example.com/feed.xml", "'ftp:'"),
        ("//example.com/no-scheme", "no scheme"),
        ("http://user:secret@93.184.216.34/feed", "credentials"),
        ("http://10.0.0.1/", "private address 10.0.0.1"),
        ("http://169.254.169.254/latest/meta-data/", "private address 169.254.169.254"),
        ("http://127.0.0.1:9/", "private address 127.0.0.1"),
        ("http://[::1]/", "private address ::1"),
        ("http://[::ffff:192.168.1.1]/", "private address"),
        ("http://224.0.0.1/", "private address 224.0.0.1"),
        ("http://0.0.0.0/", "private address 0.0.0.0"),
        ("http://93.184.216.34:99999/", "malformed URL"),
    ],
)
def test_check_url_refuses_unsafe_urls(url: str, reason: str) -> None:
    with pytest.raises(FetchRefused, match=reason.replace("(", r"\(")):
        check_url(url, allow_private=False)


def test_refusal_message_never_shows_the_password() -> None:
    with pytest.raises(FetchRefused) as info:
        check_url("https://alice:hunter2@93.184.216.34/feed", allow_private=False)
    assert "hunter2" not in str(info.value)


def test_public_address_passes() -> None:
    check_url("https://93.184.216.34/feed.xml", allow_private=False)


def test_allow_private_lets_internal_hosts_through_but_not_odd_schemes() -> None:
    check_url("http://10.0.0.1/feed", allow_private=True)
    with pytest.raises(FetchRefused):
        check_url("file:///etc/passwd", allow_private=True)


def test_allowed_hosts_admits_exactly_that_host_and_port() -> None:
    allowed = frozenset({"127.0.0.1:8765"})
    check_url("http://127.0.0.1:8765/feed.xml", allow_private=False, allowed_hosts=allowed)
    with pytest.raises(FetchRefused, match="private address"):
        check_url("http://127.0.0.1:8766/feed.xml", allow_private=False, allowed_hosts=allowed)
    with pytest.raises(FetchRefused, match="credentials"):
        check_url("http://a:b@127.0.0.1:8765/", allow_private=False, allowed_hosts=allowed)
