"""The word lists the tagger's code reads, from ``data/rules/lexicon.json``.

Each entry is ``{"about": "what the words do", "words": [...]}``; an analyst edits the words
without touching code. Every list the code needs must be present.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from extractors.errors import ConfigError

Words = frozenset[str]

# the lists ``reading.TextReader`` reads on the text itself; every other list is compared
# with token texts (lowercase tokens as spaCy's English tokenizer splits them)
TEXT_LISTS = frozenset({"backer_words", "headline_tags", "media_nouns", "exchanges"})


@dataclass(frozen=True, slots=True)
class Lexicon:
    sentence_ends: Words
    closers: Words
    dashes: Words
    clause_starters: Words
    verb_starters: Words
    infinitive_non_verbs: Words
    aside_starters: Words
    relatives: Words
    hard_breaks: Words
    report_verbs: Words
    hardware: Words
    compute_words: Words  # the hardware words are compute words too (see ``load_lexicon``)
    model_nouns: Words
    model_words: Words
    offering_words: Words
    sell_words: Words
    serve_words: Words
    train_words: Words
    serve_fillers: Words
    negators: Words
    negation_exceptions: Words
    coordinators: Words
    region_glue: Words
    possessives: Words
    deal_nouns: Words
    deal_object_words: Words
    # ``TEXT_LISTS``, read on the text, not on tokens: exact case, except the media nouns
    # after "exclusive"
    backer_words: Words
    headline_tags: Words
    media_nouns: Words
    exchanges: Words

    def negates(self, word: str, following: str) -> bool:
        """Whether ``word`` negates what follows it: a negator, unless the next word is an
        exception ("no longer", "not only", "has not ruled out")."""
        return word in self.negators and following not in self.negation_exceptions

    def token_lists(self) -> dict[str, Words]:
        """The lists compared with token texts (all but ``TEXT_LISTS``), by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in TEXT_LISTS}

    @property
    def clause_punct(self) -> Words:
        """The tokens that can start a clause."""
        return self.hard_breaks | {","}


@lru_cache(maxsize=8)
def load_lexicon(path: Path) -> Lexicon:
    """Read the lexicon; a missing list or a bad value is a ConfigError naming the fix."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"lexicon {path} cannot be read ({exc.strerror}); restore it") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}:{exc.lineno}: not JSON ({exc.msg}); fix the line") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"lexicon {path} must be a JSON object of named word lists")
    lists: dict[str, Words] = {}
    for f in fields(Lexicon):
        entry = data.get(f.name)
        words = entry.get("words") if isinstance(entry, dict) else None
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise ConfigError(
                f'lexicon {path}: "{f.name}" needs {{"about": ..., "words": [non-empty strings]}}'
            )
        lists[f.name] = frozenset(words)
    lists["compute_words"] |= lists["hardware"]
    return Lexicon(**lists)
