"""An "if" frames a deal only before it: "If OpenAI sells through Google, Microsoft could
lose ..." is commentary; "will offer ... at a discount if they commit for a year" states an
offer with a term."""

from __future__ import annotations

from test_tagger_generalisation import summary as news


def test_a_condition_after_the_deal_is_a_term_of_it() -> None:
    text = (
        "Microsoft will offer Azure OpenAI Service customers provisioned throughput at a "
        "discount if they commit for a year."
    )
    assert news(text) == {("packaging_change", frozenset({"Microsoft"}))}


def test_a_condition_before_the_deal_frames_it() -> None:
    text = (
        "If OpenAI sells its models through Google Cloud, Microsoft will cut prices for Azure "
        "OpenAI Service."
    )
    assert news(text) == set()
