"""``channelwatch_sentences``: sentence boundaries for news text, set as ``Token.is_sent_start``.

Ends at . ! ? (abbreviations such as Corp. Inc. U.S. Mr. are single tokens in spaCy's English
tokenizer, so they never end a sentence), moves the boundary past closing quotes, splits at
line breaks (headlines, datelines) and at a dash that glues a headline to a capitalised
sentence ("Record deal for OpenAI -- The ChatGPT maker ..."). The words are
``sentence_ends``, ``closers`` and ``dashes`` in ``data/rules/lexicon.json``.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from extractors.tagger.lexicon import Lexicon, load_lexicon
from extractors.tagger.paths import lexicon_path
from extractors.tagger.tokens import texts_column

NOT_START = np.iinfo(np.uint64).max  # -1 as spaCy stores it: "not a sentence start"


def sentence_bounds(texts: list[str], lex: Lexicon) -> list[int]:
    """Token indices where sentences start, then ``len(texts)``; ``[0]`` for no tokens."""
    n = len(texts)
    if n == 0:
        return [0]
    ends, closers, dashes = lex.sentence_ends, lex.closers, lex.dashes
    splitters = ends | dashes
    starts = [0]
    # only these tokens can end a sentence; one comprehension finds them (a closer skipped
    # after a sentence end is never one of them, so each can be looked at on its own)
    for i in [k for k, w in enumerate(texts) if w in splitters or "\n" in w]:
        if i >= n - 1:
            break
        text = texts[i]
        if text in ends:
            j = i + 1
            while j < n and texts[j] in closers:
                j += 1
            if j < n and not texts[j].islower() and not texts[j].isdigit():
                starts.append(j)
        elif (text in dashes and i > 2 and texts[i + 1].istitle()) or text.isspace():
            starts.append(i + 1)
    starts.append(n)
    return starts


class SentenceSplitter:
    """Sets ``is_sent_start`` on every token (True at a sentence start, False elsewhere)."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.texts = texts_column(nlp.vocab.strings)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        starts = sentence_bounds(self.texts(doc), self.lexicon)[:-1]
        values = np.full(len(doc), NOT_START, dtype=np.uint64)
        values[starts] = 1
        doc.from_array([SENT_START], values)  # type: ignore[arg-type]
        return doc


@Language.factory("channelwatch_sentences", default_config={"rules_dir": None})
def make_sentences(nlp: Language, name: str, rules_dir: str | None) -> SentenceSplitter:
    """``rules_dir``: where ``lexicon.json`` is (default ``data/rules``)."""
    return SentenceSplitter(nlp, load_lexicon(lexicon_path(None, rules_dir)))
