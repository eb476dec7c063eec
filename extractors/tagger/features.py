"""Candidates for the learned decision, and the features it reads off each one.

The rules propose; a model decides. A candidate is one (event type, actor set) in one
sentence: every organisation and every pair of organisations the sentence names, for every
type, plus whatever the rules themselves produced there. That is broad on purpose: the
rules' own mistakes on real text (background retold, lists, chipmakers, one sentence typed
three ways) become negative examples a model can learn from, instead of being invisible.

Features are plain strings (value 1.0), most crossed with the candidate's type so each type
learns its own vocabulary: the rule's verdict and its rule id, every cue label in the
sentence, the parties' roles and how they are named (a model, a product, a possessive, a
list member, hardware), the words of the sentence and the words between the parties, and
the time expressions with how far they lie from the publication date.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from extractors.models import EVENT_TYPES, Event
from extractors.tagger.candidates import Candidate as RuleCandidate
from extractors.tagger.timex import TimeMention

SINGLE_OK = frozenset({"packaging_change", "revenue_share_change", "exclusivity_change"})
MAX_ORGS = 6  # a sentence naming more is a list; its first six are enough candidates
MODEL_WORDS = frozenset(
    ["model", "models", "llm", "llms", "chatbot", "assistant", "ai", "technology"]
)
HARDWARE_WORDS = frozenset(
    [
        "gpus",
        "gpu",
        "chips",
        "chip",
        "tpus",
        "tpu",
        "accelerators",
        "processors",
        "superchips",
        "hardware",
    ]
)
LIST_CUES = frozenset(
    [
        "including",
        "such",
        "as",
        "like",
        "among",
        "alongside",
        "and",
        "or",
        ",",
        "include",
        "includes",
    ]
)
# the cue label of words naming AI (data/rules/context.jsonl): a gate of packaging changes
# (``gates.packaging_without_ai``), left out of the features: it is in nearly every
# sentence, and as a feature it cost dev3 0.007 (grouped CV)
AI_ACCESS = "AI_ACCESS"
QUOTES = frozenset({"“", "”", '"'})
CUE_WINDOW = 4  # words each side of a type's own cue
PUNCT = frozenset(",.;:!?()[]\"'“”‘’—–-")


@dataclass(slots=True)
class Mention:
    """One organisation named in a sentence (token offsets are the sentence's own)."""

    org: str
    role: str
    label: str  # ORG, ORG_MODEL (a model family), ORG_PERSON (an executive)
    start: int
    end: int


@dataclass(slots=True)
class SentenceView:
    """What the decision reads about one sentence."""

    start_char: int
    end_char: int
    lowers: list[str]  # lowercase token texts
    offsets: list[int]  # each token's character offset in the sentence
    mentions: list[Mention]
    cues: list[tuple[str, str, int, int]]  # (rule id, label, start, end), sentence offsets
    rule_events: list[Event]
    rule_candidates: list[RuleCandidate]  # what the rules considered, with drop reasons
    times: list[TimeMention]
    published: dt.date | None
    # negators that negate (sentence offsets): the lexicon's, less those followed by one of
    # its exceptions ("no longer", "not only", "has not ruled out")
    negations: list[int]


@dataclass(slots=True)
class Proposal:
    """One (type, actors) the decision judges, with its features and the rules' event.

    ``own`` features are this proposal's; ``shared`` ones are its sentence's (one list for
    every proposal of the sentence), counted twice: crossed with the type and as they are.
    """

    type: str
    actors: tuple[str, ...]  # sorted canonical names
    own: list[str]
    shared: list[str] = field(repr=False)
    rule_event: Event | None
    sentence: SentenceView = field(repr=False)

    @property
    def features(self) -> list[str]:
        """Every feature, as training sees them."""
        return [*self.own, *(f"{self.type}|{f}" for f in self.shared), *self.shared]


def _bucket(days: int | None) -> str:
    if days is None:
        return "undated"
    if days < -365:
        return "past_far"
    if days < -60:
        return "past"
    if days <= 7:
        return "recent"
    return "future"


def time_features(s: SentenceView) -> list[str]:
    """The sentence's time expressions as buckets of distance from the publication date."""
    out: list[str] = []
    for t in s.times:
        if t.since:
            out.append("since")
        if s.published is not None:
            out.append(_bucket(t.offset_days(s.published)))
        else:  # undated text: only what the words say ("last", "next", "earlier", "in")
            out.append("lex_" + t.text.split()[0].lower())
    return out


def _actor_sets(s: SentenceView) -> list[tuple[str, ...]]:
    orgs = list(dict.fromkeys(m.org for m in s.mentions))[:MAX_ORGS]
    sets: list[tuple[str, ...]] = [(o,) for o in orgs]
    sets += [tuple(sorted((a, b))) for i, a in enumerate(orgs) for b in orgs[i + 1 :]]
    return sets


def _types(s: SentenceView) -> tuple[str, ...]:
    """Every type: gating types by their own cues left 42 of dev3's 204 events without a
    candidate (grouped CV: F1 0.66 gated, 0.70 ungated); the type-crossed features decide."""
    return EVENT_TYPES


def candidates(s: SentenceView) -> Iterator[Proposal]:
    """Every candidate of one sentence naming an organisation."""
    types = _types(s)
    if not s.mentions:
        return
    sets = _actor_sets(s)
    rule_sets = {(e.type, tuple(sorted(e.actors))): e for e in s.rule_events}
    for _, actors in rule_sets:
        if actors not in sets:
            sets.append(actors)
    shared = _sentence_features(s)
    parts = _Parts(s)
    common = {actors: _actor_features(actors, parts) for actors in sets}
    for etype in types:
        for actors in sets:
            if len(actors) == 1 and etype not in SINGLE_OK:
                continue
            rule_event = rule_sets.get((etype, actors))
            feats = [etype, f"{etype}|n{min(len(actors), 3)}"]
            feats += _rule_features(s, etype, actors, rule_event, parts)
            feats += _party_features(etype, actors, parts, common[actors])
            own = list(dict.fromkeys(feats))  # each counts once, as in training
            yield Proposal(etype, actors, own, shared, rule_event, s)


def _sentence_features(s: SentenceView) -> list[str]:
    # each feature once, in the sentence's order: a set's order changes with the process's
    # string hashing, and with it the order the weights are summed (the last bits of the sum)
    words = [w for w in s.lowers if w not in PUNCT]
    out = [f"w={w}" for w in dict.fromkeys(words)]
    out += [f"b={a}_{b}" for a, b in dict.fromkeys(itertools.pairwise(words))]
    out += [f"cue={label}" for label in dict.fromkeys(c[1] for c in s.cues) if label != AI_ACCESS]
    out += [f"time={t}" for t in dict.fromkeys(time_features(s))]
    out.append(f"orgs={min(len({m.org for m in s.mentions}), 5)}")
    if any(w in QUOTES for w in s.lowers):
        out.append("quoted")  # a quotation: someone's view, rarely the news itself
    return out


def _rule_features(
    s: SentenceView,
    etype: str,
    actors: tuple[str, ...],
    rule_event: Event | None,
    parts: _Parts,
) -> list[str]:
    out: list[str] = []
    if rule_event is not None:
        out += [
            f"{etype}|rule_exact",
            f"{etype}|rule={rule_event.rule_id}",
            f"{etype}|rule_status={rule_event.status}",
        ]
    aset = set(actors)
    for e in s.rule_events:
        other = set(e.actors)
        if e.type == etype and other != aset:
            out.append(f"{etype}|rule_type_" + ("super" if aset < other else "other"))
        if e.type != etype and other == aset:
            out.append(f"{etype}|rule_actors_as={e.type}")
    out += [f"{etype}|trig={rule_id}" for rule_id in parts.triggers.get(etype, ())]
    # the filters that drop the rules' own candidate of this type and parties
    for reasons in parts.reasons.get((etype, frozenset(actors)), ()):
        out.append(f"{etype}|rule_cand")
        out += [f"{etype}|reason={r}" for r in reasons]
        out += [f"reason={r}" for r in reasons]
    return out


def aside_of(s: SentenceView, m: Mention) -> bool:
    """Whether a mention stands aside from the sentence's deal: named right after a bystander
    cue ("in addition to", "such as", "unlike") or as the place a service runs ("in the AWS
    Europe region")."""
    for _, label, start, end in s.cues:
        if label == "BYSTANDER" and 0 <= m.start - end <= 2:
            return True
        if label == "LOCATION" and 0 <= start - m.end <= 12:
            between = s.lowers[m.end : start]
            if not any(w in (",", ";", ":", "—", "which", "that", "to", "for") for w in between):
                return True
    return False


def list_sizes(s: SentenceView) -> dict[str, int]:
    """For each organisation, the size of the longest list it is named in ("through Azure,
    Oracle's cloud, Bedrock and Snowflake": 4): mentions joined by commas, "and" or "or"
    with at most three other tokens between them."""
    ordered = sorted(s.mentions, key=lambda m: m.start)
    sizes: dict[str, int] = {}
    chain: list[Mention] = []
    for m in ordered:
        if chain:
            gap = s.lowers[chain[-1].end : m.start]
            if not (len(gap) <= 4 and any(w in (",", "and", "or", "&") for w in gap)):
                chain = []
        chain.append(m)
        size = len({x.org for x in chain})
        for x in chain:
            sizes[x.org] = max(sizes.get(x.org, 1), size)
    return sizes


class _Parts:
    """What a sentence's proposals share, read once: each organisation's first mention and
    how it is named, each pair's gap and the words between, the rules' triggers and reasons."""

    def __init__(self, s: SentenceView) -> None:
        lowers = s.lowers
        n = len(lowers)
        self.sizes = list_sizes(s)
        self.first: dict[str, Mention] = {}
        for m in s.mentions:
            self.first.setdefault(m.org, m)
        self.lead = min(s.mentions, key=lambda m: m.start).org
        self.orgs = {m.org for m in s.mentions}
        self.named: dict[str, list[str]] = {}  # org -> "<role>|<how>" suffixes
        self.aside: set[str] = set()
        for org, m in self.first.items():
            tag = m.role
            out: list[str] = []
            nxt = lowers[m.end] if m.end < n else ""
            if nxt in ("'s", "’s") and m.end + 1 < n:
                nxt = lowers[m.end + 1]
                out.append(f"{tag}|poss")
            prev = lowers[m.start - 1] if m.start > 0 else ""
            if nxt in MODEL_WORDS:
                out.append(f"{tag}|then_model")
            if nxt in HARDWARE_WORDS:
                out.append(f"{tag}|then_hardware")
            if m.label != "ORG":
                out.append(f"{tag}|as_{m.label.lower()}")
            if aside_of(s, m):
                out.append(f"{tag}|aside")  # "in addition to Azure", "in the AWS region"
                self.aside.add(org)
            if prev in LIST_CUES or nxt in (",", "and", "or"):
                out.append(f"{tag}|listed")
            if org == self.lead:
                out.append(f"{tag}|lead")
            self.named[org] = out
        self.triggers: dict[str, list[str]] = {}
        for rule_id, label, _, _ in s.cues:
            if label.startswith("EVENT:"):
                self.triggers.setdefault(label[6:], []).append(rule_id)
        self.reasons: dict[tuple[str, frozenset[str]], list[tuple[str, ...]]] = {}
        for rc in s.rule_candidates:
            key = (rc.event.type, frozenset(rc.event.actors))
            self.reasons.setdefault(key, []).append(rc.reasons)
        self._pairs: dict[tuple[str, ...], list[str]] = {}
        self._lowers = lowers
        # each type's own cue spans, and the words right around them ("losing its place as
        # the only", "strip ... of its status"): what one type's cue says, not the sentence's
        self.spans: dict[str, list[tuple[int, int]]] = {}
        for _, label, start, end in s.cues:
            if label.startswith("EVENT:"):
                self.spans.setdefault(label[6:], []).append((start, end))
        self.window: dict[str, list[str]] = {}
        for etype, spans in self.spans.items():
            words: dict[str, None] = {}  # ordered, as every feature list here
            for start, end in spans:
                words.update(dict.fromkeys(lowers[max(0, start - CUE_WINDOW) : start]))
                words.update(dict.fromkeys(lowers[end : end + CUE_WINDOW]))
            self.window[etype] = [f"cw={w}" for w in words if w not in PUNCT]

    def near(self, etype: str, actors: tuple[str, ...]) -> list[str]:
        """How far each party's first mention lies from the type's nearest own cue."""
        spans = self.spans.get(etype)
        if not spans:
            return ["cue_none"]
        out = []
        for a in actors:
            m = self.first[a]
            gap = min(max(start - m.end, m.start - end, 0) for start, end in spans)
            out.append(f"cue_gap={'0-2' if gap <= 2 else '3-8' if gap <= 8 else '9+'}")
        return out

    def pair(self, actors: tuple[str, ...]) -> list[str]:
        """Suffixes of a pair: the gap between the two, their order, the words between."""
        found = self._pairs.get(actors)
        if found is None:
            one, two = sorted((self.first[x] for x in actors), key=lambda m: m.start)
            gap = two.start - one.end
            found = [
                f"gap={'0-3' if gap <= 3 else '4-10' if gap <= 10 else '11+'}",
                f"order={one.role}>{two.role}",
            ]
            found += [
                f"btw={w}"
                for w in dict.fromkeys(self._lowers[one.end : two.start])
                if w not in PUNCT or w in (",", ";", "(")
            ]
            self._pairs[actors] = found
        return found


def _actor_features(actors: tuple[str, ...], parts: _Parts) -> tuple[list[str], list[str]]:
    """What the parties say whatever the type: suffixes to cross with it, and plain ones."""
    crossed: list[str] = []
    plain: list[str] = []
    biggest = max(parts.sizes.get(a, 1) for a in actors)
    if biggest >= 3:
        crossed.append("in_list3")
        plain.append("in_list3")
    elif biggest == 2:
        crossed.append("in_list2")
    roles = sorted(parts.first[a].role for a in actors)
    crossed.append(f"roles={'+'.join(roles)}")
    for a in actors:
        crossed += parts.named[a]
        if a in parts.aside:
            plain.append("party_aside")
    if len(actors) == 2:
        crossed += parts.pair(actors)
    crossed.append(f"others={min(len(parts.orgs - set(actors)), 3)}")
    return crossed, plain


def _party_features(
    etype: str, actors: tuple[str, ...], parts: _Parts, common: tuple[list[str], list[str]]
) -> list[str]:
    crossed, plain = common
    out = [f"{etype}|{f}" for f in crossed]
    out += plain
    out += [f"{etype}|{f}" for f in parts.window.get(etype, ())]
    out += [f"{etype}|{f}" for f in dict.fromkeys(parts.near(etype, actors))]
    return out
