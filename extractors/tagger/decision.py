"""The learned decision: which candidates are news events, with which status.

The model is two logistic regressions stored as JSON (``data/rules/model.json``, written by
``channelwatch train``): one scores each candidate's features (is this a news event of this
type between these parties?), one picks the status of those kept. Scoring is a sum of
weights, so running it needs no machine-learning library; training does.

A candidate kept in a sentence that retells an earlier or standing arrangement
(:mod:`extractors.tagger.background`), or one the rules produced and the model rejects in
such a sentence, becomes a background event (``Event.background``): analysts see it in the
timeline at its own date, but it is not news and never starts a signal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import numpy as np

from extractors.errors import ConfigError
from extractors.models import EVENT_TYPES, Event
from extractors.tagger.article import lede, lede_ids, news_in_article, story_companies
from extractors.tagger.background import BackgroundReader
from extractors.tagger.features import Proposal, SentenceView, candidates
from extractors.tagger.gates import aside_party, named_only_aside, no_event
from extractors.tagger.rules import is_weak
from extractors.tagger.screen import Ceilings, Screen
from extractors.tagger.status_choice import choose_status

STATUSES = ("confirmed", "reported", "talks", "denied")
STATUS_ORDER = ("denied", "talks", "reported", "confirmed")
# the rules' filters whose candidates were (almost) never events in the labelled sets: 1 of
# 55, a channel "freed" by an ended exclusivity that the gold counts as new
VETO_REASONS = frozenset(
    {"speculation", "legal", "career", "blocked", "platform-run", "serves-model"}
    | {"freed-by-exclusivity"}
)
# the rules' filters that read a standing or earlier state ("which runs on", "already")
BACKGROUND_REASONS = frozenset({"background", "continuing", "prior", "aside"})
TYPE_COLUMN = {t: j for j, t in enumerate(EVENT_TYPES)}
# a sentence's feature list and its six sums, by the list's id (``DecisionModel.shared_sums``)
SumsCache = dict[int, tuple[list[str], list[float]]]


class ModelError(ConfigError):
    """The model file is missing or unreadable; the message says how to rebuild it."""


@dataclass(frozen=True, slots=True)
class DecisionModel:
    """Weights of the event scorer and the status classifier."""

    weights: dict[str, float]
    bias: float
    threshold: float  # a candidate at this probability is a news event
    rule_floor: float  # so is one the rules produced too, at this lower probability
    status_classes: tuple[str, ...]
    status_weights: dict[str, list[float]]
    status_bias: list[float]
    meta: dict[str, object]
    # each sentence feature's weight for every type (crossed with the type, plus as it is),
    # one row per feature: a sentence's six sums are one lookup pass and one numpy sum
    # instead of six passes over crossed names (see ``probability``)
    rows: dict[str, int] = field(init=False, repr=False, compare=False)
    table: np.ndarray = field(init=False, repr=False, compare=False)
    # each type's crossed weights by suffix ("hosting_deal|gap=0-3" is crossed["hosting_deal"]
    # ["gap=0-3"]): a proposal's own suffixes are summed without writing out their names
    crossed: dict[str, dict[str, float]] = field(init=False, repr=False, compare=False)
    # what ``screen.Screen`` reads of the model, once
    ceilings: Ceilings = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rows: dict[str, int] = {}
        by_type: dict[str, dict[str, float]] = {t: {} for t in EVENT_TYPES}
        plain: list[tuple[int, float]] = []
        for k, v in self.weights.items():
            head, bar, rest = k.partition("|")
            if bar and head in by_type:
                by_type[head][rest] = v
                rows.setdefault(rest, len(rows))
            else:
                plain.append((rows.setdefault(k, len(rows)), v))
        table = np.zeros((len(rows) + 1, len(EVENT_TYPES)))  # the last row: unknown features
        for row, v in plain:
            table[row, :] += v
        for etype, weights in by_type.items():
            for rest, v in weights.items():
                table[rows[rest], TYPE_COLUMN[etype]] += v
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "table", table)
        object.__setattr__(self, "crossed", by_type)
        object.__setattr__(self, "ceilings", Ceilings.of(self))

    @classmethod
    def load(cls, path: Path) -> DecisionModel:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                weights=raw["event"]["weights"],
                bias=float(raw["event"]["bias"]),
                threshold=float(raw["event"]["threshold"]),
                rule_floor=float(raw["event"]["rule_floor"]),
                status_classes=tuple(raw["status"]["classes"]),
                status_weights=raw["status"]["weights"],
                status_bias=[float(b) for b in raw["status"]["bias"]],
                meta=raw.get("meta", {}),
            )
        except FileNotFoundError as exc:
            raise ModelError(
                f"the tagger model {path} is missing; rebuild it with 'make model' "
                "(channelwatch train)"
            ) from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(
                f"the tagger model {path} is unreadable ({exc}); rebuild it with 'make model'"
            ) from exc

    def shared_sums(self, shared: list[str], cache: SumsCache | None = None) -> list[float]:
        """The weights of a sentence's features for each type (crossed and as they are), one
        lookup pass and one numpy sum; ``cache`` keeps them by the list's identity."""
        hit = cache.get(id(shared)) if cache is not None else None
        if hit is not None and hit[0] is shared:
            return hit[1]
        unknown = len(self.rows)
        found = [unknown if i is None else i for i in map(self.rows.get, shared)]
        sums: list[float] = self.table[found].sum(axis=0).tolist()
        if cache is not None:  # the list is kept with its sums, so its id is never reused
            cache[id(shared)] = (shared, sums)
        return sums

    def probability(self, c: Proposal, cache: SumsCache | None = None) -> float:
        """The probability that a proposal is a news event: the bias and the weights of
        ``c.features``, summed by parts. Its sentence's features weigh the same for every
        proposal of one type: ``cache`` keeps their six sums (``shared_sums``)."""
        sums = self.shared_sums(c.shared, cache)
        t = c.type
        w = self.weights
        crossed = self.crossed[t]
        # map(w.get, names, zeros) looks each name up in C, without a frame per name
        z = self.bias + sums[TYPE_COLUMN[t]]
        z += w.get(t, 0.0) + w.get(f"{t}|n{min(len(c.actors), 3)}", 0.0)
        z += sum(map(w.get, c.rule, repeat(0.0)))
        z += sum(map(crossed.get, c.party.crossed, repeat(0.0)))
        z += sum(map(w.get, c.party.plain, repeat(0.0)))
        z += sum(map(crossed.get, c.window, repeat(0.0)))
        z += sum(map(crossed.get, c.near, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def keeps(self, c: Proposal, p: float) -> bool:
        """Whether a candidate of probability ``p`` is a news event."""
        return p >= self.threshold or (
            c.rule_event is not None and not is_weak(c.rule_event.rule_id) and p >= self.rule_floor
        )

    def to_json(self) -> dict[str, object]:
        return {
            "meta": self.meta,
            "event": {
                "threshold": self.threshold,
                "rule_floor": self.rule_floor,
                "bias": self.bias,
                "weights": self.weights,
            },
            "status": {
                "classes": list(self.status_classes),
                "bias": self.status_bias,
                "weights": self.status_weights,
            },
        }

    def status(self, features: Iterable[str]) -> str:
        scores = list(self.status_bias)
        for f in features:
            row = self.status_weights.get(f)
            if row is not None:
                for k, v in enumerate(row):
                    scores[k] += v
        return self.status_classes[max(range(len(scores)), key=scores.__getitem__)]


def _event(
    c: Proposal,
    status: str,
    p: float,
    text: str,
    *,
    background: bool,
    date: dt.date | None,
) -> Event:
    s: SentenceView = c.sentence
    base = c.rule_event
    return Event(
        type=c.type,
        actors=base.actors if base is not None else c.actors,
        status=status,
        evidence=text[s.start_char : s.end_char].strip(),
        start_char=s.start_char,
        end_char=s.end_char,
        rule_id=base.rule_id if base is not None else "model",
        rules_version="",
        confidence=p,
        direction=base.direction if base is not None else None,
        event_date=date,
        background=background,
    )


def rule_reasons(c: Proposal) -> set[str]:
    """Why the rules dropped their own candidate of this type and these parties: none when
    they kept one ("will offer xAI's Grok ..., alongside the Llama models it already
    offers": the second trigger is a prior state, the first is news)."""
    actors = set(c.actors)
    reasons = [
        rc.reasons
        for rc in c.sentence.rule_candidates
        if rc.event.type == c.type and set(rc.event.actors) == actors
    ]
    if any(not r for r in reasons):
        return set()
    return {r for rs in reasons for r in rs}


def decide(
    model: DecisionModel,
    reader: BackgroundReader,
    views: Sequence[SentenceView],
    text: str,
    rules_version: str,
    article: bool | None = None,
) -> list[Event]:
    """News and background events of one text's sentences (``article``: see
    ``article.is_article``)."""
    cache: SumsCache = {}
    screen = Screen(model, cache)  # proposals that cannot be kept are never built
    proposals = (c for view in views for c in candidates(view, screen))
    events = decide_proposals(model, reader, views, proposals, text, article, cache=cache)
    return [dataclasses.replace(e, rules_version=rules_version) for e in events]


def decide_proposals(
    model: DecisionModel,
    reader: BackgroundReader,
    views: Sequence[SentenceView],
    proposals: Iterable[Proposal],
    text: str,
    article: bool | None = None,
    *,
    cache: SumsCache | None = None,
) -> list[Event]:
    """The events of one text's proposals (its sentences' ``views`` in order), read together:
    an article (``article.is_article``) keeps only proposals naming a company of its story,
    and only those are scored (the hot path), then judged with its lede. Training scores its
    labelled proposals through here as a run reads them (``cache``: see ``shared_sums``)."""
    cache = {} if cache is None else cache
    head = lede(views, article)
    lead = story_companies(head)
    scored = [
        (c, model.probability(c, cache))
        for c in proposals
        if lead is None or lead.intersection(c.actors)
    ]
    return decide_scored(model, reader, scored, text, article=head is not None, lede=lede_ids(head))


def decide_scored(
    model: DecisionModel,
    reader: BackgroundReader,
    scored: Iterable[tuple[Proposal, float]],
    text: str,
    *,
    article: bool = False,
    lede: frozenset[int] = frozenset(),
) -> list[Event]:
    """What the model keeps is news unless it reads as background; what the rules produced
    and the model rejects is kept as background when it reads so (for the timeline).
    ``article``: the candidates are one article's, read as ``article.news_in_article`` says
    (``lede``: its headline's and lede's sentence ids, see ``article.lede_ids``)."""
    found: list[Event] = []
    on_record: set[int] = set()
    for c, p in scored:
        keep = model.keeps(c, p) and (not article or news_in_article(c, p, lede))
        if not keep and c.rule_event is None:
            continue
        reasons = rule_reasons(c)
        if reasons & VETO_REASONS or no_event(c):
            continue
        if c.rule_event is None and (aside_party(c) or named_only_aside(c)):
            continue
        background = bool(reasons & BACKGROUND_REASONS) or reader(c, article=article)
        if not keep and not background:
            continue
        if keep:
            status = choose_status(model, c)
            if status != "denied" and reader.commentary(c):
                continue
        else:
            status = c.rule_event.status if c.rule_event is not None else "confirmed"
        date = reader.event_date(c)
        if status == "confirmed" and any(cue[1] == "SAID" for cue in c.sentence.cues):
            on_record.add(len(found))
        found.append(_event(c, status, p, text, background=background, date=date))
    return merge(found, frozenset(on_record))


def _rank(ev: Event, on_record: bool) -> float:
    """The guide's order (denied, talks, reported, confirmed), with a company's own word
    above a report: across sentences, "the companies said" confirms what another sentence
    attributes to a filing or to people familiar."""
    k = STATUS_ORDER.index(ev.status)
    return k - 1.5 if on_record and ev.status == "confirmed" else k


def merge(events: list[Event], on_record: frozenset[int] = frozenset()) -> list[Event]:
    """One event per (type, actor set, background); the strongest status, then the most
    probable, wins (between sentences, an on-the-record confirmation, ``on_record`` by index,
    outranks a report). Of two same-type news events whose parties nest ("Kakao and OpenAI",
    "Kakao, OpenAI and SK Telecom") the more probable stays (articles-dev: +2 right, -1
    wrong against always the larger set); background nested in news adds nothing."""
    best: dict[tuple[str, frozenset[str], bool], Event] = {}
    said: dict[tuple[str, frozenset[str], bool], bool] = {}
    for i, ev in enumerate(events):
        key = (ev.type, frozenset(ev.actors), ev.background)
        old = best.get(key)
        rec = i in on_record
        if old is not None:
            across = old.start_char != ev.start_char
            mine = _rank(ev, rec and across)
            theirs = _rank(old, said[key] and across)
            if (mine, -ev.confidence) >= (theirs, -old.confidence):
                continue
        best[key] = ev
        said[key] = rec
    news = [k for k in best if not k[2]]

    def outweighed(k: tuple[str, frozenset[str], bool]) -> bool:
        """A same-type news event on a superset (or, for news, a subset) of these actors
        that the model finds more probable."""
        p = best[k].confidence
        for o in news:
            if o[0] != k[0] or o == k:
                continue
            if k[1] < o[1] and (k[2] or best[o].confidence >= p):
                return True
            if o[1] < k[1] and not k[2] and best[o].confidence > p:
                return True
        return False

    keep = [k for k in best if not outweighed(k) and not (k[2] and (k[0], k[1], False) in best)]
    return sorted((best[k] for k in keep), key=lambda e: (e.start_char, e.type, e.actors))
