"""A company saying its deal "remains unchanged" answers reports of a change: the guide's
denied event of that type ("nothing has changed"), a renegotiation denied."""

from __future__ import annotations

import pytest

from extractors.tagger import load_tagger


def renegotiations(text: str) -> set[tuple[frozenset[str], str]]:
    return {
        (frozenset(e.actors), e.status)
        for e in load_tagger().tag(text)
        if e.type == "renegotiation" and not e.background
    }


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "Microsoft said its deal with OpenAI remains unchanged despite the reports.",
            {"Microsoft", "OpenAI"},
        ),
        ("Microsoft said its partnership with OpenAI has not changed.", {"Microsoft", "OpenAI"}),
        (
            "Amazon said the terms of its agreement with Anthropic remain the same.",
            {"Amazon", "Anthropic"},
        ),
    ],
)
def test_a_deal_said_to_stand_unchanged_is_a_denied_renegotiation(
    text: str, parties: set[str]
) -> None:
    assert renegotiations(text) == {(frozenset(parties), "denied")}


def test_a_stake_that_stays_the_same_is_no_deal() -> None:
    assert not renegotiations("Microsoft's stake in OpenAI remains unchanged.")
