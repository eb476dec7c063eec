"""The guide's order of statuses where the rules read an explicit denial: "denied" comes first
("When several apply, the first in this order wins: denied, talks, reported, confirmed"), so a
denial the rules read in the candidate's own clause is not outvoted by the status model."""

from __future__ import annotations

import datetime as dt

from extractors.tagger import load_tagger
from extractors.tagger.decision import DecisionModel
from extractors.tagger.features import Proposal, candidates
from extractors.tagger.status_choice import choose_status

# a status model that says "reported" for any distribution: what the rules read must win over it
LEANS_REPORTED = DecisionModel(
    weights={},
    bias=0.0,
    threshold=0.5,
    rule_floor=0.5,
    status_classes=("confirmed", "denied", "reported", "talks"),
    status_weights={"s_type=distribution_expansion": [0.0, 0.0, 5.0, 0.0]},
    status_bias=[0.0, 0.0, 0.0, 0.0],
    meta={},
)


def _distribution(text: str) -> Proposal:
    tagger = load_tagger()
    views = tagger.analyser(tagger.analyser.read(text).text, dt.date(2026, 6, 16))
    found = [
        c
        for v in views
        for c in candidates(v)
        if c.type == "distribution_expansion" and c.rule_event is not None
    ]
    assert len(found) == 1, found
    return found[0]


def test_an_explicit_denial_the_rules_read_outranks_the_status_model() -> None:
    c = _distribution(
        "Apple turned down an offer from Meta to build its AI chatbot into iPhones, "
        "according to Bloomberg News."
    )
    assert c.rule_event is not None and c.rule_event.status == "denied"
    assert choose_status(LEANS_REPORTED, c) == "denied"


def test_a_report_without_a_denial_is_the_status_models_call() -> None:
    c = _distribution(
        "Apple will build Meta's AI chatbot into iPhones, according to Bloomberg News."
    )
    assert choose_status(LEANS_REPORTED, c) == "reported"
