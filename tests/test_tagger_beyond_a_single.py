"""Spreading bets "beyond a single provider" is commentary on many suppliers, not an
exclusive right; "the sole provider" still names one."""

from __future__ import annotations

from test_tagger_generalisation import summary as news

ORACLE_XAI = frozenset({"Oracle", "xAI"})


def test_beyond_a_single_provider_is_no_exclusivity() -> None:
    text = (
        "Oracle said on Monday it will offer xAI's Grok models through its cloud, the latest "
        "sign that model makers are spreading their bets beyond a single provider."
    )
    assert news(text) == {("distribution_expansion", ORACLE_XAI)}


def test_the_sole_provider_is_an_exclusivity() -> None:
    text = "Oracle became the sole provider of cloud capacity for OpenAI's Stargate."
    assert ("exclusivity_change", frozenset({"Oracle", "OpenAI"})) in news(text)
