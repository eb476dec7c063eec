"""Whitespace as pages write it (doubled spaces, tabs, no-break spaces, a <br>'s line break
inside a sentence) tags as a plain space would, a stock ticker in brackets after a name as if
absent, and every event still points into the caller's own text."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from channelwatch.settings import ROOT
from extractors.models import Event
from extractors.tagger import NewsTagger, load_tagger
from extractors.tagger.reading import TextReader, squeeze

SET = Path(ROOT).parent / "shared" / "eval" / "dev3.jsonl"

VARIANTS: dict[str, Callable[[str], str]] = {
    "doubled spaces": lambda s: s.replace(" ", "  "),
    "no-break spaces": lambda s: s.replace(" ", "\u00a0"),
    "tabs and spaces": lambda s: s.replace(" ", " \t "),
    "a line break after a comma": lambda s: s.replace(", ", ",\n"),
    "tickers after names": lambda s: (
        s.replace("Microsoft", "Microsoft (NASDAQ: MSFT)")
        .replace("Oracle", "Oracle (NYSE:ORCL)")
        .replace("Nvidia", "Nvidia (NVDA.O)")
    ),
}


@pytest.fixture(scope="module")
def tagger() -> NewsTagger:
    return load_tagger()


def _published(row: dict[str, object]) -> dt.date | None:
    raw = row.get("published")
    return dt.date.fromisoformat(str(raw)) if raw else None


def _key(events: list[Event]) -> list[tuple[object, ...]]:
    return sorted(
        (e.type, e.actors, e.status, e.background, e.event_date, e.confidence) for e in events
    )


def _order(e: Event) -> tuple[str, tuple[str, ...]]:
    return e.type, e.actors


@pytest.mark.skipif(not SET.exists(), reason="../shared/eval is not beside the repository")
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_what_pages_add_tags_as_the_plain_text(tagger: NewsTagger, variant: str) -> None:
    rows = [json.loads(x) for x in SET.read_text(encoding="utf-8").splitlines() if x.strip()]
    changed = 0
    compared = 0
    for row in rows:
        text = VARIANTS[variant](row["text"])
        if text == row["text"]:
            continue
        plain = tagger.tag(row["text"], published=_published(row))
        uneven = tagger.tag(text, published=_published(row))
        compared += len(plain)
        changed += _key(plain) != _key(uneven)
        by_event = sorted(uneven, key=_order), sorted(plain, key=_order)
        for e, p in zip(*by_event, strict=False):
            assert e.evidence == text[e.start_char : e.end_char].strip()
            assert tagger.analyser.read(e.evidence).text == tagger.analyser.read(p.evidence).text
    assert compared > 50  # events enough that a change would show
    assert changed == 0


def test_squeeze_keeps_line_breaks_that_end_a_line_of_their_own() -> None:
    assert squeeze("Headline\nThe company said.\n\nNext paragraph.").origin is None
    assert squeeze("OpenAI signs with Oracle\nThe deal ...").text.count("\n") == 1
    assert squeeze("a deal.\nin brief").text == "a deal.\nin brief"
    squeezed = squeeze("a smaller investment,\nin the tens of  billions")
    assert squeezed.text == "a smaller investment, in the tens of billions"
    assert squeezed.origin is not None
    assert [squeezed.origin[k] for k in (0, 22, 38)] == [0, 22, 39]


def test_many_texts_read_as_one_at_a_time(tagger: NewsTagger) -> None:
    texts = [
        "Oracle  will host OpenAI's\u00a0models under a $30 billion deal,\nthe companies said.",
        "Microsoft and OpenAI said they had renegotiated their partnership.",
    ]
    one = [tagger.tag(t, published=dt.date(2026, 6, 1)) for t in texts]
    many = list(tagger.tag_many(texts, published=[dt.date(2026, 6, 1)] * 2))
    assert one == many
    assert one[0] and one[0][0].evidence == texts[0][one[0][0].start_char : one[0][0].end_char]


def test_a_ticker_or_acronym_in_brackets_after_a_name_is_left_out() -> None:
    read = TextReader(["NASDAQ", "NYSE"])
    text = "Microsoft (NASDAQ: MSFT) and Oracle Cloud Infrastructure (OCI) with Nvidia (NVDA.O)."
    reading = read(text)
    assert reading.text == "Microsoft and Oracle Cloud Infrastructure with Nvidia."
    assert reading.origin is not None
    at = reading.text.index("and")
    assert text[reading.origin[at] : reading.origin[at] + 3] == "and"
    # after a lowercase word, or holding more than capitals and digits, a bracket stays
    assert read("artificial intelligence (AI) and GPT (GPT-5)").origin is None


@pytest.mark.parametrize(
    ("sentence", "actors"),
    [
        (
            "Microsoft-backed OpenAI signed a $38 billion deal with Amazon Web Services to run"
            " its workloads on AWS.",
            {("Amazon", "OpenAI")},
        ),
        (
            "Amazon-backed Anthropic will make its Claude models available on Microsoft's"
            " Azure, the companies said.",
            {("Anthropic", "Microsoft")},
        ),
        (
            "Nvidia-backed CoreWeave signed a $14 billion deal to supply Meta with computing"
            " capacity.",
            {("CoreWeave", "Meta")},
        ),
    ],
)
def test_a_backer_named_before_a_company_is_not_a_party(
    tagger: NewsTagger, sentence: str, actors: set[tuple[str, ...]]
) -> None:
    events = tagger.tag(sentence, published=dt.date(2026, 6, 16))
    assert {tuple(sorted(e.actors)) for e in events} == actors
    assert all(e.evidence == sentence for e in events)  # the backer stays in the evidence


def test_a_newsrooms_exclusive_is_not_read_as_the_story(tagger: NewsTagger) -> None:
    read = TextReader([], headline_tags=["Exclusive", "EXCLUSIVE"])
    text = (
        "Exclusive: OpenAI taps Google\nEXCLUSIVE-Microsoft to offer Claude\nAn exclusive deal: no"
    )
    assert read(text).text == "OpenAI taps Google\nMicrosoft to offer Claude\nAn exclusive deal: no"
    headline = "Exclusive: OpenAI taps Google Cloud in surprise deal, sources say"
    assert "exclusivity_change" not in {e.type for e in tagger.tag(headline)}
    media = TextReader([], media_nouns=["interview", "report"])
    assert media("In an exclusive interview with CNBC").text == "In an interview with CNBC"
    assert media("its exclusive rights to resell").origin is None
    events = tagger.tag("EXCLUSIVE: Microsoft to offer Anthropic models in Copilot")
    assert [(e.type, e.evidence[:10]) for e in events] == [("distribution_expansion", "EXCLUSIVE:")]


@pytest.mark.parametrize(
    "sentence",
    [
        "OpenAI will buy capacity from Oracle Cloud Infrastructure (OCI) and CoreWeave under new"
        " contracts.",
        "Meta signed a deal with Google Cloud (GCP) and Microsoft to rent servers for Llama"
        " training.",
    ],
)
def test_an_acronym_in_brackets_after_a_name_keeps_the_list(
    tagger: NewsTagger, sentence: str
) -> None:
    plain = sentence.replace(" (OCI)", "").replace(" (GCP)", "")
    events = tagger.tag(sentence, published=dt.date(2026, 6, 16))
    assert len(events) == 2
    assert _key(events) == _key(tagger.tag(plain, published=dt.date(2026, 6, 16)))
