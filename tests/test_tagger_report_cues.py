"""Reports told in more words than "people familiar with the matter": sources described at
length ("sources with a role in the transaction say"), people who "indicate", a report
named with its adjectives ("per the most recent report from Bloomberg"). Each makes the
event `reported`, as the guide's status table says of media reports and unnamed sources."""

from __future__ import annotations

import pytest

from extractors.tagger import load_tagger


@pytest.mark.parametrize(
    "text",
    [
        "Sources with a role in the transaction say CoreWeave will supply Mistral with GPU "
        "capacity.",
        "People inside the industry indicate that Mistral will rent GPU capacity from Oracle.",
        "Per the most recent report from Bloomberg, Cohere will rent GPU capacity from Oracle.",
    ],
)
def test_a_report_in_more_words_is_reported(text: str) -> None:
    events = load_tagger().tag(text)
    assert [(e.type, e.status) for e in events] == [("hosting_deal", "reported")], events


def test_a_company_that_indicates_its_plan_confirms_it() -> None:
    text = "Oracle indicated that it will rent GPU capacity to Cohere."
    assert [e.status for e in load_tagger().tag(text)] == ["confirmed"]
