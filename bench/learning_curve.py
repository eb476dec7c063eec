"""How a set's grouped-CV score grows with its own labelled sites: the labels to expect to need.

    .venv/bin/python -m bench.learning_curve [--set dev3] [--fractions 0 0.25 0.5 0.75 1]
                                             [--repeats 3]

The folds are ``bench.tagger_eval``'s (5 folds by source site). In each fold the model trains
on every other set's training rows plus a fraction of the chosen set's training *sites* (a
seeded sample, nested: a larger fraction keeps the smaller one's sites), and tags the held-out
fold of the chosen set only. Fraction 1 is ``bench.tagger_eval``'s own number for that set.

The last lines fit F1 = a + b * log2(labelled snippets) through the fractions above 0 and say
how many labelled snippets of the set's kind that line reaches 0.75 and 0.85 at. It is an
extrapolation from a few points, printed to size the labelling work (``channelwatch labels
export`` -> ``channelwatch train --labels``), not a promise.
"""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from bench.eval_scoring import EVAL_DIR, Scorer
from bench.tagger_eval import read_rows
from channelwatch.train.build import SNIPPET_SETS, TrainingSet, training_sets
from channelwatch.train.fit import N_FOLDS, cross_validate, fold_of
from extractors.tagger import DEFAULT_RULES_DIR
from extractors.tagger.background import BackgroundReader

TARGETS = (0.75, 0.85)


@dataclass(frozen=True, slots=True)
class Point:
    """One fraction of the set's sites, averaged over the repeats."""

    fraction: float
    snippets: float  # labelled snippets of the set each fold trained on, on average
    precision: float
    recall: float
    f1: float
    status: float


def sample_sites(groups: Sequence[str], fraction: float, seed: int) -> set[str]:
    """A seeded share of the sites, nested: with one seed a larger fraction keeps every site
    a smaller one kept, so the curve's steps add labels and never swap them."""
    order = sorted(set(groups))
    random.Random(seed).shuffle(order)
    return set(order[: round(len(order) * fraction)])


def curve_predictions(
    sets: Sequence[TrainingSet],
    target: str,
    fraction: float,
    seed: int,
    reader: BackgroundReader,
) -> tuple[dict[str, list[dict[str, object]]], float]:
    """Events of the target set's documents, each from a fold trained on every other set and
    on ``fraction`` of the target's training sites, and how many of its snippets each fold
    trained on (the mean over folds)."""
    own = next(s for s in sets if s.name == target).examples
    own_ids = {id(ex) for ex in own}
    kept = [
        sample_sites([ex.group for ex in own if fold_of(ex.group) != k], fraction, seed)
        for k in range(N_FOLDS)
    ]
    events = cross_validate(
        [ex for s in sets for ex in s.examples],
        reader,
        trains_on=lambda ex, k: id(ex) not in own_ids or ex.group in kept[k],
    )
    docs = {ex.doc_id for ex in own}
    preds = {doc: [e.to_json() for e in evs] for doc, evs in events.items() if doc in docs}
    counts = [len({ex.doc_id for ex in own if ex.group in sites}) for sites in kept]
    return preds, sum(counts) / len(counts)


def measure(
    sets: Sequence[TrainingSet],
    target: str,
    fractions: Sequence[float],
    repeats: int,
    scorer: Scorer,
) -> list[Point]:
    """One point per fraction: the mean over ``repeats`` seeds (one seed where the fraction
    leaves nothing to draw: 0 and 1)."""
    reader = BackgroundReader.load(DEFAULT_RULES_DIR / "background.txt")
    gold = read_rows(EVAL_DIR / f"{target}.jsonl")
    points: list[Point] = []
    for fraction in fractions:
        seeds = range(repeats) if 0 < fraction < 1 else range(1)
        runs = []
        for seed in seeds:
            preds, snippets = curve_predictions(sets, target, fraction, seed, reader)
            score = scorer.score(gold, preds)
            runs.append((snippets, score.precision, score.recall, score.f1, score.status_accuracy))
        mean = [sum(col) / len(runs) for col in zip(*runs, strict=True)]
        points.append(Point(fraction, *mean))
    return points


def log_fit(points: Sequence[Point]) -> tuple[float, float] | None:
    """Least squares of F1 on log2(snippets) through the points with labels of the set, as
    (a, b); None with fewer than two such points."""
    xs = [math.log2(p.snippets) for p in points if p.snippets > 0]
    ys = [p.f1 for p in points if p.snippets > 0]
    if len(set(xs)) < 2:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    return my - b * mx, b


def snippets_for(target: float, line: tuple[float, float]) -> float | None:
    """Labelled snippets at which the fitted line reaches ``target``; None if it never rises."""
    a, b = line
    return 2 ** ((target - a) / b) if b > 0 else None


def report(target: str, points: Sequence[Point]) -> list[str]:
    lines = [
        f"| share of {target}'s training sites | {target} snippets trained on (per fold) "
        "| P / R / F1 | status |",
        "|---|---|---|---|",
    ]
    for p in points:
        lines.append(
            f"| {p.fraction:.2f} | {p.snippets:.0f} | {p.precision:.3f} / {p.recall:.3f} / "
            f"**{p.f1:.3f}** | {p.status:.3f} |"
        )
    line = log_fit(points)
    if line is None:
        lines.append("\nno fit: fewer than two fractions with labels of the set")
        return lines
    a, b = line
    lines.append(f"\nfit: F1 = {a:.3f} + {b:.4f} * log2(snippets) (an extrapolation)")
    for goal in TARGETS:
        need = snippets_for(goal, line)
        said = f"about {need:,.0f} labelled snippets" if need is not None else "never"
        lines.append(f"F1 {goal:.2f}: {said}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="dev3", choices=SNIPPET_SETS, help="the set measured")
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.0, 0.25, 0.5, 0.75, 1.0])
    parser.add_argument("--repeats", type=int, default=3, help="seeds per fraction between 0 and 1")
    args = parser.parse_args()
    bad = [f for f in args.fractions if not 0 <= f <= 1]
    if bad or args.repeats < 1:
        culprit = f"--fractions {bad[0]}" if bad else f"--repeats {args.repeats}"
        raise SystemExit(f"{culprit}: give fractions from 0 to 1 and at least 1 repeat")
    points = measure(training_sets(), args.set, sorted(args.fractions), args.repeats, Scorer())
    print("\n".join(report(args.set, points)))


if __name__ == "__main__":
    main()
