"""A split told by its shares: "20% is retained by Perplexity, while the remaining 80% goes
to publishers" states who keeps what part of the revenue, the guide's revenue share change,
though the sentence never says "revenue"."""

from __future__ import annotations

import pytest

from extractors.tagger import load_tagger


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        (
            "Of each sale, 30% is retained by Perplexity, while the remaining 70% goes to "
            "publishers, the company said on Tuesday.",
            {"Perplexity"},
        ),
        (
            "Starting in March, 15 percent goes to Spotify and the rest to the model maker "
            "Mistral, the companies said.",
            {"Spotify", "Mistral"},
        ),
    ],
)
def test_a_share_that_goes_to_a_party_is_a_revenue_share(text: str, actors: set[str]) -> None:
    events = load_tagger().tag(text)
    assert [(e.type, set(e.actors)) for e in events] == [("revenue_share_change", actors)], events


@pytest.mark.parametrize(
    "text",
    [
        "Third quarter revenue went to $4.1 billion, Oracle said, as OpenAI's contract ramped up.",
        "Cloud sales rose 40 percent and went to $5 billion, Microsoft said of its OpenAI deal.",
    ],
)
def test_earnings_that_went_to_a_sum_are_no_revenue_share(text: str) -> None:
    """A quarter or a growth rate that "went to" an amount is an earnings figure."""
    assert [e.type for e in load_tagger().tag(text)] == [], text
