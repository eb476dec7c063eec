"""A right to approve the other's sales is an exclusivity: "no longer needs Microsoft's
permission to sell its models through other clouds" loosens it."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news

from extractors.tagger import load_tagger

MICROSOFT_OPENAI = frozenset({"Microsoft", "OpenAI"})


@pytest.mark.parametrize(
    "text",
    [
        "OpenAI no longer needs Microsoft's permission to sell its models through other clouds.",
        "OpenAI will no longer need Microsoft's consent to use other cloud providers.",
        "OpenAI can now sell through other clouds without needing approval from Microsoft.",
    ],
)
def test_no_longer_needing_permission_ends_an_exclusivity(text: str) -> None:
    assert news(text) == {("exclusivity_change", MICROSOFT_OPENAI)}


def test_an_approval_that_is_no_partners_is_none() -> None:
    text = "Microsoft closed its investment in OpenAI without needing regulatory approval."
    assert not [e for e in load_tagger().tag(text) if e.type == "exclusivity_change"]
