"""Ways reporters say a thing without the words the rules first knew. A model reaches a new
channel without a word of selling: "putting Anthropic's Claude inside Microsoft 365 Copilot",
"to put ChatGPT into iOS"; money put into a company is an investment, not a channel. An
agreement is revised in the passive voice ("the agreement ... was amended") as in the active,
and compute is supplied so too ("a new data center ... will be built by Oracle for OpenAI")."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news

from extractors.tagger import load_rule_tagger


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "Microsoft is putting Anthropic's Claude inside Microsoft 365 Copilot for business "
            "customers.",
            {"Anthropic", "Microsoft"},
        ),
        (
            "Samsung will put Perplexity's assistant into its Galaxy S26 phones.",
            {"Perplexity", "Samsung"},
        ),
        (
            "Snowflake is putting OpenAI's newest models natively inside its Cortex AI service.",
            {"OpenAI", "Snowflake"},
        ),
    ],
)
def test_putting_a_model_into_a_product_is_a_distribution(text: str, parties: set[str]) -> None:
    assert ("distribution_expansion", frozenset(parties)) in news(text), news(text)


@pytest.mark.parametrize(
    "text",
    [
        "Nvidia will put up to $100 billion into OpenAI as the startup builds data centers.",
        "Amazon is putting another $4 billion into Anthropic.",
    ],
)
def test_money_put_into_a_company_is_no_distribution(text: str) -> None:
    assert not any(etype == "distribution_expansion" for etype, _ in news(text)), news(text)


@pytest.mark.parametrize(
    "text",
    [
        "The partnership agreement between Microsoft and OpenAI was amended on Tuesday.",
        "Oracle's cloud contract with OpenAI has been reworked, the companies said.",
        "The 2024 deal between Mistral and Microsoft will be redrawn next year.",
        "Under the revised setup, Cohere and Oracle split the revenue from Command models.",
    ],
)
def test_an_agreement_revised_in_the_passive_is_a_renegotiation(text: str) -> None:
    assert any(etype == "renegotiation" for etype, _ in news(text)), news(text)


def test_an_agreement_signed_in_the_passive_is_no_renegotiation() -> None:
    found = news("The agreement between Microsoft and OpenAI was signed in Redmond on Tuesday.")
    assert not any(etype == "renegotiation" for etype, _ in found), found


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("A new data center in Texas will be built by Oracle for OpenAI.", {"OpenAI", "Oracle"}),
        ("Anthropic's compute needs will be met by Google Cloud.", {"Anthropic", "Google"}),
    ],
)
def test_compute_supplied_in_the_passive_is_a_hosting_deal(text: str, parties: set[str]) -> None:
    assert ("hosting_deal", frozenset(parties)) in news(text), news(text)


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        # "AI-powered" is three tokens: the model named between "build" and "into" is long
        (
            "Samsung will build Perplexity's AI-powered models into its Galaxy phones.",
            {"Perplexity", "Samsung"},
        ),
        ("Motorola is building Grok 4 and Grok 4 Fast into its new phones.", {"Motorola", "xAI"}),
    ],
)
def test_the_rules_read_a_long_model_name_built_into_a_product(
    text: str, parties: set[str]
) -> None:
    events = load_rule_tagger().tag(text)
    assert [(e.type, set(e.actors), e.rule_id) for e in events] == [
        ("distribution_expansion", parties, "dist-build-into")
    ], events
