"""A fast interpreter for the subset of spaCy's token-pattern language the rule files use.

spaCy's Matcher evaluates every ``IN`` set predicate in Python for every token, which made it
dominate tagging time (about 4 ms a snippet for 160 rules). Rules are still spaCy patterns,
validated by spaCy's own Matcher at load time; this module runs them: each rule is indexed by
the words its first token can be, so only rules whose first word occurs are tried, with
backtracking for the ``?`` and ``{,n}`` quantifiers. A pattern outside the subset is left to
spaCy's Matcher (see ``EventTagger``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from spacy.tokens import Doc


class TokenView:
    """Per-document token columns; boolean flags are computed once, on first use."""

    __slots__ = ("doc", "flags", "lowers", "texts")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.lowers = [t.lower_ for t in doc]
        self.texts = [t.text for t in doc]
        self.flags: dict[str, list[bool]] = {}

    def __getitem__(self, col: int) -> list[str]:
        return self.lowers if col == 0 else self.texts

    def flag(self, name: str) -> list[bool]:
        values = self.flags.get(name)
        if values is None:
            f = _FLAGS[name]
            values = self.flags[name] = [bool(f(t)) for t in self.doc]
        return values


Pred = Callable[[TokenView, int], bool]
_QUANT = re.compile(r"^\{(\d*),(\d+)\}$")
_FLAGS = {
    "IS_TITLE": lambda tok: tok.is_title,
    "IS_SENT_START": lambda tok: bool(tok.is_sent_start),
    "LIKE_NUM": lambda tok: tok.like_num,
    "IS_PUNCT": lambda tok: tok.is_punct,
    "IS_ALPHA": lambda tok: tok.is_alpha,
    "IS_DIGIT": lambda tok: tok.is_digit,
}


class Unsupported(ValueError):
    """The pattern uses spaCy features this interpreter does not implement."""


def _eq(col: int, v: str) -> Pred:
    return lambda tv, i: tv[col][i] == v


def _in(col: int, s: frozenset[str]) -> Pred:
    return lambda tv, i: tv[col][i] in s


def _not_in(col: int, s: frozenset[str]) -> Pred:
    return lambda tv, i: tv[col][i] not in s


def _flag(name: str, value: bool) -> Pred:
    return lambda tv, i: tv.flag(name)[i] == value


def _pred(spec: dict[str, Any]) -> tuple[Pred, frozenset[str] | None]:
    """A predicate for one token spec, plus the lowercase words it can match (if finite)."""
    checks: list[Pred] = []
    anchor: frozenset[str] | None = None
    for key, value in spec.items():
        if key == "OP":
            continue
        if key in ("LOWER", "ORTH"):
            col = 0 if key == "LOWER" else 1
            if isinstance(value, str):
                v = value
                checks.append(_eq(col, v))
                words = frozenset({v.lower()})
            elif isinstance(value, dict) and set(value) == {"IN"}:
                s = frozenset(value["IN"])
                checks.append(_in(col, s))
                words = frozenset(w.lower() for w in s)
            elif isinstance(value, dict) and set(value) == {"NOT_IN"}:
                s = frozenset(value["NOT_IN"])
                checks.append(_not_in(col, s))
                continue
            else:
                raise Unsupported(f"{key} {value!r}")
            anchor = words if anchor is None else anchor & words
        elif key in _FLAGS and isinstance(value, bool):
            checks.append(_flag(key, value))
        else:
            raise Unsupported(key)
    if not checks:
        return (lambda tv, i: True), None
    if len(checks) == 1:
        return checks[0], anchor
    return (lambda tv, i: all(c(tv, i) for c in checks)), anchor


def _quant(spec: dict[str, Any]) -> tuple[int, int]:
    op = spec.get("OP")
    if op is None or op == "1":
        return 1, 1
    if op == "?":
        return 0, 1
    m = _QUANT.match(str(op))
    if m:
        return int(m.group(1) or 0), int(m.group(2))
    raise Unsupported(f"OP {op!r}")


class CompiledPattern:
    def __init__(self, key: str, pattern: list[dict[str, Any]]) -> None:
        self.key = key
        self.steps = [(*_pred(spec), *_quant(spec)) for spec in pattern]
        # the first step with a finite word list, reached after fixed single-token steps:
        # a match is only tried where that word occurs, ``offset`` tokens after the start
        self.anchor: frozenset[str] | None = None
        self.offset = 0
        for k, (_, words, lo, hi) in enumerate(self.steps):
            if lo != 1 or hi != 1:
                break
            if words:
                self.anchor, self.offset = words, k
                break

    def ends(self, tv: TokenView, start: int) -> Iterator[int]:
        n = len(tv.lowers)
        steps = self.steps

        def walk(si: int, i: int) -> Iterator[int]:
            if si == len(steps):
                yield i
                return
            pred, _, lo, hi = steps[si]
            k = 0
            j = i
            while k < lo:
                if j >= n or not pred(tv, j):
                    return
                j += 1
                k += 1
            yield from walk(si + 1, j)
            while k < hi and j < n and pred(tv, j):
                j += 1
                k += 1
                yield from walk(si + 1, j)

        yield from walk(0, start)


class FastMatcher:
    """Index compiled patterns by their first word; return (key, start, end) like spaCy."""

    def __init__(self) -> None:
        self.by_word: dict[str, list[CompiledPattern]] = {}
        self.unanchored: list[CompiledPattern] = []

    def add(self, key: str, pattern: list[dict[str, Any]]) -> None:
        cp = CompiledPattern(key, pattern)
        if cp.anchor:
            for w in cp.anchor:
                self.by_word.setdefault(w, []).append(cp)
        else:
            self.unanchored.append(cp)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        tv = TokenView(doc)
        lowers = tv.lowers
        out: set[tuple[str, int, int]] = set()
        for i, w in enumerate(lowers):
            for cp in self.by_word.get(w, ()):
                start = i - cp.offset
                if start < 0:
                    continue
                for end in cp.ends(tv, start):
                    if end > start:
                        out.add((cp.key, start, end))
            for cp in self.unanchored:
                for end in cp.ends(tv, i):
                    if end > i:
                        out.add((cp.key, i, end))
        return sorted(out, key=lambda m: (m[1], m[2]))
