"""Compute supplied to a model maker is a hosting deal, not a sales channel; but a sentence
that also names the maker's models as what a platform sells reports both."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news

ANTHROPIC_GOOGLE = frozenset({"Anthropic", "Google"})
ANTHROPIC_MICROSOFT = frozenset({"Anthropic", "Microsoft"})
MICROSOFT_OPENAI = frozenset({"Microsoft", "OpenAI"})


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "Google Cloud will supply TPU capacity to Anthropic and sell Claude models on "
            "Vertex AI.",
            ANTHROPIC_GOOGLE,
        ),
        (
            "Anthropic will buy $30 billion of Azure compute and make its Claude models "
            "available to Microsoft Foundry customers.",
            ANTHROPIC_MICROSOFT,
        ),
        (
            "Microsoft will bring OpenAI's models to Azure customers while also supplying the "
            "startup with compute capacity.",
            MICROSOFT_OPENAI,
        ),
    ],
)
def test_a_model_sold_beside_compute_supplied_is_both(text: str, parties: frozenset[str]) -> None:
    assert news(text) == {("hosting_deal", parties), ("distribution_expansion", parties)}


def test_compute_supplied_alone_is_hosting_only() -> None:
    text = "Amazon will bring AI infrastructure to OpenAI to train its models."
    assert news(text) == {("hosting_deal", frozenset({"Amazon", "OpenAI"}))}
