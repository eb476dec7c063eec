"""An aside's background phrase is its company's history, not the sentence's news.

"Anthropic, which already uses Google's TPUs, said on Thursday it will expand its use of
Google Cloud" reports an expansion; the aside's "already uses" retells the deal it expands.
A main clause that retells is background for its own reasons."""

from __future__ import annotations

import datetime as dt

from extractors.tagger import load_tagger

PUB = dt.date(2026, 10, 23)  # a Friday: "on Thursday" is the day before
ANTHROPIC_GOOGLE = ("hosting_deal", frozenset({"Anthropic", "Google"}))


def _events(text: str) -> dict[tuple[str, frozenset[str]], bool]:
    """Each event's (type, parties) with its background flag."""
    return {
        (e.type, frozenset(e.actors)): e.background for e in load_tagger().tag(text, published=PUB)
    }


def test_an_expansion_after_an_asides_already_is_news() -> None:
    text = (
        "Anthropic, which already uses Google's TPUs, said on Thursday it will expand its use of "
        "Google Cloud to as many as one million chips."
    )
    assert _events(text) == {ANTHROPIC_GOOGLE: False}
    [event] = load_tagger().tag(text, published=PUB)
    assert event.event_date == dt.date(2026, 10, 22)


def test_a_main_clause_dated_back_stays_background() -> None:
    text = (
        "Anthropic, which already uses Google's TPUs, signed a deal with Google Cloud in 2023 "
        "for more capacity."
    )
    assert _events(text) == {ANTHROPIC_GOOGLE: True}


def test_a_deal_told_only_in_the_aside_is_no_news() -> None:
    text = (
        "Anthropic, which already runs its models on Google's TPUs, said on Thursday it would "
        "open an office in Tokyo."
    )
    assert not [e for e in load_tagger().tag(text, published=PUB) if not e.background]
