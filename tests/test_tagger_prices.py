"""A price as pages write it, in any currency: "$8 USD/month", "₹399 a month", "Rs. 399 a
month", "399 rupees a month" are the same launch price as "$8 a month" (a packaging change
when a word of change stands beside it, background when it is only stated)."""

from __future__ import annotations

import pytest
from test_tagger_generalisation import summary as news


@pytest.mark.parametrize(
    "text",
    [
        "OpenAI launched ChatGPT Go in India at ₹399 a month.",
        "OpenAI launched ChatGPT Go in India at Rs. 399 a month.",
        "OpenAI launched ChatGPT Go in India at 399 rupees a month.",
        "OpenAI launched ChatGPT Go in Indonesia at Rp 75,000 a month.",
        "Mistral launched Le Chat Pro in Japan at ¥2,200 a month.",
        "Starting today, Perplexity Max is available for $200 USD/month.",
    ],
)
def test_a_launch_price_in_any_currency_is_a_packaging_change(text: str) -> None:
    assert any(etype == "packaging_change" for etype, _ in news(text)), news(text)


def test_a_price_only_stated_per_month_is_still_background() -> None:
    assert not news("ChatGPT Plus costs $20/month.")
