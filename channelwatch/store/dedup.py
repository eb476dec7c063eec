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
from typing import NamedTuple

import duckdb
import numpy as np
import pyarrow as pa

from channelwatch.store.articles import known_article_ids
from channelwatch.store.sql import now_utc
from extractors.fingerprint import NEAR_DUPLICATE_MAX_BITS, fingerprint_int
from extractors.models import Article

DEDUP_WINDOW_DAYS = 30


_NO_DATE = np.iinfo(np.int64).max  # an article without a date counts as seen last


class BatchKeys(NamedTuple):
    """What matching needs of a batch, as columns: ids, hex fingerprints (or None), and
    publication times in microseconds since the epoch (``_NO_DATE`` when unknown)."""

    ids: list[str]
    fingerprints: list[str | None]
    published_us: np.ndarray

    def without(self, ids: set[str]) -> BatchKeys:
        keep = [k for k, i in enumerate(self.ids) if i not in ids]
        return BatchKeys(
            [self.ids[k] for k in keep],
            [self.fingerprints[k] for k in keep],
            self.published_us[keep],
        )


def keys_of_articles(articles: Sequence[Article]) -> BatchKeys:
    published = [
        _NO_DATE if a.published_at is None else round(a.published_at.timestamp() * 1e6)
        for a in articles
    ]
    return BatchKeys(
        [a.article_id for a in articles],
        [a.fingerprint for a in articles],
        np.array(published, dtype=np.int64),
    )


def keys_of_rows(table: pa.Table) -> BatchKeys:
    """The keys of an ``articles_table``, read as columns (no Python datetimes)."""
    published = table.column("published_at").cast(pa.int64()).fill_null(_NO_DATE)
    return BatchKeys(
        table.column("article_id").to_pylist(),
        table.column("fingerprint").to_pylist(),
        published.to_numpy().astype(np.int64),
    )


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


_CELLS = 1 << 22  # fingerprints compared per vectorised step (32 MiB of uint64)
_ROWS = 256  # new fingerprints per step when comparing a batch with itself


def _first_hits(new: np.ndarray, pool: np.ndarray, max_bits: int) -> np.ndarray:
    """For each new fingerprint, the index of the first pool fingerprint within
    ``max_bits`` bits, or -1: one XOR + popcount per chunk of rows, not per article."""
    first = np.full(len(new), -1, dtype=np.int64)
    if not len(pool) or not len(new):
        return first
    step = max(1, _CELLS // len(pool))
    for lo in range(0, len(new), step):
        near = np.bitwise_count(new[lo : lo + step, None] ^ pool[None, :]) <= max_bits
        rows = np.flatnonzero(near.any(axis=1))
        first[lo + rows] = near[rows].argmax(axis=1)
    return first


def _earlier_hits(new: np.ndarray, max_bits: int) -> dict[int, np.ndarray]:
    """``{p: positions j < p within max_bits of new[p]}``, ascending, for rows with any."""
    hits: dict[int, np.ndarray] = {}
    # row blocks against the columns before them (about half the full square); only the
    # block on the diagonal needs masking, to its strict lower triangle
    step = max(1, min(_ROWS, _CELLS // max(1, len(new))))
    for lo in range(0, len(new), step):
        hi = min(len(new), lo + step)
        near = np.bitwise_count(new[lo:hi, None] ^ new[None, :hi]) <= max_bits
        near[:, lo:hi] &= np.tri(hi - lo, k=-1, dtype=bool)
        for row in np.flatnonzero(near.any(axis=1)).tolist():
            hits[lo + row] = np.flatnonzero(near[row])
    return hits


def match_duplicates(
    originals: list[str],
    fingerprints: np.ndarray,
    articles: Sequence[Article] | BatchKeys,
    *,
    max_bits: int = NEAR_DUPLICATE_MAX_BITS,
) -> dict[str, str]:
    """Pure matching against articles seen earlier: ``originals[i]`` has fingerprint
    ``fingerprints[i]`` (uint64), oldest first, as ``stored_fingerprints`` returns them.

    Articles are taken in first-seen order (published_at, then batch order). Each links to
    the first stored original within ``max_bits``; failing that, to the first earlier
    article of the batch that is itself an original; otherwise it is an original.
    """
    keys = articles if isinstance(articles, BatchKeys) else keys_of_articles(articles)
    order = np.lexsort((np.arange(len(keys.ids)), keys.published_us))
    seen = set(originals)
    batch: list[tuple[str, str]] = []
    for k in order.tolist():
        article_id, fingerprint = keys.ids[k], keys.fingerprints[k]
        if fingerprint is None or article_id in seen:
            continue
        seen.add(article_id)
        batch.append((article_id, fingerprint))
    if not batch:
        return {}
    new = np.array([fingerprint_int(fp) for _, fp in batch], dtype=np.uint64)
    stored_hit = _first_hits(new, np.asarray(fingerprints, dtype=np.uint64), max_bits)
    earlier = _earlier_hits(new, max_bits)
    is_original = [False] * len(batch)
    links: dict[str, str] = {}
    for p, (article_id, _) in enumerate(batch):
        if stored_hit[p] >= 0 and originals[stored_hit[p]] != article_id:
            links[article_id] = originals[stored_hit[p]]
            continue
        original = next((int(j) for j in earlier.get(p, ()) if is_original[j]), None)
        if original is not None:
            links[article_id] = batch[original][0]
        else:
            is_original[p] = True
    return links


def find_duplicates(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[Article] | BatchKeys,
    *,
    days: int = DEDUP_WINDOW_DAYS,
    stored_ids: set[str] | None = None,
) -> dict[str, str]:
    """``{article_id: duplicate_of_id}`` for the copies among ``articles``.

    Articles already stored are skipped (their link, if any, is already stored);
    ``stored_ids`` saves looking them up again when the caller already has.
    """
    keys = articles if isinstance(articles, BatchKeys) else keys_of_articles(articles)
    if not keys.ids:
        return {}
    stored = stored_fingerprints(con, days=days)
    already = stored_ids if stored_ids is not None else known_article_ids(con, keys.ids)
    return match_duplicates(*stored, keys.without(already))
