"""Scoring predictions against a gold set the way ``../shared/eval/score.py`` does.

score.py's own ``events_of`` (aliasing, background left out) and ``match`` are loaded with
runpy, so every figure here is the shared scorer's: strict match = same type and equal
actor set after aliasing; status accuracy over strict matches.
"""

from __future__ import annotations

import runpy
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from channelwatch.settings import ROOT
from extractors.models import EVENT_TYPES

EVAL_DIR = ROOT.parent / "shared" / "eval"


@dataclass(slots=True)
class Score:
    """Strict counts of one set, in total and per type."""

    tp: int = 0
    pred: int = 0
    gold: int = 0
    status_ok: int = 0
    per_type: dict[str, Counter[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def status_accuracy(self) -> float:
        return self.status_ok / self.tp if self.tp else 0.0

    def cells(self) -> str:
        return (
            f"{self.precision:.3f} / {self.recall:.3f} / **{self.f1:.3f}** | "
            f"{self.status_accuracy:.3f}"
        )


class Scorer:
    """The shared scorer's matching, loaded from ``EVAL_DIR``."""

    def __init__(self, eval_dir: Path = EVAL_DIR) -> None:
        score_py = eval_dir / "score.py"
        if not score_py.exists():
            raise SystemExit(f"{score_py} is missing: put ../shared beside the checkout")
        ns: dict[str, Any] = runpy.run_path(str(score_py))
        self._events_of = ns["events_of"]
        self._match = ns["match"]
        self.aliases = ns["load_aliases"](eval_dir / "aliases.tsv")

    def score(
        self,
        gold_rows: Sequence[Mapping[str, Any]],
        predicted: Mapping[str, Sequence[Mapping[str, Any]]],
        *,
        keep_errors: bool = False,
    ) -> Score:
        """Score predicted events (JSON dicts, by row id) against gold rows."""
        out = Score(per_type={t: Counter() for t in EVENT_TYPES})
        for row in gold_rows:
            gold = self._events_of(row, self.aliases)
            pred = self._events_of(
                {"events": list(predicted.get(str(row["id"]), []))}, self.aliases
            )
            strict = self._match(gold, pred, False)
            out.tp += len(strict)
            out.pred += len(pred)
            out.gold += len(gold)
            out.status_ok += sum(g[2] == p[2] for g, p in strict)
            for t in EVENT_TYPES:
                c = out.per_type[t]
                c["gold"] += sum(g[0] == t for g in gold)
                c["pred"] += sum(p[0] == t for p in pred)
                c["tp"] += sum(g[0] == t for g, _ in strict)
            if keep_errors:
                hit_g = Counter(g for g, _ in strict)
                hit_p = Counter(p for _, p in strict)
                for g in (Counter(gold) - hit_g).elements():
                    out.errors.append(f"{row['id']}  missed   {g[0]} {sorted(g[1])} {g[2]}")
                for p in (Counter(pred) - hit_p).elements():
                    out.errors.append(f"{row['id']}  spurious {p[0]} {sorted(p[1])} {p[2]}")
                for g, p in strict:
                    if g[2] != p[2]:
                        out.errors.append(
                            f"{row['id']}  status   {g[0]} {sorted(g[1])} {g[2]}, tagged {p[2]}"
                        )
        return out


def per_type_table(name: str, score: Score) -> list[str]:
    """A markdown table of one set's per-type strict scores."""
    lines = [
        f"{name}: per type (rules+model)",
        "",
        "| type | gold | predicted | P | R | F1 |",
        "|---|---|---|---|---|---|",
    ]
    for t in EVENT_TYPES:
        c = score.per_type[t]
        p = c["tp"] / c["pred"] if c["pred"] else (1.0 if not c["gold"] else 0.0)
        r = c["tp"] / c["gold"] if c["gold"] else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(f"| {t} | {c['gold']} | {c['pred']} | {p:.3f} | {r:.3f} | {f:.3f} |")
    return lines
