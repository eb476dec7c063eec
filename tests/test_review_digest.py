"""The digest after review: wrong events gone, each signal linked to its review page,
the reviewed precision in the footer; CHANNELWATCH_REVIEW_URL sets the link's address."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from digest_store import build_digest_store, target_week

from channelwatch.cli import cli
from channelwatch.digest.run import prepare_digest
from channelwatch.settings import load_settings
from channelwatch.store import open_store


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return build_digest_store(tmp_path / "digest.duckdb")


def new_signals(store: Path) -> list[tuple[str, str]]:
    """(signal_id, evidence) of the target week's new signals, per the digest."""
    prepared = prepare_digest(
        db_path=store, week=target_week(), review_url="https://review.example"
    )
    return [(s.signal_id, s.evidence) for x in prepared.content.sections for s in x.signals]


def test_signals_link_to_their_review_page_and_the_footer_counts_reviews(store: Path) -> None:
    (first_id, evidence), *_ = new_signals(store)
    with open_store(store, read_only=True) as con:
        [(event_id,)] = con.execute(
            "SELECT e.event_id FROM events AS e JOIN signal_events USING (event_id)"
            " WHERE signal_id = ? AND evidence = ? LIMIT 1",
            [first_id, evidence],
        ).fetchall()
    run = CliRunner().invoke(cli, ["label", str(event_id), "--correct", "--db", str(store)])
    assert run.exit_code == 0, run.output
    prepared = prepare_digest(
        db_path=store, week=target_week(), review_url="https://review.example"
    )
    text = prepared.rendered.text
    assert f"review: https://review.example/signals/{first_id}" in text
    assert f'href="https://review.example/signals/{first_id}"' in prepared.rendered.html
    assert "Precision of reviewed events this quarter: 1.00 over 1 review." in text
    assert "over 1 review." in prepared.rendered.html


def test_a_wrong_event_leaves_the_digest(store: Path) -> None:
    before = new_signals(store)
    signal_id, _ = before[0]
    with open_store(store, read_only=True) as con:
        ids = con.execute(
            "SELECT event_id FROM signal_events WHERE signal_id = ?", [signal_id]
        ).fetchall()
    for (event_id,) in ids:
        run = CliRunner().invoke(cli, ["label", str(event_id), "--wrong", "--db", str(store)])
        assert run.exit_code == 0, run.output
    after = new_signals(store)
    assert signal_id not in {s for s, _ in after}
    assert len(after) < len(before)
    prepared = prepare_digest(db_path=store, week=target_week())
    assert "Precision of reviewed events this quarter: 0.00" in prepared.rendered.text


def test_the_review_url_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHANNELWATCH_REVIEW_URL", raising=False)
    monkeypatch.delenv("CHANNELWATCH_REVIEW_PORT", raising=False)
    assert load_settings().review.page_url == "http://127.0.0.1:8765"
    monkeypatch.setenv("CHANNELWATCH_REVIEW_URL", "https://review.team.example/")
    assert load_settings().review.page_url == "https://review.team.example"
