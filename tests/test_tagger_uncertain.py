"""A deal the writer leaves an open question ("It is unclear whether", "remains to be seen")
is no event; a deal told before such a question in its own clause still is."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news


@pytest.mark.parametrize(
    "text",
    [
        "It is unclear whether Microsoft will keep its exclusive rights after the restructuring.",
        "Whether Apple will extend its deal with OpenAI remains to be seen.",
    ],
)
def test_an_open_question_is_no_event(text: str) -> None:
    assert news(text) == set()


def test_a_deal_told_before_the_question_stays() -> None:
    text = (
        "OpenAI signed a $300 billion cloud deal with Oracle, though it is unclear whether the "
        "capacity will be ready by 2027."
    )
    assert news(text) == {("hosting_deal", frozenset({"OpenAI", "Oracle"}))}
