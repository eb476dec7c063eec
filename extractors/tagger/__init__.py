"""Partnership-event tagger: spaCy rules as data (``data/rules``) and an org gazetteer
propose candidates; a model trained from labelled sets (``data/rules/model.json``) decides.

from extractors.tagger import load_tagger
events = load_tagger().tag(text, published=date)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from channelwatch.settings import DATA_DIR
from extractors.tagger.core import EventTagger
from extractors.tagger.news import NewsTagger

DEFAULT_RULES_DIR: Path = DATA_DIR / "rules"
DEFAULT_GAZETTEER: Path = DATA_DIR / "gazetteer.jsonl"
DEFAULT_MODEL: Path = DEFAULT_RULES_DIR / "model.json"

__all__ = [
    "DEFAULT_GAZETTEER",
    "DEFAULT_MODEL",
    "DEFAULT_RULES_DIR",
    "EventTagger",
    "NewsTagger",
    "load_rule_tagger",
    "load_tagger",
]


@lru_cache(maxsize=1)
def load_tagger() -> NewsTagger:
    """The default tagger: ``data/rules``, ``data/gazetteer.jsonl`` and the trained
    ``data/rules/model.json`` (cached)."""
    return NewsTagger(DEFAULT_RULES_DIR, DEFAULT_GAZETTEER, DEFAULT_MODEL)


@lru_cache(maxsize=1)
def load_rule_tagger() -> EventTagger:
    """The rules alone, as 0.1.0 tagged (for training and the rules-only comparison)."""
    return EventTagger(DEFAULT_RULES_DIR, DEFAULT_GAZETTEER)
