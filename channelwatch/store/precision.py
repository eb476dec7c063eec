"""Measured precision of the tagger, from the events analysts reviewed.

A reviewed event counts as right when it was marked correct, or fixed with the same type
and parties (only its status changed): the strict match of ``../shared/eval/score.py``,
which leaves status aside. Wrong events and other fixes count as wrong; missed events
are recall, not precision, and are left out. Each event counts once, by its latest
verdict not undone, under the rules version that tagged it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

_REVIEWED = """
WITH latest AS (
    SELECT l.*, a.source
    FROM store.labels AS l
    LEFT JOIN store.articles AS a USING (article_id)
    WHERE l.undone_at IS NULL
      AND ($since::TIMESTAMPTZ IS NULL OR l.labelled_at >= $since::TIMESTAMPTZ)
    QUALIFY row_number() OVER (
        PARTITION BY l.article_id, l.type, l.start_char, l.end_char
        ORDER BY l.labelled_at DESC, l.label_id
    ) = 1
)
SELECT type, coalesce(source, '(unknown)') AS source,
       coalesce(rules_version, '(unknown)') AS rules_version,
       verdict = 'correct' OR (
           verdict = 'fixed' AND fixed_type = type
           AND list_sort(list_distinct(fixed_actors)) = list_sort(list_distinct(actors))
       ) AS is_right
FROM latest
WHERE verdict <> 'missed'
"""


@dataclass(frozen=True, slots=True)
class Precision:
    key: str
    right: int
    reviewed: int

    @property
    def value(self) -> float:
        return self.right / self.reviewed if self.reviewed else 0.0


@dataclass(frozen=True, slots=True)
class PrecisionReport:
    overall: Precision
    by_type: tuple[Precision, ...]
    by_source: tuple[Precision, ...]
    by_rules_version: tuple[Precision, ...]
    missed: int  # events analysts added that the tagger did not find

    def lines(self) -> list[str]:
        if not self.overall.reviewed:
            return ["no reviewed events yet; mark some with 'channelwatch review' or 'label'"]
        out = [_line("all reviewed events", self.overall, 0)]
        for title, rows in (
            ("per event type", self.by_type),
            ("per source", self.by_source),
            ("per rules version", self.by_rules_version),
        ):
            out.append(title)
            out += [_line(p.key, p, 2) for p in rows]
        out.append(f"missed events added by analysts: {self.missed}")
        return out


def _line(name: str, p: Precision, indent: int) -> str:
    return f"{' ' * indent}{name:<30} precision {p.value:.2f}  ({p.right}/{p.reviewed})"


def _group(rows: list[tuple[str, str, str, bool]], column: int) -> tuple[Precision, ...]:
    counts: dict[str, list[int]] = {}
    for row in rows:
        right_reviewed = counts.setdefault(str(row[column]), [0, 0])
        right_reviewed[0] += bool(row[3])
        right_reviewed[1] += 1
    return tuple(Precision(k, r, n) for k, (r, n) in sorted(counts.items()))


def precision_report(
    con: duckdb.DuckDBPyConnection, *, since: datetime | None = None
) -> PrecisionReport:
    """Precision overall, per type, per source and per rules version (labels since ``since``)."""
    rows = [
        (str(r[0]), str(r[1]), str(r[2]), bool(r[3]))
        for r in con.execute(_REVIEWED, {"since": since}).fetchall()
    ]
    missed = con.execute(
        "SELECT count(*) FROM event_reviews WHERE review = 'missed' AND rule_id = 'analyst'"
    ).fetchall()[0][0]
    return PrecisionReport(
        overall=Precision("all", sum(r[3] for r in rows), len(rows)),
        by_type=_group(rows, 0),
        by_source=_group(rows, 1),
        by_rules_version=_group(rows, 2),
        missed=int(missed),
    )


def reviewed_precision(con: duckdb.DuckDBPyConnection, *, since: datetime) -> Precision:
    """Overall precision of the events reviewed since ``since`` (the digest's footer)."""
    return precision_report(con, since=since).overall
