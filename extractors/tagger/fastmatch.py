"""A fast interpreter for the subset of spaCy's token-pattern language the rule files use.

spaCy's Matcher evaluates every ``IN`` set predicate in Python for every token, which made it
dominate tagging time (about 4 ms a snippet for 160 rules). Rules are still spaCy patterns,
validated by spaCy's own Matcher at load time; this module runs them: each rule is indexed by
the words one of its leading tokens can be (the least frequent), so only rules whose anchor
word occurs are tried, and ``?`` and ``{,n}`` quantifiers yield every possible end as spaCy's
Matcher does. A pattern outside the subset is left to spaCy's Matcher (see ``EventTagger``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from spacy.tokens import Doc


class TokenView:
    """One document's token columns, shared by every rule tried on it."""

    __slots__ = ("doc", "lowers", "n", "sent_starts", "texts")

    def __init__(
        self, doc: Doc, texts: list[str], lowers: list[str], sent_starts: frozenset[int]
    ) -> None:
        self.doc = doc
        self.texts = texts
        self.lowers = lowers
        self.n = len(texts)
        self.sent_starts = sent_starts


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
    """A flag read per token when a rule needs it (no column over the whole document)."""
    if name == "IS_SENT_START":
        return lambda tv, i: (i in tv.sent_starts) == value
    fast = _TEXT_FLAGS.get(name)
    if fast is not None:
        return lambda tv, i: fast(tv.texts[i]) == value
    f = _FLAGS[name]
    return lambda tv, i: bool(f(tv.doc[i])) == value


def _pred(spec: dict[str, Any]) -> tuple[Pred, frozenset[str] | None, bool]:
    """A predicate for one token spec, the lowercase words it can match (if finite), and
    whether it is only a LOWER test (then a token whose lowercase form is one of those words
    needs no other check)."""
    checks: list[Pred] = []
    anchor: frozenset[str] | None = None
    lower_only = len(spec.keys() - {"OP"}) == 1 and "LOWER" in spec
    for key, value in spec.items():
        if key == "OP":
            continue
        if key in ("LOWER", "ORTH"):
            col = 0 if key == "LOWER" else 1
            if isinstance(value, str):
                s = frozenset({value})
                checks.append(_eq(col, value))
            elif isinstance(value, dict) and set(value) == {"IN"}:
                s = frozenset(value["IN"])
                checks.append(_in(col, s))
            elif isinstance(value, dict) and set(value) == {"NOT_IN"}:
                checks.append(_not_in(col, frozenset(value["NOT_IN"])))
                lower_only = False
                continue
            else:
                raise Unsupported(f"{key} {value!r}")
            words = frozenset(w.lower() for w in s)
            if words != s:
                lower_only = False  # an upper-case LOWER value matches no lowercase form
            anchor = words if anchor is None else anchor & words
        elif key in _FLAGS and isinstance(value, bool):
            checks.append(_flag(key, value))
        else:
            raise Unsupported(key)
    if not checks:
        return (lambda tv, i: True), None, False
    if len(checks) == 1:
        return checks[0], anchor, lower_only
    return (lambda tv, i: all(c(tv, i) for c in checks)), anchor, False


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


# frequent words: a poor anchor for a rule
_COMMON_WORDS = """the a an to in on of for with at by from as that this is are was be has have
it its and or but not no new will said says"""
COMMON = frozenset(_COMMON_WORDS.split())


def _cost(words: frozenset[str]) -> tuple[int, int]:
    return len(words & COMMON), len(words)


