"""Per rule family: triggers, traps, status cues, direction, parties and offsets."""

from __future__ import annotations

import pytest

from extractors.models import Event
from extractors.tagger import load_rule_tagger, load_tagger


def tag(text: str) -> list[Event]:
    return load_tagger().tag(text)


def summary(text: str) -> set[tuple[str, frozenset[str], str]]:
    return {(e.type, frozenset(e.actors), e.status) for e in tag(text)}


def E(etype: str, *actors: str, status: str = "confirmed") -> tuple[str, frozenset[str], str]:
    return (etype, frozenset(actors), status)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Meta granted Google Cloud exclusive rights to host Llama for enterprise customers.",
            E("exclusivity_change", "Meta", "Google"),
        ),
        (
            "Oracle is no longer the sole cloud provider for Cohere's Command models.",
            E("exclusivity_change", "Oracle", "Cohere"),
        ),
        (
            "Nvidia said it would pay Perplexity a share of revenue from queries routed to it.",
            E("revenue_share_change", "Nvidia", "Perplexity"),
        ),
        (
            "Mistral's models are now available on Google Cloud's Vertex AI, the companies said.",
            E("distribution_expansion", "Mistral", "Google"),
        ),
        (
            "CoreWeave will supply xAI with GPU capacity under a five-year contract.",
            E("hosting_deal", "CoreWeave", "xAI"),
        ),
        (
            "Amazon raised the price of Claude Opus on Bedrock for batch jobs.",
            E("packaging_change", "Amazon", "Anthropic"),
        ),
        (
            "Google and Anthropic amended their cloud agreement this week.",
            E("renegotiation", "Google", "Anthropic"),
        ),
    ],
)
def test_each_event_type_has_a_trigger(text: str, expected: tuple) -> None:
    assert expected in summary(text)


@pytest.mark.parametrize(
    "text",
    [
        "In an exclusive interview with CNBC, Sam Altman said the partnership with Microsoft "
        "remains strong.",
        "Exclusive: xAI has poached a dozen engineers from Tesla, people familiar said.",
        "Microsoft said Azure revenue grew 40% in the September quarter.",
        "Amazon secured exclusive rights to stream NBA games, ending Turner's run.",
        "Netflix won exclusive streaming rights to the league's games on Christmas Day.",
        "Analysts at Bernstein said Apple could eventually license Gemini to power Siri.",
        "Azure has been OpenAI's main source of computing power since 2019.",
        "Mistral raised 1.7 billion euros in a funding round led by ASML.",
        "CoreWeave agreed to acquire Core Scientific in an all-stock deal.",
        "Meta hired Scale AI chief executive Alexandr Wang to run a new unit.",
        "Goldman Sachs is using Anthropic's Claude internally to help its developers.",
        "xAI sued Apple and OpenAI, alleging the two companies conspired against Grok.",
        "Nvidia reported data center revenue of $41 billion as OpenAI kept buying its chips.",
    ],
)
def test_traps_are_not_events(text: str) -> None:
    assert tag(text) == []


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Oracle will host Grok on OCI, Bloomberg reported.", "reported"),
        ("Oracle will host Grok on OCI, according to people familiar with the matter.", "reported"),
        ("Oracle is in talks to host Grok on OCI.", "talks"),
        ("Oracle is considering offering Grok on OCI.", "talks"),
        ("Oracle is evaluating whether to offer Grok on OCI.", "talks"),
        ("Oracle is studying whether to offer Grok on OCI.", "talks"),
        # a company's own words are not a report (the guide); an outlet's are
        ("Oracle will offer Grok on OCI, according to Oracle's documentation.", "confirmed"),
        ("Oracle will offer Grok on OCI, according to its pricing page.", "confirmed"),
        ("Oracle will offer Grok on OCI, according to Bloomberg's reporting.", "reported"),
        # a company's own filing named by its company is its own words too, a news report not
        ("Oracle will offer Grok on OCI, according to an Oracle regulatory filing.", "confirmed"),
        ("Oracle will offer Grok on OCI, according to a Bloomberg News report.", "reported"),
        ("Oracle denied a report that it will offer Grok on OCI.", "denied"),
        ("Oracle has no plans to offer Grok on OCI, a spokesperson said.", "denied"),
        ("Oracle will not offer Grok on OCI.", "denied"),
        ("Oracle will offer Grok on OCI starting next month.", "confirmed"),
        ("Reuters said Oracle will offer Grok on OCI.", "reported"),
        ("Oracle has broken off talks to offer Grok on OCI.", "denied"),
        ("Oracle turned down an offer to host Grok on OCI.", "denied"),
        ("Oracle confirmed a Reuters report that it will offer Grok on OCI.", "confirmed"),
        (
            "Oracle is in talks to offer Grok on OCI, Bloomberg reported.",
            "talks",
        ),
    ],
)
def test_status_cues(text: str, status: str) -> None:
    events = [e for e in tag(text) if e.type == "distribution_expansion"]
    assert [e.status for e in events] == [status]
    assert set(events[0].actors) == {"Oracle", "xAI"}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # deciding to do it, or declining to comment, denies nothing (every labelled "declined
        # to" and "decided to" is such a sentence); deciding not to, or refusing to, does
        ("Oracle decided to offer Grok on OCI.", "confirmed"),
        ("Oracle will offer Grok on OCI; xAI declined to comment.", "confirmed"),
        ("Oracle decided not to offer Grok on OCI.", "denied"),
        ("Oracle refused to offer Grok on OCI.", "denied"),
    ],
)
def test_the_rules_read_a_decision_not_to_as_a_denial(text: str, status: str) -> None:
    """The rules' own status (a feature of the status model, and the rules-only column)."""
    events = [e for e in load_rule_tagger().tag(text) if e.type == "distribution_expansion"]
    assert [e.status for e in events] == [status]


