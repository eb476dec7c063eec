"""A deal that grows an older one ("expanding a partnership that began in 2023") is news as of
the article: the older deal's year dates the older deal only. A deal told as made under the
older one stays background."""

from __future__ import annotations

import datetime as dt

from extractors.tagger import load_tagger

PUB = dt.date(2026, 12, 1)


def _read(text: str) -> list[tuple[str, frozenset[str], bool, dt.date | None]]:
    return [
        (e.type, frozenset(e.actors), e.background, e.event_date)
        for e in load_tagger().tag(text, published=PUB)
    ]


def test_a_deal_expanding_an_older_partnership_is_news() -> None:
    text = (
        "Google has signed a deal to supply Anthropic with up to 1 million TPUs, expanding a "
        "partnership that began in 2023."
    )
    assert _read(text) == [("hosting_deal", frozenset({"Google", "Anthropic"}), False, PUB)]


def test_a_supply_under_an_older_partnership_stays_background() -> None:
    text = "Google will supply Anthropic with TPUs under a partnership that began in 2023."
    assert [bg for _, _, bg, _ in _read(text)] == [True]
