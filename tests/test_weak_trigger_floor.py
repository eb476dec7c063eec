"""The rules' own candidates are news from a lower probability (the rule floor) than the
model's alone, because the rules are usually right; a ``-weak`` trigger ("negotiating with",
"talks over the deal") names no terms and is not: its candidate needs the model's own
threshold. "Samsung is negotiating with Perplexity on a collaboration" is talks of a
distribution, not a renegotiation of anything."""

from __future__ import annotations

import dataclasses
import datetime as dt

from extractors.tagger import load_tagger
from extractors.tagger.decision import DecisionModel
from extractors.tagger.features import Proposal, candidates

TEXT = "Samsung is negotiating with Perplexity on a collaboration for its Galaxy phones."


def _renegotiation() -> Proposal:
    tagger = load_tagger()
    views = tagger.analyser(tagger.analyser.read(TEXT).text, dt.date(2026, 6, 16))
    (found,) = [
        c for v in views for c in candidates(v) if c.type == "renegotiation" and c.rule_event
    ]
    return found


def test_a_weak_triggers_candidate_needs_the_models_threshold() -> None:
    c = _renegotiation()
    assert c.rule_event is not None and c.rule_event.rule_id == "reneg-negotiations-with-weak"
    model: DecisionModel = load_tagger().model
    between = (model.rule_floor + model.threshold) / 2
    assert not model.keeps(c, between)
    assert model.keeps(c, model.threshold)


def test_a_strong_triggers_candidate_keeps_the_rule_floor() -> None:
    c = _renegotiation()
    assert c.rule_event is not None
    strong = dataclasses.replace(c, rule_event=dataclasses.replace(c.rule_event, rule_id="x"))
    model = load_tagger().model
    assert model.keeps(strong, (model.rule_floor + model.threshold) / 2)
