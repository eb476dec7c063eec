"""Analysts' verdicts on events: write them, undo them, read an event with its verdict.

A label row (``store.labels``, migration 004) is keyed by the article, the evidence span
and the event type as tagged, and carries the evidence sentence, so it survives a
re-tag; the ``event_reviews`` view matches labels to events (the one place that does).
Each write is one short transaction; call
:func:`channelwatch.store.signals.refresh_signals` afterwards (its own transaction) so
signals, the watch views and the digest see the verdict.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from channelwatch.errors import InputError
from channelwatch.store.sql import now_utc, transaction
from extractors.models import EVENT_TYPES, STATUSES

VERDICTS = ("correct", "wrong", "fixed", "missed")


@dataclass(frozen=True, slots=True)
class Fix:
    """What an event should be: type, parties and status (any may be left as tagged)."""

    type: str | None = None
    actors: tuple[str, ...] | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewedEvent:
    """One row of ``event_reviews``: the event as tagged and the verdict that applies."""

    event_id: str
    article_id: str
    type: str
    status: str
    actors: tuple[str, ...]
    evidence: str
    start_char: int
    end_char: int
    rule_id: str
    rules_version: str
    review: str | None
    fixed_type: str | None
    fixed_actors: tuple[str, ...] | None
    fixed_status: str | None
    label_id: str | None
    reviewer: str | None
    labelled_at: datetime | None

    @property
    def shown(self) -> tuple[str, tuple[str, ...], str]:
        """(type, actors, status) as the events view shows them (fix applied)."""
        if self.review in ("fixed", "missed"):
            return (
                self.fixed_type or self.type,
                self.fixed_actors or self.actors,
                self.fixed_status or self.status,
            )
        return self.type, self.actors, self.status


EVENT_COLUMNS = (
    "event_id, article_id, type, status, actors, evidence, start_char, end_char, rule_id,"
    " rules_version"
)
REVIEW_COLUMNS = "review, fixed_type, fixed_actors, fixed_status, label_id, reviewer, labelled_at"
# the review columns of an event nobody has labelled, for a query over store.events
NO_REVIEW = ", ".join(f"NULL AS {c}" for c in REVIEW_COLUMNS.split(", "))
_REVIEWED_COLUMNS = f"{EVENT_COLUMNS}, {REVIEW_COLUMNS}"


def reviewed_event(r: tuple[Any, ...]) -> ReviewedEvent:
    """A row of ``EVENT_COLUMNS`` then ``REVIEW_COLUMNS`` (or ``NO_REVIEW``)."""
    return ReviewedEvent(
        event_id=str(r[0]),
        article_id=str(r[1]),
        type=str(r[2]),
        status=str(r[3]),
        actors=tuple(r[4] or ()),
        evidence=str(r[5]),
        start_char=int(r[6]),
        end_char=int(r[7]),
        rule_id=str(r[8]),
        rules_version=str(r[9]),
        review=r[10],
        fixed_type=r[11],
        fixed_actors=tuple(r[12]) if r[12] is not None else None,
        fixed_status=r[13],
        label_id=r[14],
        reviewer=r[15],
        labelled_at=r[16],
    )


def reviewed_events(
    con: duckdb.DuckDBPyConnection, event_ids: Iterable[str]
) -> dict[str, ReviewedEvent]:
    """The events with these ids (wrong ones too), keyed by id."""
    rows = con.execute(
        f"SELECT {_REVIEWED_COLUMNS} FROM event_reviews WHERE list_contains(?, event_id)",
        [list(event_ids)],
    ).fetchall()
    return {str(r[0]): reviewed_event(r) for r in rows}


def find_event(con: duckdb.DuckDBPyConnection, event_id: str) -> ReviewedEvent:
    """The event ``event_id`` with its verdict; InputError naming the id when unknown."""
    found = reviewed_events(con, [event_id]).get(event_id)
    if found is None:
        raise InputError(
            f"no event {event_id!r} in the store; event ids are in the events view "
            '(channelwatch sql "SELECT event_id, evidence FROM events")'
        )
    return found


def canonical_actors(con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> tuple[str, ...]:
    """Sorted distinct parties, spelt as the gazetteer spells them when it knows them."""
    known = {
        str(n).lower(): str(n) for (n,) in con.execute("SELECT name FROM companies").fetchall()
    }
    clean = {known.get(n.strip().lower(), n.strip()) for n in names if n.strip()}
    return tuple(sorted(clean))


def check_fix(con: duckdb.DuckDBPyConnection, fix: Fix) -> Fix:
    """Validate a fix's type and status and canonicalise its parties."""
    if fix.type is not None and fix.type not in EVENT_TYPES:
        raise InputError(
            f"type {fix.type!r} is not an event type; use one of {', '.join(EVENT_TYPES)}"
        )
    if fix.status is not None and fix.status not in STATUSES:
        raise InputError(f"status {fix.status!r} is not a status; use one of {', '.join(STATUSES)}")
    actors = None
    if fix.actors is not None:
        actors = canonical_actors(con, fix.actors)
        if not actors:
            raise InputError(
                "parties= is empty; name at least one company, e.g. parties=OpenAI,Oracle"
            )
    return Fix(fix.type, actors, fix.status)


