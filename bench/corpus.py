"""Pages and snippets the benchmarks run on: real saved pages, repeated, and a generated set.

Real pages come from ``../shared/corpora/html`` (trafilatura's eval pages) and
``../shared/corpora/article-benchmark`` (scrapinghub's benchmark, gzipped); they are
repeated to reach the requested count, each copy with its own URL so the pipeline stores
every copy as a distinct article. The generated set is synthetic news pages (boilerplate
plus paragraphs that mention partnership events), deterministic for a given seed.
"""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from channelwatch.settings import ROOT

CORPORA = ROOT.parent / "shared" / "corpora"
EVAL_DIR = ROOT.parent / "shared" / "eval"


@dataclass(frozen=True, slots=True)
class Page:
    """One page to benchmark on: a short unique slug, its bytes, the URL it claims."""

    slug: str
    html: bytes
    url: str


class CorpusMissing(RuntimeError):
    """The shared corpora are not beside the project."""


def _require(folder: Path) -> Path:
    if not folder.is_dir():
        raise CorpusMissing(
            f"corpus folder {folder} not found; the benchmark needs ../shared/corpora "
            "(see ../shared/corpora/SOURCES.md), or run it with --generated-only"
        )
    return folder


@cache
def real_pages() -> tuple[Page, ...]:
    """Every saved page of ``html/`` and ``article-benchmark/``, in a stable order."""
    pages: list[Page] = []
    html_dir = _require(CORPORA / "html")
    for path in sorted(html_dir.glob("*.html")):
        pages.append(
            Page(f"html-{path.stem}", path.read_bytes(), f"https://example.com/{path.stem}")
        )
    bench_dir = _require(CORPORA / "article-benchmark")
    truth_path = bench_dir / "ground-truth.json"
    truth: dict[str, dict[str, str]] = (
        json.loads(truth_path.read_text(encoding="utf-8")) if truth_path.exists() else {}
    )
    for path in sorted((bench_dir / "html").glob("*.html.gz")):
        item = path.name.split(".")[0]
        url = truth.get(item, {}).get("url") or f"https://example.com/{item}"
        pages.append(Page(f"ab-{item[:16]}", gzip.decompress(path.read_bytes()), url))
    return tuple(pages)


def repeat(pages: tuple[Page, ...] | list[Page], n: int) -> list[Page]:
    """``n`` pages cycling through ``pages``; copy ``k`` gets slug ``{k}-{slug}`` and its
    own URL (article ids hash the canonical URL, so copies must differ)."""
    if not pages:
        raise ValueError("no pages to repeat")
    out: list[Page] = []
    for k in range(n):
        page = pages[k % len(pages)]
        slug = f"{k:06d}-{page.slug}"
        out.append(Page(slug, page.html, f"https://bench.example/a/{slug}"))
    return out


def corpus_pages(n: int) -> list[Page]:
    """``n`` real pages (repeated as needed)."""
    return repeat(real_pages(), n)


# --- generated set ------------------------------------------------------------------------

_COMPANIES = (
    "OpenAI", "Microsoft", "Anthropic", "Amazon", "Google", "Oracle", "Meta", "Mistral",
    "Cohere", "Snowflake", "Databricks", "Nvidia", "CoreWeave", "xAI", "IBM", "Salesforce",
)  # fmt: skip
_EVENTS = (
    "{a} and {b} agreed to end {b}'s exclusive right to resell {a} models, Reuters reported.",
    "{a} models will be available on {b}'s cloud marketplace next month, the companies said.",
    "{b} signed a multiyear deal to supply compute capacity to {a} from its data centres.",
    "{a} is in talks with {b} to restructure their partnership agreement, people familiar said.",
    "{a} cut the revenue share it pays {b} on API sales to 8 percent, according to filings.",
    "{b} will bundle {a} models into its enterprise tier at no extra cost starting in March.",
)
_FILLER = (
    "Analysts said the move reflects growing competition among cloud providers for AI workloads.",
    "Shares of the company rose two percent in early trading after the announcement.",
    "The company did not respond to a request for comment on the financial terms.",
    "Executives have repeatedly said that demand for inference capacity exceeds supply.",
    "Customers in regulated industries have asked for more choice in where models run.",
    "The announcement came during the company's annual developer conference in San Francisco.",
    "Industry observers expect further changes to distribution agreements over the coming year.",
    "The firm reported quarterly revenue above expectations, driven by its cloud business.",
)
_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Bench News</title>
<meta name="author" content="Bench Reporter"><meta property="og:site_name" content="Bench News">
<meta property="article:published_time" content="2026-0{month}-{day:02d}T09:00:00Z"></head>
<body><header><nav><a href="/">Home</a> <a href="/ai">AI</a> <a href="/cloud">Cloud</a>
<a href="/markets">Markets</a> <a href="/about">About us</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Bench Reporter, {day} March 2026</p>
{body}
</article><aside><h2>Most read</h2><ul>{links}</ul></aside></main>
<footer><p>Copyright 2026 Bench News. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer></body></html>"""


def _generated_page(rng: random.Random, k: int) -> Page:
    a, b = rng.sample(_COMPANIES, 2)
    paragraphs = []
    for _ in range(rng.randint(10, 16)):
        sentences = [rng.choice(_FILLER) for _ in range(rng.randint(2, 4))]
        if rng.random() < 0.35:
            sentences.insert(
                rng.randrange(len(sentences) + 1), rng.choice(_EVENTS).format(a=a, b=b)
            )
        paragraphs.append("<p>" + " ".join(sentences) + "</p>")
    links = "".join(
        f'<li><a href="/story/{rng.randrange(10**6)}">Story {i}</a></li>' for i in range(8)
    )
    title = f"{a} and {b} rework their AI partnership ({k})"
    html = _TEMPLATE.format(
        title=title,
        month=rng.randint(1, 9),
        day=rng.randint(1, 28),
        body="\n".join(paragraphs),
        links=links,
    )
    slug = f"{k:06d}-gen"
    return Page(slug, html.encode("utf-8"), f"https://bench.example/g/{slug}")


def generated_pages(n: int, *, seed: int = 8) -> list[Page]:
    """``n`` synthetic news pages (about 3 to 6 KB of article text each)."""
    rng = random.Random(seed)
    return [_generated_page(rng, k) for k in range(n)]


# --- snippets for tagging -----------------------------------------------------------------


@cache
def eval_snippets() -> tuple[str, ...]:
    """The gold-set snippet texts of ``../shared/eval/*.jsonl`` (1 to 3 sentences each)."""
    texts: list[str] = []
    for path in sorted(EVAL_DIR.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            texts.extend(json.loads(line)["text"] for line in handle if line.strip())
    return tuple(texts)


def snippets(n: int, *, seed: int = 8) -> list[str]:
    """``n`` snippets: the gold-set texts, then generated ones, cycling as needed."""
    rng = random.Random(seed)
    base = list(eval_snippets())
    while len(base) < 200:
        a, b = rng.sample(_COMPANIES, 2)
        base.append(rng.choice(_EVENTS).format(a=a, b=b) + " " + rng.choice(_FILLER))
    return [base[k % len(base)] for k in range(n)]
