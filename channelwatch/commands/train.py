"""``channelwatch train``: rebuild the tagger's learned decision from the labelled sets."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="train")
@click.option(
    "--eval-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of dev.jsonl, dev2.jsonl, dev3.jsonl (default: ../shared/eval).",
)
@click.option(
    "--labels",
    "label_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Analyst labels from 'channelwatch labels export' (repeatable).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the model (default: data/rules/model.json).",
)
def command(eval_dir: Path | None, label_files: tuple[Path, ...], out: Path | None) -> None:
    """Train the news-event decision on the labelled sets and write the model file.

    Deterministic: the same sets give the same file. Bump data/rules/VERSION and run
    'channelwatch reprocess' to apply a new model to stored articles.
    """
    from channelwatch.train.build import EVAL_DIR, train_model
    from extractors.tagger import DEFAULT_MODEL, load_rule_tagger

    target = out or DEFAULT_MODEL
    meta = train_model(
        target,
        eval_dir=eval_dir or EVAL_DIR,
        label_files=label_files,
        rules_version=load_rule_tagger().rules_version,
    )
    trained = meta["trained_on"]
    assert isinstance(trained, dict)
    for name, counts in trained.items():
        pos, neg = counts.get("positive", 0), counts.get("negative", 0)
        click.echo(f"{name}: {pos} positive, {neg} negative candidates")
    click.echo(f"model written to {target}")
