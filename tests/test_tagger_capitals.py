"""Names in a run of capitals (a wire headline, a press release's opening, a page's
subheads) are read on their lowercase form: "ORACLE WILL OFFER OPENAI MODELS" names Oracle
and OpenAI, as "Oracle will offer OpenAI models" does. Outside such runs, names still match
on their exact text only."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.tagger import load_tagger
from extractors.tagger.caps import STRETCH, capital_runs

DAY = dt.date(2026, 12, 1)
SENTENCES = [
    "Oracle will offer OpenAI models on OCI, the companies said on Tuesday.",
    "Microsoft and OpenAI agreed to end Microsoft's exclusive right to resell OpenAI models.",
    "Amazon will host Anthropic's Claude models on AWS Trainium chips under a new deal.",
]


@pytest.fixture(scope="module")
def tagger():  # type: ignore[no-untyped-def]
    return load_tagger()


def _read(events: list) -> list[tuple[str, tuple[str, ...], str]]:  # type: ignore[type-arg]
    return [(e.type, tuple(e.actors), e.status) for e in events]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_sentence_in_capitals_gives_the_events_of_its_plain_form(tagger, sentence) -> None:  # type: ignore[no-untyped-def]
    plain = _read(tagger.tag(sentence, published=DAY))
    assert plain  # the plain sentence holds an event
    assert _read(tagger.tag(sentence.upper(), published=DAY)) == plain


def test_a_headline_in_capitals_names_the_companies_of_its_story(tagger) -> None:  # type: ignore[no-untyped-def]
    doc = tagger.nlp(
        "MICROSOFT'S RESALE PACT WITH OPENAI ENDS\n"
        "Microsoft said on Tuesday it would stop paying OpenAI a revenue share."
    )
    names = [(s.text, s.id_) for s in doc.spans["orgs"]]
    assert names[:2] == [("MICROSOFT", "Microsoft"), ("OPENAI", "OpenAI")]
    assert ("Microsoft", "Microsoft") in names[2:]


def test_a_run_after_plain_text_is_read_where_it_stands(tagger) -> None:  # type: ignore[no-untyped-def]
    doc = tagger.nlp("Shares rose on Tuesday.\nWHY ORACLE WILL HOST OPENAI MODELS NOW\nMore below.")
    assert [(s.text, s.id_) for s in doc.spans["orgs"]] == [
        ("ORACLE", "Oracle"),
        ("OPENAI", "OpenAI"),
    ]


def test_names_outside_a_run_of_capitals_still_need_their_exact_text(tagger) -> None:  # type: ignore[no-untyped-def]
    doc = tagger.nlp("An apple a day and the meta debate: IBM AI CEO met APPLE staff.")
    assert [s.text for s in doc.spans["orgs"]] == ["IBM"]


def test_a_run_needs_four_words_of_two_letters_in_capitals() -> None:
    words = ["The", "IBM", "AI", "CEO", "met", "ORACLE", "TO", "HOST", "A", "GPT", "-", "5", "X"]
    assert capital_runs(words) == [(5, 13)]  # "IBM AI CEO" is three acronyms, not a run
    assert capital_runs(["SANTA", "FE", ",", "N.M.", "(", "AP", ")", "—", "A", "man"]) == [(0, 9)]
    assert capital_runs(["OPENAI", "AND", "ORACLE", "agree"]) == []


def test_the_text_gate_passes_every_text_that_holds_a_run(tagger) -> None:  # type: ignore[no-untyped-def]
    """``STRETCH`` skips the token loop; it must never skip a text with a run (the real pages
    of ../shared/corpora hold runs: subheads, datelines, "SAP SE (NYSE: SAP)")."""
    from bench.tagging import article_texts

    texts = article_texts() + [s.upper() for s in SENTENCES] + ["CAN'T WON'T", "Fine, thanks."]
    with_runs = 0
    for text in texts:
        tokens = [t.text for t in tagger.nlp.make_doc(text)]
        if capital_runs(tokens):
            with_runs += 1
            assert STRETCH.search("".join(tokens)), text[:200]
    assert with_runs >= len(SENTENCES) + 1
