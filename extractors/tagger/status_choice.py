"""The status of a kept candidate: the status model's choice over the words and cues of the
candidate's own clause, unless the rules read an outright denial there."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from extractors.tagger.features import Proposal

if TYPE_CHECKING:
    from extractors.tagger.decision import DecisionModel

# the guide's talks ("considering, exploring") as one word family for the status model only:
# as talks cues they also move the event model (dev2 status -0.008 at -6); as a status feature,
# over twelve deals: dev3 status 0.901 -> 0.904, every other set and every F1 equal ("plan"
# words as well: dev3 0.907 but the demo articles 1.000 -> 0.989)
TALKISH = frozenset(
    {"assessing", "weighing", "considering", "exploring", "evaluating", "mulling", "studying"}
    | {"aiming", "seeking"}
)


def _own_clause(c: Proposal) -> tuple[int, int]:
    """The token span of the candidate's clause: between the semicolons around its own cues
    when they all lie in one ("ends ChatGPT's status as the only chatbot; people familiar say
    Apple will take a cut"), else the whole sentence."""
    lowers = c.sentence.lowers
    cuts = [i for i, w in enumerate(lowers) if w == ";"]
    own = {
        bisect.bisect(cuts, st) for _, label, st, _ in c.sentence.cues if label == f"EVENT:{c.type}"
    }
    if not cuts or len(own) != 1:
        return 0, len(lowers)
    (k,) = own
    return (cuts[k - 1] + 1 if k else 0), (cuts[k] if k < len(cuts) else len(lowers))


def status_features(c: Proposal) -> list[str]:
    """What the status classifier reads: the rules' status, status cues, words."""
    s = c.sentence
    lo, hi = _own_clause(c)
    out = [f"s_w={w}" for w in dict.fromkeys(s.lowers[lo:hi])]
    out += [
        f"s_cue={label}"
        for _, label, start, _ in s.cues
        if (":" in label or label == "SAID") and lo <= start < hi
    ]
    out += [f"s_rule={e.status}" for e in s.rule_events if e.type == c.type]
    if c.rule_event is not None:
        out.append(f"s_exact={c.rule_event.status}")
    out.append(f"s_type={c.type}")
    own = (f"EVENT:{c.type}", "DEAL")
    if TALKISH.intersection(s.lowers[lo:hi]):
        out.append("s_talkish")  # a decision still weighed
    for _, label, start, _ in s.cues:
        before = s.lowers[max(0, start - 4) : start]
        negated = any(start - 4 <= k < start for k in s.negations)
        if label in own and negated and "," not in before:
            out.append("s_negated")  # "will not offer", "has no plans to"
    return out


def choose_status(model: DecisionModel, c: Proposal) -> str:
    """The status model's choice, unless the rules read a denial the clause states outright
    ("will not offer", "has no plans to", "turned down", "decided not to"): denied comes first
    in the guide's order, and the labelled sets hold few such sentences to learn it from."""
    features = status_features(c)
    explicit = "s_negated" in features or "s_cue=STATUS:denied" in features
    if c.rule_event is not None and c.rule_event.status == "denied" and explicit:
        return "denied"
    return model.status(features)
