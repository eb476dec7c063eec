"""Compute named by what is bought: a model maker that rolls out, relies on, installs or
obtains a provider's chips or hardware has a hosting deal with it, as one that buys, uses or
deploys them always had. A model rolled out to a product stays a distribution."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news

from extractors.tagger import load_tagger


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "Cohere will rely on Oracle's GPU clusters to train its next models.",
            {"Cohere", "Oracle"},
        ),
        (
            "Anthropic is rolling out Google TPUs at a scale of one gigawatt starting next year.",
            {"Anthropic", "Google"},
        ),
        (
            "Mistral installed 18,000 Blackwell chips supplied by Nvidia in its Paris data center.",
            {"Mistral", "Nvidia"},
        ),
    ],
)
def test_chips_rolled_out_or_relied_on_are_a_hosting_deal(text: str, parties: set[str]) -> None:
    assert ("hosting_deal", frozenset(parties)) in news(text), news(text)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Meta is in talks to obtain large volumes of Google's custom AI hardware.", "talks"),
        ("OpenAI said it would not roll out Google's TPUs at scale.", "denied"),
    ],
)
def test_hardware_sought_or_refused_keeps_its_status(text: str, status: str) -> None:
    found = [e for e in load_tagger().tag(text) if e.type == "hosting_deal"]
    assert [e.status for e in found] == [status], found


def test_a_model_rolled_out_to_phones_is_no_hosting_deal() -> None:
    found = news("Samsung is rolling out Google's Gemini to its phones.")
    assert found == {("distribution_expansion", frozenset({"Google", "Samsung"}))}
