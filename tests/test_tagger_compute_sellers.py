"""Companies that sell nothing but compute (``"compute_only": true`` in the gazetteer): a deal of
theirs is a hosting deal even where the sentence names no compute ("a $22.4 billion contract
with CoreWeave"), and their buyer need not be a model maker (Microsoft buys capacity from
Nebius, as dev2's labels record). A deal between two such sellers, or with a chipmaker alone,
stays as the roles and words say. Access to chips or capacity is compute bought, from
whoever the sentence names as its seller."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("OpenAI signed a $22.4 billion contract with CoreWeave.", {"CoreWeave", "OpenAI"}),
        (
            "Nebius signed a five-year deal with Microsoft worth up to $19.4 billion.",
            {"Nebius", "Microsoft"},
        ),
        (
            "Microsoft signed a $9.7 billion deal with IREN for access to Nvidia GB300 GPUs.",
            {"IREN", "Microsoft"},
        ),
        (
            "Lambda struck a multibillion-dollar agreement with Microsoft to deploy AI "
            "infrastructure powered by Nvidia.",
            {"Lambda", "Microsoft"},
        ),
        (
            "CoreWeave signed an expanded agreement with Meta worth up to $14.2 billion.",
            {"CoreWeave", "Meta"},
        ),
    ],
)
def test_a_deal_of_a_compute_seller_is_a_hosting_deal(text: str, parties: set[str]) -> None:
    assert news(text) == {("hosting_deal", frozenset(parties))}


def test_two_compute_sellers_keep_their_own_roles() -> None:
    found = news(
        "Galaxy Digital agreed to supply CoreWeave with 200 megawatts of capacity at its "
        "Helios campus."
    )
    assert found == {("hosting_deal", frozenset({"Galaxy Digital", "CoreWeave"}))}


@pytest.mark.parametrize(
    "text",
    [
        # a deal of a cloud that also sells models says nothing of compute by itself
        "Microsoft signed a deal with Oracle.",
        # an acquisition between two compute sellers is no hosting deal
        "CoreWeave agreed to acquire Core Scientific in an all-stock deal valued at about $9 "
        "billion.",
    ],
)
def test_a_deal_without_a_compute_seller_or_buyer_is_no_hosting_deal(text: str) -> None:
    assert not any(etype == "hosting_deal" for etype, _ in news(text)), news(text)


def test_access_to_compute_is_a_hosting_deal() -> None:
    found = news("Under the deal, Anthropic has access to up to one million TPUs from Google.")
    assert found == {("hosting_deal", frozenset({"Anthropic", "Google"}))}


@pytest.mark.parametrize(
    "text",
    [
        # a cloud named by an app of its, or by its chief, names no compute
        "Microsoft said it will start paying Anthropic for models used in Office 365 Copilot.",
        "Google will pay Perplexity to feature its answer engine in Chrome.",
        "Nvidia's Jensen Huang said the chipmaker signed a deal with OpenAI.",
    ],
)
def test_a_cloud_named_by_an_app_or_a_person_is_no_compute(text: str) -> None:
    assert not any(etype == "hosting_deal" for etype, _ in news(text)), news(text)


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        # a cloud named by its cloud ("compute_names" in the gazetteer) names compute
        ("OpenAI signed a $10 billion deal with Microsoft Azure.", {"Microsoft", "OpenAI"}),
        ("Mistral signed a multiyear agreement with AWS.", {"Amazon", "Mistral"}),
    ],
)
def test_a_cloud_named_by_its_cloud_names_compute(text: str, parties: set[str]) -> None:
    assert ("hosting_deal", frozenset(parties)) in news(text), news(text)
