"""What a candidate's parties say, whatever its type: how each organisation is named (a
possessive, a model, hardware, a list member, aside from the deal), each pair's gap and the
words between, and the words around each type's own cues (see ``features``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extractors.tagger.features import Mention, SentenceView

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
# a relative pronoun opens a clause about the name before it, never a list
RELATIVES = frozenset(["which", "who", "whose", "that", "where"])
CUE_WINDOW = 4  # words each side of a type's own cue
PUNCT = frozenset(",.;:!?()[]\"'“”‘’—–-")


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
            elif RELATIVES.intersection(gap):
                chain = []  # "CoreWeave, which counts OpenAI and Microsoft": a clause, no list
        chain.append(m)
        size = len({x.org for x in chain})
        for x in chain:
            sizes[x.org] = max(sizes.get(x.org, 1), size)
    return sizes


class Parts:
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


@dataclass(frozen=True, slots=True)
class PartyFeatures:
    """What a set of parties says whatever the type, each feature once: suffixes to cross
    with the candidate's type, and plain features. Every type's candidate on these parties
    shares one, read once per sentence."""

    crossed: list[str]
    plain: list[str]


def actor_features(actors: tuple[str, ...], parts: Parts) -> PartyFeatures:
    """What the parties say whatever the type (see ``PartyFeatures``)."""
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
    return PartyFeatures(list(dict.fromkeys(crossed)), list(dict.fromkeys(plain)))
