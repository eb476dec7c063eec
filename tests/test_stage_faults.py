"""The extract+tag stage on real demo pages when one page breaks the tagger: that page is
left out with a readable failure (so the next run fetches it again) and every other
page of the batch keeps its article and its events."""

from __future__ import annotations

from pathlib import Path

import pytest

from channelwatch.pipeline import stages
from channelwatch.settings import DATA_DIR
from extractors.models import Event, FeedEntry, FetchResult
from extractors.tagger import load_tagger

PAGES = sorted((DATA_DIR / "demo" / "articles").glob("*.html"))[:6]
BROKEN = PAGES[2]


class TaggerBrokenOnOnePage:
    """The real tagger, failing on the text of one page (an injected fault)."""

    def __init__(self, poison: str) -> None:
        self.real = load_tagger()
        self.poison = poison

    def tag(self, text: str, **options: object) -> list[Event]:
        if self.poison in text:
            raise IndexError("list index out of range")
        return self.real.tag(text, **options)  # type: ignore[arg-type]

    def tag_many(self, texts: list[str], **_: object) -> list[list[Event]]:
        return [self.tag(t) for t in texts]


def items(paths: list[Path]) -> list[tuple[FeedEntry, FetchResult]]:
    return [
        (
            FeedEntry(source="demo", url=f"https://news.example/{p.name}"),
            FetchResult(url=f"https://news.example/{p.name}", status=200, body=p.read_bytes()),
        )
        for p in paths
    ]


def test_a_page_that_breaks_the_tagger_is_left_out_and_the_rest_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    healthy = stages.extract_and_tag(items(PAGES))
    healthy_rows = healthy.store_rows()
    assert healthy_rows.articles.num_rows == len(PAGES)
    broken_text = next(
        t
        for u, t in zip(
            healthy_rows.articles["url"].to_pylist(),
            healthy_rows.articles["text"].to_pylist(),
            strict=True,
        )
        if u.endswith(BROKEN.name)
    )
    monkeypatch.setattr(stages, "load_tagger", lambda: TaggerBrokenOnOnePage(broken_text))

    batch = stages.extract_and_tag(items(PAGES))

    rows = batch.store_rows()
    urls = rows.articles["url"].to_pylist()
    assert len(urls) == len(PAGES) - 1
    assert not any(u.endswith(BROKEN.name) for u in urls)
    assert [(f.stage, f.url) for f in batch.failures] == [
        ("tag", f"https://news.example/{BROKEN.name}")
    ]
    assert "IndexError" in batch.failures[0].error
    # the other pages keep exactly the events they get when nothing breaks
    kept_ids = set(rows.articles["article_id"].to_pylist())
    expected = [
        event_id
        for event_id, article_id in zip(
            healthy_rows.events["event_id"].to_pylist(),
            healthy_rows.events["article_id"].to_pylist(),
            strict=True,
        )
        if article_id in kept_ids
    ]
    assert expected  # the kept pages do hold events
    assert sorted(rows.events["event_id"].to_pylist()) == sorted(expected)
