"""When the flow writes what is waiting: by count, by bytes held, or by time since the
last load (so a long run shows progress and a crash loses little)."""

from __future__ import annotations

from channelwatch.pipeline.load import load_due
from channelwatch.pipeline.stages import ArticleBatch
from channelwatch.pipeline.units import LOAD_BYTES, LOAD_EVERY_S
from extractors.models import Article


def batch_of(n: int, *, html_bytes: int = 100) -> ArticleBatch:
    batch = ArticleBatch()
    for k in range(n):
        article = Article(article_id=f"a{k}", url=f"https://x.example/{k}", source="x", text="w")
        batch.articles.append(article)
        batch.compressed_html[article.article_id] = b"x" * html_bytes
    return batch


def test_nothing_waiting_is_never_due() -> None:
    assert not load_due(ArticleBatch(), load_size=1, seconds_since_load=10 * LOAD_EVERY_S)


def test_due_at_the_load_size() -> None:
    assert not load_due(batch_of(9), load_size=10, seconds_since_load=0.0)
    assert load_due(batch_of(10), load_size=10, seconds_since_load=0.0)


def test_due_when_the_waiting_pages_grow_large() -> None:
    big = batch_of(3, html_bytes=LOAD_BYTES // 2)
    assert load_due(big, load_size=1000, seconds_since_load=0.0)
    assert not load_due(batch_of(3), load_size=1000, seconds_since_load=0.0)


def test_due_after_a_while_even_when_small() -> None:
    assert not load_due(batch_of(1), load_size=1000, seconds_since_load=LOAD_EVERY_S - 1)
    assert load_due(batch_of(1), load_size=1000, seconds_since_load=LOAD_EVERY_S)
