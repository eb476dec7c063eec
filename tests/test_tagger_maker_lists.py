"""Model makers listed with a model ("models from DeepSeek, Qwen and Mistral") are all makers:
each pairs with the channel, none with another maker (Qwen names Alibaba, a cloud, by its
model). A channel named beside a model stays a channel."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news


def _channel(channel: str, *makers: str) -> set[tuple[str, frozenset[str]]]:
    return {("distribution_expansion", frozenset({m, channel})) for m in makers}


@pytest.mark.parametrize(
    "text",
    [
        "Amazon Bedrock will now offer models from DeepSeek, Qwen and Mistral.",
        "Amazon Bedrock will now offer models from Qwen, DeepSeek and Mistral.",
        "Amazon Bedrock will now offer DeepSeek, Qwen and Mistral models.",
    ],
)
def test_makers_listed_with_a_model_are_makers(text: str) -> None:
    assert news(text) == _channel("Amazon", "Alibaba", "DeepSeek", "Mistral")


def test_a_channel_listed_beside_a_model_stays_a_channel() -> None:
    text = "Claude is now available through Amazon Bedrock and Google Cloud's Vertex AI."
    assert news(text) == _channel("Amazon", "Anthropic") | _channel("Google", "Anthropic")
