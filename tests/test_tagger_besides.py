"""A company named as the exception ("the only cloud besides Azure", "every cloud except
Azure") is no party: the right goes to the one named beside it. ("outside" is left out: "the
first cloud outside Europe", "any outside customer" in the labelled sets, and the retrain it
brings measured worse.)"""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news

ORACLE_OPENAI = frozenset({"Oracle", "OpenAI"})


@pytest.mark.parametrize(
    "text",
    [
        "The deal makes Oracle the only cloud except Azure allowed to sell OpenAI's models.",
        "The deal makes Oracle the only cloud besides Azure that can sell OpenAI's models.",
    ],
)
def test_the_exception_is_no_party_of_the_exclusivity(text: str) -> None:
    found = news(text)
    assert ("exclusivity_change", ORACLE_OPENAI) in found
    assert not [parties for _, parties in found if "Microsoft" in parties]


def test_a_sentence_opening_with_besides_keeps_its_deal() -> None:
    text = "Besides Microsoft, OpenAI will now sell its models through Oracle."
    assert ("distribution_expansion", ORACLE_OPENAI) in news(text)
