"""Near-duplicate articles: syndicated and wire copies linked to the first copy seen.

A new article is a copy when its SimHash fingerprint is within
``extractors.fingerprint.NEAR_DUPLICATE_MAX_BITS`` of a stored article first seen in the
last ``DEDUP_WINDOW_DAYS`` days, or of an earlier article of the same batch. The earliest
first seen wins (stored articles before the batch; within a batch, the earlier
published_at, then batch order), and links always point at that original, never at
another copy. The caller passes the mapping to ``insert_articles(..., duplicate_of=...)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import duckdb

from channelwatch.store.writes import now_utc
from extractors.fingerprint import is_near_duplicate
from extractors.models import Article

DEDUP_WINDOW_DAYS = 30


def stored_fingerprints(
    con: duckdb.DuckDBPyConnection, *, days: int = DEDUP_WINDOW_DAYS
) -> list[tuple[str, str]]:
    """(original article_id, fingerprint) of articles first seen in the last ``days``,
    oldest first; a stored copy stands for its original."""
    rows = con.execute(
        "SELECT coalesce(duplicate_of, article_id), fingerprint FROM store.articles"
        " WHERE fingerprint IS NOT NULL AND first_seen_at >= ?"
        " ORDER BY first_seen_at, article_id",
        [now_utc() - timedelta(days=days)],
    ).fetchall()
    return [(str(original), str(fp)) for original, fp in rows]


def match_duplicates(
    candidates: Sequence[tuple[str, str]], articles: Sequence[Article]
) -> dict[str, str]:
    """Pure matching: ``candidates`` are (original id, fingerprint) seen earlier, in order."""
    known = {original for original, _ in candidates}
    pool = list(candidates)
    links: dict[str, str] = {}
    ordered = sorted(
        enumerate(articles),
        key=lambda item: (
            item[1].published_at is None,
            item[1].published_at.timestamp() if item[1].published_at else 0.0,
            item[0],
        ),
    )
    for _, article in ordered:
        if article.fingerprint is None or article.article_id in known:
            continue
        original = next(
            (oid for oid, fp in pool if is_near_duplicate(fp, article.fingerprint)), None
        )
        if original is not None and original != article.article_id:
            links[article.article_id] = original
        else:
            pool.append((article.article_id, article.fingerprint))
        known.add(article.article_id)
    return links


def find_duplicates(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[Article],
    *,
    days: int = DEDUP_WINDOW_DAYS,
) -> dict[str, str]:
    """``{article_id: duplicate_of_id}`` for the copies among ``articles``.

    Articles already stored are skipped (their link, if any, is already stored).
    """
    if not articles:
        return {}
    stored = stored_fingerprints(con, days=days)
    ids = [a.article_id for a in articles]
    already = {
        row[0]
        for row in con.execute(
            "SELECT article_id FROM store.articles WHERE article_id IN (SELECT unnest(?))", [ids]
        ).fetchall()
    }
    fresh = [a for a in articles if a.article_id not in already]
    return match_duplicates(stored, fresh)
