"""An event's status (confirmed, reported, talks, denied) and direction from its sentence's cues.

Denied: a denial cue in the trigger's clause, a negator just before the trigger, or an
UNCHANGED cue ("terms remain the same") near it unless another trigger reworks the terms.
Talks: a talks cue in the segment. Reported: a reported cue in the segment (or anywhere, when
the segment has no on-the-record attribution) and no confirmation in it. Otherwise confirmed.
"""

from __future__ import annotations

from extractors.tagger.structure import Cue, Sentence

EXCLUSIVITY_DIRECTIONS = ("ended", "loosened", "granted", "extended")
REVENUE_DIRECTIONS = ("ended", "reduced", "capped", "introduced", "changed")
# an ending word followed by a level names what a share falls to: reduced, not ended ("will
# drop to about 8%", "dropped from 20% to 8%", "drops by half"; "will drop the share" ends it)
LEVEL_PREPOSITIONS = frozenset({"to", "from", "by"})
APPROXIMATORS = frozenset({"about", "around", "roughly", "just", "nearly", "approximately"})
LEVEL_WORDS = frozenset({"$", "€", "£", "half"})


def status_cues(cues: list[Cue]) -> tuple[list[Cue], list[Cue]]:
    """A sentence's status cues that no neutraliser overlaps, and its UNCHANGED cues."""
    neutral = [c for c in cues if c.label == "STATUS:none"]
    # "people close to the deal" are sources, not parties close to a deal
    not_talks = [c for c in cues if c.label == "STATUS:not-talks"]

    def live(c: Cue) -> bool:
        if c.label == "STATUS:talks" and any(
            n.start < c.end and c.start < n.end for n in not_talks
        ):
            return False
        return not any(n.start < c.end and c.start < n.end for n in neutral)

    live_cues = [c for c in cues if c.label.startswith("STATUS:") and live(c)]
    return live_cues, [c for c in cues if c.label == "UNCHANGED"]


def negated(sent: Sentence, t: Cue) -> bool:
    """Whether a negator (not, never, no...) stands up to five tokens before the trigger."""
    s0 = sent.start
    toks = sent.lowers
    lex = sent.view.lex
    if toks[t.end - 1 - s0] == "until":
        return False  # "won't be finished until 2028": a date, not a negation
    lo = max(s0, t.start - 5)
    for k in range(t.start - 1, lo - 1, -1):
        w = toks[k - s0]
        if w in {",", ";", ":"}:
            return False
        if w in lex.negators:
            return lex.negates(w, toks[k + 1 - s0] if k + 1 - s0 < len(toks) else "")
    return False


def status(
    sent: Sentence,
    t: Cue,
    tclause: int,
    tseg: int,
    etype: str,
    kept: list[Cue],
    neg: bool | None = None,
) -> str:
    """The status of the event trigger ``t`` (``kept``: the sentence's kept triggers; ``neg``:
    ``negated(sent, t)`` if the caller has it)."""
    cues = sent.cues
    if sent.status_cues is None:
        sent.status_cues, sent.unchanged = status_cues(cues)
    live, unchanged = sent.status_cues, sent.unchanged
    denied = any(c.label == "STATUS:denied" and c.clause == tclause for c in live)
    if not denied:
        denied = negated(sent, t) if neg is None else neg
    if not denied:
        near = [
            c
            for c in unchanged
            if c.clause == tclause
            or (c.seg == tseg and c.start - 4 <= t.end and t.start <= c.end + 4)
        ]
        if near:
            reworked = any(
                k.label == "EVENT:renegotiation"
                and k.seg == tseg
                and not negated(sent, k)
                and not any(u.start < k.end and k.start < u.end for u in unchanged)
                for k in kept
                if k is not t
            )
            denied = not reworked
        elif etype == "renegotiation" and any(
            u.start < t.end and t.start < u.end for u in unchanged
        ):
            denied = True
    if denied:
        return "denied"
    if any(c.label == "STATUS:talks" and c.seg == tseg for c in live):
        return "talks"
    said_here = any(c.label == "SAID" and c.seg == tseg for c in cues)
    reported = any(c.label == "STATUS:reported" and (c.seg == tseg or not said_here) for c in live)
    if reported and not any(c.label == "STATUS:confirmed" and c.seg == tseg for c in live):
        return "reported"
    return "confirmed"


def _to_a_level(sent: Sentence, c: Cue) -> bool:
    """Whether a number follows the cue and a level preposition ("drop to about 8%")."""
    toks = sent.lowers
    k = c.end - sent.start
    if k >= len(toks) or toks[k] not in LEVEL_PREPOSITIONS:
        return False
    k += 1
    while k < len(toks) and toks[k] in APPROXIMATORS:
        k += 1
    return k < len(toks) and (toks[k][:1].isdigit() or toks[k] in LEVEL_WORDS)


def direction(sent: Sentence, t: Cue, tclause: int, etype: str) -> str | None:
    """The nearest direction cue of the trigger's clause that fits its type."""
    allowed: tuple[str, ...]
    if etype == "exclusivity_change":
        allowed = EXCLUSIVITY_DIRECTIONS
    elif etype == "revenue_share_change":
        allowed = REVENUE_DIRECTIONS
    else:
        return None
    best: tuple[int, str] | None = None
    for c in sent.cues:
        if not c.label.startswith("DIR:"):
            continue
        label = c.label[4:]
        if label == "ended" and "reduced" in allowed and _to_a_level(sent, c):
            label = "reduced"
        if label not in allowed or c.clause != tclause or c.rule_id.endswith("-noun"):
            continue  # "a 20% cut of" names the share: a feature of the model, no direction
        dist = abs(c.start - t.start)
        if c.rule_id.endswith("-weak"):
            dist += len(sent.lowers)  # "will" says introduced only when nothing else speaks
        rank = allowed.index(label)
        key = (dist * 10 + rank, label)
        if best is None or key < best:
            best = key
    if best is not None:
        return best[1]
    return "changed" if etype == "revenue_share_change" else None
