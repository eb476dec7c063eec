"""Partnership-event tagger: spaCy rules as data (``data/rules``) plus an org gazetteer.

from extractors.tagger import load_tagger
events = load_tagger().tag(text)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from channelwatch.settings import DATA_DIR
from extractors.tagger.core import EventTagger

DEFAULT_RULES_DIR: Path = DATA_DIR / "rules"
DEFAULT_GAZETTEER: Path = DATA_DIR / "gazetteer.jsonl"

__all__ = ["DEFAULT_GAZETTEER", "DEFAULT_RULES_DIR", "EventTagger", "load_tagger"]


@lru_cache(maxsize=1)
def load_tagger() -> EventTagger:
    """The default tagger built from ``data/rules`` and ``data/gazetteer.jsonl`` (cached)."""
    return EventTagger(DEFAULT_RULES_DIR, DEFAULT_GAZETTEER)
