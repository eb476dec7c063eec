"""The spaCy pipeline: a blank English tokenizer, a news-aware sentence splitter, org spans."""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

SENT_END = frozenset({".", "!", "?", "...", "…"})
CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "»"})
DASHES = frozenset({"--", "—", "–"})
TEXTS_KEY = "channelwatch.texts"  # doc.user_data: token texts, computed once per doc
STARTS_KEY = "channelwatch.sent_starts"


@Language.component("news_sentences")
def news_sentences(doc: Doc) -> Doc:
    """Split news text into sentences.

    Ends at . ! ? (abbreviations such as Corp. Inc. U.S. Mr. are single tokens in spaCy's
    English tokenizer, so they never end a sentence), moves the boundary past closing quotes,
    splits at line breaks (headlines, datelines) and at a dash that glues a headline to a
    capitalised sentence ("Record deal for OpenAI -- The ChatGPT maker ...").
    """
    n = len(doc)
    if n == 0:
        return doc
    # one pass over the tokens; the token texts and the starts are kept for the tagger, which
    # would otherwise build spaCy Token objects again (the dominant per-token cost)
    texts = [t.text for t in doc]
    starts = [False] * n
    starts[0] = True
    i = 0
    while i < n - 1:
        text = texts[i]
        if text in SENT_END:
            j = i + 1
            while j < n and texts[j] in CLOSERS:
                j += 1
            if j < n and not texts[j].islower() and not texts[j].isdigit():
                starts[j] = True
            i = j
            continue
        if (text.isspace() and "\n" in text) or (
            text in DASHES and i > 2 and texts[i + 1].istitle()
        ):
            starts[i + 1] = True
        i += 1
    # only the starts are marked (a token left unset is not a start for doc.sents): one Token
    # object per sentence instead of one per token
    for k in range(n):
        if starts[k]:
            doc[k].is_sent_start = True
    doc.user_data[TEXTS_KEY] = texts
    doc.user_data[STARTS_KEY] = starts
    return doc


def build_nlp(org_patterns: list[dict[str, Any]], outlet_names: list[str]) -> Language:
    """Blank English + sentence splitter + a SpanRuler of organisations and outlets."""
    nlp = spacy.blank("en")
    nlp.add_pipe("news_sentences")
    ruler = nlp.add_pipe(
        "span_ruler",
        name="orgs",
        config={
            "spans_key": "orgs",
            "phrase_matcher_attr": "ORTH",
            "validate": True,
            "overwrite": True,
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        },
    )
    patterns = list(org_patterns)
    patterns += [{"label": "OUTLET", "pattern": name, "id": name} for name in outlet_names]
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp
