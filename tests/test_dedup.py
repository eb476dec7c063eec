"""Near-duplicate linking on the demo corpus's real pages (a TechWire story and its
Infra Weekly reprint), against stored articles and within one batch."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from channelwatch.settings import DATA_DIR
from channelwatch.store import insert_articles, open_store, start_run, transaction
from channelwatch.store.dedup import find_duplicates
from extractors.articles import extract_article
from extractors.models import Article

PAGES = DATA_DIR / "demo" / "articles"
ORIGINAL = "microsoft-openai-end-exclusive-resale"
REPRINT = "infraweekly-openai-free-to-sell-beyond-azure"
UNRELATED = ("oracle-openai-capacity-texas-new-mexico", "azure-openai-new-pricing-tiers")


def page(slug: str, source: str, day: int) -> Article:
    article = extract_article(
        (PAGES / f"{slug}.html").read_bytes(),
        url=f"https://{source}.example/articles/{slug}.html",
        source=source,
        published_at=datetime(2026, 11, day, 9, tzinfo=UTC),
    )
    assert article is not None and article.fingerprint
    return article


def store_articles(db: Path, articles: list[Article]) -> None:
    with open_store(db) as con, transaction(con):
        run_id = start_run(con, kind="demo")
        links = find_duplicates(con, articles)
        insert_articles(con, articles, run_id=run_id, duplicate_of=links)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "dedup.duckdb"


def test_reprint_links_to_the_stored_original(db: Path) -> None:
    store_articles(db, [page(ORIGINAL, "wire", 25), page(UNRELATED[0], "infra-weekly", 20)])
    reprint = page(REPRINT, "infra-weekly", 26)
    with open_store(db) as con:
        links = find_duplicates(con, [reprint, page(UNRELATED[1], "cloudtimes", 26)])
    original_id = page(ORIGINAL, "wire", 25).article_id
    assert links == {reprint.article_id: original_id}


def test_within_a_batch_the_earlier_copy_is_the_original(db: Path) -> None:
    reprint = page(REPRINT, "infra-weekly", 26)
    original = page(ORIGINAL, "wire", 25)
    with open_store(db) as con:
        links = find_duplicates(con, [reprint, original])
    assert links == {reprint.article_id: original.article_id}


def test_a_copy_of_a_copy_points_at_the_original(db: Path) -> None:
    original = page(ORIGINAL, "wire", 25)
    reprint = page(REPRINT, "infra-weekly", 26)
    store_articles(db, [original])
    store_articles(db, [reprint])
    third = page(REPRINT, "mirror", 27)
    with open_store(db) as con:
        stored = con.execute(
            "SELECT duplicate_of FROM articles WHERE article_id = ?", [reprint.article_id]
        ).fetchall()
        links = find_duplicates(con, [third])
    assert stored == [(original.article_id,)]
    assert links == {third.article_id: original.article_id}


def test_articles_already_stored_are_not_relinked(db: Path) -> None:
    original = page(ORIGINAL, "wire", 25)
    store_articles(db, [original])
    with open_store(db) as con:
        assert find_duplicates(con, [original]) == {}
