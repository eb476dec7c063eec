"""Token texts and lowercase forms of a Doc, read as hashes through a cache.

``[t.text for t in doc]`` builds one spaCy Token object per token; an array of hashes and a
dict lookup per token is about twice as fast, and every component reads these columns. Each
column and the sentence starts are read once per Doc and kept in ``doc.user_data`` (spaCy's
place for a pipeline's own data), which the components after the first one read: the tagger
never retokenises, and only ``channelwatch_sentences``, the first component, sets
``is_sent_start``. So are the span groups' rows (``span_rows``): each group is set by its own
components (the orgs by the ruler, then through ``set_spans`` by the capitals' reader) before
any other reads it. Treat what they return as read-only.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import LOWER, ORTH, SENT_START
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

# (start, end, label, id) of one span of a doc's span group
SpanRow = tuple[int, int, str, str]


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


def span_rows(doc: Doc, key: str) -> list[SpanRow]:
    """(start, end, label, id) of each span of ``doc.spans[key]`` (none when it is not set),
    read once per Doc (see the module doc): a span group makes a new Span object for each
    span every time it is read, and each label and id is a string lookup."""
    cache_key = _rows_key(key)
    found: list[SpanRow] | None = doc.user_data.get(cache_key)
    if found is None:
        group = doc.spans.get(key)
        if group is None:
            return []
        found = doc.user_data[cache_key] = [(sp.start, sp.end, sp.label_, sp.id_) for sp in group]
    return found


def set_spans(doc: Doc, key: str, rows: list[SpanRow]) -> None:
    """Set ``doc.spans[key]`` to these spans, and what ``span_rows`` reads to ``rows``."""
    doc.spans[key] = [Span(doc, s, e, label=label, span_id=i) for s, e, label, i in rows]
    doc.user_data[_rows_key(key)] = rows


def _rows_key(key: str) -> str:
    """Where ``span_rows`` keeps a span group's rows in ``doc.user_data``."""
    return f"channelwatch.spans.{key}"
