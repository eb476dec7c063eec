"""A maker's models reaching "general availability" on a platform are on sale there: the
launch phrase of cloud and software vendors, told without a selling word."""

from __future__ import annotations

import pytest

from extractors.tagger import load_tagger


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        (
            "Cohere's Command models on Oracle's OCI reached general availability this week, "
            "Oracle said.",
            {"Cohere", "Oracle"},
        ),
        (
            "General availability of xAI's Grok in Azure AI Foundry begins on Monday, "
            "Microsoft said.",
            {"xAI", "Microsoft"},
        ),
    ],
)
def test_general_availability_on_a_platform_is_a_distribution(text: str, actors: set[str]) -> None:
    events = load_tagger().tag(text)
    assert [(e.type, set(e.actors)) for e in events] == [("distribution_expansion", actors)], events


def test_one_company_s_product_going_ga_is_no_distribution() -> None:
    text = "Microsoft 365 Copilot is now generally available to business customers, Microsoft said."
    assert load_tagger().tag(text) == []
