"""Freedom to act is an exclusivity ended, not a price: "OpenAI is now free to sell its
models through other clouds" says a restriction is gone (the guide's exclusivity change),
while "free to everyone" and "free to use" still say what a product costs."""

from __future__ import annotations

import pytest

from extractors.tagger import load_tagger


def test_free_to_sell_elsewhere_is_an_exclusivity_change() -> None:
    text = (
        "Microsoft said on Tuesday that OpenAI is now free to sell its models through other clouds."
    )
    events = load_tagger().tag(text)
    assert [(e.type, set(e.actors), e.direction) for e in events] == [
        ("exclusivity_change", {"Microsoft", "OpenAI"}, "loosened")
    ], events


def test_free_to_look_elsewhere_is_no_talks() -> None:
    text = "Oracle said on Monday that Cohere is free to look to other clouds for GPU capacity."
    events = load_tagger().tag(text)
    assert ("exclusivity_change", "confirmed") in [(e.type, e.status) for e in events], events
    assert all(e.type != "packaging_change" and e.status != "talks" for e in events), events


@pytest.mark.parametrize(
    "text",
    [
        "Perplexity made its Comet browser free to everyone on Tuesday.",
        "As of Tuesday Microsoft's Copilot app is now free to use for every Windows user.",
    ],
)
def test_free_to_everyone_is_still_a_price(text: str) -> None:
    events = load_tagger().tag(text)
    assert [e.type for e in events] == ["packaging_change"], events
