"""A deal said to be non-exclusive is a new channel, not an exclusivity change.

"signed a deal with Microsoft to distribute its models on Azure, but the partnership is not
exclusive" and "under a non-exclusive agreement" report a distribution; the exclusivity word
only says none is granted, so it frees no channel and is no event of its own."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news

from extractors.tagger import load_rule_tagger, load_tagger

MISTRAL_AZURE = frozenset({"Microsoft", "Mistral"})


@pytest.mark.parametrize(
    "text",
    [
        "Mistral has signed a deal with Microsoft to distribute its models on Azure, but the "
        "partnership is not exclusive.",
        "Microsoft will sell Mistral's models through Azure under a non-exclusive agreement.",
        "Microsoft will sell Mistral's models through Azure under a nonexclusive, multiyear "
        "agreement.",
        "Mistral has signed a non-exclusive deal with Microsoft to distribute its models on Azure.",
    ],
)
def test_a_non_exclusive_deal_is_a_distribution_alone(text: str) -> None:
    assert news(text) == {("distribution_expansion", MISTRAL_AZURE)}


def test_an_exclusive_right_given_up_beside_a_non_exclusive_deal_stays() -> None:
    text = (
        "Microsoft gave up its exclusive right to resell OpenAI's models and signed a "
        "non-exclusive agreement in its place."
    )
    events = [e for e in load_tagger().tag(text) if e.type == "exclusivity_change"]
    assert [(set(e.actors), e.direction) for e in events] == [({"Microsoft", "OpenAI"}, "ended")]


def test_a_held_exclusivity_with_no_plans_to_sell_elsewhere_frees_nothing() -> None:
    """The negation here is of selling elsewhere, not of the exclusive right: the selling
    named is the exclusivity's own content, for the rules as for the shipped tagger."""
    text = (
        "Azure remains the exclusive cloud for OpenAI's APIs, and OpenAI has no plans to offer "
        "those APIs through another cloud, the companies said."
    )
    rules = load_rule_tagger().nlp(text)._.events
    assert not [e for e in rules if e.type == "distribution_expansion"], rules
    assert not [e for e in load_tagger().tag(text) if e.type == "distribution_expansion"]
