"""Every word a rule names must be able to match one token.

A pattern step matches one token, and spaCy's English tokenizer splits some words: a hyphen
between letters ("tie-up" is tie, -, up), an apostrophe ("company's" is company + 's). Such
a word in a rule never matched anything: 29 stood in 18 rules until rules -69 ("multi-year",
"non-binding", "pre-installed", "in-house", ...), most of them beside the spelling that does
match ("multiyear", "nonbinding", "preinstalled"). Loading the rules now refuses one, naming
its file, line and the tokens spaCy makes of it. A LOWER word counts as matchable when some
casing of it is one token: "a.i." is split but "A.I." is not, "didn't" is split but "DIDN'T"
is not. The same holds for what the code compares with token texts: the lexicon's token lists
and the phrase files (``check_words``, ``check_phrase_file``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language

from extractors.errors import ConfigError

if TYPE_CHECKING:  # rules.build_matcher calls this module
    from extractors.tagger.rules import Rule


def pattern_words(pattern: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """(attribute, word) for every word a token pattern names under LOWER or ORTH (alone, IN
    or NOT_IN); a malformed step is left to spaCy's validation (``rules.build_matcher``)."""
    for spec in pattern:
        if not isinstance(spec, dict):
            continue
        for key in ("LOWER", "ORTH"):
            value = spec.get(key)
            if isinstance(value, str):
                yield key, value
            elif isinstance(value, dict):
                for op in ("IN", "NOT_IN"):
                    yield from ((key, w) for w in value.get(op, ()) if isinstance(w, str))


def casings(word: str) -> list[str]:
    """The forms text writes a word in, each once."""
    return list(dict.fromkeys((word, word.lower(), word.capitalize(), word.title(), word.upper())))


def splits(nlp: Language, word: str, attr: str = "LOWER") -> bool:
    """Whether no token can be ``word``: spaCy splits it as written (ORTH) or in every
    casing (LOWER)."""
    # no prefix, suffix or infix rule meets a word of letters: only a special case of
    # spaCy's splits one ("cannot")
    specials: dict[str, Any] = getattr(nlp.tokenizer, "rules", None) or {}
    if word.isalpha() and len(specials.get(word, ())) < 2:
        return False
    forms = casings(word) if attr == "LOWER" else [word]
    return all(len(nlp.tokenizer(form)) > 1 for form in forms)


def check_rule_words(nlp: Language, rules: Iterable[Rule]) -> None:
    """Raise ``ConfigError`` for the first rule word no token can match, naming the fix."""
    seen: set[tuple[str, str]] = set()
    for rule in rules:
        if rule.label == "OUTLET":  # an outlet is a phrase, matched over its text's tokens
            continue
        for attr, word in pattern_words(rule.pattern):
            if (attr, word) in seen:
                continue
            seen.add((attr, word))
            if splits(nlp, word, attr):
                parts = ", ".join(repr(t.text) for t in nlp.tokenizer(word))
                raise ConfigError(
                    f"{rule.path}:{rule.line}: rule {rule.id!r} names {word!r}, which spaCy "
                    f"reads as {parts}, so it can never match one token; give each its own "
                    "step, or drop it"
                )


def check_words(nlp: Language, words: Iterable[str], where: str) -> None:
    """Raise ``ConfigError`` for the first of ``words`` (read on lowercase tokens: a lexicon
    list, a phrase's words) that no token can be; ``where`` names the file and entry."""
    for word in sorted(words):
        if word != "*" and splits(nlp, word):
            parts = " ".join(t.text for t in nlp.tokenizer(word))
            raise ConfigError(
                f"{where}: {word!r} is never one token (spaCy reads {parts}); write its tokens "
                "with spaces between them where a phrase is meant, or drop it"
            )


def phrase_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, line) of a phrase file's phrases: no blanks, no ``#`` comments; none
    when the file is absent (``background.BackgroundReader`` reads them too)."""
    if not path.exists():
        return []
    rows = path.read_text(encoding="utf-8").splitlines()
    numbered = enumerate(rows, start=1)
    return [(n, x) for n, x in numbered if x.strip() and not x.lstrip().startswith("#")]


def check_phrase_file(nlp: Language, path: Path) -> None:
    """Every word of a phrase file, by line."""
    for n, line in phrase_lines(path):
        check_words(nlp, line.split(), f"{path}:{n}")
