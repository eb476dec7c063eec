"""A share that "drops to 8%" is reduced, not ended; dropping the share itself ends it."""

from __future__ import annotations

import pytest

from extractors.tagger import load_tagger


def directions(text: str) -> set[str | None]:
    return {e.direction for e in load_tagger().tag(text) if e.type == "revenue_share_change"}


@pytest.mark.parametrize(
    "text",
    [
        "Microsoft's revenue share from OpenAI will drop to about 8% by 2030, The Information "
        "reported.",
        "OpenAI's revenue share payments to Microsoft dropped from 20% to 8%.",
        "The revenue share Microsoft receives from OpenAI drops by half under the new terms.",
    ],
)
def test_a_share_that_drops_to_a_level_is_reduced(text: str) -> None:
    assert directions(text) == {"reduced"}


@pytest.mark.parametrize(
    "text",
    [
        "Microsoft will drop the revenue share it pays OpenAI, the companies said.",
        "Microsoft has dropped its revenue share arrangement with OpenAI.",
    ],
)
def test_dropping_the_share_ends_it(text: str) -> None:
    assert directions(text) == {"ended"}
