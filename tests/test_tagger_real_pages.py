"""The tagger on real article bodies that are not about AI partnerships.

../shared/corpora holds the hand-checked main texts of 204 real pages (the article-extraction
benchmark's ground truth and newspaper4k's expected texts): shopping posts, politics, sport,
gadget reviews. None reports a partnership event of the kind channelwatch watches, so every
news event the tagger stores from them is spurious and would reach an analyst's watch views.
The ceiling is today's count; the failure names each event so a regression is easy to read.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import corpus
import pytest

from extractors.articles import extract_article
from extractors.tagger import load_tagger

pytestmark = pytest.mark.skipif(corpus.CORPORA is None, reason=corpus.SKIP_REASON)

# rules 2026.12.06-9: 0 (5 at -7 and -8, all packaging changes of sentences naming no AI:
# fares, a listing, a sale price, an export licence; 7 at -5 and -6, before whole articles
# needed probability 0.4; 11 at -4, before consumer goods blocked packaging)
MAX_SPURIOUS = 0
# real feed items (titles and summaries of podcasts, blogs, news; none about such a deal):
# rules 2026.12.06-10: 1 ("Using Uber as a case study, ... valuation models"), 2 at -9 (a
# podcast's "Sony's E3 press conference ... royalties": Sony left the gazetteer)
MAX_FEED_SPURIOUS = 1
PUBLISHED = dt.date(2026, 6, 1)  # a fixed date: background is judged against it


def _bodies() -> list[tuple[str, str]]:
    truth = corpus.benchmark_ground_truth()
    bodies = [(f"article-benchmark/{k}", v.get("articleBody") or "") for k, v in truth.items()]
    folder = corpus.corpus_dir("newspaper4k") / "txt"
    bodies += [
        (f"newspaper4k/{p.name}", p.read_text(encoding="utf-8", errors="replace"))
        for p in sorted(folder.glob("*.txt"))
    ]
    return sorted((name, text) for name, text in bodies if text.strip())


def test_unrelated_real_articles_give_almost_no_news_events() -> None:
    bodies = _bodies()
    assert len(bodies) > 150
    tagger = load_tagger()
    found = [
        f"{name}: {e.type} {'/'.join(e.actors)} <- {e.evidence[:90]!r}"
        for (name, _), events in zip(
            bodies,
            tagger.tag_many([text for _, text in bodies], published=[PUBLISHED] * len(bodies)),
            strict=True,
        )
        for e in events
        if not e.background
    ]
    assert len(found) <= MAX_SPURIOUS, "\n".join(found)


def test_unrelated_real_pages_read_as_the_daily_run_reads_them_give_no_news_events() -> None:
    """Every saved page of the corpora (trafilatura's, the benchmark's and newspaper4k's),
    extracted by ``extract_article`` and tagged as a whole page with its own date, as the
    daily run stores it: none reports a deal channelwatch watches (rules -32: 0 of 469)."""
    pages = [page for page, _ in corpus.html_pages()]
    pages += [page for _, page in corpus.benchmark_pages()] + corpus.newspaper_pages()
    extracted = [(p.name, extract_article(p.html, url=p.url, source="corpus")) for p in pages]
    articles = [(name, a) for name, a in extracted if a is not None]
    assert len(articles) > 450
    dates = [a.published_at.date() if a.published_at else PUBLISHED for _, a in articles]
    tagged = load_tagger().tag_many([a.text for _, a in articles], published=dates, article=True)
    found = [
        f"{name}: {e.type} {'/'.join(e.actors)} <- {e.evidence[:90]!r}"
        for (name, _), events in zip(articles, tagged, strict=True)
        for e in events
        if not e.background
    ]
    assert len(found) <= MAX_SPURIOUS, "\n".join(found)


def _feed_items() -> list[tuple[str, str]]:
    from extractors.feeds import parse_feed

    items = []
    for name, path in corpus.feed_files():
        if not name.startswith("feeds-realworld/"):
            continue  # feeds/ is feedparser's synthetic edge cases
        parsed = parse_feed(path.read_bytes(), source="corpus", base_url="http://127.0.0.1/")
        for entry in parsed.entries:
            summary = re.sub(r"<[^>]+>", " ", html.unescape(entry.summary or ""))
            items.append((name, f"{entry.title or ''}. {summary}"))
    return items


def test_unrelated_real_feed_items_give_almost_no_news_events() -> None:
    items = _feed_items()
    assert len(items) > 1000
    tagger = load_tagger()
    texts = [text for _, text in items]
    found = [
        f"{name}: {e.type} {'/'.join(e.actors)} <- {e.evidence[:90]!r}"
        for (name, _), events in zip(
            items, tagger.tag_many(texts, published=[PUBLISHED] * len(texts)), strict=True
        )
        for e in events
        if not e.background
    ]
    assert len(found) <= MAX_FEED_SPURIOUS, "\n".join(found)


def test_hardware_deals_are_not_packaging() -> None:
    """Shopping posts price hardware; packaging_change is about how models are sold."""
    tagger = load_tagger()
    text = (
        "Amazon has the refurbished Google Pixel laptop for $649, and Best Buy matches it "
        "with a free pair of headphones."
    )
    assert [e for e in tagger.tag(text, published=PUBLISHED) if e.type == "packaging_change"] == []


@pytest.mark.parametrize(
    ("text", "is_packaging"),
    [
        ("Spotify is raising the price of its Premium plans by $1 a month in July.", False),
        ("Amazon will raise the price of Prime by $20 a year from next month.", False),
        ("Alibaba will cut the price of its cloud storage plans by a third from July.", False),
        ("Alibaba will cut the price of its Qwen models' API by a third from July.", True),
        ("Microsoft will raise the price of Copilot Pro to $30 a month from July.", True),
        ("OpenAI is halving the price of its cheapest tier starting next month.", True),
    ],
)
def test_a_packaging_change_is_about_selling_ai(text: str, is_packaging: bool) -> None:
    """A new price is a packaging change only where the sentence names AI: an AI word, a
    model maker or a model (``gates.packaging_without_ai``). Without that gate the tagger
    stored each of the three first sentences as a packaging change."""
    events = load_tagger().tag(text, published=PUBLISHED)
    assert any(e.type == "packaging_change" and not e.background for e in events) is is_packaging
