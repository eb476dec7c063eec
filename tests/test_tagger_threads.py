"""The default runner tags several batches at once in threads of one process, all with the
one cached tagger: tagging from many threads must give what tagging one by one gives."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from extractors.tagger import load_tagger

TEXTS = Path(__file__).parent / "fixtures" / "tagger" / "paraphrases.jsonl"


@pytest.fixture
def fast_thread_switching() -> Iterator[None]:
    """Switch threads every microsecond so that shared per-document state would be hit."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def texts() -> list[str]:
    lines = TEXTS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()][:120]


def as_rows(events: list) -> list[tuple[object, ...]]:
    return [(e.type, e.actors, e.status, e.start_char, e.end_char, e.rule_id) for e in events]


def test_tagging_in_threads_equals_tagging_one_by_one(fast_thread_switching: None) -> None:
    tagger = load_tagger()
    sample = texts()
    assert sample, "no texts to tag"
    expected = [as_rows(list(events)) for events in tagger.tag_many(sample)]
    assert any(expected)  # the texts do hold events

    def tag_all(offset: int) -> list[list[tuple[object, ...]]]:
        order = sample[offset:] + sample[:offset]  # each thread in its own order
        got = [as_rows(list(events)) for events in tagger.tag_many(order)]
        return got[-offset:] + got[:-offset] if offset else got

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(tag_all, [0, 7, 31, 58, 0, 13, 44, 90]))
    for got in results:
        assert got == expected
