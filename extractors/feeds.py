"""The feed stage: fetched feed bytes in, the articles they point to out.

feedparser does the parsing. Around it, this module:

* defuses entity declarations before feedparser sees the bytes (see ``defuse_entities``);
* keeps entries of malformed ("bozo") feeds and records the parser's complaint as a
  readable string, e.g. ``"not well-formed (invalid token) at line 3, column 5"``;
* turns an HTML page (a non-feed URL, a login wall, an error page served with status 200)
  into an empty ``ParsedFeed`` whose ``bozo`` starts with ``NOT_A_FEED``: a bad source is
  recorded and the run goes on, it never raises;
* gives every entry one canonical http(s) URL (relative links resolved against the feed URL,
  tracking parameters dropped), skips entries without one and drops duplicates.
"""

from __future__ import annotations

import calendar
import logging
import re
import time
import xml.sax
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from extractors.models import FeedEntry, ParsedFeed
from extractors.urls import canonical_url

LOGGER = logging.getLogger(__name__)

NOT_A_FEED = "not a feed (looks like HTML)"
UNSAFE_DTD = "unsafe entity declarations removed"
# A declared entity longer than this, or one that refers to another entity, a parameter
# entity or an external resource, makes the whole DOCTYPE unsafe: it is removed, so
# expansion is bounded by (this length / 3 bytes per reference) times the body size.
SAFE_ENTITY_MAX_CHARS = 64

