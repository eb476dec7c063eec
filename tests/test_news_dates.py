"""The learned decision's dates: a deal retold in an article is background at its own date,
and the date a changed deal was made does not date its change."""

from __future__ import annotations

import datetime as dt

import pytest
from test_news_decision import news

from extractors.tagger import load_tagger

ARTICLE = [
    "Judge sends xAI's case over Apple's ChatGPT deal to trial.",
    "A federal judge on Tuesday sent xAI's lawsuit against Apple to a jury trial.",
    "xAI says Apple's ChatGPT integration shut rival chatbots out of the iPhone.",
    "Apple and OpenAI amended that agreement last week, ending ChatGPT's position as the "
    "only chatbot built into Apple Intelligence and adding Google's Gemini as an option.",
    "The trial is set to begin in March.",
    "Apple declined to comment.",
]


def test_in_an_article_a_deal_dated_a_week_back_is_background() -> None:
    published = dt.date(2026, 8, 19)
    events = load_tagger().tag(" ".join(ARTICLE), published=published)
    week_back = [e for e in events if e.evidence.startswith("Apple and OpenAI amended")]
    assert week_back, "the retold amendment stays visible on the timeline"
    assert all(e.background and e.event_date == dt.date(2026, 8, 12) for e in week_back)
    # the same sentence cut out as a snippet is the news it reports
    assert news(ARTICLE[3], published)


def test_a_deal_told_weeks_after_is_dated_that_long_back() -> None:
    article = [
        "Cohere raises $1.2 billion as enterprise demand lifts its valuation.",
        "Cohere said on Tuesday it had raised $1.2 billion from Nvidia and Salesforce.",
        "The raise comes three weeks after Cohere signed a multi-year infrastructure agreement "
        "with Nebius, under which Nebius is to supply GPU capacity from Finland.",
        "Cohere's models are sold through Oracle and Microsoft.",
        "Nvidia declined to comment on its stake in Cohere.",
    ]
    published = dt.date(2026, 8, 19)
    events = load_tagger().tag(" ".join(article), published=published)
    [nebius] = [e for e in events if set(e.actors) == {"Cohere", "Nebius"}]
    assert nebius.background and nebius.event_date == dt.date(2026, 7, 29)


JUNE_16 = dt.date(2026, 6, 16)
# a change to a deal is news as of the article: "signed last October" or "their 2019
# agreement" dates the agreement being changed, not the change
CHANGES_OF_DATED_DEALS = [
    "Microsoft and OpenAI have begun talks to revise the commercial agreement the two "
    "companies signed last October, people familiar with the discussions said.",
    "Microsoft and Mistral AI are negotiating changes to the partnership they struck in early "
    "2024, according to people familiar with the talks.",
    "Microsoft and OpenAI are renegotiating their 2019 agreement, people familiar with the "
    "talks said.",
]
# the agreement's own making, dated: still a retold deal
DATED_MAKINGS = [
    ("Their 2019 agreement gave Microsoft exclusive rights to resell OpenAI's models.", 2019, 1),
    (
        "The agreement the two companies signed last October gave Microsoft exclusive rights to "
        "resell OpenAI's models.",
        2025,
        10,
    ),
]


def dated(text: str) -> set[tuple[bool, dt.date | None]]:
    events = load_tagger().tag(text, published=JUNE_16)
    assert events, text
    return {(e.background, e.event_date) for e in events}


@pytest.mark.parametrize("text", CHANGES_OF_DATED_DEALS)
def test_the_date_a_changed_deal_was_made_does_not_date_its_change(text: str) -> None:
    assert dated(text) == {(False, JUNE_16)}


@pytest.mark.parametrize(("text", "year", "month"), DATED_MAKINGS)
def test_a_deal_told_with_the_date_it_was_made_is_retold(text: str, year: int, month: int) -> None:
    assert dated(text) == {(True, dt.date(year, month, 1))}
