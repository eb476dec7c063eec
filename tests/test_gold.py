"""Gold-set floors, measured honestly: sets the model trains on by grouped cross-validation
(a model that never saw the snippet's site tags it), held-out sets with the shipped tagger
through ``channelwatch tag``, all scored by the shared ``score.py``.

Floors sit just below the current scores so a regression fails; raise them as quality rises.
``python -m bench.tagger_eval`` prints the same figures in full.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from channelwatch.settings import ROOT

EVAL = Path(ROOT).parent / "shared" / "eval"
FIXTURES = Path(ROOT) / "tests" / "fixtures" / "tagger"
CV_FLOORS = {"dev": (0.90, 0.98), "dev2": (0.84, 0.94), "dev3": (0.69, 0.88)}  # F1, status
# held out: written from real-reporting phrasings, never trained on
HELD_OUT_FLOORS = {"paraphrases.jsonl": (0.89, 0.97)}
needs_eval = pytest.mark.skipif(
    not (EVAL / "score.py").exists(), reason=f"{EVAL} is absent: no shared gold sets to score"
)


def score(gold: Path, pred: Path) -> tuple[float, float, str]:
    report = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), str(gold), str(pred)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    f1 = float(re.search(r"strict_f1=([0-9.]+)", report).group(1))  # type: ignore[union-attr]
    status = float(re.search(r"status_accuracy=([0-9.]+)", report).group(1))  # type: ignore[union-attr]
    return f1, status, report


@pytest.fixture(scope="module")
def cross_validated() -> dict[str, list[dict[str, object]]]:
    from channelwatch.train.build import training_sets
    from channelwatch.train.fit import cross_validate
    from extractors.tagger import DEFAULT_RULES_DIR
    from extractors.tagger.background import BackgroundReader

    examples = [ex for s in training_sets() for ex in s.examples]
    reader = BackgroundReader.load(DEFAULT_RULES_DIR / "background.txt")
    return {d: [e.to_json() for e in evs] for d, evs in cross_validate(examples, reader).items()}


@needs_eval
@pytest.mark.parametrize("name", sorted(CV_FLOORS))
def test_grouped_cross_validation_floor(
    name: str, cross_validated: dict[str, list[dict[str, object]]], tmp_path: Path
) -> None:
    gold = EVAL / f"{name}.jsonl"
    pred = tmp_path / "pred.jsonl"
    ids = [json.loads(x)["id"] for x in gold.read_text().splitlines() if x.strip()]
    pred.write_text(
        "".join(json.dumps({"id": i, "events": cross_validated.get(i, [])}) + "\n" for i in ids)
    )
    f1, status, report = score(gold, pred)
    f1_floor, status_floor = CV_FLOORS[name]
    assert f1 >= f1_floor, report
    assert status >= status_floor, report


@needs_eval
@pytest.mark.parametrize("gold", sorted(HELD_OUT_FLOORS))
def test_held_out_floor(gold: str, tmp_path: Path) -> None:
    path = FIXTURES / gold
    pred = tmp_path / "pred.jsonl"
    exe = Path(sys.executable).with_name("channelwatch")
    with pred.open("w") as out:
        subprocess.run([str(exe), "tag", str(path)], stdout=out, check=True, cwd=ROOT)
    f1, status, report = score(path, pred)
    f1_floor, status_floor = HELD_OUT_FLOORS[gold]
    assert f1 >= f1_floor, report
    assert status >= status_floor, report


@needs_eval
def test_articles_dev_through_the_daily_flow_floor(prefect_harness: None, tmp_path: Path) -> None:
    """The 30 full pages, served on 127.0.0.1 and read by the real daily flow into a real
    store, scored by the shared score_articles.py on news events only."""
    from bench.articles_eval import run_pipeline, score_store

    db = tmp_path / "articles-dev.duckdb"
    run_pipeline(db)
    report = score_store(db)
    strict = re.search(r"^strict\s+([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)", report, re.M)
    assert strict is not None, report
    precision, recall, f1 = (float(x) for x in strict.groups())
    # 0.956 / 0.977 / 0.966 at rules -51, 0.952 / 0.909 / 0.930 at -37, 0.932 / 0.932 / 0.932
    # at -35: the floors leave room for two events on the article threshold's border (d27's
    # denial sits at 0.40-0.41, and each retrain puts it on one side or the other)
    assert precision >= 0.92, report
    assert recall >= 0.90, report
    assert f1 >= 0.91, report
    status = re.search(r"status_accuracy=([0-9.]+)", report)
    # 0.951 at -35, 0.949 at -34 (d11's company documentation is not a report), 0.923 at -33
    # (d07's studied GPU capacity is talks), 0.897 at -30 to -32, 0.921 at -29: -30 found
    # d15's Kakao pair, whose SK Telecom deal reads `confirmed` (docs/tagging-errors.md)
    assert status is not None and float(status.group(1)) >= 0.90, report


@needs_eval
def test_articles_dev_openings_floor() -> None:
    """Each page's first three paragraphs, tagged as the daily run tags a page: precision is
    what the hidden set of real articles' openings needs (0.1.0 read 0.48 there)."""
    from bench.eval_scoring import Scorer
    from bench.tagger_eval import articles_dev_openings

    _, shipped = articles_dev_openings(Scorer(), keep_errors=False)
    # 0.951 / 0.886 / 0.918 at -51, 0.947 / 0.818 / 0.878 at -37, 0.921 / 0.795 / 0.854 at -30
    # (0.814 / 0.795 / 0.805 read as snippets)
    assert shipped.precision >= 0.92, shipped.cells()
    assert shipped.f1 >= 0.87, shipped.cells()
