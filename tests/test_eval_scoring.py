"""The scorer behind ``bench.tagger_eval``: the shared score.py's matching, and the error
list an engineer reads with ``--errors`` (misses, spurious events and wrong statuses)."""

from __future__ import annotations

from pathlib import Path

from bench.eval_scoring import Scorer
from channelwatch.settings import ROOT

EVAL = Path(ROOT).parent / "shared" / "eval"

GOLD = [
    {
        "id": "s1",
        "text": "Apple turned down an offer from Meta, Bloomberg said.",
        "events": [
            {"type": "distribution_expansion", "actors": ["Apple", "Meta"], "status": "denied"}
        ],
    },
    {
        "id": "s2",
        "text": "Oracle will host xAI's models.",
        "events": [{"type": "hosting_deal", "actors": ["Oracle", "xAI"], "status": "confirmed"}],
    },
]


def test_errors_list_misses_spurious_events_and_wrong_statuses() -> None:
    predicted = {
        "s1": [
            {"type": "distribution_expansion", "actors": ["Meta", "Apple"], "status": "reported"}
        ],
        "s2": [
            {"type": "distribution_expansion", "actors": ["Oracle", "xAI"], "status": "confirmed"}
        ],
    }
    score = Scorer(EVAL).score(GOLD, predicted, keep_errors=True)
    assert (score.tp, score.pred, score.gold) == (1, 2, 2)
    assert score.status_accuracy == 0.0
    assert score.errors == [
        "s1  status   distribution_expansion ['apple', 'meta'] denied, tagged reported",
        "s2  missed   hosting_deal ['oracle', 'xai'] confirmed",
        "s2  spurious distribution_expansion ['oracle', 'xai'] confirmed",
    ]


def test_other_deals_move_sites_between_folds_and_the_usual_deal_stays() -> None:
    """``--repeats`` scores over other deals of the sites into folds: each salt deals every
    site to one of the five folds, the same way every time; no salt is the usual deal."""
    from channelwatch.train.fit import fold_of

    sites = [f"news{i}.example.com" for i in range(200)]
    usual = [fold_of(s) for s in sites]
    assert [fold_of(s, 5, "") for s in sites] == usual
    other = [fold_of(s, 5, "repeat-1") for s in sites]
    assert other == [fold_of(s, 5, "repeat-1") for s in sites]
    assert set(other) == set(usual) == set(range(5))
    moved = sum(a != b for a, b in zip(usual, other, strict=True))
    assert 100 < moved < 200  # about four in five sites land in another fold


def test_repeats_below_one_is_one_line_before_any_work() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "bench.tagger_eval", "--repeats", "0"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode != 0
    assert done.stderr.strip() == "--repeats 0: give 1 or more deals of the sites into folds"
