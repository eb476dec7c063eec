"""`channelwatch labels export` and `labels stats`: gold lines the shared scorer reads."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from store_builder import build_store

from channelwatch.cli import cli
from channelwatch.settings import ROOT
from channelwatch.store import open_store

SCORE = Path(ROOT).parent / "shared" / "eval" / "score.py"
BEDROCK = "OpenAI's open-weight models are now available on Amazon Bedrock"
PRICING = "Anthropic cut the price of Claude Opus on its API by two thirds"
DENIAL = "its exclusivity on OpenAI's API continues"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def event_id(db: Path, evidence: str) -> str:
    with open_store(db, read_only=True) as con:
        [(found,)] = con.execute(
            "SELECT event_id FROM events WHERE evidence = ?", [evidence]
        ).fetchall()
    return str(found)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with one event fixed, one wrong, one correct and one missed added."""
    db = build_store(tmp_path_factory.mktemp("export") / "export.duckdb")
    d = ["--db", str(db)]
    run("label", event_id(db, BEDROCK), "--fix", "type=hosting_deal", *d)
    run("label", event_id(db, DENIAL), "--wrong", *d)
    run("label", event_id(db, PRICING), "--correct", *d)
    run(
        "label",
        "a-pricing",
        "--missed",
        "--evidence",
        PRICING,
        "type=distribution_expansion",
        "parties=Anthropic",
        "status=confirmed",
        *d,
    )
    return db


def export(db: Path, path: Path) -> list[dict[str, object]]:
    run("labels", "export", "--db", str(db), "--out", str(path))
    return [json.loads(line) for line in path.read_text().splitlines()]


def score(gold: Path, pred: Path) -> str:
    if not SCORE.exists():
        pytest.skip(f"{SCORE} is absent: the shared scorer is not checked out")
    return subprocess.run(
        ["python3", str(SCORE), str(gold), str(pred), "--errors"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_export_holds_the_reviewed_events_after_review(reviewed: Path, tmp_path: Path) -> None:
    rows = {str(r["id"]): r for r in export(reviewed, tmp_path / "gold.jsonl")}
    assert set(rows) == {"a-bedrock:0", "a-exclusivity-denial:0", "a-pricing:0"}
    bedrock = rows["a-bedrock:0"]
    assert str(bedrock["text"]).startswith(BEDROCK)
    assert bedrock["events"] == [
        {
            "type": "hosting_deal",
            "actors": ["Amazon", "OpenAI"],
            "status": "confirmed",
            "evidence": BEDROCK,
            "review": "fixed",
        }
    ]
    assert rows["a-exclusivity-denial:0"]["events"] == []  # the wrong event is gone
    pricing = {(e["type"], e["review"]) for e in rows["a-pricing:0"]["events"]}  # type: ignore[union-attr,index]
    assert pricing == {("packaging_change", "correct"), ("distribution_expansion", "missed")}


def test_export_scores_one_against_itself(reviewed: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    export(reviewed, gold)
    out = score(gold, gold)
    assert re.search(r"strict_f1=1\.000", out), out


def test_the_scorer_sees_the_known_edit(reviewed: Path, tmp_path: Path) -> None:
    """The tagger's original event, scored against the export, is the edit undone."""
    gold = tmp_path / "gold.jsonl"
    rows = export(reviewed, gold)
    before = tmp_path / "tagger.jsonl"
    for row in rows:
        for event in row["events"]:  # type: ignore[attr-defined]
            if event["review"] == "fixed":
                event["type"] = "distribution_expansion"
    before.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = score(gold, before)
    assert "missed   hosting_deal ['amazon', 'openai'] confirmed" in out, out
    assert "spurious distribution_expansion ['amazon', 'openai'] confirmed" in out, out
    assert "strict_f1=1.000" not in out


def test_export_since_a_later_date_is_empty(reviewed: Path) -> None:
    assert run("labels", "export", "--db", str(reviewed), "--since", "2999-01-01") == ""


def test_stats_counts_a_type_fix_and_a_wrong_event_against_precision(
    reviewed: Path,
) -> None:
    out = run("labels", "stats", "--db", str(reviewed))
    assert re.search(r"all reviewed events\s+precision 0\.33\s+\(1/3\)", out), out
    assert re.search(r"packaging_change\s+precision 1\.00\s+\(1/1\)", out), out
    assert re.search(r"techcrunch\s+precision 0\.00\s+\(0/1\)", out), out
    assert re.search(r"test-1\s+precision 0\.33\s+\(1/3\)", out), out
    assert "missed events added by analysts: 1" in out
