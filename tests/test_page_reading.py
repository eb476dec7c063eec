"""A page the daily run fetches is read as a whole article however short it is (an opening of
three paragraphs too); a text of unknown kind, such as a gold snippet, is read by its length.
An article's news is recent: a deal it retells from three weeks back is background there, while
a snippet cut around its news keeps a 90-day window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from channelwatch.cli import cli
from channelwatch.pipeline import stages
from channelwatch.store import insert_articles, open_store, start_run, transaction
from extractors.articles import extract_article
from extractors.models import FeedEntry, FetchResult
from extractors.tagger import load_tagger

PUBLISHED = dt.date(2026, 7, 14)
OPENING = [
    "Cohere raised $500 million in a funding round led by Radical Ventures, the company said "
    "on Tuesday.",
    "The raise comes three weeks after Cohere signed a multi-year agreement with Nebius, under "
    "which the Amsterdam-based company is to supply GPU capacity for training Cohere's models.",
    "Cohere's valuation now stands at $6.8 billion, and the company plans to double its staff "
    "in Toronto and London by the end of next year.",
]
RETOLD = ("hosting_deal", frozenset({"Cohere", "Nebius"}))


def readings(article: bool | None) -> dict[tuple[str, frozenset[str]], bool]:
    """Each event of the opening, with whether it is background."""
    events = load_tagger().tag("\n".join(OPENING), published=PUBLISHED, article=article)
    return {(e.type, frozenset(e.actors)): e.background for e in events}


def test_a_short_text_of_unknown_kind_is_read_as_a_snippet() -> None:
    assert readings(None) == {RETOLD: False}


def test_a_short_page_is_read_as_an_article() -> None:
    assert readings(True) == {RETOLD: True}


PARAGRAPHS = "".join(f"<p>{p}</p>" for p in OPENING)
PAGE = (
    "<html><head><title>Cohere raises $500 million</title>"
    '<meta property="article:published_time" content="2026-07-14T09:00:00Z"></head>'
    f"<body><article><h1>Cohere raises $500 million</h1>{PARAGRAPHS}</article></body></html>"
).encode()
URL = "https://news.example/cohere-raise.html"


def test_the_daily_runs_extract_and_tag_stage_reads_a_short_page_as_an_article() -> None:
    batch = stages.extract_and_tag(
        [(FeedEntry(source="demo", url=URL), FetchResult(url=URL, status=200, body=PAGE))]
    )
    events = batch.store_rows().events
    stored = list(
        zip(
            events["type"].to_pylist(),
            events["is_background"].to_pylist(),
            events["event_date"].to_pylist(),
            strict=True,
        )
    )
    assert stored == [("hosting_deal", True, dt.date(2026, 6, 23))]


def test_reprocess_reads_a_stored_page_as_the_daily_run_did(tmp_path: Path) -> None:
    """A store whose page was never tagged: ``reprocess`` tags it as an article, so the retold
    deal is stored as background, as the daily run would have stored it."""
    db = tmp_path / "pages.duckdb"
    article = extract_article(PAGE, url=URL, source="demo")
    assert article is not None
    with open_store(db) as con:
        run_id = start_run(con, kind="demo", rules_version="untagged")
        with transaction(con):
            insert_articles(con, [article], run_id=run_id)

    result = CliRunner().invoke(cli, ["reprocess", "--db", str(db)])

    assert result.exit_code == 0, result.output
    with open_store(db, read_only=True) as con:
        rows = con.execute("SELECT type, is_background, event_date FROM events").fetchall()
    assert rows == [("hosting_deal", True, dt.date(2026, 6, 23))]
