"""Which triggers and events of a sentence the rules drop, each with a short stable reason.

Every check is made for every trigger, so a dropped candidate names all the filters that drop
it; a trigger is kept when it has no reason. The reasons:

- ``negated-type``: a NOT cue of its type overlaps it ("non-exclusive" for exclusivity...);
- ``blocked``: a BLOCK cue of its type is in its segment;
- ``background`` / ``speculation`` / ``career``: its clause retells background, or its clause
  or segment speculates, or its segment is hiring news or a career summary;
- ``prior``: "already", "previously" before it, or a prior trigger of its type in its clause;
- ``continuing``: an arrangement that carries on (hosting or distribution only);
- ``aside``: inside an aside after a name (", which runs on OpenAI's models,");
- ``legal``: in a segment about a lawsuit or filing (not exclusivity);
- ``nonevent``: a hosting trigger in a clause with a NONEVENT cue and no DEAL cue;
- ``serves-model``: compute that hosts a named model for customers (that is distribution);
- ``sell-base``: selling named after a revenue share (what the share is taken from);
- ``nested``: inside another type's longer trigger (see ``nested``);
- ``weak-beside-strong``: a ``-weak`` trigger beside another type's strong trigger.

After parties are assigned (``event_reasons``): ``platform-run`` (a platform running a maker's
models it also distributes), ``freed-by-exclusivity`` (selling freed by an exclusivity change),
``hosting-not-channel`` (compute supplied to a maker is hosting, not a channel).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from extractors.models import Event
from extractors.tagger.rules import is_weak
from extractors.tagger.structure import Cue, Sentence

ONGOING_TYPES = frozenset({"distribution_expansion", "hosting_deal"})
MODEL_REACH = 4  # tokens between a distribution trigger and the model it sells
TERM_LABELS = frozenset(
    {"EVENT:revenue_share_change", "EVENT:exclusivity_change", "EVENT:packaging_change"}
)


@dataclass(slots=True)
class Context:
    """The sentence's non-trigger cues, by what they silence."""

    background: set[int]  # clauses
    speculation: set[int]  # clauses
    speculation_segs: set[int]
    career_segs: set[int]
    prior_ends: list[tuple[int, int]]  # (end, clause) of PRIOR cues
    prior_starts: list[int]
    continuing: set[int]  # clauses
    legal_segs: set[int]
    nonevent: set[int]  # clauses with a NONEVENT cue and no DEAL cue
    nots: list[Cue]
    blocks: list[Cue]
    two_parties: bool

    @property
    def quiet(self) -> set[int]:
        """Clauses where a deal cue yields nothing."""
        return self.background | self.speculation | self.continuing

    @property
    def quiet_segs(self) -> set[int]:
        return self.speculation_segs | self.career_segs

    def silenced(self, c: Cue) -> list[str]:
        """Why the cue's clause or segment silences it: background, speculation, career."""
        why = []
        if c.clause in self.background:
            why.append("background")
        if c.clause in self.speculation or c.seg in self.speculation_segs:
            why.append("speculation")
        if c.seg in self.career_segs:
            why.append("career")
        return why


def context(cues: list[Cue]) -> Context:
    def clauses(label: str) -> set[int]:
        return {c.clause for c in cues if c.label == label}

    def segs(label: str) -> set[int]:
        return {c.seg for c in cues if c.label == label}

    prior = [c for c in cues if c.label == "PRIOR"]
    # "raising the price for the first time since 2013": a time a record is measured against
    comparisons = [(c.start, c.end) for c in cues if c.label == "COMPARISON"]
    return Context(
        # an aside's own background (", which has been its backer since 2019,") is the
        # named company's history, not the clause's
        background={
            c.clause
            for c in cues
            if c.label == "BACKGROUND"
            and not c.aside
            and not any(s <= c.start < e for s, e in comparisons)
        },
        # speculation ("analysts said", "could eventually") colours its whole segment: the
        # attribution clause is split off from the clause it attributes
        speculation=clauses("SPECULATION") | clauses("UNCERTAIN"),
        speculation_segs=segs("SPECULATION_SAID"),
        # hiring news and career summaries ("hired X, who led compute partnerships at OpenAI")
        career_segs=segs("CAREER"),
        prior_ends=[(c.end, c.clause) for c in prior],
        prior_starts=[c.start for c in prior],
        continuing=clauses("CONTINUING"),
        legal_segs=segs("LEGAL"),
        nonevent=clauses("NONEVENT") - clauses("DEAL"),
        nots=[c for c in cues if c.label.startswith("NOT:")],
        blocks=[c for c in cues if c.label.startswith("BLOCK:")],
        two_parties=any(c.label == "TWO_PARTIES" for c in cues),
    )


