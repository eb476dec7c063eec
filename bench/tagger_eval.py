"""Score the tagger on the 21 demo articles at article level, the way ``score.py`` scores snippets.

    .venv/bin/python -m bench.tagger_eval [--quiet]

Real articles are long: a bystander sentence that fires a rule costs precision here far more
than on 1-3 sentence snippets. Gold is ``data/demo/expected.jsonl``; text comes from
``extractors.articles.extract_article`` on ``data/demo/articles/<id>.html``. Matching is
score.py's (loaded with runpy from ``../shared/eval/score.py`` when present): same type and
equal actor set after aliasing (strict); status accuracy over strict matches.
"""

from __future__ import annotations

import argparse
import json
import runpy
from collections import Counter, defaultdict
from typing import Any

from channelwatch.settings import DATA_DIR, ROOT
from extractors.articles import extract_article
from extractors.tagger import load_tagger

DEMO = DATA_DIR / "demo"
SCORE_PY = ROOT.parent / "shared" / "eval" / "score.py"
TYPES = (
    "exclusivity_change",
    "revenue_share_change",
    "distribution_expansion",
    "hosting_deal",
    "packaging_change",
    "renegotiation",
)

Ev = tuple[str, frozenset[str], str]


def _scorer() -> tuple[Any, Any]:
    """score.py's ``events_of`` and ``load_aliases`` (or a local reimplementation)."""
    if SCORE_PY.exists():
        ns = runpy.run_path(str(SCORE_PY))
        aliases = ns["load_aliases"](SCORE_PY.with_name("aliases.tsv"))
        return (lambda row: ns["events_of"](row, aliases)), ns["match"]

    def events_of(row: dict[str, Any]) -> list[Ev]:
        return [
            (e["type"], frozenset(a.lower() for a in e["actors"]), e.get("status", ""))
            for e in row.get("events") or []
        ]

    def match(gold: list[Ev], pred: list[Ev], lenient: bool) -> list[tuple[Ev, Ev]]:
        pairs, free = [], list(pred)
        for g in gold:
            for p in free:
                if p[0] == g[0] and p[1] == g[1]:
                    pairs.append((g, p))
                    free.remove(p)
                    break
        return pairs

    return events_of, match


def article_texts() -> dict[str, str]:
    """Extracted main text of each demo article, by slug."""
    out: dict[str, str] = {}
    for path in sorted((DEMO / "articles").glob("*.html")):
        art = extract_article(
            path.read_bytes(), url=f"http://127.0.0.1/articles/{path.name}", source="demo"
        )
        out[path.stem] = art.text if art is not None else ""
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(*, show_errors: bool = True) -> dict[str, float]:
    events_of, match = _scorer()
    gold_rows = [
        json.loads(x) for x in (DEMO / "expected.jsonl").read_text().splitlines() if x.strip()
    ]
    texts = article_texts()
    tagger = load_tagger()
    totals: Counter[str] = Counter()
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    for row in gold_rows:
        text = texts.get(row["id"], "")
        evs = tagger.tag(text)
        pred_row = {"events": [e.to_json() for e in evs]}
        gold, pred = events_of(row), events_of(pred_row)
        strict = match(gold, pred, False)
        totals["gold"] += len(gold)
        totals["pred"] += len(pred)
        totals["strict"] += len(strict)
        totals["status_ok"] += sum(g[2] == p[2] for g, p in strict)
        for t in TYPES:
            per_type[t]["gold"] += sum(g[0] == t for g in gold)
            per_type[t]["pred"] += sum(p[0] == t for p in pred)
            per_type[t]["tp"] += sum(g[0] == t for g, _ in strict)
        if not show_errors:
            continue
        hit_g = Counter(g for g, _ in strict)
        hit_p = Counter(p for _, p in strict)
        fn = list((Counter(gold) - hit_g).elements())
        fp = list((Counter(pred) - hit_p).elements())
        wrong = [(g, p) for g, p in strict if g[2] != p[2]]
        if fn or fp or wrong:
            print(f"--- {row['id']}")
            for g in fn:
                print(f"  missed   {g[0]} {sorted(g[1])} {g[2]}")
            for p in fp:
                ev = next(
                    e
                    for e, q in zip(evs, pred, strict=True)
                    if q == p  # the evidence of the spurious event
                )
                print(f"  spurious {p[0]} {sorted(p[1])} {p[2]} [{ev.rule_id}]")
                print(f"           {ev.evidence[:220]}")
            for g, p in wrong:
                print(f"  status   {g[0]} {sorted(g[1])} gold={g[2]} pred={p[2]}")
    print(f"articles={len(gold_rows)} gold_events={totals['gold']} predicted={totals['pred']}")
    print(f"{'type':24} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for t in TYPES:
        c = per_type[t]
        p, r, f = prf(c["tp"], c["pred"], c["gold"])
        print(f"{t:24} {c['gold']:5d} {c['pred']:5d} {p:6.3f} {r:6.3f} {f:6.3f}")
    p, r, f = prf(totals["strict"], totals["pred"], totals["gold"])
    print(f"{'strict':24} {'':5} {'':5} {p:6.3f} {r:6.3f} {f:6.3f}")
    status = totals["status_ok"] / totals["strict"] if totals["strict"] else 0.0
    print(f"status_accuracy={status:.3f}")
    print(f"strict_f1={f:.3f}")
    return {"strict_f1": f, "precision": p, "recall": r, "status_accuracy": status}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="scores only, no error listing")
    args = parser.parse_args()
    evaluate(show_errors=not args.quiet)


if __name__ == "__main__":
    main()
