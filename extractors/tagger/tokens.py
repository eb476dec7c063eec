"""Token texts and lowercase forms of a Doc, read as hashes through a cache.

``[t.text for t in doc]`` builds one spaCy Token object per token; an array of hashes and a
dict lookup per token is about twice as fast, and every component reads these columns. Each
column and the sentence starts are read once per Doc and kept in ``doc.user_data`` (spaCy's
place for a pipeline's own data), which the components after the first one read: the tagger
never retokenises, and only ``channelwatch_sentences``, the first component, sets
``is_sent_start``. Treat what they return as read-only.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import LOWER, ORTH, SENT_START
from spacy.strings import StringStore
from spacy.tokens import Doc


class TokenColumn:
    """The strings of one lexical attribute (ORTH or LOWER) of a Doc's tokens."""

    __slots__ = ("_attr", "_cache", "_strings")

    MAX_CACHED = 500_000  # distinct strings; the cache starts again past this

    def __init__(self, strings: StringStore, attr: int) -> None:
        self._strings = strings
        self._attr = attr
        self._cache: dict[int, str] = {}

    def __call__(self, doc: Doc) -> list[str]:
        key = f"channelwatch.column.{self._attr}"
        found: list[str] | None = doc.user_data.get(key)
        if found is None:
            found = doc.user_data[key] = self._read(doc)
        return found

    def _read(self, doc: Doc) -> list[str]:
        hashes: list[int] = doc.to_array(self._attr).tolist()
        cache = self._cache
        try:
            return [cache[h] for h in hashes]
        except KeyError:
            if len(cache) > self.MAX_CACHED:
                cache.clear()
            strings = self._strings
            out = []
            for h in hashes:  # not via the cache: another thread may clear it meanwhile
                text = cache.get(h)
                if text is None:
                    text = cache[h] = strings[h]
                out.append(text)
            return out


def texts_column(strings: StringStore) -> TokenColumn:
    return TokenColumn(strings, ORTH)


def lowers_column(strings: StringStore) -> TokenColumn:
    return TokenColumn(strings, LOWER)


SENTENCE_STARTS = "channelwatch.sentence_starts"


def sentence_starts(doc: Doc) -> list[int]:
    """Token indices where the doc's sentences start, then ``len(doc)`` (``[0]`` when empty);
    read once the sentences are set (see the module doc)."""
    found: list[int] | None = doc.user_data.get(SENTENCE_STARTS)
    if found is None:
        found = doc.user_data[SENTENCE_STARTS] = _read_sentence_starts(doc)
    return found


def _read_sentence_starts(doc: Doc) -> list[int]:
    if not len(doc):
        return [0]
    starts: list[int] = np.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    starts.append(len(doc))
    return starts