def serves_a_model(sent: Sentence, t: Cue) -> bool:
    """Whether a compute trigger ends on hosting or serving a named model for customers.

    "Azure infrastructure to host Grok" puts a model maker's model in front of a platform's
    customers (distribution); compute used to train the model stays a hosting deal.
    """
    s0 = sent.start
    toks = sent.lowers
    lex = sent.view.lex
    if toks[t.end - 1 - s0] not in lex.serve_words:
        return False
    cl = sent.clause
    tcl = cl[t.end - 1 - s0]
    if any(cl[k] == tcl and w in lex.train_words for k, w in enumerate(toks)):
        return False
    starts = {m.start: m for m in sent.mentions}
    k = t.end
    for _ in range(4):
        m = starts.get(k)
        if m is not None:
            if m.product:
                return True
            k = m.end
            continue
        w = toks[k - s0] if k - s0 < len(toks) else ""
        if w in lex.model_nouns:
            return w in lex.model_words
        if w not in lex.serve_fillers:
            return False
        k += 1
    return False


def screen(sent: Sentence, triggers: list[Cue], ctx: Context) -> list[tuple[Cue, list[str]]]:
    """Each trigger (in sentence order) with the reasons the per-trigger filters give."""
    out: list[tuple[Cue, list[str]]] = []
    prior: set[tuple[int, str]] = set()
    lowers = sent.view.lowers
    for t in sorted(triggers, key=lambda c: c.start):
        etype = t.label[6:]
        why: list[str] = []
        if any(n.label[4:] == etype and n.start < t.end and t.start < n.end for n in ctx.nots):
            why.append("negated-type")
        if any(b.label[6:] == etype and b.seg == t.seg for b in ctx.blocks):
            why.append("blocked")
        why += ctx.silenced(t)
        tcl = t.clause
        if (
            (tcl, etype) in prior
            or any(-1 <= t.start - e <= 10 and tcl == c for e, c in ctx.prior_ends)
            or any(t.start < p < t.end for p in ctx.prior_starts)  # "businesses already use"
        ):
            # "data centers it already leases": a prior state, and so is the rest of that
            # clause's description of it ("already runs ... training capacity")
            if not why:
                prior.add((tcl, etype))
            why.append("prior")
        if etype in ONGOING_TYPES and t.clause in ctx.continuing:
            why.append("continuing")  # "will continue to run OpenAI's workloads": nothing new
        if etype != "exclusivity_change" and sent.aside[t.start - sent.start]:
            why.append("aside")  # ", which runs on OpenAI's models,": a description, not news
        if etype != "exclusivity_change" and t.seg in ctx.legal_segs:
            why.append("legal")
        if etype == "hosting_deal" and t.clause in ctx.nonevent:
            why.append("nonevent")
        if etype == "hosting_deal" and serves_a_model(sent, t):
            why.append("serves-model")  # "infrastructure to host Grok": serving a model
        if (
            etype == "distribution_expansion"
            and lowers[t.start] in sent.view.lex.sell_words
            and any(
                r.label == "EVENT:revenue_share_change"
                and r.seg == t.seg
                and 0 < t.start - r.start <= 15
                for r in triggers
            )
        ):
            why.append("sell-base")  # "a share of the revenue it earns from selling Llama"
        out.append((t, why))
    return out


TERM_TYPES = ("EVENT:revenue_share_change", "EVENT:packaging_change", "EVENT:exclusivity_change")


def nested(t: Cue, triggers: list[Cue]) -> bool:
    """Whether ``t`` is nested inside another type's longer trigger of ``triggers``.

    A renegotiation trigger that contains another type's trigger ("a revised revenue-sharing
    arrangement") is the one dropped: one revised term gets only its own type.
    """
    for o in triggers:
        if o is t or o.label == t.label:
            continue
        inside = o.start <= t.start and t.end <= o.end and (o.end - o.start) > (t.end - t.start)
        contains = t.start <= o.start and o.end <= t.end and (t.end - t.start) > (o.end - o.start)
        if inside and o.label != "EVENT:renegotiation":
            return True
        if contains and t.label == "EVENT:renegotiation" and o.label in TERM_TYPES:
            return True
        if inside and o.label == "EVENT:renegotiation" and t.label not in TERM_TYPES:
            return True  # "reopening its distribution agreement" names the agreement
    return False


def weak_beside_strong(t: Cue, strong_types: set[str]) -> bool:
    """Talks over terms or access beside a changed term (revenue share, exclusivity, pricing)
    rework the agreement; beside a new deal of another type they are that deal's negotiation,
    and bare "talks with X" names no terms."""
    return (
        is_weak(t.rule_id)
        and bool(strong_types - {t.label})
        and not (
            t.label == "EVENT:renegotiation"
            and strong_types <= TERM_LABELS
            and t.rule_id != "reneg-negotiations-with-weak"  # names no terms
        )
    )


