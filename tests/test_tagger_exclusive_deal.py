"""Deals called exclusive ("an exclusive deal", "exclusive access") are exclusivities; only a
newsroom's "exclusive interview" or "exclusive look" is not. And the selling an extended
exclusivity goes on covering is no new channel."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news

GOOGLE_SAMSUNG = frozenset({"Google", "Samsung"})
MICROSOFT_OPENAI = frozenset({"Microsoft", "OpenAI"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Google said it had extended its exclusive deal with Samsung to preinstall Gemini "
            "for another two years.",
            {("exclusivity_change", GOOGLE_SAMSUNG)},
        ),
        (
            "Samsung signed an exclusive deal with Google to preinstall Gemini on its phones.",
            {("exclusivity_change", GOOGLE_SAMSUNG)},
        ),
        (
            "Microsoft will give up its exclusive access to OpenAI's API when AGI is declared.",
            {("exclusivity_change", MICROSOFT_OPENAI)},
        ),
    ],
)
def test_an_exclusive_deal_is_an_exclusivity(
    text: str, expected: set[tuple[str, frozenset[str]]]
) -> None:
    assert news(text) == expected


def test_a_newsrooms_exclusive_is_none() -> None:
    text = "The outlet got an exclusive interview with Microsoft about its OpenAI partnership."
    assert not [t for t, _ in news(text) if t == "exclusivity_change"]
