"""Partnership-event tagger: spaCy components over rules as data (``data/rules``) and an org
gazetteer (``data/gazetteer.jsonl``).

    from extractors.tagger import load_tagger
    events = load_tagger().tag(text)
    for doc in load_tagger().nlp.pipe(texts): doc._.events, doc._.candidates
"""

from __future__ import annotations

from functools import lru_cache

from extractors.tagger.candidates import Candidate
from extractors.tagger.merge import merge_events
from extractors.tagger.paths import DATA_DIR, DEFAULT_GAZETTEER, DEFAULT_RULES_DIR
from extractors.tagger.tagger import EventTagger, build_nlp

__all__ = [
    "DATA_DIR",
    "DEFAULT_GAZETTEER",
    "DEFAULT_RULES_DIR",
    "Candidate",
    "EventTagger",
    "build_nlp",
    "load_tagger",
    "merge_events",
]


@lru_cache(maxsize=1)
def load_tagger() -> EventTagger:
    """The default tagger built from ``data/rules`` and ``data/gazetteer.jsonl`` (cached)."""
    return EventTagger()
