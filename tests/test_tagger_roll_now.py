"""A roll of three or more partners is a platform's standing line-up, background, unless the
sentence tells them as new: "now" does, as "new", "adds" and "will" did."""

from __future__ import annotations

from test_tagger_generalisation import summary as news

from extractors.tagger import load_tagger

FOUNDRY_ROLL = {
    ("distribution_expansion", frozenset({maker, "Microsoft"}))
    for maker in ("xAI", "Meta", "Mistral")
}


def test_a_roll_told_as_now_is_news() -> None:
    assert news("Microsoft Foundry now offers models from xAI, Meta and Mistral.") == FOUNDRY_ROLL


def test_a_roll_told_plainly_stays_background() -> None:
    events = load_tagger().tag("Microsoft Foundry offers models from xAI, Meta and Mistral.")
    assert events
    assert all(e.background for e in events)
