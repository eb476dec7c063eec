"""``channelwatch_caps_orgs``: names in a run of capitals ("ORACLE TO OFFER OPENAI MODELS").

``channelwatch_orgs`` matches names on their exact text, so that "apple" or "meta" written in
lowercase is no company. A headline or a press release's opening set in capitals has no case
to read, and named nobody: its names are matched here on their lowercase form, inside runs of
four or more words in capitals only (a few acronyms in a row, "IBM AI CEO", are no run). What
the exact match found stays; of overlapping names the first longest is kept, as there.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_chain_spans

from extractors.tagger.cues import ORGS_KEY
from extractors.tagger.orgs import name_patterns
from extractors.tagger.tokens import set_spans, texts_column

MIN_WORDS = 4  # words of two letters or more, in capitals, in one run
# a run's tokens, joined, hold no lowercase letter over at least 8 characters (four words of
# two letters; "CAN'T" is two words, "CA" and "N'T"): one regular expression over the joined
# tokens before the loop over them (21 of the 524 labelled snippets hold such a stretch, and
# none a run). Not over ``doc.text``, which builds a Token object for every token.
STRETCH = re.compile(rf"[^a-z]{{{2 * MIN_WORDS},}}")
SEP = "\x1f"  # between the label and the organisation in a match key


def capital_runs(texts: list[str]) -> list[tuple[int, int]]:
    """(start, end) offsets of each run of tokens (``texts``) with no lowercase letter that
    holds ``MIN_WORDS`` words of two letters or more."""
    runs: list[tuple[int, int]] = []
    start, words = 0, 0
    for i, text in enumerate(texts):
        if text.isupper():
            words += sum(map(str.isalpha, text)) >= 2
            continue
        if not any(map(str.isalpha, text)):
            continue  # punctuation, numbers, spaces
        if words >= MIN_WORDS:
            runs.append((start, i))
        start, words = i + 1, 0
    if words >= MIN_WORDS:
        runs.append((start, len(texts)))
    return runs


class CapsOrgs:
    """The gazetteer's names and the outlets on lowercase, for runs of capitals."""

    def __init__(self, nlp: Language, patterns: list[dict[str, str]]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.texts = texts_column(nlp.vocab.strings)  # read once per Doc (tokens.py)
        by_key: dict[str, list[str]] = {}
        for p in patterns:
            by_key.setdefault(f"{p['label']}{SEP}{p['id']}", []).append(p["pattern"])
        for key, names in by_key.items():
            self.matcher.add(key, [nlp.make_doc(n) for n in names])

    def __call__(self, doc: Doc) -> Doc:
        texts = self.texts(doc)
        if STRETCH.search("".join(texts)) is None:
            return doc
        runs = capital_runs(texts)
        if not runs:
            return doc
        found: list[Span] = []
        for lo, hi in runs:
            for key, start, end in self.matcher(doc[lo:hi]):  # offsets in the Doc
                label, org = doc.vocab.strings[key].split(SEP)
                found.append(Span(doc, start, end, label=label, span_id=org))
        if found:
            old = list(doc.spans[ORGS_KEY])
            # the exact matches first: of two equally long overlapping names, theirs stays
            kept = sorted(filter_chain_spans(old, found), key=lambda s: (s.start, s.end))
            set_spans(doc, ORGS_KEY, [(s.start, s.end, s.label_, s.id_) for s in kept])
        return doc


@Language.factory("channelwatch_caps_orgs", default_config={"rules_dir": None, "gazetteer": None})
def make_caps_orgs(
    nlp: Language, name: str, rules_dir: str | None, gazetteer: str | None
) -> CapsOrgs:
    """The same names as ``channelwatch_orgs`` (``gazetteer``, ``rules_dir``'s outlets)."""
    phrases = [p for p in name_patterns(rules_dir, gazetteer) if isinstance(p["pattern"], str)]
    return CapsOrgs(nlp, phrases)
