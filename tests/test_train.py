"""``channelwatch train``: one command, deterministic, the shipped model is what it builds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from channelwatch.settings import ROOT

EVAL = ROOT.parent / "shared" / "eval"
CLI = [sys.executable, "-m", "channelwatch.cli"]
needs_eval = pytest.mark.skipif(
    not EVAL.is_dir(), reason="../shared/eval is not beside the checkout"
)


def train(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, "train", *args], capture_output=True, text=True, cwd=ROOT)


@needs_eval
def test_training_twice_gives_the_shipped_model_byte_for_byte(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for out in (first, second):
        done = train("--out", str(out))
        assert done.returncode == 0, done.stderr
    assert first.read_bytes() == second.read_bytes()
    shipped = ROOT / "data" / "rules" / "model.json"
    assert first.read_bytes() == shipped.read_bytes(), (
        "data/rules/model.json is not what 'make model' builds: retrain and commit it"
    )
    assert "dev3:" in done.stdout and "model written to" in done.stdout


@needs_eval
def test_analyst_labels_join_the_training_data(tmp_path: Path) -> None:
    labels = tmp_path / "labels.jsonl"
    row = {
        "id": "analyst-1",
        "text": "Oracle will sell Cohere's models through OCI Generative AI, Oracle said.",
        "published": "2026-11-02",
        "events": [
            {
                "type": "distribution_expansion",
                "actors": ["Cohere", "Oracle"],
                "status": "confirmed",
            }
        ],
    }
    labels.write_text(json.dumps(row) + "\n")
    done = train("--labels", str(labels), "--out", str(tmp_path / "m.json"))
    assert done.returncode == 0, done.stderr
    assert "labels: 1 positive" in done.stdout
    meta = json.loads((tmp_path / "m.json").read_text())["meta"]
    assert "labels" in meta["trained_on"]


def test_missing_sets_are_one_line_naming_the_fix(tmp_path: Path) -> None:
    done = train("--eval-dir", str(tmp_path), "--out", str(tmp_path / "m.json"))
    assert done.returncode == 2
    assert "dev.jsonl is missing" in done.stderr and "--eval-dir" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "m.json").exists()
