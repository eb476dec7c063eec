"""``doc._.candidates``: every trigger x party assignment the rules considered, with the reasons
that drop it; ``doc._.events`` is exactly the kept ones, merged."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from extractors.tagger import Candidate, merge_events
from extractors.tagger import load_rule_tagger as load_tagger

REFERENCE = Path(__file__).parent / "fixtures" / "tagger" / "reference_events.jsonl"
TEXTS = [json.loads(line)["text"] for line in REFERENCE.read_text(encoding="utf-8").splitlines()]
MERGE_REASONS = {"merged-duplicate", "merged-subset"}


def test_events_are_the_kept_candidates_merged() -> None:
    n_dropped = 0
    for doc in load_tagger().tag_docs(TEXTS):
        cands: list[Candidate] = doc._.candidates
        before_merge = [c.event for c in cands if not set(c.reasons) - MERGE_REASONS]
        assert doc._.events == merge_events(before_merge)
        kept = [c.event for c in cands if c.kept]
        assert sorted(map(repr, kept)) == sorted(map(repr, doc._.events))
        n_dropped += sum(1 for c in cands if c.reasons and not set(c.reasons) & MERGE_REASONS)
    assert n_dropped > 300  # the filters' candidates are there, not only the kept ones


def test_a_candidate_points_at_its_trigger_sentence_and_parties() -> None:
    tagger = load_tagger()
    seen = 0
    for doc in tagger.tag_docs(TEXTS[:150]):
        orgs = {(sp.start, sp.end): sp.id_ for sp in doc.spans["orgs"]}
        for c in doc._.candidates:
            assert c.sent_start <= c.trigger_start < c.trigger_end <= len(doc)
            sent = doc[c.sent_start : c.sent_end]
            assert c.event.evidence == sent.text.strip()
            assert doc.text[c.event.start_char : c.event.end_char] == c.event.evidence
            assert len(c.party_spans) == len(c.event.actors)
            assert [orgs[s] for s in c.party_spans] == list(c.event.actors)
            trigger = next(
                sp
                for sp in doc.spans["cues"]
                if sp.id_ == c.trigger_rule
                and (sp.start, sp.end) == (c.trigger_start, c.trigger_end)
            )
            assert trigger.label_ in c.cue_labels
            assert c.event.rule_id in (c.trigger_rule, f"fallback:{c.trigger_rule}")
            seen += 1
    assert seen > 200


@pytest.mark.parametrize(
    ("text", "etype", "actors", "reason"),
    [
        (
            "Microsoft and OpenAI agreed to end Microsoft's exclusive right to resell OpenAI "
            "models, Bloomberg reported.",
            "distribution_expansion",
            ("OpenAI", "Microsoft"),
            "negated-type",
        ),
        (
            "CoreWeave agreed to acquire Core Scientific in an all-stock deal valued at about $9 "
            "billion, gaining control of data centers it already leases.",
            "hosting_deal",
            ("CoreWeave", "Core Scientific"),
            "prior",
        ),
        (
            "Analysts at Bernstein said Apple could eventually license Gemini to power Siri, "
            "arguing it would be cheaper than catching up on its own; neither company has "
            "commented.",
            "packaging_change",
            ("Apple", "Google"),
            "speculation",
        ),
        (
            "Customers have been able to use OpenAI models through Azure since 2021, and "
            "Microsoft said demand for the service more than doubled this year.",
            "distribution_expansion",
            ("OpenAI", "Microsoft"),
            "background",
        ),
        (
            "OpenAI has begun renting Google's TPUs through Google Cloud to run ChatGPT, its first "
            "significant use of chips other than Nvidia's, Reuters reported.",
            "hosting_deal",
            ("OpenAI", "Google"),
            "aside",
        ),
        (
            "The end of the exclusivity: from January, OpenAI can sell its API through any cloud "
            "provider, not just Azure.",
            "distribution_expansion",
            ("OpenAI", "Microsoft"),
            "freed-by-exclusivity",
        ),
    ],
)
def test_dropped_candidates_name_their_filter(
    text: str, etype: str, actors: tuple[str, ...], reason: str
) -> None:
    cands = load_tagger().candidates(text)
    found = [c for c in cands if c.event.type == etype and c.event.actors == actors]
    assert any(reason in c.reasons for c in found), [(c.event.type, c.reasons) for c in cands]
    events = load_tagger().tag(text)
    kept_keys = {(e.type, e.actors) for e in events}
    assert all((c.event.type, c.event.actors) in kept_keys for c in cands if c.kept)


def test_published_dates_reach_the_docs() -> None:
    day = datetime.date(2026, 11, 3)
    texts = ["Oracle will supply OpenAI with more capacity.", "Nothing here."]
    docs = list(load_tagger().tag_docs(texts, published=[day, None]))
    assert [d._.published for d in docs] == [day, None]
    assert [len(d._.events) for d in docs] == [1, 0]
    assert list(load_tagger().tag_many(texts, published=[day, day])) == [d._.events for d in docs]


def test_the_pipeline_is_blank_english_with_the_five_components() -> None:
    nlp = load_tagger().nlp
    assert nlp.lang == "en"
    assert nlp.pipe_names == [
        "channelwatch_sentences",
        "channelwatch_orgs",
        "channelwatch_caps_orgs",
        "channelwatch_cues",
        "channelwatch_events",
    ]
    doc = nlp("OpenAI signed a deal. Oracle will host it.")
    assert [s.text for s in doc.sents] == ["OpenAI signed a deal.", "Oracle will host it."]
