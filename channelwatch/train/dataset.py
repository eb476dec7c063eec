"""Labelled sets -> candidates with a yes/no label, a gold status and a group for CV.

Snippet sets (``../shared/eval/dev*.jsonl``, analysts' ``labels export`` files) label every
candidate of a snippet by the snippet's gold events: a candidate is positive when its type
and actor set (after the scorer's aliasing) equal a gold event's. Article sets
(``data/demo/expected.jsonl``) carry the evidence sentence of each gold event: a candidate is
positive in that sentence, negative in sentences that restate nothing, and left out where the
article's gold event is restated outside its evidence sentence (neither label is sure).

Groups are what grouped cross-validation holds out together: the ``source_url`` host, or
blocks of ten consecutive ids where a set has no URLs (the shared guide's rule).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from extractors.tagger.analysis import Analyser
from extractors.tagger.features import Proposal, candidates

Key = tuple[str, frozenset[str]]


@dataclass(slots=True)
class Example:
    """One labelled candidate."""

    candidate: Proposal
    label: bool
    status: str | None  # the gold status of a positive
    group: str
    doc_id: str
    article: bool | None = None  # True: a whole page, read as the daily run reads one


def load_aliases(path: Path | None) -> dict[str, str]:
    """The scorer's alias table (lowercase alias -> lowercase canonical), if given."""
    if path is None or not path.exists():
        return {}
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return {a.lower(): c.lower() for a, c in (r.split("\t", 1) for r in rows if "\t" in r)}


def norm_key(etype: str, actors: Iterable[str], aliases: dict[str, str]) -> Key:
    return etype, frozenset(aliases.get(a.lower(), a.lower()) for a in actors)


def group_of(row: dict[str, object], index: int, set_name: str) -> str:
    url = row.get("source_url")
    if isinstance(url, str) and url:
        host = urlsplit(url).hostname or url
        return host.removeprefix("www.")
    return f"{set_name}:{index // 10}"


def _published(row: dict[str, object]) -> dt.date | None:
    raw = row.get("published")
    try:
        return dt.date.fromisoformat(str(raw)[:10]) if raw else None
    except ValueError:
        return None


def snippet_examples(
    path: Path, analyser: Analyser, aliases: dict[str, str], *, set_name: str
) -> Iterator[Example]:
    """Every candidate of every snippet of a gold file, labelled by the snippet's events."""
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    for i, row in enumerate(rows):
        gold = {norm_key(e["type"], e["actors"], aliases): e["status"] for e in row["events"]}
        group = group_of(row, i, set_name)
        # the text as the tagger reads it (``NewsTagger`` reads through ``analyser.read``)
        for view in analyser(analyser.read(row["text"]).text, _published(row)):
            for cand in candidates(view):
                key = norm_key(cand.type, cand.actors, aliases)
                yield Example(cand, key in gold, gold.get(key), group, str(row["id"]))


def article_examples(
    expected: Path, texts: dict[str, str], analyser: Analyser, aliases: dict[str, str]
) -> Iterator[Example]:
    """Candidates of whole articles, labelled by each gold event's evidence sentence."""
    for line in expected.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text = analyser.read(texts.get(row["id"], "")).text
        gold = {
            norm_key(e["type"], e["actors"], aliases): (
                e["status"],
                analyser.read(e.get("evidence", "")).text,
            )
            for e in row["events"]
        }
        group = f"demo:{row.get('feed', row['id'])}"
        for view in analyser(text, _published(row)):
            sentence = text[view.start_char : view.end_char]
            for cand in candidates(view):
                key = norm_key(cand.type, cand.actors, aliases)
                if key not in gold:
                    yield Example(cand, False, None, group, row["id"], article=True)
                    continue
                status, evidence = gold[key]
                if evidence and (evidence[:60] in sentence or sentence in evidence):
                    yield Example(cand, True, status, group, row["id"], article=True)
