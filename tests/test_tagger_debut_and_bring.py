"""Models that "debut on" a platform are distributed there, as models that "arrive on" it
are; and "bring its models to enterprise data" is no data-centre build-out."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("Perplexity's Sonar models debut on Amazon Bedrock.", {"Perplexity", "Amazon"}),
        ("Grok 4 debuted in Azure AI Foundry on Monday.", {"xAI", "Microsoft"}),
        (
            "OpenAI partners with Snowflake to bring its models to enterprise data.",
            {"OpenAI", "Snowflake"},
        ),
    ],
)
def test_a_model_brought_to_a_platform_is_a_distribution(text: str, parties: set[str]) -> None:
    assert news(text) == {("distribution_expansion", frozenset(parties))}


def test_data_centres_brought_online_stay_no_distribution() -> None:
    text = "Oracle will bring new data centers online for OpenAI's models in Texas."
    assert not [t for t, _ in news(text) if t == "distribution_expansion"]
