"""Tokens and what the tagger reads off them: sentence starts and organisation mentions.

spaCy's blank English tokenizer makes the tokens. Sentence splitting and the gazetteer lookup
used to be spaCy pipeline components (a custom splitter and a SpanRuler); they now run on the
list of token texts, which gives the same sentences and the same spans without building a
spaCy Token or Span object per token and match (those objects cost more than tokenising).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, NamedTuple

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

SENT_END = frozenset({".", "!", "?", "...", "…"})
CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "»"})
DASHES = frozenset({"--", "—", "–"})
# tokens that can start the sentence splitter's work: everything else is skipped in C
_SPLIT_CANDIDATES = SENT_END | DASHES


def build_nlp() -> Language:
    """Blank English: the tagger uses only its tokenizer and vocabulary."""
    return spacy.blank("en")


class TokenTexts:
    """The texts of a Doc's tokens, read by ORTH hash through a cache.

    ``[t.text for t in doc]`` builds one spaCy Token object per token; an array of hashes and a
    dict lookup per token is about twice as fast.
    """

    __slots__ = ("_cache", "_strings")

    MAX_CACHED = 500_000  # distinct token texts; the cache starts again past this

    def __init__(self, nlp: Language) -> None:
        self._strings = nlp.vocab.strings
        self._cache: dict[int, str] = {}

    def __call__(self, doc: Doc) -> list[str]:
        hashes: list[int] = doc.to_array(ORTH).tolist()
        cache = self._cache
        try:
            return [cache[h] for h in hashes]
        except KeyError:
            if len(cache) > self.MAX_CACHED:
                cache.clear()
            strings = self._strings
            texts = []
            for h in hashes:  # not via the cache: another thread may clear it meanwhile
                text = cache.get(h)
                if text is None:
                    text = cache[h] = strings[h]
                texts.append(text)
            return texts


def sentence_bounds(texts: list[str]) -> list[int]:
    """Token indices where sentences start, then ``len(texts)``; ``[0]`` for no tokens.

    Ends at . ! ? (abbreviations such as Corp. Inc. U.S. Mr. are single tokens in spaCy's
    English tokenizer, so they never end a sentence), moves the boundary past closing quotes,
    splits at line breaks (headlines, datelines) and at a dash that glues a headline to a
    capitalised sentence ("Record deal for OpenAI -- The ChatGPT maker ...").
    """
    n = len(texts)
    if n == 0:
        return [0]
    starts = [0]
    # only these tokens can end a sentence; one comprehension finds them (a closer skipped
    # after a sentence end is never one of them, so each can be looked at on its own)
    for i in [k for k, w in enumerate(texts) if w in _SPLIT_CANDIDATES or "\n" in w]:
        if i >= n - 1:
            break
        text = texts[i]
        if text in SENT_END:
            j = i + 1
            while j < n and texts[j] in CLOSERS:
                j += 1
            if j < n and not texts[j].islower() and not texts[j].isdigit():
                starts.append(j)
        elif (text in DASHES and i > 2 and texts[i + 1].istitle()) or text.isspace():
            starts.append(i + 1)
    starts.append(n)
    return starts


def sentence_of(bounds: list[int], k: int) -> int:
    """The index of the sentence holding token ``k`` (``bounds`` from ``sentence_bounds``)."""
    return bisect_right(bounds, k) - 1


class OrgSpan(NamedTuple):
    start: int
    end: int
    label: str
    org: str  # the pattern's id: the canonical organisation (or the outlet's name)


class OrgMatcher:
    """Gazetteer names over token texts, as spaCy's SpanRuler did it.

    The ruler ran a PhraseMatcher on ORTH (each name tokenised by the same tokenizer) and kept
    the first longest of overlapping matches (``spacy.first_longest_spans_filter.v1``, i.e.
    ``spacy.util.filter_spans``). Equal spans of different patterns were sorted the way spaCy
    sorts Span objects (by label hash, then id hash) before that filter, so the first of them
    wins; the winner per token sequence is chosen here once, at load time.
    """

    def __init__(self, nlp: Language, patterns: list[dict[str, Any]]) -> None:
        strings = nlp.vocab.strings
        best: dict[tuple[str, ...], tuple[tuple[int, int], str, str]] = {}
        for entry in patterns:
            label, org, name = entry["label"], entry.get("id", ""), entry["pattern"]
            words = tuple(t.text for t in nlp.make_doc(name))
            if not words:
                continue
            rank = (strings.add(label), strings.add(org))
            old = best.get(words)
            if old is None or rank < old[0]:
                best[words] = (rank, label, org)
        # first token -> the names starting with it, as (length, tail, label, org)
        self.by_first: dict[str, list[tuple[int, list[str], str, str]]] = {}
        for words, (_, label, org) in best.items():
            self.by_first.setdefault(words[0], []).append((len(words), list(words[1:]), label, org))

    def __call__(self, texts: list[str]) -> list[OrgSpan]:
        by_first = self.by_first
        found: list[OrgSpan] = []
        for i in [k for k, w in enumerate(texts) if w in by_first]:
            for length, tail, label, org in by_first[texts[i]]:
                if length == 1 or texts[i + 1 : i + length] == tail:
                    found.append(OrgSpan(i, i + length, label, org))
        # found is in start order: without overlaps it is what the filter keeps
        end = -1
        for sp in found:
            if sp.start < end:
                break
            end = sp.end
        else:
            return found
        # spacy.util.filter_spans: longest first, then earliest; a span overlapping a kept one
        # is dropped (equal spans never reach here: one pattern per token sequence)
        found.sort(key=lambda sp: (sp.start - sp.end, sp.start))
        kept: list[OrgSpan] = []
        seen: set[int] = set()
        for sp in found:
            if sp.start not in seen and sp.end - 1 not in seen:
                kept.append(sp)
                seen.update(range(sp.start, sp.end))
        kept.sort(key=lambda sp: sp.start)
        return kept
