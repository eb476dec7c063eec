"""A partner's investment, commitment or deal "cut" or "scaled back" is the partnership
reworked: a renegotiation between its parties."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "Nvidia's planned $100 billion investment in OpenAI has been cut to $30 billion.",
            {"Nvidia", "OpenAI"},
        ),
        (
            "Microsoft's compute commitment to OpenAI was scaled back to $50 billion, people "
            "familiar said.",
            {"Microsoft", "OpenAI"},
        ),
    ],
)
def test_a_deal_cut_is_a_renegotiation(text: str, parties: set[str]) -> None:
    assert ("renegotiation", frozenset(parties)) in news(text)


def test_a_cut_of_something_else_is_none() -> None:
    text = "Nvidia's forecast for OpenAI's chip orders was lowered after the earnings call."
    assert not [t for t, _ in news(text) if t == "renegotiation"]
