"""Tagging throughput against bare ``spacy.blank("en")`` tokenisation, measured in one run.

    .venv/bin/python -m bench.tagging [--n 5000]

Tags the dev and dev2 gold texts (``../shared/eval``), repeated to about ``--n`` snippets.
Times are CPU seconds of this single-threaded process, so other load on the machine inflates
them less than wall time; the ratio to bare tokenisation is the comparable figure.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence

import spacy

from channelwatch.settings import ROOT
from extractors.tagger import load_tagger

GOLD_DIR = ROOT.parent / "shared" / "eval"
FALLBACK_TEXTS = (
    "Microsoft and OpenAI agreed to end Microsoft's exclusive right to resell OpenAI models, "
    "Bloomberg reported.",
    "Oracle will supply OpenAI with an additional 4.5 gigawatts of US data center capacity, "
    "the companies said Tuesday.",
    "Microsoft said Azure revenue grew 40% in the September quarter.",
)


def gold_texts(n: int) -> list[str]:
    """The dev and dev2 texts (or three built-in ones) repeated to ``n`` snippets."""
    texts: list[str] = []
    for name in ("dev.jsonl", "dev2.jsonl"):
        path = GOLD_DIR / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    texts.append(json.loads(line)["text"])
    base = texts or list(FALLBACK_TEXTS)
    return [base[i % len(base)] for i in range(n)]


def measure_tagging(texts: Sequence[str]) -> dict[str, float]:
    """Snippets/s and words/s for the tagger and for bare tokenisation, and their ratio."""
    tagger = load_tagger()
    words = sum(len(t.split()) for t in texts)
    list(tagger.tag_many(texts[:50]))  # warm caches
    # CPU time of this process (one core): steadier than wall time on a shared machine
    t0 = time.process_time()
    n_events = sum(len(evs) for evs in tagger.tag_many(texts))
    tag_s = time.process_time() - t0
    blank = spacy.blank("en")
    list(blank.pipe(texts[:50]))
    t0 = time.process_time()
    for _ in blank.pipe(texts, batch_size=256):
        pass
    tok_s = time.process_time() - t0
    return {
        "snippets": float(len(texts)),
        "words": float(words),
        "events": float(n_events),
        "tagger_snippets_per_s": len(texts) / tag_s,
        "tagger_words_per_s": words / tag_s,
        "tokenizer_snippets_per_s": len(texts) / tok_s,
        "tokenizer_words_per_s": words / tok_s,
        "slowdown_vs_tokenizer": tag_s / tok_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="snippets to tag")
    args = parser.parse_args()
    r = measure_tagging(gold_texts(args.n))
    print(f"snippets={int(r['snippets'])} words={int(r['words'])} events={int(r['events'])}")
    print(
        f"channelwatch tagger : {r['tagger_snippets_per_s']:9.0f} snippets/s "
        f"{r['tagger_words_per_s']:11.0f} words/s"
    )
    print(
        f"spacy.blank('en')   : {r['tokenizer_snippets_per_s']:9.0f} snippets/s "
        f"{r['tokenizer_words_per_s']:11.0f} words/s"
    )
    print("(CPU time of one core)")
    print(f"ratio: tagging takes {r['slowdown_vs_tokenizer']:.1f}x the time of bare tokenisation")


if __name__ == "__main__":
    main()
