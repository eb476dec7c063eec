"""The learning curve that sizes the labelling work: its samples, its fit, its one honest
end point (all of a set's sites is ``bench.tagger_eval``'s cross-validation)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.learning_curve import Point, log_fit, report, sample_sites, snippets_for
from channelwatch.settings import ROOT

EVAL = Path(ROOT).parent / "shared" / "eval"
SITES = [f"site{i}.example" for i in range(40)]


def test_sites_are_sampled_nested_and_the_same_every_time() -> None:
    quarter, half = sample_sites(SITES, 0.25, seed=1), sample_sites(SITES, 0.5, seed=1)
    assert len(quarter) == 10 and len(half) == 20
    assert quarter < half  # a larger share adds sites, never swaps them
    assert sample_sites(list(reversed(SITES)), 0.5, seed=1) == half  # order of input is moot
    assert sample_sites(SITES, 0.5, seed=2) != half
    assert sample_sites(SITES, 0.0, seed=1) == set()
    assert sample_sites(SITES, 1.0, seed=1) == set(SITES)


def test_the_fitted_line_says_how_many_labels_reach_a_score() -> None:
    points = [
        Point(f, n, 0.0, 0.0, 0.5 + 0.02 * (n.bit_length() - 1), 0.0)
        for f, n in [(0.0, 0), (0.25, 64), (0.5, 128), (1.0, 512)]
    ]
    line = log_fit(points)  # the point without labels of the set is left out of the fit
    assert line is not None
    a, b = line
    assert a == pytest.approx(0.5) and b == pytest.approx(0.02)
    assert snippets_for(0.75, line) == pytest.approx(2**12.5)
    assert "F1 0.75: about 5,793 labelled snippets" in report("dev3", points)


def test_a_curve_that_does_not_rise_promises_nothing() -> None:
    flat = [Point(0.5, 100, 0.0, 0.0, 0.7, 0.0), Point(1.0, 200, 0.0, 0.0, 0.68, 0.0)]
    line = log_fit(flat)
    assert line is not None and snippets_for(0.75, line) is None
    assert "F1 0.75: never" in report("dev3", flat)
    assert log_fit([Point(1.0, 200, 0.0, 0.0, 0.7, 0.0)]) is None


def test_a_fraction_outside_zero_to_one_is_one_line_before_any_work() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.learning_curve", "--fractions", "0.5", "1.5"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode != 0
    assert (
        done.stderr.strip() == "--fractions 1.5: give fractions from 0 to 1 and at least 1 repeat"
    )


@pytest.mark.skipif(not (EVAL / "score.py").exists(), reason=f"{EVAL} is absent")
def test_all_sites_is_the_cross_validation_and_none_scores_lower() -> None:
    from bench.eval_scoring import Scorer
    from bench.learning_curve import curve_predictions, measure
    from channelwatch.train.build import training_sets
    from channelwatch.train.fit import cross_validate
    from extractors.tagger import DEFAULT_RULES_DIR
    from extractors.tagger.background import BackgroundReader

    sets = training_sets()
    reader = BackgroundReader.load(DEFAULT_RULES_DIR / "background.txt")
    full, snippets = curve_predictions(sets, "dev3", 1.0, 0, reader)
    cv = cross_validate([ex for s in sets for ex in s.examples], reader)
    dev3 = {d for d in cv if d.startswith("dev3-")}
    assert set(full) == dev3
    assert full == {d: [e.to_json() for e in cv[d]] for d in dev3}
    assert snippets > 150  # four fifths of dev3's labelled snippets per fold
    none, every = measure(sets, "dev3", [0.0, 1.0], 1, Scorer())
    assert none.snippets == 0
    assert none.f1 < every.f1