_ENTITY_MARKERS = tuple(
    "<!ENTITY".encode(codec)
    for codec in ("ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_ENTITY_DECL_RE = re.compile(
    r"""<!ENTITY\s+(?P<param>%\s+)?(?P<name>[^\s"'>]+)\s*(?P<body>(?:"[^"]*"|'[^']*'|[^"'>])*)>"""
)
_DOCTYPE_SUBSET_RE = re.compile(r"""<!DOCTYPE\b[^\[>]*\[(?:"[^"]*"|'[^']*'|[^\]"'])*\]\s*>""")
_PLAIN_VALUE_RE = re.compile(r"""^\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')\s*$""")
_HTML_START_RE = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


@dataclass(frozen=True, slots=True)
class FeedStats:
    """What happened to a feed's items: ``items == kept + no_link + duplicates``."""

    items: int = 0
    kept: int = 0
    no_link: int = 0
    duplicates: int = 0


def parse_feed(
    body: bytes, *, source: str, base_url: str, content_type: str | None = None
) -> ParsedFeed:
    """Parse one fetched feed. Never raises on the content: problems go to ``bozo``."""
    return parse_feed_with_stats(body, source=source, base_url=base_url, content_type=content_type)[
        0
    ]


def parse_feed_with_stats(
    body: bytes, *, source: str, base_url: str, content_type: str | None = None
) -> tuple[ParsedFeed, FeedStats]:
    """``parse_feed`` plus the counts of kept, link-less and duplicate items."""
    safe_body, defused = defuse_entities(body)
    # Headers only with a real content type: feedparser treats any header dict as an HTTP
    # response and calls a missing content type an error ("no Content-type specified").
    headers = {"content-type": content_type, "content-location": base_url} if content_type else None
    result = feedparser.parse(safe_body, response_headers=headers, sanitize_html=True)
    version = result.get("version") or ""
    if not version and not result.entries and looks_like_html(body, content_type):
        return ParsedFeed(source=source, bozo=NOT_A_FEED), FeedStats()
    entries, stats = _entries(result.entries, source=source, base_url=base_url)
    bozo = bozo_message(result.get("bozo_exception")) if result.get("bozo") else None
    if defused:
        bozo = f"{UNSAFE_DTD}; {bozo}" if bozo else UNSAFE_DTD
    title = _clean(result.feed.get("title"))
    return ParsedFeed(source=source, entries=entries, title=title, bozo=bozo), stats


def looks_like_html(body: bytes, content_type: str | None) -> bool:
    """True for an HTML page: an HTML content type or an HTML start (doctype, <html>...)."""
    if content_type and content_type.split(";")[0].strip().lower() in {
        "text/html",
        "application/xhtml+xml",
    }:
        return True
    return bool(_HTML_START_RE.match(body.lstrip(b"\xef\xbb\xbf")[:4096]))


def bozo_message(error: BaseException | None) -> str:
    """A one-line, human-readable form of feedparser's ``bozo_exception``."""
    if error is None:
        return "malformed feed"
    if isinstance(error, xml.sax.SAXParseException):
        line, column = error.getLineNumber(), error.getColumnNumber()
        return f"{error.getMessage()} at line {line}, column {column}"
    return " ".join(str(error).split()) or type(error).__name__


# --- entries -----------------------------------------------------------------------------


def _entries(
    raw_entries: list[Any], *, source: str, base_url: str
) -> tuple[list[FeedEntry], FeedStats]:
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    no_link = duplicates = 0
    for raw in raw_entries:
        url = entry_url(raw, base_url=base_url)
        if url is None:
            no_link += 1
        elif url in seen:
            duplicates += 1
        else:
            seen.add(url)
            entries.append(_entry(raw, url=url, source=source))
    stats = FeedStats(
        items=len(raw_entries), kept=len(entries), no_link=no_link, duplicates=duplicates
    )
    return entries, stats


def _entry(raw: Any, *, url: str, source: str) -> FeedEntry:
    return FeedEntry(
        source=source,
        url=url,
        title=_clean(raw.get("title")),
        published_at=entry_published(raw),
        summary=(raw.get("summary") or "").strip() or None,
    )


def entry_url(raw: Any, *, base_url: str) -> str | None:
    """The entry's canonical http(s) URL, or ``None`` when it has none.

    The first of: ``link`` (feedparser's pick, rel="alternate"), any other alternate link,
    a permalink ``guid``; resolved against ``base_url``.
    """
    for candidate in _link_candidates(raw):
        try:
            absolute = urljoin(base_url, candidate.strip())
            if (
                urlsplit(absolute).scheme.lower() in {"http", "https"}
                and urlsplit(absolute).hostname
            ):
                return canonical_url(absolute)
        except ValueError:  # e.g. an invalid IPv6 host; try the next candidate
            continue
    return None


def _link_candidates(raw: Any) -> list[str]:
    candidates = [raw.get("link") or ""]
    candidates += [
        link.get("href") or ""
        for link in raw.get("links") or []
        if link.get("rel", "alternate") == "alternate"
    ]
    if raw.get("guidislink"):
        candidates.append(raw.get("id") or "")
    return [c for c in candidates if isinstance(c, str) and c.strip()]


def entry_published(raw: Any) -> datetime | None:
    """``published`` (else ``updated``) as a timezone-aware UTC datetime."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = raw.get(key)
        if isinstance(parsed, time.struct_time):
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


# --- entity guard --------------------------------------------------------------------------


def defuse_entities(body: bytes) -> tuple[bytes, bool]:
    """Remove a DOCTYPE whose entity declarations could expand without bound or read files.

    feedparser 6 already drops most entity declarations (``sanitizer.replace_doctype``)
    and disables external entities, but only for declarations at the start of a line:
    a one-line ``<!DOCTYPE x [<!ENTITY ...>]>`` reaches expat (which stops a billion-laughs
    attack only after ~1.5 s and 70 MB), and the plain-text entities it keeps are expanded
    again by its loose parser (a 100 kB entity referenced 1,000 times made a 100 MB title).
    Safe declarations (short plain text) are left alone. Returns (body, whether removed).
    """
    if not any(marker in body for marker in _ENTITY_MARKERS):
        return body, False
    codec = _entity_codec(body)
    text = body.decode(codec, errors="replace")
    declarations = list(_ENTITY_DECL_RE.finditer(text))
    if declarations and all(_is_safe_entity(match) for match in declarations):
        return body, False
    text = _DOCTYPE_SUBSET_RE.sub("", text)
    text = _ENTITY_DECL_RE.sub("", text)
    text = text.replace("<!ENTITY", "")  # malformed leftovers: fail closed
    return text.encode(codec, errors="replace"), True


def _entity_codec(body: bytes) -> str:
    """The codec for finding declarations: UTF-32/16 when the marker is in it, else latin-1.

    latin-1 maps bytes one to one, so any ASCII-compatible encoding (UTF-8, windows-1252...)
    round-trips unchanged.
    """
    for codec in ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"):
        if "<!ENTITY".encode(codec) in body:
            return codec
    return "latin-1"


def _is_safe_entity(match: re.Match[str]) -> bool:
    if match.group("param"):
        return False
    value = _PLAIN_VALUE_RE.match(match.group("body"))
    if value is None:  # SYSTEM / PUBLIC: an external entity
        return False
    literal = value.group("dq") if value.group("dq") is not None else value.group("sq")
    return len(literal) <= SAFE_ENTITY_MAX_CHARS and not any(c in literal for c in "&%<")
