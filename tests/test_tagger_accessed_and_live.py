"""Models that "can now be accessed through" a platform, or that "went live on" it, are
distributed there; a cluster that goes live "in 2026" is no platform."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "Google's Gemini models can now be accessed through Oracle's cloud.",
            {"Google", "Oracle"},
        ),
        (
            "Claude can be accessed via Snowflake Cortex AI starting today.",
            {"Anthropic", "Snowflake"},
        ),
        (
            "Mistral's models went live on Google Cloud's Vertex AI on Monday.",
            {"Mistral", "Google"},
        ),
        ("Grok is now live in Azure AI Foundry.", {"xAI", "Microsoft"}),
    ],
)
def test_accessed_through_or_live_on_a_platform_is_a_distribution(
    text: str, parties: set[str]
) -> None:
    assert ("distribution_expansion", frozenset(parties)) in news(text)


def test_a_site_that_goes_live_in_a_year_is_no_distribution() -> None:
    text = (
        "The first phase of the Oracle data center OpenAI will use is expected to go live in 2026."
    )
    assert not {t for t, _ in news(text) if t == "distribution_expansion"}