class CompiledPattern:
    def __init__(self, key: str, pattern: list[dict[str, Any]], *, primary: bool) -> None:
        self.key = key
        self.primary = primary
        compiled = [(*_pred(spec), *_quant(spec)) for spec in pattern]
        self.steps = [(pred, words, lo, hi) for pred, words, _, lo, hi in compiled]
        fixed = all(lo == 1 and hi == 1 for _, _, lo, hi in self.steps)
        # a match is only tried where the anchor's words occur, ``offset`` tokens after the
        # start: the rarest word list among the steps before any quantifier (a list of
        # frequent words such as "the" or "to" is tried almost everywhere)
        self.anchor: frozenset[str] | None = None
        self.offset = 0
        for k, (_, words, lo, hi) in enumerate(self.steps):
            if lo != 1 or hi != 1:
                break
            if words and (self.anchor is None or _cost(words) < _cost(self.anchor)):
                self.anchor, self.offset = words, k
        # no quantifier: one straight check of each step but the anchor when the index lookup
        # already made it (a LOWER test)
        self.length = len(self.steps)
        self.fixed: list[tuple[int, Pred]] | None = None
        if fixed:
            self.fixed = [
                (k, pred)
                for k, (pred, _, lower_only, _, _) in enumerate(compiled)
                if not (self.anchor is not None and k == self.offset and lower_only)
            ]
        # with quantifiers: word lists that must all occur near the start for a match (checked
        # before the walk), and how far a match can reach
        self.required = [
            words
            for k, (_, words, lo, _) in enumerate(self.steps)
            if not fixed and words and lo >= 1 and k != self.offset
        ]
        self.reach = sum(hi for _, _, _, hi in self.steps)

    def ends(self, tv: TokenView, start: int) -> Iterable[int]:
        """Every token index where a match starting at ``start`` can end."""
        n = tv.n
        if self.fixed is not None:
            end = start + self.length
            if end > n:
                return ()
            for k, pred in self.fixed:
                if not pred(tv, start + k):
                    return ()
            return (end,)
        # quantifiers: the set of positions reachable after each step (what a backtracking
        # walk would yield, without generators)
        positions: Iterable[int] = (start,)
        for pred, _, lo, hi in self.steps:
            reached: set[int] = set()
            for j in positions:
                k = 0
                while k < lo:
                    if j >= n or not pred(tv, j):
                        break
                    j += 1
                    k += 1
                else:
                    reached.add(j)
                    while k < hi and j < n and pred(tv, j):
                        j += 1
                        k += 1
                        reached.add(j)
            if not reached:
                return ()
            positions = reached
        return positions


Candidates = list[tuple[CompiledPattern, int]]
Match = tuple[str, int, int]


class FastMatcher:
    """Index compiled patterns by their anchor word; return (key, start, end) like spaCy.

    Rules are primary or not: ``candidates`` finds where each could match in one pass, ``run``
    checks them, so the caller can run the others only where a primary rule matched.
    """

    def __init__(self) -> None:
        self.by_word: dict[str, list[CompiledPattern]] = {}
        self.unanchored: list[CompiledPattern] = []
        self.max_offset = 0
        self.max_reach = 0

    def add(self, key: str, pattern: list[dict[str, Any]], *, primary: bool = True) -> None:
        cp = CompiledPattern(key, pattern, primary=primary)
        if cp.anchor:
            for w in cp.anchor:
                self.by_word.setdefault(w, []).append(cp)
            self.max_offset = max(self.max_offset, cp.offset)
        else:
            self.unanchored.append(cp)
        self.max_reach = max(self.max_reach, cp.reach)

    def candidates(self, tv: TokenView, lo: int, hi: int) -> tuple[Candidates, Candidates]:
        """(pattern, start) pairs of primary and other rules for starts ``lo`` to ``hi - 1``."""
        lowers = tv.lowers
        by_word = self.by_word
        primary: Candidates = []
        others: Candidates = []
        stop = min(tv.n, hi + self.max_offset)
        for i in [k for k in range(lo, stop) if lowers[k] in by_word]:
            for cp in by_word[lowers[i]]:
                start = i - cp.offset
                if lo <= start < hi:
                    (primary if cp.primary else others).append((cp, start))
        for cp in self.unanchored:
            for start in range(lo, hi):
                (primary if cp.primary else others).append((cp, start))
        return primary, others

    def run(self, tv: TokenView, candidates: Candidates, lo: int, hi: int) -> list[Match]:
        """The matches at these candidates (from ``candidates(tv, lo, hi)``), in spaCy's order
        with ties by rule id (hash-seed proof)."""
        out: set[Match] = set()
        near: set[str] | None = None  # the words a match from here can reach
        n = tv.n
        for cp, start in candidates:
            fixed = cp.fixed
            if fixed is not None:  # ``cp.ends`` inlined: most rules have no quantifier
                end = start + cp.length
                if end <= n:
                    for k, pred in fixed:
                        if not pred(tv, start + k):
                            break
                    else:
                        out.add((cp.key, start, end))
                continue
            if cp.required:
                if near is None:
                    near = set(tv.lowers[lo : hi + self.max_reach])
                for words in cp.required:
                    if near.isdisjoint(words):
                        break
                else:
                    for end in cp.ends(tv, start):
                        if end > start:
                            out.add((cp.key, start, end))
                continue
            for end in cp.ends(tv, start):
                if end > start:
                    out.add((cp.key, start, end))
        return sorted(out, key=lambda m: (m[1], m[2], m[0]))

    def __call__(self, tv: TokenView, lo: int, hi: int) -> list[Match]:
        """All matches starting at tokens ``lo`` to ``hi - 1`` (they may end past ``hi``)."""
        primary, others = self.candidates(tv, lo, hi)
        return self.run(tv, primary + others, lo, hi)
