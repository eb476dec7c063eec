"""The learned decision on sentences no rule or label was written from: news is kept,
background is marked, commentary and rolls of existing partners give no news event."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.tagger import load_tagger

PUB = dt.date(2026, 6, 16)


def news(text: str, published: dt.date | None = PUB) -> set[tuple[str, frozenset[str], str]]:
    return {
        (e.type, frozenset(e.actors), e.status)
        for e in load_tagger().tag(text, published=published)
        if not e.background
    }


def test_a_deal_announced_today_is_news_dated_today() -> None:
    events = load_tagger().tag(
        "Amazon Web Services has started selling xAI's Grok models through Bedrock, the two "
        "companies announced on Tuesday.",
        published=PUB,
    )
    kept = [e for e in events if e.type == "distribution_expansion" and not e.background]
    assert [set(e.actors) for e in kept] == [{"Amazon", "xAI"}]
    assert kept[0].event_date == dt.date(2026, 6, 16)  # Tuesday 16 June 2026


def test_a_background_phrase_marks_only_the_deal_it_speaks_of() -> None:
    text = (
        "Snowflake said on Monday it will offer Anthropic's Claude models through Cortex AI, "
        "adding to the OpenAI models it already sells."
    )
    events = load_tagger().tag(text, published=PUB)
    by_parties = {frozenset(e.actors): e.background for e in events}
    assert by_parties[frozenset({"Anthropic", "Snowflake"})] is False  # the news
    assert by_parties[frozenset({"OpenAI", "Snowflake"})] is True  # what it already sells
    both = (
        "Microsoft already sells OpenAI's models through Azure, and on Tuesday it began "
        "offering Anthropic's Claude in Copilot."
    )
    assert ("distribution_expansion", frozenset({"Anthropic", "Microsoft"}), "confirmed") in news(
        both
    )
    # a phrase whose stretch names one of a roll's companies still marks the whole roll
    roll = (
        "Claude is also sold through Amazon Bedrock, Google Cloud's Vertex AI and Microsoft "
        "Foundry, and none of the three would say whether it would match the new prices."
    )
    assert news(roll) == set()


def test_a_prior_state_beside_the_news_leaves_the_news_alone() -> None:
    # the rules drop the second "offers" as a prior state and keep the first "offer"
    text = (
        "Oracle will offer xAI's Grok models through its cloud, alongside the Meta Llama "
        "models it already offers."
    )
    assert ("distribution_expansion", frozenset({"Oracle", "xAI"}), "confirmed") in news(text)


def test_each_deal_of_a_sentence_takes_the_date_of_its_own_stretch() -> None:
    text = (
        "Oracle said on Tuesday it will host xAI's Grok models, two years after it began "
        "hosting OpenAI's workloads in 2024."
    )
    hosting = {
        frozenset(e.actors): e
        for e in load_tagger().tag(text, published=PUB)
        if e.type == "hosting_deal"
    }
    xai, openai = hosting[frozenset({"Oracle", "xAI"})], hosting[frozenset({"Oracle", "OpenAI"})]
    assert (xai.background, xai.event_date) == (False, dt.date(2026, 6, 16))
    assert (openai.background, openai.event_date) == (True, dt.date(2024, 1, 1))


def test_an_asides_history_does_not_make_the_main_clause_background() -> None:
    text = (
        "Microsoft, which has been OpenAI's largest backer since 2019, said on Tuesday it "
        "would no longer be its exclusive cloud provider."
    )
    [event] = [e for e in load_tagger().tag(text, published=PUB) if not e.background]
    assert (event.type, set(event.actors)) == ("exclusivity_change", {"Microsoft", "OpenAI"})
    assert event.event_date == dt.date(2026, 6, 16)


def test_an_asides_time_dates_nothing_even_as_the_sentences_only_time() -> None:
    text = (
        "Microsoft, which has invested $13 billion in OpenAI since 2019, will begin offering "
        "Anthropic's models in Microsoft 365 Copilot."
    )
    [event] = load_tagger().tag(text, published=PUB)
    assert (event.type, set(event.actors)) == ("distribution_expansion", {"Anthropic", "Microsoft"})
    assert (event.background, event.event_date) == (False, PUB)


@pytest.mark.parametrize(
    "text",
    [
        "Mistral, which raised EUR 1.7 billion in a round led by ASML last year, has been "
        "building Mistral Compute, a data-centre business in France using Nvidia chips.",
        "Fujitsu has been offering Cohere's models to its Japanese customers.",
    ],
)
def test_an_activity_told_as_under_way_is_no_news(text: str) -> None:
    assert news(text) == set()


def test_the_customers_of_an_aside_are_no_roll_of_the_main_clauses_partners() -> None:
    """A relative clause ("CoreWeave, which counts OpenAI and Microsoft") is no list of three."""
    text = (
        "CoreWeave, which counts OpenAI and Microsoft among its largest customers, said on "
        "Monday it would supply Meta with $14 billion of compute."
    )
    assert news(text) == {("hosting_deal", frozenset({"CoreWeave", "Meta"}), "confirmed")}


def test_a_term_extended_to_a_later_year_is_dated_when_it_was_extended() -> None:
    text = (
        "SoftBank will remain the only company allowed to sell OpenAI's enterprise products in "
        "Japan until 2030, after the two sides revised the terms of their venture, the "
        "companies said on Tuesday."
    )
    news = [e for e in load_tagger().tag(text, published=PUB) if not e.background]
    assert {e.type for e in news} >= {"exclusivity_change"}
    assert {e.event_date for e in news} == {dt.date(2026, 6, 16)}  # Tuesday, not 2030


def test_a_target_year_dates_nothing() -> None:
    text = (
        "OpenAI has told investors it will cut the share of revenue it pays Microsoft to about "
        "8% by 2030, down from 20%, according to documents seen by The Information."
    )
    news = [e for e in load_tagger().tag(text, published=PUB) if not e.background]
    assert {e.type for e in news} == {"revenue_share_change"}
    assert {e.event_date for e in news} == {PUB}  # told as of the article, not in 2030


def test_the_companies_word_confirms_what_another_sentence_reports() -> None:
    said = "SoftBank and OpenAI revised the terms of their Japan venture, the companies said."
    told = (
        "Under the revised agreement with OpenAI, SoftBank will keep 18 per cent of the revenue "
        "from ChatGPT Enterprise seats, according to people familiar with the matter."
    )
    assert ("renegotiation", frozenset({"OpenAI", "SoftBank"}), "reported") in news(told)
    for text in (f"{said} {told}", f"{told} {said}"):
        statuses = {s for t, a, s in news(text) if t == "renegotiation"}
        assert statuses == {"confirmed"}, text


def test_a_modal_is_commentary_only_where_it_governs_the_deal() -> None:
    talks = (
        "Samsung is negotiating with Perplexity on a collaboration that might transform the AI "
        "experience on its Galaxy phones, Bloomberg reported."
    )
    assert news(talks) == {
        ("distribution_expansion", frozenset({"Perplexity", "Samsung"}), "talks")
    }
    assert news("Oracle might offer xAI's Grok models through its cloud.") == set()
    assert news("Microsoft should renegotiate its revenue share with OpenAI.") == set()


def test_an_exclusive_right_held_is_background_and_one_ended_is_news() -> None:
    held = (
        "At present, Microsoft holds exclusive rights to sell OpenAI's models to cloud customers."
    )
    ended = "Microsoft no longer holds exclusive rights to sell OpenAI's models to cloud customers."
    events = load_tagger().tag(held, published=PUB)
    assert events and all(e.background for e in events if e.type == "exclusivity_change")
    assert news(ended) >= {("exclusivity_change", frozenset({"Microsoft", "OpenAI"}), "confirmed")}


def test_a_rival_the_deal_is_struck_with_is_its_party() -> None:
    text = (
        "OpenAI has struck an agreement with rival Google to tap its cloud infrastructure, "
        "three people with knowledge of the matter said."
    )
    assert ("hosting_deal", frozenset({"Google", "OpenAI"}), "reported") in news(text)


def test_a_deal_dated_years_back_is_background_at_its_own_date() -> None:
    text = "Oracle agreed in 2024 to supply OpenAI with data-centre capacity in Texas."
    events = load_tagger().tag(text, published=PUB)
    assert events, "the rules' hosting deal stays visible, as background"
    assert all(e.background for e in events)
    assert {e.event_date for e in events} == {dt.date(2024, 1, 1)}
    assert news(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        # a roll of existing partners
        "Grok itself is sold to businesses through Microsoft Foundry, Oracle's cloud, "
        "Amazon Bedrock and Snowflake.",
        # an analyst's view
        "The lower revenue cut is the price SoftBank paid for a longer runway, said one analyst.",
        # a conditional
        "If Google responds, OpenAI might cut its API prices again.",
        # a modal governing the deal's own verb
        "OpenAI could easily offer carriers a revenue share on ChatGPT Go upgrades.",
        "The companies are discussing more capacity in Google data centres, though the talks "
        "could still collapse over price.",
        # a question left open: no news of the deal it asks about
        "Microsoft declined to comment on whether it would renegotiate its revenue-sharing "
        "agreement with OpenAI.",
        "Oracle did not say whether it would sell OpenAI's models to its cloud customers.",
        # "single" is not "sole"
        "Claude in Microsoft Foundry and Grok in Azure changed procurement more than any single "
        "model release did.",
        # shopping posts: a price drop on hardware is not how a model is packaged
        "Apple's refurbished MacBook Air now starts at $749, the lowest price we have seen.",
        "Amazon cut the price of its Fire TV Stick to $19.99, a new all-time low.",
        "Microsoft is offering $50 off the Xbox Series X console and a second controller.",
    ],
)
def test_no_news_event(text: str) -> None:
    assert news(text) == set()


def test_a_question_the_parties_study_is_still_talks() -> None:
    text = (
        "The memorandum also commits the pair to study whether Orange could supply Mistral "
        "with GPU capacity from its data-centre campus in Normandy."
    )
    # a question the parties will study is a deal weighed, not made (articles-dev d07: the
    # MoU's GPU capacity read as confirmed until rules -33)
    assert news(text) == {("hosting_deal", frozenset({"Mistral", "Orange"}), "talks")}


def test_a_chipmaker_is_a_host_only_when_it_supplies_a_model_maker() -> None:
    hardware = (
        "The capacity will run on NVIDIA Blackwell systems operated by SAP within its "
        "sovereign cloud infrastructure."
    )
    assert news(hardware) == set()
    supplier = (
        "AMD agreed to supply OpenAI with six gigawatts of Instinct GPUs for its data centres."
    )
    assert ("hosting_deal", frozenset({"AMD", "OpenAI"}), "confirmed") in news(supplier)
    # the chips of a cloud's deal are not a party to it
    assert {
        a for _, a, _ in news("CoreWeave will run the cluster on Nvidia chips for Mistral.")
    } == {frozenset({"CoreWeave", "Mistral"})}
    racks = (
        "CoreWeave won a $14.2 billion deal to give Meta access to Nvidia GB300 server racks, "
        "the company said."
    )
    assert {a for t, a, _ in news(racks) if t == "hosting_deal"} == {
        frozenset({"CoreWeave", "Meta"})
    }


@pytest.mark.parametrize(
    ("text", "event"),
    [
        (
            "Under the revised agreement, Kakao will keep 18 per cent of revenue from the "
            "ChatGPT Enterprise seats it sells for OpenAI, down from 25 per cent.",
            ("revenue_share_change", frozenset({"Kakao", "OpenAI"}), "confirmed"),
        ),
        (
            "Samsung denied a report that it plans to strip Google's Gemini of its status as "
            "the preferred AI assistant on Galaxy phones.",
            ("exclusivity_change", frozenset({"Google", "Samsung"}), "denied"),
        ),
        (
            "The amended agreement ends ChatGPT's status as the only chatbot built into Apple "
            "Intelligence.",
            ("exclusivity_change", frozenset({"Apple", "OpenAI"}), "confirmed"),
        ),
        (
            "SoftBank will remain the only company allowed to sell OpenAI's enterprise products "
            "to Japan's largest companies until 2030, after the two sides revised the terms of "
            "their joint venture.",
            ("exclusivity_change", frozenset({"OpenAI", "SoftBank"}), "confirmed"),
        ),
    ],
)
def test_shares_in_per_cent_and_the_only_or_preferred_assistant(
    text: str, event: tuple[str, frozenset[str], str]
) -> None:
    found = news(text)
    assert event in found
    assert not any(t == "distribution_expansion" for t, _, _ in found)


def test_a_price_changed_is_news_and_a_price_stated_is_background() -> None:
    tagger = load_tagger()
    cut = "Microsoft cut the price of Microsoft 365 Copilot to $21 per user per month."
    stated = (
        "Microsoft 365 Copilot is priced at $30 per user per month and requires an eligible "
        "Microsoft 365 plan."
    )
    assert news(cut) == {("packaging_change", frozenset({"Microsoft"}), "confirmed")}
    assert news(stated) == set()
    kept = [e for e in tagger.tag(stated, published=PUB) if e.type == "packaging_change"]
    assert kept and all(e.background for e in kept)  # in the timeline, never a new signal


def test_a_quoted_denial_is_news() -> None:
    text = (
        "“We have no plans to change the revenue-sharing terms of our agreement with "
        "Microsoft,” a Mistral spokeswoman said."
    )
    assert ("revenue_share_change", frozenset({"Microsoft", "Mistral"}), "denied") in news(text)


def test_a_report_in_the_next_clause_is_that_clauses_status() -> None:
    """A report ("according to people familiar") after a semicolon attributes its own
    clause, not the deal the company ended in the clause before."""
    events = news(
        "Microsoft ends its exclusive right to resell OpenAI models; according to people "
        "familiar, Microsoft will also stop paying a revenue share."
    )
    assert ("exclusivity_change", frozenset({"Microsoft", "OpenAI"}), "confirmed") in events
    assert ("revenue_share_change", frozenset({"Microsoft", "OpenAI"}), "reported") in events


LEDE = (
    "Fujitsu becomes exclusive reseller of Cohere models to public-sector customers in Japan; "
    "Fujitsu to provide dedicated capacity for sovereign model training."
)
BODY = [
    "Fujitsu has sold software to Japanese ministries for decades.",
    "Cohere was founded in Toronto in 2019 by former Google researchers.",
    "Fujitsu's shares rose 2% in Tokyo trading after the announcement.",
    "Cohere's chief executive spoke at a conference in Osaka on Monday.",
    "Analysts at Nomura said Fujitsu's public-sector unit is its most profitable.",
]


def test_an_articles_headline_and_lede_are_read_like_a_snippet() -> None:
    """The rules' exclusivity change scores below the article threshold: news in the lede,
    where an article tells its news, and not deep in the body, where it would be a retelling."""
    exclusive = ("exclusivity_change", frozenset({"Cohere", "Fujitsu"}), "confirmed")
    published = dt.date(2026, 8, 25)
    assert exclusive in news(" ".join([LEDE, *BODY]), published)
    assert exclusive not in news(" ".join([*BODY[:3], LEDE, *BODY[3:]]), published)


@pytest.mark.parametrize(
    ("text", "distribution"),
    [
        # "the only ... built into" says who holds a place alone: an exclusivity, not a sale
        (
            "The change ends ChatGPT's run as the only third-party chatbot built into Apple's "
            "software.",
            False,
        ),
        ("Perplexity will remain the sole assistant integrated into Motorola's phones.", False),
        ("Apple will build Google's Gemini into Siri, the companies said.", True),
    ],
)
def test_the_only_assistant_built_in_is_no_distribution(text: str, distribution: bool) -> None:
    kinds = {t for t, _, _ in news(text)}
    assert ("distribution_expansion" in kinds) is distribution, kinds


def test_resale_restrictions_a_deal_depends_on_are_no_distribution_of_their_own() -> None:
    """ "relaxing the resale restrictions" names a limit on selling, not a sale: neither the
    article nor its lede alone pairs the deal's maker with the party of the condition."""
    lede = (
        "Cohere is exploring an arrangement that would let Fujitsu sell access to the "
        "startup's models to customers of Fujitsu Cloud, according to two people briefed on "
        "the discussions, a step that would depend on Oracle relaxing the resale restrictions "
        "in its own contract with Cohere."
    )
    body = [
        "The discussions are preliminary and no agreement has been drafted, the people said.",
        "Fujitsu already runs a large share of Cohere's training capacity, but it does not "
        "offer Cohere's models to its own cloud customers.",
        "Fujitsu's generative AI service is built around models from Meta and Mistral.",
        "Fujitsu declined to comment.",
        "A Cohere spokesperson said the company talks to many partners.",
    ]
    for text in (" ".join([lede, *body]), lede):
        events = news(text, dt.date(2026, 11, 3))
        parties = {e[1] for e in events if e[0] == "distribution_expansion"}
        assert parties == {frozenset({"Cohere", "Fujitsu"})}


def test_a_deal_still_being_weighed_is_talks() -> None:
    """The guide's talks words ("considering", "exploring") as one family: a deal weighed and
    then reported is talks, the first status in the guide's order."""
    events = news(
        "Samsung is weighing a deal to put Perplexity's assistant into Galaxy phones, "
        "Bloomberg reported."
    )
    assert ("distribution_expansion", frozenset({"Perplexity", "Samsung"}), "talks") in events
