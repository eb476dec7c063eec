"""The stretch of a sentence around a phrase or a time: up to the nearest clause punctuation
either side (a list of companies kept whole), and what it names. The background reader asks of
a stretch whose deal it speaks for; of a time, which deal it dates."""

from __future__ import annotations

import bisect

from extractors.tagger.features import Mention, SentenceView
from extractors.tagger.party_features import PUNCT
from extractors.tagger.timex import TimeMention

ORIGIN_GAP = 3  # tokens from an ORIGIN cue's verb to its time ("signed with Oracle in 2024")
STRETCH_BREAKS = frozenset({",", ";", ":", "(", ")", "--", "—", "–"})


def stretch_names(s: SentenceView, start: int, end: int) -> set[str]:
    """The companies named in the stretch around tokens ``start:end``: up to the nearest
    clause punctuation either side, where a comma between two companies of a list ("through
    Amazon Bedrock, Google Cloud's Vertex AI and Microsoft Foundry") does not end it."""
    return {m.org for m in stretch_mentions(s, start, end)}


def stretch_mentions(s: SentenceView, start: int, end: int) -> list[Mention]:
    """The mentions of ``stretch_names``' stretch."""
    lowers = s.lowers
    ends = {m.end for m in s.mentions}
    starts = {m.start for m in s.mentions}

    def breaks(k: int) -> bool:
        if lowers[k] not in STRETCH_BREAKS:
            return False
        if lowers[k] != "," or k not in ends:
            return True
        nxt = k + 2 if k + 1 < len(lowers) and lowers[k + 1] in ("and", "or") else k + 1
        return nxt not in starts

    lo = start
    while lo > 0 and not breaks(lo - 1):
        lo -= 1
    hi = end
    while hi < len(lowers) and not breaks(hi):
        hi += 1
    return [m for m in s.mentions if lo <= m.start and m.end <= hi]


def aside_stretch(s: SentenceView, start: int, end: int) -> bool:
    """Whether the stretch around tokens ``start:end`` names companies only inside an aside
    after another name (", which already uses Google's TPUs,")."""
    named = stretch_mentions(s, start, end)
    return bool(named) and all(m.aside for m in named)


def time_tokens(s: SentenceView, t: TimeMention) -> tuple[int, int]:
    """The first and last token a time expression (character offsets) touches."""
    first = max(bisect.bisect_right(s.offsets, t.start) - 1, 0)
    return first, max(first, bisect.bisect_left(s.offsets, t.end) - 1)


def speaks_of_others(s: SentenceView, t: TimeMention, parties: set[str]) -> bool:
    """Whether a time's stretch of the sentence names companies, none of them these parties."""
    first, last = time_tokens(s, t)
    named = stretch_names(s, first, last + 1)
    return bool(named) and not named & parties


def in_an_aside(s: SentenceView, t: TimeMention, parties: set[str]) -> bool:
    """Whether a time's stretch names companies only inside an aside after another name
    (", which has invested $13 billion in OpenAI since 2019,"): that company's history."""
    first, last = time_tokens(s, t)
    named = stretch_mentions(s, first, last + 1)
    return bool(named) and all(m.aside and m.org not in parties for m in named)


def dates_the_deal_changed(s: SentenceView, t: TimeMention, cue: int) -> bool:
    """Whether a time dates the making of a deal named after the change's own ``cue`` (token
    offsets), told after it ("revise the agreement the two companies signed last October")
    or before its noun ("renegotiating their 2019 agreement"): it dates the agreement, not its
    revision. "The agreement, signed last October, was revised" keeps the time."""
    first, last = time_tokens(s, t)
    return any(
        label == "ORIGIN"
        and cue < start
        and (
            (first < end and start <= last)
            or (0 <= first - end <= ORIGIN_GAP and PUNCT.isdisjoint(s.lowers[end:first]))
        )
        for _, label, start, end in s.cues
    )
