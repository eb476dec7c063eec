"""The company a deal hurts is no party, in a headline too: headlines drop the comma before
"in blow to Microsoft" that the sentence form has ("..., in a blow to Microsoft")."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("Google to offer OpenAI models on Vertex AI in blow to Microsoft", "Google"),
        ("Amazon will sell OpenAI models on Bedrock in a major setback for Microsoft.", "Amazon"),
    ],
)
def test_the_company_a_headline_deal_hurts_is_no_party(text: str, channel: str) -> None:
    assert news(text) == {("distribution_expansion", frozenset({"OpenAI", channel}))}
