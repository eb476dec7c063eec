"""Time expressions resolved against the publication date (extractors.tagger.timex)."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.tagger.timex import event_date, find_times

PUB = dt.date(2026, 6, 16)


@pytest.mark.parametrize(
    ("sentence", "text", "date", "since"),
    [
        ("The deal was agreed in 2025.", "in 2025", dt.date(2025, 1, 1), False),
        ("It expanded the pact last July.", "last July", dt.date(2025, 7, 1), False),
        ("Azure has been its cloud since 2019.", "since 2019", dt.date(2019, 1, 1), True),
        ("The service goes live next month.", "next month", dt.date(2026, 7, 1), False),
        (
            "On April 28, 2026, OpenAI launched on AWS.",
            "April 28, 2026",
            dt.date(2026, 4, 28),
            False,
        ),
        ("It signed the contract three years ago.", "three years ago", dt.date(2023, 6, 17), False),
        ("It came two weeks after it signed.", "two weeks after", dt.date(2026, 6, 2), False),
        ("The companies said on Friday.", "on Friday", dt.date(2026, 6, 12), False),
        (
            "Revenue rose in the third quarter of 2025.",
            "third quarter of 2025",
            dt.date(2025, 7, 1),
            False,
        ),
        ("They agreed terms earlier this month.", "earlier this month", PUB, False),
        ("It cut prices earlier this week.", "earlier this week", PUB, False),
        ("It cut prices earlier in the month.", "earlier in the month", PUB, False),
        ("It amended the deal last week.", "last week", dt.date(2026, 6, 9), False),
        ("It has relied on Azure ever since.", "ever since", None, True),
        ("It has run AMD chips since the summer.", "since the summer", None, True),
        # dates as pages write them, and the part of a year or the season a word names
        ("The filing is dated 2025-09-25.", "2025-09-25", dt.date(2025, 9, 25), False),
        ("It signed on 9/25/2025.", "9/25/2025", dt.date(2025, 9, 25), False),
        ("It signed on 25/9/2025.", "25/9/2025", dt.date(2025, 9, 25), False),
        ("They struck the deal in late 2024.", "late 2024", dt.date(2024, 10, 1), False),
        ("They struck the deal in mid-2025.", "mid-2025", dt.date(2025, 6, 1), False),
        ("It ships in H2 2025.", "H2 2025", dt.date(2025, 7, 1), False),
        (
            "It shipped in the second half of 2025.",
            "the second half of 2025",
            dt.date(2025, 7, 1),
            False,
        ),
        ("It began in early 2026.", "early 2026", dt.date(2026, 1, 1), False),
        ("It began in the first half of 2026.", "the first half of 2026", PUB, False),
        ("They met in the spring of 2024.", "the spring of 2024", dt.date(2024, 3, 1), False),
        ("They first met last fall.", "last fall", dt.date(2025, 9, 1), False),
        ("They met last summer.", "last summer", dt.date(2025, 6, 1), False),
        ("It launches next winter.", "next winter", dt.date(2026, 12, 1), False),
        ("It launches this summer.", "this summer", PUB, False),
        ("It has run on Azure since late 2024.", "since late 2024", dt.date(2024, 10, 1), True),
    ],
)
def test_each_form_resolves(sentence: str, text: str, date: dt.date | None, since: bool) -> None:
    found = find_times(sentence, PUB)
    assert [(t.text.rstrip("."), t.date, t.since) for t in found] == [(text, date, since)]


def test_this_year_is_the_publication_date_and_money_is_no_year() -> None:
    found = find_times("In 2026 it committed $2026 million, 2030 GW aside.", PUB)
    assert [t.date for t in found] == [PUB]


def test_event_date_is_the_first_dated_expression_else_the_publication() -> None:
    assert event_date(find_times("Agreed in 2024, expanded next month.", PUB), PUB) == dt.date(
        2024, 1, 1
    )
    assert event_date(find_times("No date here.", PUB), PUB) == PUB


def test_a_month_is_a_whole_word() -> None:
    found = find_times("It will spend $100 billion over the next decade.", PUB)
    assert [(t.text, t.date) for t in found] == [("next decade", PUB)]


def test_a_month_after_from_or_until_lies_ahead() -> None:
    november = dt.date(2026, 11, 24)
    (start,) = find_times("The price rises from Feb. 1, the company said.", november)
    assert start.date == dt.date(2027, 2, 1)
    (past,) = find_times("The two signed the deal in February.", november)
    assert past.date == dt.date(2026, 2, 1)


@pytest.mark.parametrize(
    ("sentence", "bound"),
    [
        ("SoftBank keeps its exclusive rights until 2030.", True),
        ("The two sides extended the rights to 2030.", True),
        ("OpenAI asked Oracle to push some capacity into 2028.", True),
        ("Microsoft keeps the right through 2032.", True),
        ("OpenAI will pay Microsoft about 8% of its revenue by 2030.", True),
        ("A gigawatt of capacity comes online by the end of 2027.", True),
        ("Microsoft wants to keep access to OpenAI's technology beyond 2030.", True),
        ("The talks cover its access to OpenAI's models after 2030.", True),
        ("The two are revisiting the terms ahead of next year's launch.", True),
        ("The companies expect to close the deal before 2028.", True),
        ("The deal was agreed in 2025.", False),
        ("Capacity comes online in 2028.", False),
    ],
)
def test_an_end_point_is_told_from_a_happening(sentence: str, bound: bool) -> None:
    [t] = find_times(sentence, PUB)
    assert t.bound is bound
    assert t.bounds_ahead(PUB) is (bound and t.date is not None and t.date > PUB)
