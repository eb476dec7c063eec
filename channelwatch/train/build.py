"""``channelwatch train``: from the labelled sets to ``data/rules/model.json``, in one call.

The sets: ``dev``, ``dev2`` and ``dev3`` of ``../shared/eval`` (snippets), the demo corpus's
``data/demo/expected.jsonl`` (whole articles with evidence sentences), and any analyst label
exports given (``channelwatch labels export``). ``articles-dev`` is never trained on: it is
the honest article-level measure.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from channelwatch.errors import InputError
from channelwatch.settings import DATA_DIR, ROOT
from channelwatch.train.dataset import (
    Example,
    article_examples,
    load_aliases,
    snippet_examples,
)
from channelwatch.train.fit import fit
from extractors.tagger import load_rule_tagger
from extractors.tagger.analysis import Analyser

EVAL_DIR = ROOT.parent / "shared" / "eval"
SNIPPET_SETS = ("dev", "dev2", "dev3")
DEMO_EXPECTED = DATA_DIR / "demo" / "expected.jsonl"


@dataclass(slots=True)
class TrainingSet:
    name: str
    examples: list[Example]


def demo_texts() -> dict[str, str]:
    """The extracted main text of each demo article, by id (what the pipeline tags)."""
    from extractors.articles import extract_article

    out: dict[str, str] = {}
    for path in sorted((DATA_DIR / "demo" / "articles").glob("*.html")):
        art = extract_article(
            path.read_bytes(), url=f"http://127.0.0.1/articles/{path.name}", source="demo"
        )
        out[path.stem] = art.text if art is not None else ""
    return out


def training_sets(eval_dir: Path = EVAL_DIR, label_files: Sequence[Path] = ()) -> list[TrainingSet]:
    """Every labelled set, as candidates with labels; checks the inputs before any work."""
    missing = [
        eval_dir / f"{s}.jsonl" for s in SNIPPET_SETS if not (eval_dir / f"{s}.jsonl").exists()
    ]
    if missing:
        raise InputError(
            f"training set {missing[0]} is missing; put the shared eval sets beside the "
            "checkout (../shared/eval) or pass --eval-dir"
        )
    for path in label_files:
        if not path.exists():
            raise InputError(
                f"label file {path} does not exist; write it with 'channelwatch labels export'"
            )
    aliases = load_aliases(eval_dir / "aliases.tsv")
    analyser = Analyser(load_rule_tagger())
    sets = [
        TrainingSet(
            s, list(snippet_examples(eval_dir / f"{s}.jsonl", analyser, aliases, set_name=s))
        )
        for s in SNIPPET_SETS
    ]
    sets.append(
        TrainingSet("demo", list(article_examples(DEMO_EXPECTED, demo_texts(), analyser, aliases)))
    )
    for path in label_files:
        sets.append(
            TrainingSet(
                path.stem, list(snippet_examples(path, analyser, aliases, set_name=path.stem))
            )
        )
    return sets


def train_model(
    out: Path, *, eval_dir: Path = EVAL_DIR, label_files: Sequence[Path] = (), rules_version: str
) -> dict[str, object]:
    """Fit on every set and write the model; returns what it was trained on."""
    sets = training_sets(eval_dir, label_files)
    examples = [ex for s in sets for ex in s.examples]
    counts = {
        s.name: dict(Counter("positive" if e.label else "negative" for e in s.examples))
        for s in sets
    }
    meta: dict[str, object] = {
        "rules_version": rules_version,
        "trained_on": counts,
        "built_by": "channelwatch train",
    }
    model = fit(examples, meta=meta)
    out.write_text(
        json.dumps(model.to_json(), sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    return meta