def test_unchanged_in_answer_to_reports_is_denied() -> None:
    text = "Anthropic rejected claims it was leaving AWS, saying Amazon remains its primary cloud."
    assert E("exclusivity_change", "Anthropic", "Amazon", status="denied") in summary(text)


def test_no_longer_is_an_ended_exclusivity_not_a_denial() -> None:
    (ev,) = [e for e in tag("Microsoft no longer holds exclusive rights to OpenAI's API.")]
    assert ev.status == "confirmed"
    assert ev.direction == "ended"


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Microsoft's exclusive rights to OpenAI's API will be extended through 2032.", "extended"),
        ("Samsung is looking to loosen Google's exclusive hold on Galaxy phones.", "loosened"),
        ("Exclusive rights to resell Mistral's models have been granted to IBM.", "granted"),
        ("Oracle was designated the sole cloud provider for Cohere's training runs.", "granted"),
        ("Mistral designated IBM as the exclusive reseller of its models in Japan.", "granted"),
        ("OpenAI will cut the share of revenue it pays Microsoft to 8%.", "reduced"),
        # "will" says introduced only where no other word of direction does
        ("Microsoft's revenue share from OpenAI will fall to 10% by 2030.", "reduced"),
        (
            "OpenAI will pay Microsoft a share of the revenue from sales through Azure.",
            "introduced",
        ),
        # "a cut of" names the share, not a reduction of it
        (
            "Telegram said xAI will get a 50% cut of subscription sales made in the app.",
            "introduced",
        ),
        ("OpenAI ended an arrangement under which Microsoft took a cut of its sales.", "ended"),
        (
            "The revised contract caps the revenue-share payments OpenAI makes to Microsoft.",
            "capped",
        ),
    ],
)
def test_direction(text: str, direction: str) -> None:
    events = [e for e in tag(text) if e.type in ("exclusivity_change", "revenue_share_change")]
    assert events and events[0].direction == direction


def test_bystanders_and_appositives_are_not_parties() -> None:
    text = (
        "Humain, the AI company backed by Saudi Arabia's sovereign wealth fund, will build a "
        "500-megawatt data center running Nvidia chips for Elon Musk's xAI."
    )
    assert summary(text) == {E("hosting_deal", "Humain", "xAI")}
    text = (
        "Microsoft cut the fee it takes from model providers selling through Azure Marketplace "
        "to 3%, a move aimed at luring startups such as Mistral and Cohere."
    )
    assert summary(text) == {E("revenue_share_change", "Microsoft")}


