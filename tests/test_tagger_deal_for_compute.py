"""A deal "for" compute or chips names what is supplied: "an agreement with Google for more
TPUs" is a hosting deal, as "a TPU deal" or "a compute contract" is."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news

from extractors.tagger import load_tagger


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("Anthropic is close to an agreement with Google for more TPUs.", {"Anthropic", "Google"}),
        (
            "Mistral signed a contract with CoreWeave for additional GPUs in France.",
            {"CoreWeave", "Mistral"},
        ),
    ],
)
def test_a_deal_for_compute_is_a_hosting_deal(text: str, parties: set[str]) -> None:
    assert news(text) == {("hosting_deal", frozenset(parties))}


def test_its_status_is_the_sentences() -> None:
    events = load_tagger().tag("Anthropic is close to an agreement with Google for more TPUs.")
    assert [e.status for e in events] == ["talks"]


def test_a_deal_for_models_is_no_hosting_deal() -> None:
    text = "The Pentagon signed contracts with Google and OpenAI for AI models."
    assert not [t for t, _ in news(text) if t == "hosting_deal"]
