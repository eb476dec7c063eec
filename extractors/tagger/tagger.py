"""The tagger: ``spacy.blank("en")`` plus five components, and the calls the pipeline makes.

::

    nlp = build_nlp()  # channelwatch_sentences -> _orgs -> _caps_orgs -> _cues -> _events
    for doc in nlp.pipe(texts):
        doc._.events  # list[Event]: what the rules keep
        doc._.candidates  # list[Candidate]: every trigger x parties, with drop reasons
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from itertools import repeat
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractors.models import Event

# the component modules register their factories (@Language.factory) when imported
from extractors.tagger import caps, cues, events, orgs, sentences  # noqa: F401
from extractors.tagger.candidates import Candidate
from extractors.tagger.paths import rules_path
from extractors.tagger.rules import read_version

# each component's config: where its data files are
PIPES = {
    "channelwatch_sentences": ("rules_dir",),
    "channelwatch_orgs": ("rules_dir", "gazetteer"),
    "channelwatch_caps_orgs": ("rules_dir", "gazetteer"),
    "channelwatch_cues": ("rules_dir",),
    "channelwatch_events": ("rules_dir", "gazetteer"),
}


def build_nlp(rules_dir: Path | str | None = None, gazetteer: Path | str | None = None) -> Language:
    """Blank English with the tagger's components, configured with these data files (``None``:
    ``data/rules`` and ``data/gazetteer.jsonl``, left out of ``nlp.config`` so it stays
    portable)."""
    nlp = spacy.blank("en")
    paths = {
        "rules_dir": str(rules_dir) if rules_dir else None,
        "gazetteer": str(gazetteer) if gazetteer else None,
    }
    for name, keys in PIPES.items():
        nlp.add_pipe(name, config={k: paths[k] for k in keys})
    return nlp


Published = Iterable[datetime.date | None] | None


class EventTagger:
    """Tag partnership events in text with the rules of ``rules_dir`` and a gazetteer."""

    def __init__(
        self, rules_dir: Path | str | None = None, gazetteer: Path | str | None = None
    ) -> None:
        self.rules_dir = rules_path(rules_dir)
        self.rules_version = read_version(self.rules_dir)
        self.nlp = build_nlp(rules_dir, gazetteer)

    def tag_docs(self, texts: Iterable[str], *, published: Published = None) -> Iterator[Doc]:
        """The processed docs, in order; ``published`` (dates aligned with ``texts``) goes to
        ``doc._.published``."""
        dates: Iterable[datetime.date | None] = repeat(None) if published is None else published
        pairs = zip(texts, dates, strict=False)  # ``repeat`` is endless
        for doc, date in self.nlp.pipe(pairs, as_tuples=True):
            doc._.published = date
            yield doc

    def tag(
        self, text: str, *, published: datetime.date | None = None, article: bool | None = None
    ) -> list[Event]:
        """Events in ``text``; ``published`` is the article's date (for date-relative cues).
        The rules read a page and a snippet alike: ``article`` is accepted and unused, so
        that this tagger and ``NewsTagger`` serve the same callers."""
        doc = self.nlp(text)
        doc._.published = published
        found: list[Event] = doc._.events
        return found

    def tag_many(
        self, texts: Iterable[str], *, published: Published = None, article: bool | None = None
    ) -> Iterator[list[Event]]:
        """Events of each text, in order (``article``: unused, as in ``tag``)."""
        for doc in self.tag_docs(texts, published=published):
            yield doc._.events

    def candidates(self, text: str) -> list[Candidate]:
        """Every candidate the rules considered in ``text`` (see ``Candidate``)."""
        found: list[Candidate] = self.nlp(text)._.candidates
        return found
