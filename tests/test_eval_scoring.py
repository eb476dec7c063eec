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
