"""Two readings of the Microsoft-OpenAI story as real reporting tells it.

A company's "hold" or "grip" on a maker's distribution or sales is an exclusivity, and ending
or loosening it is an exclusivity change, not a distribution through that company. And a
change denied after the arrangement is named ("Microsoft's exclusive right ... will not end")
is a denial, as "will not end the exclusivity" is."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news

from extractors.tagger import load_tagger


def test_ending_a_hold_on_distribution_is_an_exclusivity_change() -> None:
    text = (
        "Amazon will start selling OpenAI's models on Bedrock, ending Microsoft's hold on OpenAI "
        "distribution."
    )
    events = {(e.type, frozenset(e.actors)): e for e in load_tagger().tag(text)}
    assert set(events) == {
        ("distribution_expansion", frozenset({"Amazon", "OpenAI"})),
        ("exclusivity_change", frozenset({"Microsoft", "OpenAI"})),
    }, events
    assert events["exclusivity_change", frozenset({"Microsoft", "OpenAI"})].direction == "ended"


def test_loosening_a_grip_on_sales_is_an_exclusivity_loosened() -> None:
    text = "The new terms loosen Microsoft's grip on sales of OpenAI's models to businesses."
    (event,) = load_tagger().tag(text)
    assert (event.type, set(event.actors), event.direction) == (
        "exclusivity_change",
        {"Microsoft", "OpenAI"},
        "loosened",
    )


def test_holding_on_to_a_share_is_no_exclusivity() -> None:
    found = news("Publishers hold on to 100% of the sales made through Microsoft's marketplace.")
    assert not any(t == "exclusivity_change" for t, _ in found), found


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        (
            "Microsoft's exclusive right to resell OpenAI models will not end, the company said.",
            "exclusivity_change",
        ),
        (
            "Microsoft's hold on OpenAI distribution will not end, the company said.",
            "exclusivity_change",
        ),
        (
            "Microsoft said its exclusive rights to OpenAI's API will not be affected.",
            "exclusivity_change",
        ),
    ],
)
def test_a_change_denied_after_the_arrangement_is_named_is_denied(text: str, etype: str) -> None:
    statuses = {e.status for e in load_tagger().tag(text) if e.type == etype}
    assert statuses == {"denied"}, statuses


def test_an_ended_exclusivity_stays_confirmed() -> None:
    text = "Microsoft and OpenAI ended Microsoft's exclusive right to resell OpenAI models."
    assert {e.status for e in load_tagger().tag(text)} == {"confirmed"}
