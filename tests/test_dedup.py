"""Near-duplicate linking on the demo corpus's real pages (a TechWire story and its
Infra Weekly reprint), against stored articles and within one batch."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from channelwatch.settings import DATA_DIR
from channelwatch.store import dedup, insert_articles, open_store, start_run, transaction
from channelwatch.store.articles import articles_table
from channelwatch.store.dedup import find_duplicates, keys_of_rows, match_duplicates
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


def reference_links(
    originals: list[str], fps: list[int], articles: list[Article], max_bits: int
) -> dict[str, str]:
    """The matching rule spelled out one article at a time, for the vectorised version."""
    pool = list(zip(originals, fps, strict=True))
    seen, links = set(originals), {}
    ordered = sorted(
        enumerate(articles),
        key=lambda it: (it[1].published_at is None, it[1].published_at or 0, it[0]),
    )
    for _, article in ordered:
        if article.fingerprint is None or article.article_id in seen:
            continue
        seen.add(article.article_id)
        value = int(article.fingerprint, 16)
        hit = next((o for o, fp in pool if bin(fp ^ value).count("1") <= max_bits), None)
        if hit is not None:
            links[article.article_id] = hit
        else:
            pool.append((article.article_id, value))
    return links


@pytest.mark.parametrize("cells", [dedup._CELLS, 1000])
def test_vectorised_matching_equals_the_rule_one_article_at_a_time(
    cells: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clusters of near copies (a few flipped bits) against stored and earlier articles,
    with repeated ids and missing fingerprints; also in chunks of a few rows each."""
    monkeypatch.setattr(dedup, "_CELLS", cells)
    rng = random.Random(7)
    bases = [rng.getrandbits(64) for _ in range(40)]

    def near(value: int) -> int:
        for _ in range(rng.randint(0, 5)):
            value ^= 1 << rng.randrange(64)
        return value

    originals = [f"s{k}" for k in range(300)]
    stored = [near(rng.choice(bases)) if k % 3 else rng.getrandbits(64) for k in range(300)]
    articles = []
    for k in range(900):
        fp = near(rng.choice(bases)) if k % 2 else rng.getrandbits(64)
        articles.append(
            Article(
                article_id=f"n{k % 850}",  # some ids repeat within the batch
                url=f"https://x.example/{k}",
                source="x",
                text="",
                published_at=None if k % 41 == 0 else datetime(2026, 11, 1 + k % 20, tzinfo=UTC),
                fingerprint=None if k % 97 == 0 else f"{fp:016x}",
            )
        )
    expected = reference_links(originals, stored, articles, 3)
    fps = np.array(stored, dtype=np.uint64)
    assert match_duplicates(originals, fps, articles, max_bits=3) == expected
    # the load path matches on the Arrow rows the workers send, not on Article objects
    rows = keys_of_rows(articles_table(articles))
    assert match_duplicates(originals, fps, rows, max_bits=3) == expected
    assert len(expected) > 100  # the clusters really produce links, both kinds
    assert any(v.startswith("s") for v in expected.values())
    assert any(v.startswith("n") for v in expected.values())
