"""``channelwatch_cues``: the rule files' token patterns, run by spaCy's Matcher.

Every rule of ``data/rules/*.jsonl`` is checked by one ``Matcher(validate=True)`` at load time
(a bad pattern names its file and line) and then gets a Matcher of its own, run only where it
can fire: in a sentence that names an organisation, and only at a start where one of the
rule's anchor words (a token it requires, the rarest of them) stands where the pattern needs
it, and only when the window it can span holds a word of every step the pattern requires (the
words of the steps after the anchor: 7 of 10 anchored windows lack one, and a Matcher call on
them finds nothing). Event triggers and deal cues run first; the other cues (status, negation,
blockers...) only in a sentence where a trigger matched. One Matcher over all 250 rules on
every token costs about 1.3 ms a snippet (spaCy evaluates each ``IN`` set in Python for every
token); gated like this, the same matches cost about a fifth of that.

Matches go to ``doc.spans["cues"]``: label = the rule's label, ``id_`` = the rule id, in order
of start, end and rule id. A trigger lying wholly inside an organisation's name ("Oracle Cloud
Infrastructure", "Mistral Compute") is not kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from extractors.tagger.gazetteer import OUTLET
from extractors.tagger.paths import rules_path
from extractors.tagger.rules import Rule, build_matcher, read_rules
from extractors.tagger.tokens import lowers_column, sentence_starts, set_spans, span_rows

ORGS_KEY = "orgs"
CUES_KEY = "cues"

# frequent words: a poor anchor for a rule
_COMMON_WORDS = """the a an to in on of for with at by from as that this is are was be has have
it its and or but not no new will said says"""
COMMON = frozenset(_COMMON_WORDS.split())


def is_trigger(label: str) -> bool:
    """An event trigger or a deal cue: what a sentence needs to yield an event."""
    return label.startswith("EVENT:") or label == "DEAL"


def _step_words(spec: dict[str, Any]) -> frozenset[str] | None:
    """The lowercase words a token spec can match, when it names a finite set."""
    words: frozenset[str] | None = None
    for key in ("LOWER", "ORTH"):
        value = spec.get(key)
        if isinstance(value, str):
            found = frozenset({value.lower()})
        elif isinstance(value, dict) and set(value) == {"IN"}:
            found = frozenset(str(w).lower() for w in value["IN"])
        else:
            continue
        words = found if words is None else words & found
    return words


def _min_count(spec: dict[str, Any]) -> int:
    op = str(spec.get("OP", "1"))
    if op in ("1", "!", "+"):
        return 1
    if op.startswith("{"):
        low = op[1:-1].split(",")[0]
        return int(low) if low.isdigit() else (1 if "," not in op else 0)
    return 0


def _max_count(spec: dict[str, Any]) -> int | None:
    op = str(spec.get("OP", "1"))
    if op in ("1", "?", "!"):
        return 1
    if op.startswith("{") and "," in op:
        high = op[1:-1].split(",")[1]
        return int(high) if high.isdigit() else None
    if op.startswith("{"):
        return int(op[1:-1])
    return None  # + and *: unbounded


def _rarer(words: frozenset[str], than: frozenset[str] | None) -> bool:
    return than is None or (len(words & COMMON), len(words)) < (len(than & COMMON), len(than))


def anchor(pattern: list[dict[str, Any]]) -> tuple[frozenset[str] | None, int | None]:
    """The words that must occur for a match, and their place in it.

    Among the leading single-token steps (before any quantifier), the rarest word set and its
    offset from the match's start: a match can then only start that far before one of the
    words. Otherwise the rarest word set of any required step, with no offset (``None``), and
    ``(None, None)`` when no step names words.
    """
    best: frozenset[str] | None = None
    offset = 0
    for k, spec in enumerate(pattern):
        if "OP" in spec and spec["OP"] != "1":
            break
        words = _step_words(spec)
        if words and _rarer(words, best):
            best, offset = words, k
    if best is not None:
        return best, offset
    for words in required_words(pattern):
        if _rarer(words, best):
            best = words
    return best, None


def required_words(pattern: list[dict[str, Any]]) -> tuple[frozenset[str], ...]:
    """The word sets of the steps a match cannot do without: a window that lacks a word of
    one of them cannot match, and its Matcher call is skipped."""
    found = []
    for spec in pattern:
        if spec.get("OP") == "!" or _min_count(spec) < 1:
            continue
        words = _step_words(spec)
        if words:
            found.append(words)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class GatedRule:
    id: str
    matcher: Matcher
    offset: int | None  # where its anchor words stand in a match (None: anywhere)
    reach: int | None  # the most tokens a match can span (None: unbounded)
    required: tuple[frozenset[str], ...]  # see ``required_words``

    def may_match(self, window: list[str]) -> bool:
        """Whether the lowercase words of a window hold a word of every required step."""
        return all(not words.isdisjoint(window) for words in self.required)


class GatedRules:
    """One Matcher per rule, indexed by the rule's anchor words (see ``anchor``)."""

    def __init__(self, nlp: Language, rules: Iterable[Rule]) -> None:
        self.placed: dict[str, list[GatedRule]] = {}  # word -> rules anchored at an offset
        self.loose: dict[str, list[GatedRule]] = {}  # word -> rules anchored anywhere
        self.always: list[GatedRule] = []
        for rule in rules:
            matcher = Matcher(nlp.vocab)
            matcher.add(rule.id, [rule.pattern])
            counts = [_max_count(spec) for spec in rule.pattern]
            reach = None if None in counts else sum(c for c in counts if c is not None)
            words, offset = anchor(rule.pattern)
            gated = GatedRule(rule.id, matcher, offset, reach, required_words(rule.pattern))
            if words is not None and offset is not None:
                for w in words:
                    self.placed.setdefault(w, []).append(gated)
                continue
            if words is None:
                self.always.append(gated)
            else:
                for w in words:
                    self.loose.setdefault(w, []).append(gated)

    def run(self, doc: Doc, lowers: list[str], lo: int, hi: int) -> list[tuple[str, int, int]]:
        """(rule id, start, end) of every match inside the sentence of tokens ``lo`` to
        ``hi - 1``: a pattern's gaps ("{,10}") never reach into the next sentence."""
        found: set[tuple[str, int, int]] = set()
        placed = self.placed
        for k in [k for k in range(lo, hi) if lowers[k] in placed]:
            for rule in placed[lowers[k]]:
                start = k - rule.offset  # type: ignore[operator]  # placed rules have one
                if lo <= start < hi:
                    stop = hi if rule.reach is None else min(hi, start + rule.reach)
                    if not rule.may_match(lowers[start:stop]):
                        continue  # 7 of 10 calls, and they would find nothing
                    for _, s, e in rule.matcher(doc[start:stop]):
                        if s == 0:
                            found.add((rule.id, start, start + e))
        loose = self.loose
        rules = list(self.always)
        for w in set(lowers[lo:hi]) & loose.keys():
            rules += loose[w]
        if rules:
            window = doc[lo:hi]
            words = lowers[lo:hi]
            for rule in rules:
                if not rule.may_match(words):
                    continue
                for _, s, e in rule.matcher(window):
                    found.add((rule.id, s + lo, e + lo))
        return list(found)


