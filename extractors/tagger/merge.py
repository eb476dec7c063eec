"""One event per (type, actor set) in a document: the strongest status wins, and an event whose
actors are a subset of another same-type event's is dropped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from extractors.models import Event
from extractors.tagger.candidates import Candidate

STATUS_ORDER = ("denied", "talks", "reported", "confirmed")

Key = tuple[str, frozenset[str]]


def _winners(events: Sequence[Event]) -> tuple[list[int], dict[int, str]]:
    """Indices of the merged events in output order, and the reason each other one is dropped."""
    best: dict[Key, int] = {}
    order: list[Key] = []
    dropped: dict[int, str] = {}
    for i, ev in enumerate(events):
        key = (ev.type, frozenset(ev.actors))
        old = best.get(key)
        if old is None:
            best[key] = i
            order.append(key)
        elif STATUS_ORDER.index(ev.status) < STATUS_ORDER.index(events[old].status):
            dropped[old] = "merged-duplicate"
            best[key] = i
        else:
            dropped[i] = "merged-duplicate"
    keys = []
    for k in order:
        if any(o[0] == k[0] and k[1] < o[1] for o in order):
            dropped[best[k]] = "merged-subset"
        else:
            keys.append(k)
    return [best[k] for k in keys], dropped


def merge_events(events: list[Event]) -> list[Event]:
    """The merged events, in the order their (type, actor set) first appears."""
    winners, _ = _winners(events)
    return [events[i] for i in winners]


def merge_candidates(cands: list[Candidate]) -> tuple[list[Event], list[Candidate]]:
    """The merged events of the kept candidates, and every candidate with the merge's reason
    added to those it drops."""
    kept = [i for i, c in enumerate(cands) if not c.reasons]
    winners, dropped = _winners([cands[i].event for i in kept])
    out = list(cands)
    for j, why in dropped.items():
        c = cands[kept[j]]
        out[kept[j]] = replace(c, reasons=(why,))
    return [cands[kept[j]].event for j in winners], out
