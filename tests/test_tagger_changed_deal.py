"""A change names the deal it changes: "renegotiated the existing deal", "restructured their
longstanding partnership". Those words are background phrases where they retell ("The original
deal, signed in 2023, made AWS ..."), but as what a change acts on they make the change no
retelling: the renegotiation, and the exclusivity it ends, are news."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.tagger import load_tagger

PUB = dt.date(2026, 12, 1)


def _events(text: str) -> dict[str, bool]:
    """Each event's type and whether it is background."""
    return {e.type: e.background for e in load_tagger().tag(text, published=PUB)}


@pytest.mark.parametrize(
    "text",
    [
        "Microsoft and OpenAI renegotiated their longstanding partnership on Tuesday.",
        "Microsoft and OpenAI renegotiated the existing deal on Tuesday.",
        "Microsoft and OpenAI restructured the original agreement this week.",
    ],
)
def test_the_deal_a_renegotiation_acts_on_is_no_retelling(text: str) -> None:
    assert _events(text).get("renegotiation") is False, _events(text)


def test_every_event_of_the_sentence_stays_news() -> None:
    events = _events(
        "Microsoft and OpenAI renegotiated the original agreement on Tuesday, ending "
        "Microsoft's exclusive right to resell OpenAI models."
    )
    assert events == {"renegotiation": False, "exclusivity_change": False}, events


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        # the phrase tells the deal the state stands under, not what a change acts on
        ("Microsoft receives a cut of 20% of OpenAI's revenue under the current deal.", None),
        ("Under the current deal, Microsoft receives a cut of 20% of OpenAI's revenue.", None),
        # the earlier deal as the subject of a retelling
        (
            "The original deal, signed in 2023, made AWS Anthropic's primary training partner.",
            "exclusivity_change",
        ),
    ],
)
def test_the_same_words_elsewhere_still_retell(text: str, etype: str | None) -> None:
    events = _events(text)
    assert events and all(events.values()), events
    if etype:
        assert etype in events, events
