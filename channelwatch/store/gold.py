"""Reviewed events as a gold set: the format of ``../shared/eval`` (``score.py`` reads it).

One JSON line per reviewed passage: the evidence sentence with the sentence before and
after it as ``text``, and as ``events`` every event of that passage after review: wrong
events left out, fixes applied, missed events added, and the passage's unreviewed events
as the tagger found them (each event's ``review`` says which). Sentences are split with
a plain end-of-sentence rule, enough to give the reviewed sentence its neighbours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])|\n+")

_PASSAGES = """
SELECT DISTINCT article_id, start_char, end_char
FROM event_reviews
WHERE label_id IS NOT NULL
  AND ($since::TIMESTAMPTZ IS NULL OR labelled_at >= $since::TIMESTAMPTZ)
UNION
SELECT DISTINCT article_id, start_char, end_char
FROM store.labels
WHERE undone_at IS NULL AND verdict = 'wrong'
  AND ($since::TIMESTAMPTZ IS NULL OR labelled_at >= $since::TIMESTAMPTZ)
"""


@dataclass(frozen=True, slots=True)
class Passage:
    article_id: str
    start: int
    end: int


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            bounds.append((start, match.start()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def passage_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentences holding ``[start, end)`` plus one sentence either side."""
    bounds = sentence_bounds(text)
    if not bounds:
        return 0, len(text)
    first = next((i for i, (_, e) in enumerate(bounds) if e > start), len(bounds) - 1)
    last = next((i for i, (_, e) in enumerate(bounds) if e >= end), len(bounds) - 1)
    return bounds[max(first - 1, 0)][0], bounds[min(last + 1, len(bounds) - 1)][1]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def export_gold(
    con: duckdb.DuckDBPyConnection, *, since: datetime | None = None
) -> Iterator[dict[str, Any]]:
    """Gold lines for the passages with a verdict given since ``since`` (all when None)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for article_id, start, end in con.execute(_PASSAGES, {"since": since}).fetchall():
        spans.setdefault(str(article_id), []).append((int(start), int(end)))
    for article_id in sorted(spans):
        rows = con.execute(
            "SELECT a.text, v.url, CAST(v.effective_at AS DATE) FROM store.articles AS a"
            " JOIN articles AS v USING (article_id) WHERE article_id = ?",
            [article_id],
        ).fetchall()
        if not rows:
            continue
        text, url, published = str(rows[0][0]), rows[0][1], rows[0][2]
        windows = _merge([passage_around(text, s, e) for s, e in spans[article_id]])
        events = con.execute(
            "SELECT type, actors, status, start_char, end_char, review, is_background"
            " FROM events WHERE article_id = ? ORDER BY start_char, type, event_id",
            [article_id],
        ).fetchall()
        for w_start, w_end in windows:
            inside = [e for e in events if e[3] >= w_start and e[4] <= w_end]
            yield {
                "id": f"{article_id}:{w_start}",
                "text": text[w_start:w_end],
                "published": str(published) if published else None,
                "source_url": url,
                "events": [
                    {
                        "type": e[0],
                        "actors": list(e[1]),
                        "status": e[2],
                        "evidence": text[e[3] : e[4]],
                        "review": e[5],
                        **({"background": True} if e[6] else {}),
                    }
                    for e in inside
                ],
            }