def screen_all(sent: Sentence, triggers: list[Cue], ctx: Context) -> list[tuple[Cue, list[str]]]:
    """``screen``, then the checks between triggers (``nested``, ``weak-beside-strong``)."""
    screened = screen(sent, triggers, ctx)
    passed = [t for t, why in screened if not why]
    unnested = [t for t in passed if not nested(t, passed)]
    strong = {t.label for t in unnested if not is_weak(t.rule_id)}
    for t, why in screened:
        if nested(t, passed if not why else [*passed, t]):
            why.append("nested")
        if weak_beside_strong(t, strong):
            why.append("weak-beside-strong")
    return screened


def sells_a_model(sent: Sentence, t: Cue, actors: tuple[str, ...]) -> bool:
    """Whether a distribution trigger names one of its parties' models as what it sells
    ("sell xAI's Grok models", "make its Claude models available", "bring OpenAI's models
    to"): a model or product mention of a party in its clause, at most ``MODEL_REACH`` tokens
    before or after it."""
    if t.label != "EVENT:distribution_expansion":
        return False
    s0 = sent.start
    return any(
        (m.modelish or m.product)
        and m.org in actors
        and t.start - MODEL_REACH <= m.start < t.end + MODEL_REACH
        and sent.clause[m.start - s0] == t.clause
        for m in sent.mentions
    )


def event_reasons(
    found: list[tuple[Event, int, bool, bool, bool]],
    kept: list[Cue],
    role: Callable[[str], str],
) -> list[list[str]]:
    """Reasons that drop events once parties are known. ``found`` holds each candidate event,
    its trigger's clause, whether its trigger is kept, whether a negator stands just before
    it (``status.negated``) and whether it names a party's model as what it sells
    (``sells_a_model``); what drops an event is judged from the kept triggers' events, as
    the rules always did."""
    kept_events = [(e, c) for e, c, k, _, _ in found if k]
    # "the partnership is not exclusive": an exclusive right negated where it is named, with
    # no change to it, frees no channel (a change denied, "will not end", still does)
    not_exclusive = {id(e) for e, _, k, neg, _ in found if k and neg and e.direction is None}
    dist_sets = {frozenset(e.actors) for e, _ in kept_events if e.type == "distribution_expansion"}
    # a device or software platform that will use a maker's models and run them on its own
    # servers ("asked both to train versions that can run on Apple's own cloud") takes the
    # models as a channel; it supplies no compute to the maker
    platform_run = {
        frozenset(e.actors)
        for e, _ in kept_events
        if e.type == "hosting_deal"
        and frozenset(e.actors) in dist_sets
        and all(role(o) in ("platform", "model_maker") for o in e.actors)
    }
    live = [
        (e, c)
        for e, c in kept_events
        if not (e.type == "hosting_deal" and frozenset(e.actors) in platform_run)
    ]
    hosting_sets = {frozenset(e.actors) for e, _ in live if e.type == "hosting_deal"}
    excl_sets = [
        frozenset(e.actors)
        for e, _ in live
        if e.type == "exclusivity_change"
        # a right granted makes a new channel too ("named it exclusive reseller"); one
        # extended ("extended its exclusive deal with Samsung to preinstall Gemini") sells
        # through the channel it already had
        and e.direction != "granted"
        and id(e) not in not_exclusive
    ]
    host_clauses = {t.clause for t in kept if t.label == "EVENT:hosting_deal"}
    out: list[list[str]] = []
    for ev, cl, _, _, sells_model in found:
        actors = frozenset(ev.actors)
        why: list[str] = []
        if ev.type == "hosting_deal" and actors in platform_run:
            why.append("platform-run")
        # "ends Microsoft's exclusive right to resell ..., allowing OpenAI to sell through
        # other clouds": selling freed by the exclusivity change is that change, not a new
        # channel between the same parties (a newly named channel is another party); so is
        # the selling an extended exclusivity goes on covering
        if ev.type == "distribution_expansion" and any(actors <= x for x in excl_sets):
            why.append("freed-by-exclusivity")
        # compute supplied to a model maker is a hosting deal, not a new sales channel; one
        # that names the maker's models as what it sells is one ("will supply TPU capacity to
        # Anthropic and sell Claude models on Vertex AI")
        if (
            ev.type == "distribution_expansion"
            and cl in host_clauses
            and actors in hosting_sets
            and not sells_model
        ):
            why.append("hosting-not-channel")
        out.append(why)
    return out
