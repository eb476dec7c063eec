"""Models "available today on" a platform are distributed there, as models "available on"
it are: a time word between "available" and the channel's preposition changes nothing."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news

OPENAI_MICROSOFT = {("distribution_expansion", frozenset({"OpenAI", "Microsoft"}))}


@pytest.mark.parametrize(
    "text",
    [
        "OpenAI open-weight models gpt-oss-120b and gpt-oss-20b are available today on Azure AI "
        "Foundry and Windows AI Foundry.",
        "OpenAI's open-weight models are available starting today on Azure AI Foundry.",
        "OpenAI's models are available on Azure AI Foundry and Windows AI Foundry.",
    ],
)
def test_available_today_on_a_platform_is_a_distribution(text: str) -> None:
    assert news(text) == OPENAI_MICROSOFT
