"""A ceiling on each proposal's score, read before its features are written out.

Nine of ten proposals neither come from the rules nor reach the model's threshold
(``decide_scored`` drops them unread), and writing out their rule and cue-gap features and
scoring them cost 6% of the tagger's instructions. Most of a proposal's score is fixed by its
sentence and type (the sentence's words, the type's cue window and triggers) and by its
parties (what the parties say, summed per type); the rest, the rules' verdict on other
parties and how far the parties lie from the type's cue, is replaced here by the most it
could add. A proposal whose ceiling stays below the threshold cannot be kept, so it is never
built: what the tagger keeps is what it kept without the screen (a test compares every
labelled snippet both ways). Training reads every proposal and takes no screen.

A feature added to a proposal (``features.candidates``, ``party_features``) needs its place
here too, at its value or at the most it can add: ``tests/test_decision_screen.py`` fails on
the labelled snippets when a screened-out proposal scores above the threshold.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING

from extractors.models import EVENT_TYPES

if TYPE_CHECKING:
    from extractors.tagger.decision import DecisionModel, SumsCache
    from extractors.tagger.features import SentenceView
    from extractors.tagger.party_features import Parts, PartyFeatures

# what ``Parts.near`` and ``features._rule_features`` can write for a type beyond its
# triggers when the proposal is not the rules' own (their names, crossed with the type)
GAP_BUCKETS = ("cue_gap=0-2", "cue_gap=3-8", "cue_gap=9+")
OTHER_RULES = ("rule_type_super", "rule_type_other", *(f"rule_actors_as={t}" for t in EVENT_TYPES))
# a ceiling this close to the threshold is scored in full: the ceiling's sum runs in another
# order than the score's, which may move its last bits
MARGIN = 1e-6

MayKeep = Callable[[str, tuple[str, ...], "PartyFeatures"], bool]


@dataclass(frozen=True, slots=True)
class Ceilings:
    """A model's constants of the test: the threshold as a score, and per type the most its
    cue gaps and the rules' events on other parties can add, and its weight by party count."""

    floor: float
    gaps: dict[str, float]
    others: dict[str, float]
    by_size: dict[str, list[float]]  # the type's own weight plus its n1, n2, n3 weight

    @classmethod
    def of(cls, model: DecisionModel) -> Ceilings:
        w = model.weights

        def most(t: str, names: tuple[str, ...]) -> float:
            return sum(max(0.0, model.crossed[t].get(n, 0.0)) for n in names)

        return cls(
            floor=math.log(model.threshold / (1.0 - model.threshold)) - MARGIN,
            gaps={t: most(t, GAP_BUCKETS) for t in EVENT_TYPES},
            others={t: most(t, OTHER_RULES) for t in EVENT_TYPES},
            by_size={
                t: [w.get(t, 0.0) + w.get(f"{t}|n{min(k, 3)}", 0.0) for k in range(4)]
                for t in EVENT_TYPES
            },
        )


class Screen:
    """Per sentence, a test of whether a proposal the rules did not make could be kept."""

    def __init__(self, model: DecisionModel, cache: SumsCache) -> None:
        self.model = model
        self.cache = cache  # the sentence sums, shared with ``DecisionModel.probability``

    def __call__(self, s: SentenceView, shared: list[str], parts: Parts) -> MayKeep:
        """The test for one sentence's proposals (``shared``: its sentence features)."""
        model = self.model
        ceil = model.ceilings
        sums = model.shared_sums(shared, self.cache)
        base: dict[str, float] = {}
        for t, column in zip(EVENT_TYPES, range(len(EVENT_TYPES)), strict=True):
            crossed = model.crossed[t]
            k = model.bias + sums[column]
            k += sum(map(crossed.get, parts.window.get(t, ()), repeat(0.0)))
            triggers = dict.fromkeys(f"trig={r}" for r in parts.triggers.get(t, ()))
            k += sum(map(crossed.get, triggers, repeat(0.0)))
            k += ceil.gaps[t] if t in parts.spans else crossed.get("cue_none", 0.0)
            if s.rule_events:  # the rules' events on other parties or of other types
                k += ceil.others[t]
            base[t] = k
        reasons = parts.reasons
        plain = model.weights

        def may_keep(etype: str, actors: tuple[str, ...], party: PartyFeatures) -> bool:
            if reasons and (etype, frozenset(actors)) in reasons:
                return True  # the rules' dropped candidate: its reasons are scored in full
            z = base[etype] + ceil.by_size[etype][min(len(actors), 3)]
            z += sum(map(model.crossed[etype].get, party.crossed, repeat(0.0)))
            z += sum(map(plain.get, party.plain, repeat(0.0)))
            return z >= ceil.floor

        return may_keep
