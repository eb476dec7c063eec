"""Makers coordinated before one name of models ("OpenAI and Anthropic models") share that
noun: each is named by its models, so neither is taken for the other's sales channel."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Microsoft said Copilot users can now choose between OpenAI and Anthropic models in "
            "Researcher.",
            {
                ("distribution_expansion", frozenset({"Anthropic", "Microsoft"})),
                ("distribution_expansion", frozenset({"OpenAI", "Microsoft"})),
            },
        ),
        (
            # a cloud that makes models is one of the makers in the list
            "GitHub Copilot will let users pick OpenAI, Google or Anthropic models.",
            {
                ("distribution_expansion", frozenset({"Anthropic", "Microsoft"})),
                ("distribution_expansion", frozenset({"Google", "Microsoft"})),
                ("distribution_expansion", frozenset({"OpenAI", "Microsoft"})),
            },
        ),
    ],
)
def test_coordinated_makers_are_not_each_others_channel(
    text: str, expected: set[tuple[str, frozenset[str]]]
) -> None:
    assert news(text) == expected


def test_a_possessive_model_stays_its_makers_alone() -> None:
    """Claude is Anthropic's in "Google and Anthropic's Claude"; Google is not named by it."""
    found = news("Vertex AI users can now choose between Google and Anthropic's Claude models.")
    assert ("distribution_expansion", frozenset({"Anthropic", "Google"})) in found, found
