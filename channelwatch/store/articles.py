"""Articles and their raw pages: new ones inserted in bulk, stored ones left as they are."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence

import duckdb
import pyarrow as pa

from channelwatch.store.sql import now_utc
from extractors.models import Article


def known_article_ids(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> set[str]:
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return set()
    rows = con.execute(
        "SELECT article_id FROM store.articles WHERE article_id IN (SELECT unnest(?))",
        [wanted],
    ).fetchall()
    return {r[0] for r in rows}


ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("title", pa.string()),
        ("author", pa.string()),
        ("sitename", pa.string()),
        ("language", pa.string()),
        ("text", pa.string()),
        ("word_count", pa.int32()),
        ("published_at", pa.timestamp("us", tz="UTC")),
        ("date_extracted", pa.date32()),
        ("fingerprint", pa.string()),
        ("duplicate_of", pa.string()),
        ("html", pa.binary()),
        ("content_type", pa.string()),
    ]
)


HTML_COMPRESSION_LEVEL = 1


def compress_html(raw: bytes) -> bytes:
    """The stored form of a page's raw HTML (``raw_pages.compression = 'zlib'``).

    Level 1: on the real pages of ../shared/corpora it is 2.7x faster than level 6
    (1.7 vs 4.3 ms for a 160 KB page, ~5% of the extract+tag stage) for 17% more bytes
    (6.2 vs 5.3 MB per 150 pages). The pipeline calls this on the workers."""
    return zlib.compress(raw, HTML_COMPRESSION_LEVEL)


def articles_table(
    articles: Sequence[Article],
    compressed_html: Mapping[str, bytes] | None = None,
    content_types: Mapping[str, str | None] | None = None,
) -> pa.Table:
    """The batch as Arrow columns; HTML already compressed by ``compress_html`` is used
    as it is, the rest is compressed here."""
    done = compressed_html or {}
    types = content_types or {}
    columns: dict[str, list[object]] = {
        "article_id": [a.article_id for a in articles],
        "url": [a.url for a in articles],
        "source": [a.source for a in articles],
        "title": [a.title for a in articles],
        "author": [a.author for a in articles],
        "sitename": [a.sitename for a in articles],
        "language": [a.language for a in articles],
        "text": [a.text for a in articles],
        "word_count": [a.word_count for a in articles],
        "published_at": [a.published_at for a in articles],
        "date_extracted": [a.date_extracted for a in articles],
        "fingerprint": [a.fingerprint for a in articles],
        "duplicate_of": [None] * len(articles),  # set at load time, after dedup
        "html": [done.get(a.article_id) or compress_html(a.raw_html) for a in articles],
        "content_type": [types.get(a.article_id) for a in articles],
    }
    return pa.table(columns, schema=ARTICLE_SCHEMA)


def insert_articles(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[Article],
    *,
    run_id: str,
    content_types: Mapping[str, str | None] | None = None,
    duplicate_of: Mapping[str, str] | None = None,
    compressed_html: Mapping[str, bytes] | None = None,
    stored_ids: set[str] | None = None,
) -> int:
    """Insert new articles and their raw HTML; articles already stored are left as they are.

    Returns how many were new. Call inside a transaction together with ``replace_events``.
    """
    table = articles_table(articles, compressed_html, content_types)
    return insert_article_rows(
        con, table, run_id=run_id, duplicate_of=duplicate_of, stored_ids=stored_ids
    )


def insert_article_rows(
    con: duckdb.DuckDBPyConnection,
    table: pa.Table,
    *,
    run_id: str,
    duplicate_of: Mapping[str, str] | None = None,
    stored_ids: set[str] | None = None,
) -> int:
    """Insert the new rows of an ``articles_table`` (the first row of each id) with their
    raw HTML; returns how many were new.

    Stored ids are filtered out here rather than with ``ON CONFLICT``, which DuckDB checks
    row by row: the inserts stay plain bulk inserts. ``stored_ids`` (the ids already in
    the store, looked up in this transaction) saves looking them up again.
    """
    ids = table.column("article_id").to_pylist()
    stored = stored_ids if stored_ids is not None else known_article_ids(con, ids)
    keep = first_rows(ids, skip=stored)
    if not keep:
        return 0
    if len(keep) < table.num_rows:
        table = table.take(keep)
        ids = [ids[k] for k in keep]
    if duplicate_of:
        links = pa.array([duplicate_of.get(i) for i in ids], pa.string())
        table = table.set_column(
            table.schema.get_field_index("duplicate_of"), "duplicate_of", links
        )
    params = {"now": now_utc(), "run_id": run_id}
    con.register("batch", table)
    try:
        con.execute(
            "INSERT INTO store.articles SELECT article_id, url, source, title, author,"
            " sitename, language, text, word_count, published_at, $now, date_extracted,"
            " fingerprint, duplicate_of, $run_id, $now FROM batch",
            params,
        )
        con.execute(
            "INSERT INTO store.raw_pages"
            " SELECT article_id, url, content_type, $now, 'zlib', html FROM batch",
            {"now": params["now"]},
        )
    finally:
        con.unregister("batch")
    return len(keep)


def first_rows(keys: Sequence[str], *, skip: set[str] | frozenset[str] = frozenset()) -> list[int]:
    """Row numbers of the first occurrence of each key not in ``skip``."""
    seen = set(skip)
    keep = []
    for row, key in enumerate(keys):
        if key not in seen:
            seen.add(key)
            keep.append(row)
    return keep


def raw_html(con: duckdb.DuckDBPyConnection, article_id: str) -> bytes | None:
    rows = con.execute(
        "SELECT compression, html FROM store.raw_pages WHERE article_id = ?", [article_id]
    ).fetchall()
    if not rows:
        return None
    compression, blob = rows[0]
    return zlib.decompress(blob) if compression == "zlib" else bytes(blob)
