"""A company handing a model to its own staff uses it internally: no distribution (the
guide: "a company using a model internally" is not an event)."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news


@pytest.mark.parametrize(
    "text",
    [
        "Accenture will roll out ChatGPT Enterprise to tens of thousands of employees.",
        "Deutsche Telekom will roll out ChatGPT Enterprise organization-wide.",
        "Salesforce will offer Anthropic's Claude to all of its employees, the company said.",
    ],
)
def test_a_model_given_to_a_company_s_own_staff_is_no_distribution(text: str) -> None:
    assert not {t for t, _ in news(text) if t == "distribution_expansion"}


@pytest.mark.parametrize(
    "text",
    [
        "Microsoft will sell Anthropic's models to its enterprise customers.",
        "Microsoft will offer Claude to businesses with fewer than 300 employees through Copilot.",
    ],
)
def test_a_model_sold_to_customers_stays_a_distribution(text: str) -> None:
    assert ("distribution_expansion", frozenset({"Anthropic", "Microsoft"})) in news(text)
