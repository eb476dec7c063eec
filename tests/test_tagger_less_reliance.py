"""A company a deal lessens reliance on is no party to it ("loosening reliance on OpenAI");
one it deepens reliance on still is. A headline that "nears" a deal reports talks."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news

from extractors.tagger import load_tagger


@pytest.mark.parametrize(
    "text",
    [
        "Microsoft adds Anthropic models to Copilot, loosening reliance on OpenAI",
        "Microsoft adds Anthropic models to Copilot, reducing its reliance on OpenAI.",
    ],
)
def test_the_company_relied_on_less_is_no_party(text: str) -> None:
    assert news(text) == {("distribution_expansion", frozenset({"Anthropic", "Microsoft"}))}


def test_the_company_relied_on_more_stays_a_party() -> None:
    text = "Anthropic deepens its reliance on Google with a new TPU capacity deal."
    assert ("hosting_deal", frozenset({"Anthropic", "Google"})) in news(text)


def test_a_headline_nearing_a_deal_is_talks() -> None:
    events = load_tagger().tag("Apple nears deal to pay Google for Gemini-powered Siri")
    assert [(e.type, e.status) for e in events] == [("distribution_expansion", "talks")]
