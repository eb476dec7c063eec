"""The tagger: ``spacy.blank("en")`` plus four components, and the calls the pipeline makes.

nlp = build_nlp()            # sentences -> orgs -> cues -> events
for doc in nlp.pipe(texts):
    doc._.events             # list[Event]: what the rules keep
    doc._.candidates         # list[Candidate]: every trigger x parties, with drop reasons
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

# importing the component modules registers their factories
from extractors.tagger import cues as _cues
from extractors.tagger import events as _events
from extractors.tagger import orgs as _orgs
from extractors.tagger import sentences as _sentences
from extractors.tagger.candidates import Candidate
from extractors.tagger.paths import DEFAULT_GAZETTEER, DEFAULT_RULES_DIR
from extractors.tagger.rules import read_version

COMPONENTS = (
    _sentences.make_sentences,
    _orgs.make_orgs,
    _cues.make_cues,
    _events.make_events,
)
PIPES = ("channelwatch_sentences", "channelwatch_orgs", "channelwatch_cues", "channelwatch_events")


def build_nlp(
    rules_dir: Path | str = DEFAULT_RULES_DIR, gazetteer: Path | str = DEFAULT_GAZETTEER
) -> Language:
    """Blank English with the tagger's components, configured with these data files."""
    nlp = spacy.blank("en")
    paths = {"rules_dir": str(rules_dir)}
    nlp.add_pipe("channelwatch_sentences", config=paths)
    nlp.add_pipe("channelwatch_orgs", config={**paths, "gazetteer": str(gazetteer)})
    nlp.add_pipe("channelwatch_cues", config=paths)
    nlp.add_pipe("channelwatch_events", config={**paths, "gazetteer": str(gazetteer)})
    return nlp


Published = Iterable[datetime.date | None] | None


class EventTagger:
    """Tag partnership events in text with the rules of ``rules_dir`` and a gazetteer."""

    def __init__(
        self, rules_dir: Path | str = DEFAULT_RULES_DIR, gazetteer: Path | str = DEFAULT_GAZETTEER
    ) -> None:
        self.rules_dir = Path(rules_dir)
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

    def tag(self, text: str, *, published: datetime.date | None = None) -> list[Event]:
        """Events in ``text``; ``published`` is the article's date (for date-relative cues)."""
        doc = self.nlp(text)
        doc._.published = published
        events: list[Event] = doc._.events
        return events

    def tag_many(
        self, texts: Iterable[str], *, published: Published = None
    ) -> Iterator[list[Event]]:
        """Events of each text, in order."""
        for doc in self.tag_docs(texts, published=published):
            yield doc._.events

    def candidates(self, text: str) -> list[Candidate]:
        """Every candidate the rules considered in ``text`` (see ``Candidate``)."""
        found: list[Candidate] = self.nlp(text)._.candidates
        return found