def record_label(
    con: duckdb.DuckDBPyConnection,
    event_id: str,
    verdict: str,
    *,
    reviewer: str,
    fix: Fix | None = None,
) -> str:
    """Record ``verdict`` (correct | wrong | fixed) on an event; returns the label id.

    A fix keeps whatever it does not name from the event as tagged; a fix that changes
    nothing is an error (mark the event correct instead).
    """
    if verdict not in ("correct", "wrong", "fixed"):
        raise InputError(f"verdict {verdict!r} is not one of correct, wrong, fixed")
    event = find_event(con, event_id)
    fixed: Fix | None = None
    if verdict == "fixed":
        given = check_fix(con, fix or Fix())
        fixed = Fix(
            given.type or event.type,
            given.actors or tuple(sorted(set(event.actors))),
            given.status or event.status,
        )
        if (fixed.type, fixed.actors, fixed.status) == (
            event.type,
            tuple(sorted(set(event.actors))),
            event.status,
        ):
            raise InputError(
                f"the fix of event {event_id} changes nothing; give type=, parties= or "
                "status= different from the event's, or mark it --correct"
            )
    elif fix is not None and (fix.type or fix.actors or fix.status):
        raise InputError(f"a {verdict} verdict takes no type=, parties= or status=")
    label_id = uuid.uuid4().hex
    with transaction(con):
        con.execute(
            "INSERT INTO store.labels (label_id, article_id, start_char, end_char, type,"
            " evidence, verdict, fixed_type, fixed_actors, fixed_status, event_id, actors,"
            " status, rules_version, reviewer, labelled_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                label_id,
                event.article_id,
                event.start_char,
                event.end_char,
                event.type,
                event.evidence,
                verdict,
                fixed.type if fixed else None,
                list(fixed.actors) if fixed and fixed.actors else None,
                fixed.status if fixed else None,
                event.event_id,
                list(event.actors),
                event.status,
                event.rules_version,
                reviewer,
                now_utc(),
            ],
        )
    return label_id


def record_missed(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    evidence: str,
    fix: Fix,
    *,
    reviewer: str,
) -> str:
    """Add an event the tagger missed, located by its evidence sentence in the article."""
    given = check_fix(con, fix)
    if given.type is None or given.actors is None or given.status is None:
        raise InputError("a missed event needs type=, parties= and status=")
    rows = con.execute(
        "SELECT text FROM store.articles WHERE article_id = ?", [article_id]
    ).fetchall()
    if not rows:
        raise InputError(f"no article {article_id!r} in the store; see the articles view")
    sentence = " ".join(evidence.split())
    start = str(rows[0][0]).find(sentence) if sentence else -1
    if start < 0:
        raise InputError(
            f"the evidence {sentence[:80]!r} is not in article {article_id}; copy the "
            "sentence exactly as the article text has it"
        )
    label_id = uuid.uuid4().hex
    with transaction(con):
        con.execute(
            "INSERT INTO store.labels (label_id, article_id, start_char, end_char, type,"
            " evidence, verdict, fixed_type, fixed_actors, fixed_status, reviewer, labelled_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 'missed', ?, ?, ?, ?, ?)",
            [
                label_id,
                article_id,
                start,
                start + len(sentence),
                given.type,
                sentence,
                given.type,
                list(given.actors),
                given.status,
                reviewer,
                now_utc(),
            ],
        )
    return label_id


def undo_label(con: duckdb.DuckDBPyConnection, event_id: str) -> str:
    """Undo the verdict that applies to ``event_id``; the one before it applies again.

    Returns the label id undone; InputError when the event has no verdict to undo.
    """
    event = find_event(con, event_id)
    if event.label_id is None:
        raise InputError(f"event {event_id} has no verdict to undo")
    with transaction(con):
        con.execute(
            "UPDATE store.labels SET undone_at = ? WHERE label_id = ? AND undone_at IS NULL",
            [now_utc(), event.label_id],
        )
    return event.label_id


def article_keys(con: duckdb.DuckDBPyConnection, target: str) -> set[tuple[str, tuple[str, ...]]]:
    """The (type, actors) of every event, as reviewed, in the article of ``target`` (an event
    id or an article id). A label changes events in place, which the incremental signal
    refresh does not see by itself: refresh these keys, read before and after the write.

    The article is found by point filters on the tables first (an event the analysts
    added lives only in event_reviews), then its events by a constant filter: a lookup
    through the views by a subquery would read every event of a large store."""
    found = con.execute(
        "SELECT article_id FROM store.events WHERE event_id = $t"
        " UNION SELECT article_id FROM store.articles WHERE article_id = $t",
        {"t": target},
    ).fetchall()
    if not found:
        found = con.execute(
            "SELECT DISTINCT article_id FROM event_reviews WHERE event_id = $t", {"t": target}
        ).fetchall()
    keys: set[tuple[str, tuple[str, ...]]] = set()
    for (article_id,) in found:
        rows = con.execute(
            "SELECT type, actors FROM main.events WHERE article_id = ?", [article_id]
        ).fetchall()
        keys |= {(str(t), tuple(sorted(a or []))) for t, a in rows}
    return keys
