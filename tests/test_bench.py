"""The benchmark runs and prints every row (functional only: no figure is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.chromium import available as chromium_available
from bench.report import ROW_NAMES, rows, table
from channelwatch.settings import ROOT

CORPORA = ROOT.parent / "shared" / "corpora"


def test_table_has_every_row_with_a_reason_when_nothing_ran() -> None:
    printed = table(rows({"loading": {"error": "RuntimeError: boom"}}))
    for name in ROW_NAMES:
        assert f"| {name} |" in printed
    assert "RuntimeError: boom" in printed
    assert "not run" in printed


@pytest.mark.skipif(not CORPORA.is_dir(), reason=f"shared corpora not found at {CORPORA}")
def test_quick_bench_prints_every_row_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in ROW_NAMES:
        assert f"| {name} |" in proc.stdout
    results = json.loads(out.read_text(encoding="utf-8"))
    assert [r["name"] for r in results["rows"]] == list(ROW_NAMES)
    by_name = {r["name"]: r for r in results["rows"]}
    # the stages this harness owns must have produced figures, not errors
    for name in ("loading", "end to end, 1 worker", "peak RSS"):
        assert by_name[name]["verdict"] in {"met", "NOT met"}, by_name[name]
    # the review target is timed as the analyst meets it: keys in a real browser
    review = by_name["review: next event after a label"]
    if chromium_available():
        assert review["verdict"] in {"met", "NOT met"}, review
        assert "headless Chromium" in review["note"] and "without JavaScript" in review["note"]
    # a row without a figure says why
    for row in results["rows"]:
        if row["verdict"] == "n/a":
            assert row["note"], row
