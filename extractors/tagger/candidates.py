"""What the rules considered: every trigger with every party assignment, kept or not.

The events component puts these on ``doc._.candidates``. A candidate whose ``reasons`` is empty
is an event the rules keep (``doc._.events`` is those, merged); the others name every filter
that drops them (see ``extractors.tagger.suppression`` and ``extractors.tagger.merge``), so a
learned decision can re-score all of them with the rules' own structure as features.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.models import Event


@dataclass(frozen=True, slots=True)
class Candidate:
    event: Event  # the event it would be: type, actors, status, direction, evidence, offsets
    trigger_rule: str  # the trigger's rule id (a DEAL cue's for a deal typed by roles)
    trigger_start: int  # token indices in the doc
    trigger_end: int
    sent_start: int
    sent_end: int
    party_spans: tuple[tuple[int, int], ...]  # (start, end) of each party's mention, by actor
    reasons: tuple[str, ...]  # why the rules drop it; empty: kept
    cue_labels: tuple[str, ...]  # the labels of every cue in its sentence, in order

    @property
    def kept(self) -> bool:
        return not self.reasons
