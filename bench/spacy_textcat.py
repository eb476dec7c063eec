"""The same decision learned by spaCy's own text classifier, scored on the same folds.

    .venv/bin/python -m bench.spacy_textcat [--epochs 8]

Why ``channelwatch train`` fits a scikit-learn logistic regression and not a spaCy
``textcat``: this measures the spaCy shape the issue suggests (a bag-of-n-grams text
classifier over the candidate sentence, the parties marked, the type and the rules' verdict
as leading tokens; ``bench/textcat.cfg``), trained with ``nlp.update`` on exactly the folds
``bench.tagger_eval`` uses (5 folds grouped by site), and prints grouped-CV F1 for both.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.training import Example as SpacyExample
from thinc.api import fix_random_seed

from bench.eval_scoring import EVAL_DIR, Scorer
from bench.tagger_eval import read_rows
from channelwatch.train.build import training_sets
from channelwatch.train.dataset import Example
from channelwatch.train.fit import N_FOLDS, cross_validate, fold_of
from extractors.tagger import DEFAULT_RULES_DIR
from extractors.tagger.background import BackgroundReader
from extractors.tagger.features import Proposal

CONFIG = Path(__file__).with_name("textcat.cfg")
THRESHOLD = 0.3


def marked_text(c: Proposal) -> str:
    """The sentence with its parties marked, after the type and the rules' verdict."""
    s = c.sentence
    words = list(s.lowers)
    for m in sorted(s.mentions, key=lambda m: -m.start):
        if m.org in c.actors:
            words[m.start : m.end] = ["[party]", *words[m.start : m.end], "[/party]"]
    verdict = "rule_yes" if c.rule_event is not None else "rule_no"
    return " ".join([f"type_{c.type}", verdict, *words])


def build_nlp() -> spacy.language.Language:
    config = spacy.util.load_config(CONFIG)
    nlp = spacy.blank("en")
    settings = dict(config["components"]["textcat_multilabel"])
    settings.pop("factory")
    nlp.add_pipe("textcat_multilabel", config=settings)
    return nlp


def fit_predict(train: Sequence[Example], test: Sequence[Example], epochs: int) -> list[float]:
    """Train a textcat on ``train`` and return P(event) for each example of ``test``."""
    fix_random_seed(0)
    nlp = build_nlp()
    textcat = nlp.get_pipe("textcat_multilabel")
    textcat.add_label("EVENT")  # type: ignore[attr-defined]
    data = [
        SpacyExample.from_dict(
            nlp.make_doc(marked_text(ex.candidate)), {"cats": {"EVENT": float(ex.label)}}
        )
        for ex in train
    ]
    optimizer = nlp.initialize(lambda: data)
    rng = random.Random(0)
    for _ in range(epochs):
        rng.shuffle(data)
        for start in range(0, len(data), 64):
            nlp.update(data[start : start + 64], sgd=optimizer, drop=0.1)
    docs = nlp.pipe(marked_text(ex.candidate) for ex in test)
    return [doc.cats["EVENT"] for doc in docs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=8)
    args = parser.parse_args()
    examples = [ex for s in training_sets() for ex in s.examples]
    reader = BackgroundReader.load(DEFAULT_RULES_DIR / "background.txt")
    spacy_pred: dict[str, list[dict[str, object]]] = defaultdict(list)
    for k in range(N_FOLDS):
        train = [ex for ex in examples if fold_of(ex.group) != k]
        test = [ex for ex in examples if fold_of(ex.group) == k]
        seen: dict[str, set[tuple[str, tuple[str, ...]]]] = defaultdict(set)
        for ex, p in zip(test, fit_predict(train, test, args.epochs), strict=True):
            c = ex.candidate
            spacy_pred[ex.doc_id]
            if p < THRESHOLD or reader(c) or (c.type, c.actors) in seen[ex.doc_id]:
                continue
            seen[ex.doc_id].add((c.type, c.actors))
            status = c.rule_event.status if c.rule_event is not None else "confirmed"
            spacy_pred[ex.doc_id].append(
                {"type": c.type, "actors": list(c.actors), "status": status}
            )
    lr_pred = {d: [e.to_json() for e in evs] for d, evs in cross_validate(examples, reader).items()}
    scorer = Scorer()
    print(
        "| set | spaCy textcat (BOW, parties marked): P / R / F1 | status "
        "| logistic regression: P / R / F1 | status |"
    )
    print("|---|---|---|---|---|")
    for name in ("dev", "dev2", "dev3"):
        gold = read_rows(EVAL_DIR / f"{name}.jsonl")
        a, b = scorer.score(gold, spacy_pred), scorer.score(gold, lr_pred)
        print(f"| {name} | {a.cells()} | {b.cells()} |")


if __name__ == "__main__":
    main()
