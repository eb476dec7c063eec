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

    def __init__(
        self,
        doc: Doc,
        texts: list[str] | None = None,
        lowers: list[str] | None = None,
        starts: list[bool] | None = None,
    ) -> None:
        self.doc = doc
        self.texts = texts if texts is not None else [t.text for t in doc]
        self.lowers = lowers if lowers is not None else [w.lower() for w in self.texts]
        self.flags: dict[str, list[bool]] = {}
        if starts is not None:
            self.flags["IS_SENT_START"] = starts

    def __getitem__(self, col: int) -> list[str]:
        return self.lowers if col == 0 else self.texts

    def flag(self, name: str) -> list[bool]:
        values = self.flags.get(name)
        if values is None:
            f = _FLAGS[name]
            fast = _TEXT_FLAGS.get(name)
            if fast is not None:
                values = [fast(w) for w in self.texts]
            else:
                values = [bool(f(t)) for t in self.doc]
            self.flags[name] = values
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


# the same flags from the token text alone (spaCy defines these lexical flags on the text)
_TEXT_FLAGS: dict[str, Callable[[str], bool]] = {
    "IS_TITLE": str.istitle,
    "IS_ALPHA": str.isalpha,
    "IS_DIGIT": str.isdigit,
}


class Unsupported(ValueError):
    """The pattern uses spaCy features this interpreter does not implement."""


def _eq(col: int, v: str) -> Pred:
    if col == 0:
        return lambda tv, i: tv.lowers[i] == v
    return lambda tv, i: tv.texts[i] == v


def _in(col: int, s: frozenset[str]) -> Pred:
    if col == 0:
        return lambda tv, i: tv.lowers[i] in s
    return lambda tv, i: tv.texts[i] in s


def _not_in(col: int, s: frozenset[str]) -> Pred:
    if col == 0:
        return lambda tv, i: tv.lowers[i] not in s
    return lambda tv, i: tv.texts[i] not in s


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
        self.fixed: list[Pred] | None = None
        if all(lo == 1 and hi == 1 for _, _, lo, hi in self.steps):
            self.fixed = [pred for pred, _, _, _ in self.steps]
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
        if self.fixed is not None:
            # no quantifier: one straight check, no backtracking generators
            end = start + len(self.fixed)
            if end > n:
                return
            for k, pred in enumerate(self.fixed):
                if not pred(tv, start + k):
                    return
            yield end
            return

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

    def __call__(
        self,
        doc: Doc,
        texts: list[str] | None = None,
        lowers: list[str] | None = None,
        starts: list[bool] | None = None,
    ) -> list[tuple[str, int, int]]:
        tv = TokenView(doc, texts, lowers, starts)
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
        return sorted(out, key=lambda m: (m[1], m[2], m[0]))  # ties by rule id: hash-seed proof
