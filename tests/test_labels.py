"""Analysts' labels in the store: views that honour them, undo, and survival of a re-tag."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from store_builder import build_store
from test_reprocess import tagged_demo_store, write_rules
from test_signal_refresh import signal_rows

from channelwatch.cli import cli
from channelwatch.errors import InputError
from channelwatch.store import open_store
from channelwatch.store.articles import compress_html, raw_html
from channelwatch.store.labels import (
    Fix,
    article_keys,
    find_event,
    record_label,
    record_missed,
    undo_label,
)
from channelwatch.store.reprocess import reprocess
from channelwatch.store.signals import refresh_signals
from extractors.tagger import DEFAULT_GAZETTEER, DEFAULT_RULES_DIR, EventTagger

BEDROCK = "OpenAI's open-weight models are now available on Amazon Bedrock"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "labels.duckdb")


def one(db: Path, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    with open_store(db, read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def event_id_of(db: Path, evidence: str) -> str:
    [(event_id,)] = one(db, "SELECT event_id FROM events WHERE evidence = ?", [evidence])
    return str(event_id)


def label(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["label", *args, "--db", str(db), "--by", "tester"])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_wrong_event_leaves_events_signals_and_watch_views(db: Path) -> None:
    event_id = event_id_of(db, BEDROCK)
    assert one(db, "SELECT count(*) FROM watch_rival_clouds WHERE label LIKE '%Amazon%'") == [(1,)]
    label(db, event_id, "--wrong")
    assert one(db, "SELECT count(*) FROM events WHERE event_id = ?", [event_id]) == [(0,)]
    assert one(db, "SELECT review FROM event_reviews WHERE event_id = ?", [event_id]) == [
        ("wrong",)
    ]
    assert one(db, "SELECT count(*) FROM signals WHERE label LIKE '%Amazon%'") == [(0,)]
    assert one(db, "SELECT count(*) FROM watch_rival_clouds WHERE label LIKE '%Amazon%'") == [(0,)]


def test_a_fixed_event_shows_the_fix_everywhere(db: Path) -> None:
    event_id = event_id_of(db, BEDROCK)
    label(db, event_id, "--fix", "type=hosting_deal", "parties=openai,AMAZON", "status=talks")
    assert one(
        db, "SELECT type, actors, status, review FROM events WHERE event_id = ?", [event_id]
    ) == [("hosting_deal", ["Amazon", "OpenAI"], "talks", "fixed")]
    assert one(db, "SELECT label FROM signals WHERE list_contains(actors, 'Amazon')") == [
        ("Amazon hosts OpenAI (talks)",)
    ]


def test_undo_brings_back_the_verdict_before(db: Path) -> None:
    event_id = event_id_of(db, BEDROCK)
    label(db, event_id, "--wrong")
    label(db, event_id, "--fix", "status=reported")
    assert one(db, "SELECT status FROM events WHERE event_id = ?", [event_id]) == [("reported",)]
    label(db, event_id, "--undo")
    assert one(db, "SELECT count(*) FROM events WHERE event_id = ?", [event_id]) == [(0,)]
    label(db, event_id, "--undo")
    assert one(db, "SELECT status, review FROM events WHERE event_id = ?", [event_id]) == [
        ("confirmed", None)
    ]
    history = one(
        db, "SELECT verdict, reviewer, undone_at IS NOT NULL FROM store.labels ORDER BY labelled_at"
    )
    assert history == [("wrong", "tester", True), ("fixed", "tester", True)]


def test_a_missed_event_joins_with_rule_analyst(db: Path) -> None:
    output = label(
        db,
        "a-pricing",
        "--missed",
        "--evidence",
        "Anthropic cut the price of Claude Opus on its API by two thirds",
        "type=distribution_expansion",
        "parties=Anthropic",
        "status=confirmed",
    )
    assert "added the missed event" in output
    [row] = one(
        db, "SELECT type, actors, status, rule_id, review FROM events WHERE rule_id = 'analyst'"
    )
    assert row == ("distribution_expansion", ["Anthropic"], "confirmed", "analyst", "missed")
    assert one(
        db,
        "SELECT n_events FROM signals WHERE type = 'distribution_expansion'"
        " AND actors = ['Anthropic']",
    ) == [(1,)]


def test_bad_verdicts_name_the_culprit(db: Path) -> None:
    with open_store(db) as con:
        event_id = event_id_of_con(con, BEDROCK)
        with pytest.raises(InputError, match="'foo' is not an event type"):
            record_label(con, event_id, "fixed", reviewer="t", fix=Fix(type="foo"))
        with pytest.raises(InputError, match="changes nothing"):
            record_label(con, event_id, "fixed", reviewer="t", fix=Fix(status="confirmed"))
        with pytest.raises(InputError, match="not in article"):
            record_missed(
                con,
                "a-pricing",
                "no such sentence",
                Fix("hosting_deal", ("X",), "talks"),
                reviewer="t",
            )
        with pytest.raises(InputError, match="no verdict to undo"):
            undo_label(con, event_id)
    result = CliRunner().invoke(cli, ["label", "nope", "--wrong", "--db", str(db)])
    assert result.exit_code == 2 and "no event 'nope'" in result.output


def event_id_of_con(con: object, evidence: str) -> str:
    rows = con.execute("SELECT event_id FROM events WHERE evidence = ?", [evidence]).fetchall()  # type: ignore[attr-defined]
    return str(rows[0][0])


# --- a re-tag with a new rules version ---------------------------------------------------


@pytest.fixture
def tagged(tmp_path: Path) -> tuple[Path, Path]:
    """A store of demo pages tagged by a copy of the rules, and that copy."""
    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    path = tmp_path / "retag.duckdb"
    tagged_demo_store(path, rules)
    return path, rules


def test_labels_survive_reprocess_after_a_rules_version_change(
    tagged: tuple[Path, Path],
) -> None:
    db, rules = tagged
    events = one(db, "SELECT event_id, type, status, evidence FROM events ORDER BY event_id")
    (wrong_id, *_), (fixed_id, _, fixed_status, fixed_evidence) = events[0], events[1]
    new_status = "talks" if fixed_status != "talks" else "confirmed"
    label(db, wrong_id, "--wrong")
    label(db, fixed_id, "--fix", f"status={new_status}")
    before = one(db, "SELECT rules_version FROM events WHERE rule_id <> 'analyst' LIMIT 1")

    write_rules(rules, drop_label="nothing-is-dropped", version="labels-test-2")
    with open_store(db) as con:
        report = reprocess(con, EventTagger(rules, DEFAULT_GAZETTEER))
    assert report.rules_version == "labels-test-2" and not report.failures
    assert one(db, "SELECT DISTINCT rules_version FROM events") == [("labels-test-2",)] != before
    assert one(db, "SELECT count(*) FROM events WHERE event_id = ?", [wrong_id]) == [(0,)]
    assert one(
        db,
        "SELECT status, review FROM events WHERE evidence = ? AND review IS NOT NULL",
        [fixed_evidence],
    ) == [(new_status, "fixed")]


def test_a_moved_span_rematches_by_sentence(tagged: tuple[Path, Path]) -> None:
    db, rules = tagged
    [(article_id, event_id, evidence, start)] = one(
        db,
        "SELECT article_id, event_id, evidence, start_char FROM events ORDER BY event_id LIMIT 1",
    )
    label(db, str(event_id), "--wrong")
    with open_store(db) as con:  # an editor's note now opens the page: every span moves
        html = raw_html(con, str(article_id))
        assert html is not None
        note = b"<p>Editor's note: this story was updated on Friday with more detail.</p>"
        at = html.rfind(b"<p", 0, html.find(str(evidence)[:20].encode()))
        moved = html[:at] + note + html[at:]
        assert moved != html
        con.execute(
            "UPDATE store.raw_pages SET html = ? WHERE article_id = ?",
            [compress_html(moved), article_id],
        )
        reprocess(con, EventTagger(rules, DEFAULT_GAZETTEER))
    [(new_start,)] = one(
        db,
        "SELECT start_char FROM event_reviews WHERE evidence = ? AND article_id = ?",
        [evidence, article_id],
    )
    assert new_start != start
    assert one(
        db,
        "SELECT review FROM event_reviews WHERE evidence = ? AND article_id = ?",
        [evidence, article_id],
    ) == [("wrong",)]
    assert one(
        db,
        "SELECT count(*) FROM events WHERE evidence = ? AND article_id = ?",
        [evidence, article_id],
    ) == [(0,)]
    # the event has a new id: its offset moved
    with open_store(db, read_only=True) as con, pytest.raises(InputError, match="no event"):
        find_event(con, str(event_id))


def test_review_queue_puts_status_changes_then_watch_items_1_and_2_first(db: Path) -> None:
    queue = one(
        db, "SELECT priority, reason, watch_items, signal_label, evidence FROM review_queue"
    )
    priorities = [row[0] for row in queue]
    assert priorities == sorted(priorities) and set(priorities) == {1, 2, 3}
    changes = {str(row[3]) for row in queue if row[0] == 1}
    assert changes == {
        "Oracle hosts OpenAI (confirmed)",  # talks 9 days ago, confirmed this week
        "Microsoft & OpenAI renegotiation (confirmed)",  # talks a month ago
    }
    assert all(set(row[2]) & {1, 2} for row in queue if row[0] == 2)  # type: ignore[arg-type]
    assert all(not set(row[2]) & {1, 2} for row in queue if row[0] == 3)  # type: ignore[arg-type]
    evidence = {str(row[4]) for row in queue}
    assert not any("in talks to rework" in e for e in evidence)  # a month old: not this week
    label(db, event_id_of(db, BEDROCK), "--correct")
    assert BEDROCK not in {str(r[0]) for r in one(db, "SELECT evidence FROM review_queue")}


def test_review_queue_watch_items_are_the_watch_views_of_its_signal(db: Path) -> None:
    """The queue repeats the watch views' conditions on its few signals (a union of the
    four views costs a sort of every signal); the two must agree."""
    queue = one(db, "SELECT DISTINCT signal_id, watch_items FROM review_queue")
    views = ("watch_broadening", "watch_rival_clouds", "watch_packaging", "watch_renegotiations")
    members = [{str(r[0]) for r in one(db, f"SELECT signal_id FROM {view}")} for view in views]
    assert queue and any(items for _, items in queue)
    for signal_id, items in queue:
        expected = [n for n, ids in enumerate(members, start=1) if signal_id in ids]
        assert list(items) == expected, signal_id  # type: ignore[call-overload]


def test_keyed_refreshes_after_labels_equal_a_full_rebuild(db: Path) -> None:
    """Each label refreshes only the chains of its article (the review page and 'label'
    do so), read from the articles that can hold them: the same signals and index as a
    full rebuild, after a wrong, a fix to another chain, a missed event and an undo."""
    with open_store(db) as con:
        rows = con.execute(
            "SELECT event_id, article_id, type FROM events WHERE rule_id <> 'analyst'"
            " ORDER BY event_id"
        ).fetchall()
        (wrong, _, _), (fixed, _, fixed_type), (undone, _, _) = rows[0], rows[1], rows[2]
        other = next(t for t in ("hosting_deal", "packaging_change") if t != fixed_type)
        writes = [
            (wrong, lambda: record_label(con, wrong, "wrong", reviewer="t")),
            (fixed, lambda: record_label(con, fixed, "fixed", reviewer="t", fix=Fix(type=other))),
            (undone, lambda: record_label(con, undone, "wrong", reviewer="t")),
            (undone, lambda: undo_label(con, undone)),
            (
                "a-pricing",
                lambda: record_missed(
                    con,
                    "a-pricing",
                    "Anthropic cut the price of Claude Opus on its API by two thirds",
                    Fix("distribution_expansion", ("Anthropic",), "confirmed"),
                    reviewer="t",
                ),
            ),
        ]
        for target, write in writes:
            before = article_keys(con, target)
            write()
            refresh_signals(con, keys=before | article_keys(con, target))
        keyed = signal_rows(con)
        refresh_signals(con, full=True)
        assert keyed == signal_rows(con)
