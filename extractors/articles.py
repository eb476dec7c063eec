"""The article stage: main text and metadata of one fetched page, with trafilatura.

The page is decoded once (trafilatura's decoder: gzip/brotli/zlib bodies are unpacked with a
size cap, undeclared or wrong charsets are guessed, a last resort replaces bad bytes) and
parsed once. The metadata we store (title, author, site name, date, language) is read from
that tree with trafilatura's own building blocks and htmldate; the text comes from
``trafilatura.bare_extraction`` on the same tree (it works on its own copy).

Why not ``bare_extraction(with_metadata=True)``: it also computes categories, tags and a
licence that channelwatch does not store, and runs htmldate's extensive search; on the
corpus pages that made the stage 0.73x as fast as a bare ``trafilatura.extract`` instead
of 0.92-0.95x (``python -m bench.extraction``), with the same text.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura import metadata as trafilatura_metadata
from trafilatura.settings import Document
from trafilatura.utils import decode_file, load_html

from extractors.fingerprint import text_fingerprint
from extractors.models import Article
from extractors.urls import article_id

LOGGER = logging.getLogger(__name__)

_LANGUAGE_RE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.I)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def extract_article(
    html: bytes | str,
    *,
    url: str,
    source: str,
    published_at: datetime | None = None,
    byline_search: bool = False,
) -> Article | None:
    """Extract the article at ``url`` from its fetched ``html``.

    Returns ``None`` when the page holds no main text (not HTML, an empty page, a
    redirect stub, a listing without an article); the caller records that reason.
    ``raw_html`` keeps the bytes as fetched (a ``str`` is stored UTF-8 encoded).

    The author comes from meta tags and JSON-LD. ``byline_search=True`` also runs
    trafilatura's byline heuristics on pages that declare none: on the html/ corpus that
    finds the right author on 35 more of the 161 pages with a known author (70 -> 105),
    but costs about 13% of the stage's time, which would put it below 0.9x of bare
    ``trafilatura.extract``; so it is off by default.
    """
    tree = load_html(decode_file(html))
    if tree is None:
        LOGGER.debug("not HTML or empty page: %s", url)
        return None
    document = trafilatura.bare_extraction(
        tree, url=url, include_comments=False, output_format="python"
    )
    text = _document_text(document)
    if not text:
        LOGGER.debug("no main text extracted: %s", url)
        return None
    metadata = page_metadata(tree, url=url, byline_search=byline_search)
    return Article(
        article_id=article_id(url),
        url=url,
        source=source,
        text=text,
        title=metadata.title,
        author=metadata.author,
        sitename=metadata.sitename,
        language=page_language(tree),
        published_at=published_at,
        date_extracted=page_date(tree, url=url),
        fingerprint=text_fingerprint(text),
        raw_html=html if isinstance(html, bytes) else html.encode("utf-8"),
    )


def _document_text(document: object) -> str:
    if isinstance(document, Document):
        return (document.text or "").strip()
    return ""


def page_metadata(tree: HtmlElement, *, url: str, byline_search: bool = False) -> Document:
    """Title, author and site name, in trafilatura's order of preference.

    Meta tags first, JSON-LD over them, then the page's own title element (and bylines
    with ``byline_search``). This is trafilatura's ``extract_metadata`` without
    categories, tags, licence and date.
    """
    metadata = trafilatura_metadata.examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # a single word is a handle or a site, rarely a person
    try:
        metadata = trafilatura_metadata.extract_meta_json(tree, metadata)
    except Exception as err:  # malformed JSON-LD must not cost us the article
        LOGGER.debug("JSON-LD metadata skipped for %s: %s", url, err)
    metadata.title = metadata.title or trafilatura_metadata.extract_title(tree)
    if not metadata.author and byline_search:
        metadata.author = trafilatura_metadata.extract_author(tree)
    metadata.sitename = _clean_sitename(
        metadata.sitename or trafilatura_metadata.extract_sitename(tree)
    )
    return metadata


def _clean_sitename(sitename: str | None) -> str | None:
    if not sitename:
        return None
    sitename = sitename.lstrip("@").strip()
    if sitename and "." not in sitename and not sitename[0].isupper():
        sitename = sitename.title()
    return sitename or None


def page_date(tree: HtmlElement, *, url: str) -> date | None:
    """The publication date htmldate finds in the page (original date, quick search)."""
    found = find_date(
        tree,
        url=url,
        original_date=True,
        extensive_search=False,
        max_date=date.today().isoformat(),
    )
    if not found:
        return None
    try:
        return date.fromisoformat(found)
    except ValueError:
        return None


def page_language(tree: HtmlElement) -> str | None:
    """The page's declared language as an ISO 639 code (``en``), or ``None``.

    A cheap guess from ``<html lang>``, ``Content-Language`` or ``og:locale``; no text
    classifier is run.
    """
    for value in _declared_languages(tree):
        match = _LANGUAGE_RE.match(value.split(",")[0].strip())
        if match:
            return match.group(1).lower()
    return None


def _declared_languages(tree: HtmlElement) -> list[str]:
    values = [tree.get("lang") or "", tree.get(_XML_LANG) or ""]
    head = tree.find("head")
    for meta in head.iterfind("meta") if head is not None else ():
        http_equiv = (meta.get("http-equiv") or "").lower()
        if http_equiv == "content-language" or meta.get("property") == "og:locale":
            values.append(meta.get("content") or "")
    return [v for v in values if v]
