"""An appositive that opens with another company's possessive describes the name before it
("Oracle, OpenAI's cloud partner, will host ..."): the company inside it is no party to what
that name does, for the rules or for the learned decision, as inside ", which ...,". A list
whose members are written with possessives stays a list."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news

from extractors.tagger import load_tagger


@pytest.mark.parametrize(
    ("text", "event", "bystander"),
    [
        (
            "Oracle, OpenAI's cloud partner, will host xAI's Grok models.",
            ("distribution_expansion", {"Oracle", "xAI"}),
            "OpenAI",
        ),
        (
            "CoreWeave, Nvidia's cloud partner, will host Mistral's models.",
            ("distribution_expansion", {"CoreWeave", "Mistral"}),
            "Nvidia",
        ),
        (
            "Microsoft, OpenAI's biggest investor, will now offer Anthropic's Claude models in "
            "Copilot.",
            ("distribution_expansion", {"Anthropic", "Microsoft"}),
            "OpenAI",
        ),
    ],
)
def test_a_company_in_an_appositive_is_no_party(
    text: str, event: tuple[str, set[str]], bystander: str
) -> None:
    found = news(text)
    assert (event[0], frozenset(event[1])) in found, found
    assert not any(bystander in parties for _, parties in found), found


def test_a_list_written_with_possessives_keeps_every_member() -> None:
    found = news(
        "The models are available through Amazon Bedrock, Google Cloud's Vertex AI and IBM's "
        "watsonx, channels that Mistral uses."
    )
    members = {"Amazon", "Google", "IBM"}
    assert {p for _, parties in found for p in parties} >= members, found


def test_a_company_inside_a_which_clause_is_no_party_even_as_background() -> None:
    text = (
        "Microsoft, which has long backed OpenAI, will now offer Anthropic's Claude models in "
        "Copilot."
    )
    parties = {frozenset(e.actors) for e in load_tagger().tag(text)}
    assert parties == {frozenset({"Anthropic", "Microsoft"})}, parties
