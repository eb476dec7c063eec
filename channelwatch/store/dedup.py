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
import numpy as np

from channelwatch.store.writes import known_article_ids, now_utc
from extractors.fingerprint import NEAR_DUPLICATE_MAX_BITS, fingerprint_int
from extractors.models import Article

DEDUP_WINDOW_DAYS = 30


def stored_fingerprints(
    con: duckdb.DuckDBPyConnection, *, days: int = DEDUP_WINDOW_DAYS
) -> tuple[list[str], np.ndarray]:
    """Originals and fingerprints of articles first seen in the last ``days``, oldest
    first; a stored copy stands for its original. Fingerprints come back as uint64."""
    columns = con.execute(
        "SELECT coalesce(duplicate_of, article_id) AS original,"
        " ('0x' || fingerprint)::UBIGINT AS fp FROM store.articles"
        " WHERE fingerprint IS NOT NULL AND first_seen_at >= ?"
        " ORDER BY first_seen_at, article_id",
        [now_utc() - timedelta(days=days)],
    ).fetchnumpy()
    return [str(o) for o in columns["original"]], np.asarray(columns["fp"], dtype=np.uint64)


class _Pool:
    """Fingerprints seen so far, in order, as a growing uint64 array: one vectorised
    XOR + popcount per new article instead of a Python loop over every stored one."""

    def __init__(self, originals: list[str], fingerprints: np.ndarray) -> None:
        self.originals = list(originals)
        self.size = len(self.originals)
        self.fps = np.empty(max(64, 2 * self.size), dtype=np.uint64)
        self.fps[: self.size] = fingerprints

    def first_match(self, fingerprint: int, max_bits: int) -> str | None:
        if not self.size:
            return None
        distances = np.bitwise_count(self.fps[: self.size] ^ np.uint64(fingerprint))
        hits = np.flatnonzero(distances <= max_bits)
        return self.originals[int(hits[0])] if hits.size else None

    def append(self, original: str, fingerprint: int) -> None:
        if self.size == len(self.fps):
            self.fps = np.resize(self.fps, 2 * self.size)
        self.fps[self.size] = fingerprint
        self.originals.append(original)
        self.size += 1


def match_duplicates(
    originals: list[str],
    fingerprints: np.ndarray,
    articles: Sequence[Article],
    *,
    max_bits: int = NEAR_DUPLICATE_MAX_BITS,
) -> dict[str, str]:
    """Pure matching against articles seen earlier: ``originals[i]`` has fingerprint
    ``fingerprints[i]`` (uint64), oldest first, as ``stored_fingerprints`` returns them."""
    pool = _Pool(originals, fingerprints)
    known = set(originals)
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
        value = fingerprint_int(article.fingerprint)
        original = pool.first_match(value, max_bits)
        if original is not None and original != article.article_id:
            links[article.article_id] = original
        else:
            pool.append(article.article_id, value)
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
    already = known_article_ids(con, (a.article_id for a in articles))
    fresh = [a for a in articles if a.article_id not in already]
    return match_duplicates(*stored, fresh)
