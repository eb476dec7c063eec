"""Every labelled set, rules only beside rules+model, in one table.

    .venv/bin/python -m bench.tagger_eval [--no-articles] [--errors SET] [--repeats N]

Honest numbers only. A set the model trains on (dev, dev2, dev3, the demo articles) is
scored by 5-fold cross-validation grouped by source site (``source_url`` host; blocks of ten
ids where a set has none; the feed for demo articles): each snippet is tagged by a model
that never saw its site. Sets the model never trains on are scored with the shipped model:
``tests/fixtures/tagger/paraphrases.jsonl`` and ``articles-dev``, which goes through the
real pipeline (pages served on 127.0.0.1, ``channelwatch run``'s flow, a fresh store)
and is scored by ``../shared/eval/score_articles.py`` on news events only. The rules-only
column is 0.1.0's tagger on the same texts (for articles-dev: the extracted page texts
tagged in-process, events counted per page as score_articles counts them).

``articles-dev openings`` stands in for the hidden set of real articles' opening paragraphs:
each page's first three extracted paragraphs, tagged in-process as the daily run tags a page
(``article=True``), scored against the whole page's gold (its recall is a floor).

One way of dealing the sites into five folds is one sample: ``--repeats N`` scores the
trained sets again with N-1 other deals (``fit.fold_of``'s salt) and prints each set's mean,
lowest and highest F1, so that a change can be judged against the spread between deals.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bench.eval_scoring import EVAL_DIR, Score, Scorer, per_type_table
from channelwatch.settings import ROOT
from channelwatch.train.build import DEMO_EXPECTED, demo_texts, training_sets
from channelwatch.train.dataset import Example
from channelwatch.train.fit import cross_validate
from extractors.tagger import DEFAULT_RULES_DIR, load_rule_tagger, load_tagger
from extractors.tagger.background import BackgroundReader

PARAPHRASES = ROOT / "tests" / "fixtures" / "tagger" / "paraphrases.jsonl"
ARTICLES_DEV = EVAL_DIR / "articles-dev"
RANK = {"denied": 0, "talks": 1, "reported": 2, "confirmed": 3}
OPENING_PARAGRAPHS = 3  # the "articles-dev openings" row: each page's first paragraphs


def read_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _published(row: Mapping[str, Any]) -> Any:
    import datetime as dt

    raw = row.get("published")
    return dt.date.fromisoformat(str(raw)[:10]) if raw else None


def rules_only(rows: Sequence[Mapping[str, Any]], texts: Mapping[str, str] | None = None) -> dict:
    """0.1.0's tagger on each row's text (or on ``texts[id]``)."""
    tagger = load_rule_tagger()
    out = {}
    for row in rows:
        text = texts[row["id"]] if texts is not None else row["text"]
        out[str(row["id"])] = [e.to_json() for e in tagger.tag(text)]
    return out


def shipped_model(
    rows: Sequence[Mapping[str, Any]],
    texts: Mapping[str, str] | None = None,
    *,
    article: bool | None = None,
) -> dict:
    """The shipped tagger (rules+model) on each row's text (or on ``texts[id]``), dated by
    its ``published``; ``article`` as in ``NewsTagger.tag``."""
    tagger = load_tagger()
    out = {}
    for row in rows:
        text = texts[row["id"]] if texts is not None else row["text"]
        events = tagger.tag(text, published=_published(row), article=article)
        out[str(row["id"])] = [e.to_json() for e in events]
    return out


def per_page(events: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Distinct (type, parties) of a page's news events, each with its strongest status."""
    best: dict[tuple[str, tuple[str, ...]], str] = {}
    for e in events:
        if e.get("background"):
            continue
        key = (e["type"], tuple(sorted(e["actors"])))
        if key not in best or RANK[e["status"]] < RANK[best[key]]:
            best[key] = e["status"]
    return [{"type": t, "actors": list(a), "status": s} for (t, a), s in sorted(best.items())]


