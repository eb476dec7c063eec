"""Companies beyond the big names: telcos that bundle an assistant, data-centre operators that
host training, smaller model makers. A deal of a company the gazetteer does not know cannot be
found at all (its parties are nobody), and a longer name must win over a product name inside
it: "Galaxy Digital" is not Samsung's Galaxy, "Indosat Ooredoo Hutchison" is not Ooredoo."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news


@pytest.mark.parametrize(
    ("text", "event"),
    [
        (
            "Telkomsel is bringing Perplexity's AI assistant to its 150 million subscribers.",
            ("distribution_expansion", {"Perplexity", "Telkomsel"}),
        ),
        (
            "Bouygues Telecom will offer its mobile customers a year of Perplexity Pro.",
            ("distribution_expansion", {"Perplexity", "Bouygues Telecom"}),
        ),
        (
            "Anthropic signed a deal to train Claude on capacity at Hut 8's new data center "
            "campus in Louisiana.",
            ("hosting_deal", {"Anthropic", "Hut 8"}),
        ),
        (
            "Cirrascale will offer Ai2's OLMo models through its inference cloud.",
            ("distribution_expansion", {"Ai2", "Cirrascale"}),
        ),
        (
            "Microsoft will make Kuaishou's Kling video models available in Azure AI Foundry.",
            ("distribution_expansion", {"Kuaishou", "Microsoft"}),
        ),
    ],
)
def test_a_deal_of_a_smaller_company_is_found_with_its_parties(
    text: str, event: tuple[str, set[str]]
) -> None:
    etype, parties = event
    assert (etype, frozenset(parties)) in news(text)


def test_a_longer_name_wins_over_a_product_inside_it() -> None:
    found = news(
        "Galaxy Digital agreed to supply CoreWeave with 200 megawatts of capacity at its "
        "Helios campus."
    )
    assert ("hosting_deal", frozenset({"Galaxy Digital", "CoreWeave"})) in found
    assert all("Samsung" not in parties for _, parties in found), found

    bundled = news("Indosat Ooredoo Hutchison will bundle Google's Gemini with its prepaid plans.")
    assert bundled and all("Ooredoo" not in parties for _, parties in bundled), bundled
    assert any("Indosat" in parties for _, parties in bundled), bundled
