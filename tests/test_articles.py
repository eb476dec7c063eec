"""The article stage on small hand-written pages: text, metadata, encodings, fingerprints."""

from __future__ import annotations

import gzip
from datetime import UTC, date, datetime

import pytest
from trafilatura.deduplication import Simhash

from extractors.articles import extract_article
from extractors.fingerprint import fingerprint_distance, is_near_duplicate, text_fingerprint
from extractors.urls import article_id

URL = "https://news.example.com/2026/03/cloud-deal.html?utm_source=rss"

PARAGRAPHS = [
    "Northwind Cloud said on Tuesday that it will host Contoso AI models in its "
    "data centres in Frankfurt and Dublin from the second quarter of next year.",
    "The agreement ends the exclusive arrangement that Contoso had with its previous "
    "provider, according to two people familiar with the negotiations between the firms.",
    "Analysts said the deal would give enterprise customers in Europe a second option for "
    "running the models close to their own data, which regulators have asked for.",
    "Neither company disclosed the financial terms, but Northwind said the capacity would "
    "be among the largest it has committed to a single customer since it was founded.",
]


def page(
    paragraphs: list[str] = PARAGRAPHS,
    *,
    lang: str = "en",
    charset: str = "utf-8",
    extra_head: str = "",
) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{charset}">
<title>Northwind to host Contoso models | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2026-03-03T08:00:00Z">
{extra_head}</head>
<body><nav><a href="/">Home</a> <a href="/tech">Tech</a> <a href="/login">Log in</a></nav>
<article><h1>Northwind to host Contoso models</h1>{body}</article>
<footer>Copyright Example News. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>"""


def test_text_and_metadata_are_extracted() -> None:
    html = page().encode("utf-8")
    published = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    article = extract_article(html, url=URL, source="example", published_at=published)
    assert article is not None
    assert PARAGRAPHS[0] in article.text and PARAGRAPHS[-1] in article.text
    assert "Log in" not in article.text and "All rights reserved" not in article.text
    assert article.title == "Northwind to host Contoso models"
    assert article.author == "Jane Doe"
    assert article.sitename == "Example News"
    assert article.language == "en"
    assert article.date_extracted == date(2026, 3, 3)
    assert article.published_at == published
    assert article.source == "example" and article.url == URL
    assert article.article_id == article_id(URL)
    assert article.raw_html == html  # kept byte for byte
    assert article.fingerprint == text_fingerprint(article.text)
    assert article.word_count > 80


def test_byline_search_finds_an_undeclared_author() -> None:
    html = page().replace('<meta name="author" content="Jane Doe">', "")
    html = html.replace(
        "<h1>Northwind",
        '<p class="byline">By <span class="author">Jane Doe</span></p><h1>Northwind',
    )
    assert extract_article(html, url=URL, source="example").author is None  # type: ignore[union-attr]
    found = extract_article(html, url=URL, source="example", byline_search=True)
    assert found is not None and found.author == "Jane Doe"


def test_str_input_is_stored_as_utf8() -> None:
    html = page()
    article = extract_article(html, url=URL, source="example")
    assert article is not None and article.raw_html == html.encode("utf-8")


@pytest.mark.parametrize(
    ("lang", "expected"), [("de-DE", "de"), ("pt_BR", "pt"), ("", None), ("x-klingon!", None)]
)
def test_language_is_the_declared_primary_code(lang: str, expected: str | None) -> None:
    german = [p.replace("Northwind", "Nordwind") for p in PARAGRAPHS]
    article = extract_article(page(german, lang=lang), url=URL, source="example")
    assert article is not None and article.language == expected


def test_misdeclared_and_invalid_encodings_do_not_crash() -> None:
    accented = [p + " Café Zürich Málaga." for p in PARAGRAPHS]
    latin1_declared_utf8 = page(accented, charset="utf-8").encode("latin-1")
    utf8_declared_latin1 = page(accented, charset="iso-8859-1").encode("utf-8")
    invalid = page(accented).encode("utf-8").replace(b"Caf\xc3\xa9", b"Caf\xff\xfe\xc3")
    for html in (latin1_declared_utf8, utf8_declared_latin1, invalid):
        article = extract_article(html, url=URL, source="example")
        assert article is not None
        assert "Northwind Cloud said on Tuesday" in article.text
        assert article.raw_html == html
    utf8 = extract_article(utf8_declared_latin1, url=URL, source="example")
    assert utf8 is not None and "Café Zürich" in utf8.text


def test_gzip_body_is_unpacked() -> None:
    html = gzip.compress(page().encode("utf-8"))
    article = extract_article(html, url=URL, source="example")
    assert article is not None and PARAGRAPHS[1] in article.text


@pytest.mark.parametrize(
    "html",
    [
        b"",
        b"\x00\x01\x02\xff",
        b"just some text, no markup at all",
        b"<html><head><title>x</title></head><body></body></html>",
        b'<html><head><meta http-equiv="refresh" content="0;url=https://e.example/"></head></html>',
        b'{"data": [1, 2, 3]}',
    ],
)
def test_pages_without_text_give_none(html: bytes) -> None:
    assert extract_article(html, url=URL, source="example") is None


def test_script_and_tracking_markup_stay_out_of_the_text() -> None:
    hostile = page(
        [*PARAGRAPHS[:2], "<script>document.cookie='x'</script>", *PARAGRAPHS[2:]],
        extra_head="<script>window.tracker=1</script><img src='https://t.example/pixel.gif'>",
    )
    article = extract_article(hostile, url=URL, source="example")
    assert article is not None
    assert "document.cookie" not in article.text and "tracker" not in article.text
    assert "<" not in article.text


# --- fingerprints ---------------------------------------------------------------------------


def test_fingerprints_are_16_hex_digits() -> None:
    for text in ("", "one", " ".join(PARAGRAPHS)):
        fingerprint = text_fingerprint(text)
        assert len(fingerprint) == 16 and int(fingerprint, 16) >= 0


@pytest.mark.parametrize(
    "text",
    [
        "",
        "one",
        "a b c",
        " ".join(PARAGRAPHS),
        "益阳：“数字”是优长。" * 20,
        " ".join(PARAGRAPHS * 40),
    ],
)
def test_fingerprint_is_trafilaturas_simhash(text: str) -> None:
    assert int(text_fingerprint(text), 16) == Simhash(text).hash


def test_near_duplicates_are_close_and_distinct_texts_far() -> None:
    original = " ".join(PARAGRAPHS * 3)
    edited = original.replace("Tuesday", "Wednesday") + " Updated with a company statement."
    unrelated = (
        "The city council voted to extend the tram line to the airport, with construction "
        "starting next spring and the first trains expected to run within three years. "
        "Residents along the planned route raised concerns about noise during the works."
    ) * 3
    a, b, c = (text_fingerprint(t) for t in (original, edited, unrelated))
    assert fingerprint_distance(a, a) == 0
    assert is_near_duplicate(a, b)
    assert not is_near_duplicate(a, c)
    assert fingerprint_distance(a, c) > fingerprint_distance(a, b)


def test_fingerprint_distance_names_a_bad_value() -> None:
    with pytest.raises(ValueError, match="'zz'"):
        fingerprint_distance("zz", text_fingerprint("x"))
    with pytest.raises(ValueError, match="wider than 64 bits"):
        fingerprint_distance("1" * 17, text_fingerprint("x"))
