"""Terminal tables cut nothing: dates, statuses and labels stay whole, long text and URLs
wrap or fold, at 80 columns, in a pipe, and in a narrow terminal.

Each check rebuilds every cell from the printed output (joining its wrapped or folded
pieces) and compares it with the query's value, ignoring only whitespace.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner
from digest_store import build_digest_store

from channelwatch.cli import cli
from channelwatch.settings import ROOT
from channelwatch.store import open_store
from channelwatch.store.queries import resolve_query, run_query
from channelwatch.tables import cell, write_table

QUERIES = {
    "four": "SELECT date, label, status, url FROM watch_broadening",
    "five": "SELECT date, label, status, evidence, url FROM watch_rival_clouds",
    "all": "SELECT * FROM signals",
}
FIXED = ("date", "status", "first_seen", "last_seen", "signal_id", "type")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_digest_store(tmp_path_factory.mktemp("tables") / "cw.duckdb")


def expected(store: Path, sql: str) -> list[dict[str, str]]:
    with open_store(store, read_only=True) as con:
        table = run_query(con, resolve_query(sql))
    return [{k: cell(v) for k, v in row.items()} for row in table.to_pylist()]


def squeeze(text: str) -> str:
    return "".join(text.split())


def parsed(out: str) -> list[dict[str, str]]:
    """Rows rebuilt from a printed table or from row blocks, whitespace removed."""
    lines = [line for line in out.splitlines() if line.strip()]
    if lines[0].startswith("-[ row"):
        return _blocks(lines[:-1])
    header = [squeeze(c) for c in lines[1].strip("┃").split("┃")]
    rows: list[dict[str, str]] = []
    for line in lines[3:-2]:  # below the header rule, above the bottom rule and the count
        parts = [p.strip() for p in line.strip("│").split("│")]
        if parts[0]:  # the first column (a date) is set on a row's first line only
            rows.append(dict.fromkeys(header, ""))
        for name, part in zip(header, parts, strict=True):
            rows[-1][name] += squeeze(part)
    return rows


def _blocks(lines: list[str]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    name = ""
    for line in lines:
        if line.startswith("-[ row"):
            rows.append({})
            continue
        if not line.startswith(" "):
            name, _, line = line.partition(" ")
            rows[-1][name] = ""
        rows[-1][name] += squeeze(line)
    return rows


def check(out: str, rows: list[dict[str, str]], width: int) -> None:
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= width, out
    assert parsed(out) == [{k: squeeze(v) for k, v in row.items()} for row in rows], out


@pytest.mark.parametrize("case", sorted(QUERIES))
def test_sql_at_80_columns_cuts_nothing(case: str, store: Path) -> None:
    sql = QUERIES[case]
    result = CliRunner().invoke(cli, ["sql", sql, "--db", str(store)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    rows = expected(store, sql)
    assert rows, "the test store has rows"
    check(result.output, rows, 80)
    lines = result.output.splitlines()
    for row in rows:  # short values are never wrapped: each stands whole on one line
        for name in FIXED:
            if row.get(name):
                assert any(row[name] in line for line in lines), (name, row[name])


@pytest.mark.parametrize("columns", ["80", None])
def test_in_a_pipe_nothing_is_cut(store: Path, columns: str | None) -> None:
    sql = QUERIES["five"]
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns:
        env["COLUMNS"] = columns
    script = str(Path(sys.executable).parent / "channelwatch")
    done = subprocess.run(
        [script, "sql", sql, "--db", str(store)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    check(done.stdout, expected(store, sql), int(columns or 240))


def test_a_narrow_terminal_gets_row_blocks(store: Path) -> None:
    sql = QUERIES["five"]
    out = CliRunner().invoke(cli, ["sql", sql, "--db", str(store)], env={"COLUMNS": "40"})
    assert out.output.startswith("-[ row 1 ]")
    check(out.output, expected(store, sql), 40)


def test_values_are_text_not_markup() -> None:
    table = pa.table({"date": ["2026-11-30"], "label": ["[bold]Oracle[/bold] deal [red]"]})
    out = io.StringIO()
    write_table(table, out, width=80)
    assert "[bold]Oracle[/bold] deal [red]" in out.getvalue()
