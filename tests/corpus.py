"""Locate and read the shared test corpora (``../shared/corpora``), and score extractions.

The corpora live beside the project, not in it (see ``../shared/corpora/SOURCES.md``).
``CORPORA`` is ``None`` when the folder is absent; corpus tests skip with ``SKIP_REASON``.

``shingle_scores`` / ``benchmark_metrics`` re-implement the scoring of scrapinghub's
article-extraction-benchmark (``evaluate.py`` at commit 4a3bc97): tokens are
``re.findall(r"\\w+")``, shingles are 4-grams of tokens (a text of fewer than 4 tokens gives
one shorter shingle), TP/FP/FN are multiset overlaps of shingle counts normalised per page
so long pages do not weigh more, precision is averaged over pages with ``tp + fp > 0``,
recall over pages with ``tp + fn > 0``, and F1 is computed from the two means.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_CANDIDATE = PROJECT_ROOT.parent / "shared" / "corpora"
CORPORA: Path | None = _CANDIDATE if _CANDIDATE.is_dir() else None
SKIP_REASON = f"shared corpora not found at {_CANDIDATE} (see ../shared/corpora/SOURCES.md)"

FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".json", ".html", ".txt")


def corpus_dir(name: str) -> Path:
    """The corpus sub-folder ``name``; only call when ``CORPORA`` is set."""
    assert CORPORA is not None, SKIP_REASON
    return CORPORA / name


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# --- feeds -------------------------------------------------------------------------------


def feed_manifest() -> dict[str, dict[str, Any]]:
    """feeds/manifest.jsonl keyed by path relative to ``feeds/``."""
    return {row["file"]: row for row in read_jsonl(corpus_dir("feeds") / "manifest.jsonl")}


def realworld_manifest() -> dict[str, dict[str, Any]]:
    """feeds-realworld/manifest.jsonl keyed by path relative to ``feeds-realworld/``."""
    rows = read_jsonl(corpus_dir("feeds-realworld") / "manifest.jsonl")
    return {row["file"]: row for row in rows}


def feed_files() -> Iterator[tuple[str, Path]]:
    """Every feed of ``feeds/`` and ``feeds-realworld/``, as (``folder/relative``, path)."""
    for folder, manifest in (("feeds", feed_manifest()), ("feeds-realworld", realworld_manifest())):
        for relative in sorted(manifest):
            yield f"{folder}/{relative}", corpus_dir(folder) / relative


# --- html pages --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    """One saved page: where it came from, its bytes and the URL it was saved from."""

    name: str
    html: bytes
    url: str


def html_expectations() -> list[dict[str, Any]]:
    return read_jsonl(corpus_dir("html") / "expectations.jsonl")


def html_pages() -> list[tuple[Page, dict[str, Any]]]:
    """html/ pages with their expectations row (must_include / must_exclude)."""
    folder = corpus_dir("html")
    pages = []
    for row in html_expectations():
        url = row.get("url") or f"https://unknown.example/{row['file']}"
        pages.append((Page(f"html/{row['file']}", (folder / row["file"]).read_bytes(), url), row))
    return pages


def benchmark_ground_truth() -> dict[str, dict[str, Any]]:
    path = corpus_dir("article-benchmark") / "ground-truth.json"
    data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def benchmark_pages() -> list[tuple[str, Page]]:
    """(id, page) for every article-benchmark page, decompressed."""
    folder = corpus_dir("article-benchmark") / "html"
    truth = benchmark_ground_truth()
    pages = []
    for path in sorted(folder.glob("*.html.gz")):
        item_id = path.name.split(".")[0]
        url = truth.get(item_id, {}).get("url") or f"https://unknown.example/{item_id}"
        pages.append(
            (
                item_id,
                Page(f"article-benchmark/{path.name}", gzip.decompress(path.read_bytes()), url),
            )
        )
    return pages


def newspaper_pages() -> list[Page]:
    folder = corpus_dir("newspaper4k") / "html"
    return [
        Page(
            f"newspaper4k/html/{path.name}",
            path.read_bytes(),
            f"https://unknown.example/{path.stem}",
        )
        for path in sorted(folder.glob("*.html"))
    ]


# --- scoring (scrapinghub article-extraction-benchmark) -----------------------------------

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
Shingle = tuple[str, ...]


def shingles(text: str | None, n: int = 4) -> Counter[Shingle]:
    """Multiset of ``n``-token shingles; a text shorter than ``n`` tokens gives one shingle."""
    tokens = _TOKEN_RE.findall(text or "")
    count = max(1, len(tokens) - n + 1)
    return Counter(shingle for i in range(count) if (shingle := tuple(tokens[i : i + n])))


def shingle_scores(true: str | None, pred: str | None) -> tuple[float, float, float]:
    """(tp, fp, fn) of shingle counts, normalised to sum to 1 (unless all are 0)."""
    true_counts, pred_counts = shingles(true), shingles(pred)
    tp = float(sum((true_counts & pred_counts).values()))
    fp = float(sum((pred_counts - true_counts).values()))
    fn = float(sum((true_counts - pred_counts).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (tp, fp, fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def benchmark_metrics(scores: list[tuple[float, float, float]]) -> dict[str, float]:
    """Mean precision, mean recall and the F1 of those two means, as upstream computes them."""
    precision = statistics.mean(_precision(*s) for s in scores if s[0] + s[1] > 0)
    recall = statistics.mean(_recall(*s) for s in scores if s[0] + s[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def page_recall(true: str | None, pred: str | None) -> float:
    return _recall(*shingle_scores(true, pred))
