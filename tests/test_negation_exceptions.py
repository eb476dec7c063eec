"""One list of negators and of the words after which they negate nothing
(`data/rules/lexicon.json`), read by the rules and by the status model alike: "no longer
offer" is a change, not a denial, and "has not ruled out" is talks."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.tagger import load_tagger
from extractors.tagger.features import candidates
from extractors.tagger.status_choice import status_features


def _features(text: str, etype: str) -> list[str]:
    tagger = load_tagger()
    for view in tagger.analyser(tagger.analyser.read(text).text, dt.date(2026, 12, 1)):
        for c in candidates(view):
            if c.type == etype:
                return status_features(c)
    raise AssertionError(f"no {etype} candidate in {text!r}")


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Oracle will not rent GPU capacity to Cohere.", True),
        ("Oracle will no longer rent GPU capacity to Cohere.", False),
        ("Cohere has not ruled out renting GPU capacity from Oracle.", False),
    ],
)
def test_the_status_model_reads_negation_as_the_rules_do(text: str, negated: bool) -> None:
    assert ("s_negated" in _features(text, "hosting_deal")) is negated


def test_not_ruling_out_a_deal_is_talks_to_the_rules() -> None:
    tagger = load_tagger()
    text = "Cohere has not ruled out renting GPU capacity from Oracle."
    views = tagger.analyser(text, dt.date(2026, 12, 1))
    statuses = [e.status for v in views for e in v.rule_events if e.type == "hosting_deal"]
    assert statuses == ["talks"]
