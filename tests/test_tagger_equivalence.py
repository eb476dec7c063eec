"""The tagger's output on a fixed corpus stays exactly what the reference file records.

``tests/fixtures/tagger/reference_events.jsonl`` holds, for each text, the events the tagger
returned when the reference was written: the snippet sets of ``../shared/eval`` (dev, dev2,
dev3), the paraphrase fixture, the demo articles and the articles-dev pages (their extracted
main text). Texts are stored in the file, so the test needs nothing outside the repository.

A refactoring must leave every event identical. A deliberate change of behaviour (new rules, a
new decision) rewrites the reference, and the diff shows what changed::

    .venv/bin/python -m tests.test_tagger_equivalence
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractors.models import Event
from extractors.tagger import load_rule_tagger as load_tagger

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "fixtures" / "tagger" / "reference_events.jsonl"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


def event_row(ev: Event) -> dict[str, Any]:
    """What the reference compares: everything the rules decide."""
    return {
        "type": ev.type,
        "actors": list(ev.actors),
        "status": ev.status,
        "direction": ev.direction,
        "evidence": ev.evidence,
        "start_char": ev.start_char,
        "end_char": ev.end_char,
        "rule_id": ev.rule_id,
        "confidence": ev.confidence,
    }


def corpus() -> list[tuple[str, str]]:
    """(id, text) of every text the reference covers, read from where they live."""
    from extractors.articles import extract_article

    rows: list[tuple[str, str]] = []
    sets = [SHARED_EVAL / n for n in ("dev.jsonl", "dev2.jsonl", "dev3.jsonl")]
    sets.append(ROOT / "tests" / "fixtures" / "tagger" / "paraphrases.jsonl")
    for path in sets:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                rows.append((f"{path.stem}:{row.get('id', n)}", row["text"]))
    pages = sorted((ROOT / "data" / "demo" / "articles").glob("*.html"))
    pages += sorted((SHARED_EVAL / "articles-dev").glob("*.html"))
    for page in pages:
        art = extract_article(
            page.read_bytes(), url=f"http://127.0.0.1/articles/{page.name}", source="demo"
        )
        if art is not None and art.text:
            rows.append((f"{page.parent.name}:{page.stem}", art.text))
    return rows


def load_reference() -> list[dict[str, Any]]:
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


REFERENCE_ROWS = load_reference() if REFERENCE.exists() else []


def test_reference_covers_every_set() -> None:
    sets = {row["id"].split(":")[0] for row in REFERENCE_ROWS}
    assert {"dev", "dev2", "dev3", "paraphrases", "articles"} <= sets
    assert sum(len(row["events"]) for row in REFERENCE_ROWS) > 300


@pytest.mark.parametrize("row", REFERENCE_ROWS, ids=lambda row: row["id"])
def test_tag_gives_the_reference_events(row: dict[str, Any]) -> None:
    assert [event_row(e) for e in load_tagger().tag(row["text"])] == row["events"]


def test_tag_many_gives_the_reference_events() -> None:
    texts = [row["text"] for row in REFERENCE_ROWS]
    got = [[event_row(e) for e in events] for events in load_tagger().tag_many(texts)]
    assert got == [row["events"] for row in REFERENCE_ROWS]


def write_reference() -> None:
    """Tag the corpus with the current tagger and rewrite the reference file."""
    tagger = load_tagger()
    with REFERENCE.open("w", encoding="utf-8") as out:
        for key, text in corpus():
            events = [event_row(e) for e in tagger.tag(text)]
            out.write(json.dumps({"id": key, "text": text, "events": events}) + "\n")
    print(f"wrote {REFERENCE}")


if __name__ == "__main__":
    write_reference()
