"""A product "included in" or "bundled into" a subscription is a packaging change
when the sentence tells it as news, and a standing price list (background) when not."""

from __future__ import annotations

from test_tagger_generalisation import summary as news

from extractors.tagger import load_tagger

MICROSOFT = {("packaging_change", frozenset({"Microsoft"}))}


def test_a_product_now_included_in_a_subscription_is_news() -> None:
    text = "Copilot will now be included in Microsoft 365 Personal and Family subscriptions."
    assert news(text) == MICROSOFT


def test_a_product_included_as_it_stands_is_background() -> None:
    text = "Copilot is included in Microsoft 365 Personal and Family subscriptions."
    events = load_tagger().tag(text)
    assert [(e.type, e.background) for e in events] == [("packaging_change", True)]
