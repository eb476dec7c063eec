"""Tagging throughput against bare ``spacy.blank("en")`` tokenisation, measured in one run.

    .venv/bin/python -m bench.tagging [--n 5000] [--article-rounds 3]

Tags the dev and dev2 gold texts (``../shared/eval``), repeated to about ``--n`` snippets, then
the main texts of real article pages, which is what the pipeline tags: trafilatura's output for
the article-benchmark pages (``../shared/corpora/article-benchmark/reference-output``, the
extractor the pipeline uses, run upstream: nothing is extracted here), newspaper4k's expected
texts and the demo articles (extracted with ``extract_article``; all there is without the
corpora). Times are CPU seconds of this single-threaded process, so other load on the machine
inflates them less than wall time; the ratio to bare tokenisation is the comparable figure.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterable, Sequence

import spacy

from channelwatch.settings import DATA_DIR, ROOT
from extractors.tagger import load_tagger

GOLD_DIR = ROOT.parent / "shared" / "eval"
CORPORA = ROOT.parent / "shared" / "corpora"
TRAFILATURA_OUTPUT = CORPORA / "article-benchmark" / "reference-output" / "trafilatura.json"
NEWSPAPER_TEXTS = CORPORA / "newspaper4k" / "txt"
DEMO_ARTICLES = DATA_DIR / "demo" / "articles"
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


def article_texts() -> list[str]:
    """Main texts of real article pages (see the module docstring); the demo articles' alone
    when the shared corpora are absent. Read from files already extracted, in about a second."""
    texts: list[str] = []
    try:
        output = json.loads(TRAFILATURA_OUTPUT.read_text(encoding="utf-8"))["output"]
        texts += [row.get("articleBody") or "" for _, row in sorted(output.items())]
    except (OSError, ValueError, KeyError, AttributeError):
        pass  # corpora not checked out, or another layout: the other sources still count
    for path in sorted(NEWSPAPER_TEXTS.glob("*.txt")):
        texts.append(path.read_text(encoding="utf-8", errors="replace"))
    texts += demo_article_texts()
    return [t for t in texts if t.strip()]


def demo_article_texts() -> list[str]:
    """The demo articles' main texts, extracted the way the pipeline does."""
    from extractors.articles import extract_article

    texts = []
    for path in sorted(DEMO_ARTICLES.glob("*.html")):
        art = extract_article(path.read_bytes(), url=f"http://127.0.0.1/{path.name}", source="demo")
        if art is not None:
            texts.append(art.text)
    return texts


def _drain(items: Iterable[object]) -> None:
    for _ in items:
        pass


def _in_turns(
    tag: Callable[[Sequence[str]], object],
    tokenise: Callable[[Sequence[str]], object],
    texts: Sequence[str],
    chunk: int,
) -> tuple[float, float]:
    """CPU seconds to tag and to tokenise ``texts``, timed ``chunk`` texts at a time in turn:
    on a shared machine the load changes during a run, and this way it weighs on both alike."""
    # CPU time of this process (one core): steadier than wall time on a shared machine
    tag_s = tok_s = 0.0
    for k in range(0, len(texts), chunk):
        part = texts[k : k + chunk]
        t0 = time.process_time()
        tag(part)
        t1 = time.process_time()
        tokenise(part)
        tag_s += t1 - t0
        tok_s += time.process_time() - t1
    return tag_s, tok_s


def measure_tagging(
    texts: Sequence[str], *, articles: Sequence[str] | None = None, article_rounds: int = 1
) -> dict[str, float]:
    """Snippets/s and words/s for the tagger and for bare tokenisation, and their ratio; the
    same in documents/s for long article texts (``articles``, by default ``article_texts()``,
    each tagged ``article_rounds`` times)."""
    tagger = load_tagger()
    blank = spacy.blank("en")
    words = sum(len(t.split()) for t in texts)
    list(tagger.tag_many(texts[:50]))  # warm caches
    list(blank.pipe(texts[:50]))
    n_events = 0

    def tag(part: Sequence[str]) -> None:
        nonlocal n_events
        n_events += sum(len(evs) for evs in tagger.tag_many(part))

    def tokenise(part: Sequence[str]) -> None:
        _drain(blank.pipe(part, batch_size=256))

    tag_s, tok_s = _in_turns(tag, tokenise, texts, 500)
    # no warm-up: the first round finds both tokenizer caches cold, the others warm
    docs = list(article_texts() if articles is None else articles) * max(1, article_rounds)
    article_tag_s, article_tok_s = _in_turns(
        lambda part: _drain(tagger.tag_many(part)), tokenise, docs, 25
    )
    return {
        "snippets": float(len(texts)),
        "words": float(words),
        "events": float(n_events),
        "tagger_snippets_per_s": len(texts) / tag_s,
        "tagger_words_per_s": words / tag_s,
        "tokenizer_snippets_per_s": len(texts) / tok_s,
        "tokenizer_words_per_s": words / tok_s,
        "slowdown_vs_tokenizer": tag_s / tok_s,
        "articles": float(len(docs)),
        "article_words": float(sum(len(t.split()) for t in docs)),
        "article_tagger_docs_per_s": len(docs) / article_tag_s if docs else 0.0,
        "article_tokenizer_docs_per_s": len(docs) / article_tok_s if docs else 0.0,
        "article_slowdown_vs_tokenizer": article_tag_s / article_tok_s if docs else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="snippets to tag")
    parser.add_argument(
        "--article-rounds", type=int, default=3, help="times each article text is tagged"
    )
    args = parser.parse_args()
    r = measure_tagging(gold_texts(args.n), article_rounds=args.article_rounds)
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
    print(
        f"\narticles={int(r['articles'])} words={int(r['article_words'])} "
        f"(main texts of real pages, {args.article_rounds} rounds)"
    )
    print(f"channelwatch tagger : {r['article_tagger_docs_per_s']:9.1f} docs/s")
    print(f"spacy.blank('en')   : {r['article_tokenizer_docs_per_s']:9.1f} docs/s")
    print(
        f"ratio: tagging takes {r['article_slowdown_vs_tokenizer']:.1f}x the time of bare "
        "tokenisation"
    )


if __name__ == "__main__":
    main()
