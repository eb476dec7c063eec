"""A non-binding agreement is talks, in the plural and hyphenated forms real reports use:
"signed letters of intent", "signed MoUs", "a non-binding agreement" (the guide: a letter of
intent, memorandum of understanding or other non-binding agreement is ``talks``)."""

from __future__ import annotations

import pytest

from extractors.tagger import load_tagger


@pytest.mark.parametrize(
    "text",
    [
        "Samsung and SK Hynix signed letters of intent to supply memory chips for OpenAI's "
        "Stargate project.",
        "Oracle and OpenAI signed a non-binding agreement for Oracle to supply 1 gigawatt of "
        "capacity in Michigan.",
        "Microsoft and G42 signed MoUs to build data centers in Kenya for OpenAI workloads.",
        "CoreWeave and Mistral signed memoranda of understanding for 100 megawatts of capacity.",
    ],
)
def test_a_non_binding_deal_is_talks(text: str) -> None:
    events = [e for e in load_tagger().tag(text) if e.type == "hosting_deal"]
    assert events and {e.status for e in events} == {"talks"}, events
