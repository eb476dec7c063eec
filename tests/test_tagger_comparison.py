"""A record measured against a past time ("for the first time since 2013") is news as of the
article: the time it is measured against dates nothing and marks no background. A time that
dates a clause of its own ("since it signed with Amazon in 2023") still does."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.tagger import load_tagger
from extractors.tagger.timex import find_times

PUB = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("sentence", "left"),
    [
        ("Microsoft raised prices for the first time since 2013 as it added Copilot.", []),
        ("Microsoft raised the price for the first time since its launch in 2013.", []),
        ("It is the first price rise since 2013 and takes effect in January.", ["in January"]),
        ("It was the highest total ever since the start of 2020.", []),
        # a clause of its own, and what a "when" clause tells, keep their time
        ("It is its biggest deal since it signed with Amazon in 2023.", ["in 2023"]),
        (
            "OpenAI sells elsewhere for the first time since 2019, when Azure became exclusive.",
            ["since 2019"],
        ),
        ("It has run on Azure since 2019, its first cloud.", ["since 2019"]),
    ],
)
def test_a_comparisons_time_dates_nothing(sentence: str, left: list[str]) -> None:
    assert [t.text.rstrip(".") for t in find_times(sentence, PUB)] == left


def test_a_price_rise_for_the_first_time_since_a_year_is_news() -> None:
    text = (
        "Microsoft is raising the price of its Microsoft 365 consumer subscriptions for the "
        "first time since 2013 as it adds Copilot."
    )
    events = load_tagger().tag(text, published=PUB)
    assert [(e.type, e.actors, e.background, e.event_date) for e in events] == [
        ("packaging_change", ("Microsoft",), False, PUB)
    ]


def test_the_deal_a_record_is_measured_against_stays_background() -> None:
    text = (
        "Anthropic agreed to buy $30 billion of Azure compute, its biggest cloud deal since it "
        "signed with Amazon in 2023."
    )
    events = load_tagger().tag(text, published=PUB)
    amazon = [e for e in events if set(e.actors) == {"Amazon", "Anthropic"}]
    assert [(e.type, e.background, e.event_date) for e in amazon] == [
        ("hosting_deal", True, dt.date(2023, 1, 1))
    ]
