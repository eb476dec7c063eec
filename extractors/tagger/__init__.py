"""Partnership-event tagger: spaCy components over rules as data (``data/rules``) and an org
gazetteer (``data/gazetteer.jsonl``) propose candidates; a model trained from labelled sets
(``data/rules/model.json``, ``channelwatch train``) decides which are news.

    from extractors.tagger import load_tagger
    events = load_tagger().tag(text, published=date)
    for doc in load_rule_tagger().nlp.pipe(texts): doc._.events, doc._.candidates
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from extractors.tagger.candidates import Candidate
from extractors.tagger.merge import merge_events
from extractors.tagger.news import NewsTagger
from extractors.tagger.paths import DATA_DIR, DEFAULT_GAZETTEER, DEFAULT_RULES_DIR
from extractors.tagger.tagger import EventTagger, build_nlp

DEFAULT_MODEL: Path = DEFAULT_RULES_DIR / "model.json"

__all__ = [
    "DATA_DIR",
    "DEFAULT_GAZETTEER",
    "DEFAULT_MODEL",
    "DEFAULT_RULES_DIR",
    "Candidate",
    "EventTagger",
    "NewsTagger",
    "build_nlp",
    "load_rule_tagger",
    "load_tagger",
    "merge_events",
]


@lru_cache(maxsize=1)
def load_tagger() -> NewsTagger:
    """The default tagger: the rules of ``data/rules`` and ``data/gazetteer.jsonl``, decided
    by the trained ``data/rules/model.json`` (cached)."""
    return NewsTagger(DEFAULT_RULES_DIR, DEFAULT_GAZETTEER, DEFAULT_MODEL)


@lru_cache(maxsize=1)
def load_rule_tagger() -> EventTagger:
    """The rules alone, as 0.1.0 tagged (training reads their candidates; the evaluation
    shows them beside the model)."""
    return EventTagger(DEFAULT_RULES_DIR, DEFAULT_GAZETTEER)