def articles_dev_texts(
    paragraphs: int | None = None,
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """articles-dev's gold rows (by file) and each page's extracted text, as the daily run
    extracts it, cut to its first ``paragraphs`` if given."""
    from extractors.articles import extract_article

    gold = [dict(r, id=r["file"]) for r in read_rows(ARTICLES_DEV / "gold.jsonl")]
    texts = {}
    for row in gold:
        page = ARTICLES_DEV / row["file"]
        art = extract_article(page.read_bytes(), url=f"http://127.0.0.1/{page.name}", source="x")
        lines = [x for x in (art.text if art is not None else "").split("\n") if x.strip()]
        texts[row["id"]] = "\n".join(lines[:paragraphs])
    return gold, texts


def articles_dev_rules(scorer: Scorer) -> Score:
    """0.1.0's tagger on articles-dev's extracted page texts, counted per page."""
    gold, texts = articles_dev_texts()
    pred = {k: per_page(v) for k, v in rules_only(gold, texts).items()}
    return scorer.score(gold, pred)


def articles_dev_openings(scorer: Scorer, *, keep_errors: bool) -> tuple[Score, Score]:
    """Rules only and the shipped tagger on each articles-dev page's first
    ``OPENING_PARAGRAPHS``, read as a page (as the daily run reads every page), scored
    against the whole page's news events: the kind of the hidden set of real articles'
    opening paragraphs, and a floor on recall (a page's news may come later)."""
    gold, texts = articles_dev_texts(OPENING_PARAGRAPHS)
    shipped = {k: per_page(v) for k, v in shipped_model(gold, texts, article=True).items()}
    rules = {k: per_page(v) for k, v in rules_only(gold, texts).items()}
    return scorer.score(gold, rules), scorer.score(gold, shipped, keep_errors=keep_errors)


def parse_report(report: str) -> Score:
    """score.py's printed report back into counts (its strict line and status line)."""
    head = re.search(r"gold_events=(\d+) predicted=(\d+)", report)
    strict = re.search(r"^strict\s+([0-9.]+)\s+([0-9.]+)", report, re.M)
    status = re.search(r"status_accuracy=([0-9.]+)", report)
    if head is None or strict is None or status is None:
        raise SystemExit(f"score_articles.py printed no score:\n{report}")
    gold, pred = int(head.group(1)), int(head.group(2))
    tp = round(float(strict.group(1)) * pred)
    out = Score(tp=tp, pred=pred, gold=gold, status_ok=round(float(status.group(1)) * tp))
    return out


def repeated_cv(
    examples: Sequence[Example],
    reader: BackgroundReader,
    scorer: Scorer,
    repeats: int,
    first: Mapping[str, list[dict[str, Any]]],
) -> list[str]:
    """Markdown rows: each trained set's F1 and status over ``repeats`` deals of the folds,
    ``first`` being the events of the usual deal (already computed)."""
    golds = {name: read_rows(EVAL_DIR / f"{name}.jsonl") for name in ("dev", "dev2", "dev3")}
    golds["demo articles"] = read_rows(DEMO_EXPECTED)
    scores: dict[str, list[Score]] = {name: [] for name in golds}
    for i in range(repeats):
        events = first
        if i:
            cv = cross_validate(examples, reader, salt=f"repeat-{i}")
            events = {doc: [e.to_json() for e in evs] for doc, evs in cv.items()}
        for name, gold in golds.items():
            pred = (
                {k: per_page(v) for k, v in events.items()} if name == "demo articles" else events
            )
            scores[name].append(scorer.score(gold, pred))
    rows = [
        f"| set | F1 over {repeats} deals of the sites into 5 folds: mean | lowest | highest "
        "| status: mean |",
        "|---|---|---|---|---|",
    ]
    for name, got in scores.items():
        f1s = [s.f1 for s in got]
        status = sum(s.status_accuracy for s in got) / len(got)
        rows.append(
            f"| {name} | **{sum(f1s) / len(f1s):.3f}** | {min(f1s):.3f} | {max(f1s):.3f} "
            f"| {status:.3f} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-articles", action="store_true", help="skip the articles-dev run")
    parser.add_argument(
        "--errors",
        metavar="SET",
        help="list the rules+model misses of SET (dev3, demo, articles-dev, ...)",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=1,
        metavar="N",
        help="also score the trained sets over N deals of the sites into folds (mean, range)",
    )
    args = parser.parse_args()
    if args.repeats < 1:
        raise SystemExit(f"--repeats {args.repeats}: give 1 or more deals of the sites into folds")
    scorer = Scorer()
    sets = training_sets()
    examples = [ex for s in sets for ex in s.examples]
    reader = BackgroundReader.load(DEFAULT_RULES_DIR / "background.txt")
    cv = {doc: [e.to_json() for e in evs] for doc, evs in cross_validate(examples, reader).items()}
    rows: list[tuple[str, str, Score, Score]] = []
    for name in ("dev", "dev2", "dev3"):
        gold = read_rows(EVAL_DIR / f"{name}.jsonl")
        keep = args.errors == name
        rows.append(
            (
                name,
                "5-fold CV by site",
                scorer.score(gold, rules_only(gold)),
                scorer.score(gold, cv, keep_errors=keep),
            )
        )
    demo_gold = read_rows(DEMO_EXPECTED)
    demo_rules = {k: per_page(v) for k, v in rules_only(demo_gold, demo_texts()).items()}
    demo_cv = {k: per_page(v) for k, v in cv.items()}
    rows.append(
        (
            "demo articles",
            "5-fold CV by feed",
            scorer.score(demo_gold, demo_rules),
            scorer.score(demo_gold, demo_cv, keep_errors=args.errors == "demo"),
        )
    )
    para = read_rows(PARAPHRASES)
    rows.append(
        (
            "paraphrases",
            "never trained on",
            scorer.score(para, rules_only(para)),
            scorer.score(para, shipped_model(para), keep_errors=args.errors == "paraphrases"),
        )
    )
    if not args.no_articles and ARTICLES_DEV.is_dir():
        from bench.articles_eval import evaluate

        report = evaluate(errors=args.errors == "articles-dev")
        rows.append(
            (
                "articles-dev",
                "never trained on; real pipeline",
                articles_dev_rules(scorer),
                parse_report(report),
            )
        )
        if args.errors == "articles-dev":
            print(report)
        rules, shipped = articles_dev_openings(scorer, keep_errors=args.errors == "openings")
        rows.append(
            (
                "articles-dev openings",
                f"first {OPENING_PARAGRAPHS} paragraphs, read as pages",
                rules,
                shipped,
            )
        )
    print(
        "| set | rules+model measured by | rules only: P / R / F1 | status "
        "| rules+model: P / R / F1 | status |"
    )
    print("|---|---|---|---|---|---|")
    for name, how, base, model in rows:
        print(f"| {name} | {how} | {base.cells()} | {model.cells()} |")
    print()
    for name, _, _, model in rows:
        if model.per_type and any(c["gold"] for c in model.per_type.values()):
            print("\n".join(per_type_table(name, model)))
            print()
    if args.repeats > 1:
        print("\n".join(repeated_cv(examples, reader, scorer, args.repeats, cv)))
        print()
    for name, _, _, model in rows:
        for line in model.errors:
            print(f"{name}  {line}")


if __name__ == "__main__":
    main()
