"""The cues component runs each rule's Matcher only where its anchor words allow: it must find
exactly what one spaCy Matcher over every rule finds in each sentence it looks at, and
nothing that reaches into the next sentence."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import spacy
from spacy.matcher import Matcher

from extractors.tagger import DEFAULT_RULES_DIR
from extractors.tagger.cues import GatedRules, anchor, required_words
from extractors.tagger.lexicon import load_lexicon
from extractors.tagger.rules import Rule, read_rules
from extractors.tagger.sentences import SentenceSplitter, sentence_bounds
from extractors.tagger.tagger import EventTagger

REFERENCE = Path(__file__).parent / "fixtures" / "tagger" / "reference_events.jsonl"
TEXTS = [json.loads(line)["text"] for line in REFERENCE.read_text(encoding="utf-8").splitlines()]

# rules the data files do not have yet: anchored after a quantifier, and anchored nowhere
EXTRA = [
    Rule(
        "x-loose", "DEAL", [{"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": ["deal", "pact"]}}], "", 0
    ),
    Rule("x-always", "SAID", [{"IS_TITLE": True, "OP": "+"}, {"IS_DIGIT": True}], "", 0),
]


def test_anchors_place_the_rule_or_say_they_cannot() -> None:
    assert anchor([{"LOWER": "the"}, {"LOWER": {"IN": ["rents", "leases"]}}]) == (
        frozenset({"rents", "leases"}),
        1,
    )
    assert anchor(EXTRA[0].pattern) == (frozenset({"deal", "pact"}), None)
    assert anchor(EXTRA[1].pattern) == (None, None)


def test_a_window_without_a_required_word_is_not_matched() -> None:
    """Optional steps, gaps and "!" steps require nothing; every other step that names words
    requires one of them in the window the rule can span."""
    pattern = [
        {"LOWER": {"IN": ["sole", "only"]}},
        {"ORTH": {"NOT_IN": [",", ";"]}, "OP": "{,2}"},
        {"LOWER": "cloud", "OP": "?"},
        {"LOWER": "not", "OP": "!"},
        {"ORTH": {"IN": ["Provider", "Host"]}},
    ]
    assert required_words(pattern) == (frozenset({"sole", "only"}), frozenset({"provider", "host"}))
    nlp = spacy.blank("en")
    (rule,) = GatedRules(nlp, [Rule("x", "DEAL", pattern, "", 0)]).placed["sole"]
    assert rule.may_match(["the", "sole", "cloud", "host"])
    assert not rule.may_match(["the", "sole", "cloud", "of"])


def test_gated_rules_find_what_one_matcher_finds() -> None:
    nlp = spacy.blank("en")
    rules = [r for r in read_rules(DEFAULT_RULES_DIR) if r.label != "OUTLET"] + EXTRA
    gated = GatedRules(nlp, rules)
    plain = Matcher(nlp.vocab)
    for r in rules:
        plain.add(r.id, [r.pattern])
    splitter = SentenceSplitter(nlp, load_lexicon(DEFAULT_RULES_DIR / "lexicon.json"))
    n_matches = 0
    for text in TEXTS[:400]:
        doc = splitter(nlp.make_doc(text))
        lowers = [t.lower_ for t in doc]
        bounds = sentence_bounds([t.text for t in doc], splitter.lexicon)
        want: set[tuple[str, int, int]] = set()
        got: set[tuple[str, int, int]] = set()
        for lo, hi in itertools.pairwise(bounds):
            want.update((nlp.vocab.strings[k], s + lo, e + lo) for k, s, e in plain(doc[lo:hi]))
            got.update(gated.run(doc, lowers, lo, hi))
        assert got == want, text
        n_matches += len(got)
    assert n_matches > 2000


def test_a_pattern_never_reaches_past_its_sentence() -> None:
    """A trigger's gap ("smaller equity investment ... rather than") once ran over a line break
    into the next sentence; the status reader then indexed past the sentence and raised."""
    text = (
        "Recent discussions between Nvidia and OpenAI have centred on a far smaller equity"
        " investment,\nin the tens of billions of dollars rather than $100 billion."
    )
    tagger = EventTagger()
    one_sentence = tagger.nlp(text.replace(",\n", ", "))
    assert "reneg-scaled-back-deal" in {c.id_ for c in one_sentence.spans["cues"]}
    doc = tagger.nlp(text)
    sentences = [(s.start, s.end) for s in doc.sents]
    assert len(sentences) == 2  # the rules' splitter: a line break ends a sentence
    for cue in doc.spans["cues"]:
        assert any(lo <= cue.start and cue.end <= hi for lo, hi in sentences), cue.text
    assert "reneg-scaled-back-deal" not in {c.id_ for c in doc.spans["cues"]}
    assert tagger.tag(text) == []  # read, not raised
