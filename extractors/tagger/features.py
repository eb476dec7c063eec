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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from extractors.models import EVENT_TYPES, Event
from extractors.tagger.candidates import Candidate as RuleCandidate
from extractors.tagger.party_features import PUNCT, Parts, PartyFeatures, actor_features
from extractors.tagger.timex import TimeMention

SINGLE_OK = frozenset({"packaging_change", "revenue_share_change", "exclusivity_change"})
MAX_ORGS = 6  # a sentence naming more is a list; its first six are enough candidates
# the cue label of words naming AI (data/rules/context.jsonl): a gate of packaging changes
# (``gates.packaging_without_ai``), left out of the features: it is in nearly every
# sentence, and as a feature it cost dev3 0.007 (grouped CV)
AI_ACCESS = "AI_ACCESS"
NO_WORDS: list[str] = []  # a type with no cue of its own in the sentence (never changed)
QUOTES = frozenset({"“", "”", '"'})


@dataclass(slots=True)
class Mention:
    """One organisation named in a sentence (token offsets are the sentence's own)."""

    org: str
    role: str
    label: str  # ORG, ORG_MODEL (a model family), ORG_PERSON (an executive)
    start: int
    end: int
    aside: bool = False  # inside an aside after another name (", OpenAI's largest backer,")


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

    Its features come in parts, so that the scorer looks each part up in a table of its type's
    weights instead of writing every type-crossed name out: ``rule`` (the rules' verdict on
    this type and these parties, written out), ``party``
    (what the parties say, crossed with the type), ``window`` and ``near`` (the words around
    the type's own cues and how far the parties lie from them, crossed with the type), and
    ``shared`` (the sentence's, one list for every proposal of the sentence), counted twice:
    crossed with the type and as they are. ``own`` writes the first four out.
    """

    type: str
    actors: tuple[str, ...]  # sorted canonical names
    rule: list[str]
    party: PartyFeatures = field(repr=False)
    window: list[str] = field(repr=False)
    near: list[str] = field(repr=False)
    shared: list[str] = field(repr=False)
    rule_event: Event | None
    sentence: SentenceView = field(repr=False)

    @property
    def own(self) -> list[str]:
        """This proposal's features (all but the sentence's), each once, as training sees them."""
        t = self.type
        feats = [t, f"{t}|n{min(len(self.actors), 3)}", *self.rule]
        feats += [f"{t}|{f}" for f in self.party.crossed]
        feats += self.party.plain
        feats += [f"{t}|{f}" for f in self.window]
        feats += [f"{t}|{f}" for f in self.near]
        return list(dict.fromkeys(feats))

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


# given a sentence, its sentence features and parts: whether a proposal the rules did not
# make (type, parties, what the parties say) could be kept (``screen.Screen``)
ScreenOf = Callable[
    [SentenceView, list[str], Parts], Callable[[str, tuple[str, ...], PartyFeatures], bool]
]


def candidates(s: SentenceView, screen: ScreenOf | None = None) -> Iterator[Proposal]:
    """Every candidate of one sentence naming an organisation; with a ``screen``, only those
    the rules made or the screen says could be kept."""
    types = _types(s)
    if not s.mentions:
        return
    sets = _actor_sets(s)
    rule_sets = {(e.type, tuple(sorted(e.actors))): e for e in s.rule_events}
    for _, actors in rule_sets:
        if actors not in sets:
            sets.append(actors)
    shared = _sentence_features(s)
    parts = Parts(s)
    common = {actors: actor_features(actors, parts) for actors in sets}
    may_keep = screen(s, shared, parts) if screen is not None else None
    for etype in types:
        window = parts.window.get(etype, NO_WORDS)
        for actors in sets:
            if len(actors) == 1 and etype not in SINGLE_OK:
                continue
            rule_event = rule_sets.get((etype, actors))
            if (
                rule_event is None
                and may_keep is not None
                and not may_keep(etype, actors, common[actors])
            ):
                continue
            rule = list(dict.fromkeys(_rule_features(s, etype, actors, rule_event, parts)))
            near = list(dict.fromkeys(parts.near(etype, actors)))
            yield Proposal(etype, actors, rule, common[actors], window, near, shared, rule_event, s)


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
    parts: Parts,
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