class CueMatcher:
    """Finds the rule cues of the sentences that name an organisation (see the module doc)."""

    def __init__(self, nlp: Language, rules: list[Rule]) -> None:
        build_matcher(nlp, rules)  # spaCy's validation of every pattern, naming file and line
        token_rules = [r for r in rules if r.label != "OUTLET"]
        self.label_of = {r.id: r.label for r in token_rules}
        self.triggers = GatedRules(nlp, [r for r in token_rules if is_trigger(r.label)])
        self.context = GatedRules(nlp, [r for r in token_rules if not is_trigger(r.label)])
        self.lowers = lowers_column(nlp.vocab.strings)

    def __call__(self, doc: Doc) -> Doc:
        orgs = span_rows(doc, ORGS_KEY)
        name_starts = sorted({start for start, _, label, _ in orgs if label != OUTLET})
        if not name_starts:
            set_spans(doc, CUES_KEY, [])
            return doc
        bounds = sentence_starts(doc)
        lowers = self.lowers(doc)
        in_name = [False] * len(doc)
        for start, end, _, _ in orgs:
            in_name[start:end] = [True] * (end - start)
        label_of = self.label_of
        found: list[tuple[str, int, int]] = []
        sent_no = 0
        done = -1
        for start in name_starts:  # only a sentence naming an organisation can hold an event
            while bounds[sent_no + 1] <= start:
                sent_no += 1
            if sent_no == done:
                continue
            done = sent_no
            lo, hi = bounds[sent_no], bounds[sent_no + 1]
            cues = [
                m
                for m in self.triggers.run(doc, lowers, lo, hi)
                if not (label_of[m[0]].startswith("EVENT:") and all(in_name[m[1] : m[2]]))
            ]
            if cues:  # no event trigger and no deal cue: no event, no need for context
                found += cues + self.context.run(doc, lowers, lo, hi)
        found.sort(key=lambda m: (m[1], m[2], m[0]))
        set_spans(doc, CUES_KEY, [(s, e, label_of[rule_id], rule_id) for rule_id, s, e in found])
        return doc


@Language.factory("channelwatch_cues", default_config={"rules_dir": None})
def make_cues(nlp: Language, name: str, rules_dir: str | None) -> CueMatcher:
    """``rules_dir``: the rule directory (default ``data/rules``)."""
    return CueMatcher(nlp, read_rules(rules_path(rules_dir)))
