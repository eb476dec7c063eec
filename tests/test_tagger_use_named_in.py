"""A model named by its name and used "in" a product is a distribution, as "use OpenAI's
models in" is: "talks over using Gemini in Siri" are Google and Apple's."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news

from extractors.tagger import load_tagger

GOOGLE_APPLE = {("distribution_expansion", frozenset({"Google", "Apple"}))}


@pytest.mark.parametrize(
    "text",
    [
        "Talks between Apple and Google over using Gemini in Siri are ongoing.",
        "Apple and Google are in talks over using Gemini in Siri.",
        "Apple will use Gemini in a revamped Siri next year.",
    ],
)
def test_a_model_used_in_a_product_is_a_distribution(text: str) -> None:
    assert news(text) == GOOGLE_APPLE


def test_talks_over_it_are_talks() -> None:
    text = "Talks between Apple and Google over using Gemini in Siri are ongoing."
    assert [e.status for e in load_tagger().tag(text)] == ["talks"]


def test_a_cloud_or_a_tool_used_in_house_is_no_distribution() -> None:
    for text in (
        "Meta will use Google Cloud in its new data centers.",
        "Microsoft uses GitHub Copilot in its own engineering teams.",
    ):
        assert not [t for t, _ in news(text) if t == "distribution_expansion"]