def test_outlets_are_never_parties() -> None:
    text = (
        "SEATTLE (Reuters) - Amazon will offer Cohere's Command A models on Bedrock, CNBC reported."
    )
    for ev in tag(text):
        assert not {"Reuters", "CNBC"} & set(ev.actors)
        assert set(ev.actors) == {"Amazon", "Cohere"}


def test_products_map_to_companies_and_models_split_per_channel() -> None:
    text = "Cohere's Command A models are now available on OCI Generative AI and on Amazon Bedrock."
    assert summary(text) == {
        E("distribution_expansion", "Cohere", "Oracle"),
        E("distribution_expansion", "Cohere", "Amazon"),
    }


def test_multi_event_sentence() -> None:
    text = (
        "Cohere said it had restructured its agreement with Oracle, ending Oracle's role as the "
        "sole cloud reseller of its Command models."
    )
    types = {e.type for e in tag(text)}
    assert types == {"renegotiation", "exclusivity_change"}


def test_offsets_point_at_the_evidence_sentence_in_long_text() -> None:
    text = (
        "SAN FRANCISCO, Nov 3 (Reuters) - Shares rose on Monday.\n\n"
        "Microsoft Corp. said Tuesday that it will offer xAI's Grok models in Azure AI Foundry. "
        'The U.S. company added: "We are thrilled." Analysts were surprised.'
    )
    (ev,) = tag(text)
    assert text[ev.start_char : ev.end_char] == ev.evidence
    assert ev.evidence.startswith("Microsoft Corp. said Tuesday")
    assert ev.evidence.endswith("Azure AI Foundry.")
    assert ev.rule_id and ev.rules_version == load_tagger().rules_version
    assert 0.0 < ev.confidence <= 1.0


def test_tag_many_gives_the_same_results_as_tag() -> None:
    texts = [
        "Oracle will supply OpenAI with 4.5 gigawatts of data center capacity.",
        "Nothing to see here.",
        "Databricks will offer OpenAI's GPT-5 on its platform.",
    ]
    tagger = load_tagger()
    assert list(tagger.tag_many(texts)) == [tagger.tag(t) for t in texts]


def test_a_second_infinitive_is_a_clause_of_its_own() -> None:
    """ "plans to strip X of its status ... and to build Y into ..." holds two deals: the
    company whose model comes in is no party to the status taken from the other (as "and
    will add" since rules -30). A company after "and to" stays in its clause's list."""
    rules = load_rule_tagger()
    events = rules.tag(
        "Apple denied a report that it plans to strip OpenAI's ChatGPT of its status as the "
        "preferred assistant in Siri and to build Google's Gemini into next year's iPhones "
        "instead."
    )
    exclusivity = [set(e.actors) for e in events if e.type == "exclusivity_change"]
    assert exclusivity == [{"Apple", "OpenAI"}]
    listed = rules.tag(
        "xAI will offer its Grok models to Oracle's cloud customers and to Microsoft's Azure users."
    )
    assert {frozenset(e.actors) for e in listed} == {
        frozenset({"xAI", "Oracle"}),
        frozenset({"xAI", "Microsoft"}),
    }


@pytest.mark.parametrize("verb", ["rejecting", "denying", "disputing", "refuting"])
def test_a_denial_after_a_comma_is_a_clause_of_its_own(verb: str) -> None:
    """ ", rejecting a report that ..." opens a clause (as ", dismissing" does): the deal the
    report claims is its own event, not a third party to the arrangement stated before."""
    events = load_rule_tagger().tag(
        f"Microsoft and OpenAI said Azure remains the exclusive cloud for OpenAI's models, {verb} "
        "a report that the ChatGPT maker was preparing to sell its models through Google Cloud."
    )
    assert {(e.type, frozenset(e.actors)) for e in events} == {
        ("exclusivity_change", frozenset({"Microsoft", "OpenAI"})),
        ("distribution_expansion", frozenset({"OpenAI", "Google"})),
    }
