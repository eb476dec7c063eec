"""Two words real reports use in more than one sense.

"citing" attributes a report only when what is cited is a source ("citing people familiar",
"citing The Wall Street Journal"); "citing higher compute costs" gives a reason, and the
change stays confirmed. And "folding" a model into a plan is a change of packaging, as
"bundling" is, not a price stated."""

from __future__ import annotations

import pytest

from extractors.tagger import load_tagger


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "Microsoft is raising the price of Microsoft 365 subscriptions, citing the addition "
            "of Copilot.",
            "confirmed",
        ),
        (
            "Microsoft is raising the price of Microsoft 365 subscriptions to add Copilot, "
            "Bloomberg reported, citing people familiar with the plans.",
            "reported",
        ),
        (
            "Microsoft is raising the price of Microsoft 365 subscriptions to add Copilot, "
            "citing The Wall Street Journal.",
            "reported",
        ),
    ],
)
def test_citing_reports_only_a_source(text: str, status: str) -> None:
    [event] = load_tagger().tag(text)
    assert (event.type, event.status) == ("packaging_change", status)


def test_folding_a_model_into_a_plan_is_news() -> None:
    text = "Google is folding Gemini Advanced into its Google One AI Premium plan."
    events = [e for e in load_tagger().tag(text) if e.type == "packaging_change"]
    assert [(e.actors, e.background) for e in events] == [(("Google",), False)]
