"""``channelwatch sql``: named queries, bound parameters, output formats."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from store_builder import build_store

from channelwatch.cli import cli
from channelwatch.store import open_store

HOSTILE = "x'; DROP TABLE store.events; --"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("sql") / "sql.duckdb")


def sql(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["sql", *args])
    return result.exit_code, result.output


def test_hostile_param_is_bound_not_spliced(db: Path) -> None:
    code, out = sql(
        "SELECT $company AS value, (SELECT count(*) FROM events) AS n",
        "--db",
        str(db),
        "--param",
        f"company={HOSTILE}",
        "--format",
        "json",
    )
    assert code == 0, out
    assert json.loads(out) == [{"value": HOSTILE, "n": 11}]
    code, out = sql("relationship_timeline", "--db", str(db), "-p", f"company={HOSTILE}")
    assert code == 0 and "0 rows" in out
    with open_store(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM store.events").fetchall() == [(11,)]


def test_named_query_by_short_name_as_csv(db: Path) -> None:
    code, out = sql("watch_rival_clouds", "--db", str(db), "--format", "csv")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith("date,label,status")
    assert any("Oracle hosts OpenAI (confirmed)" in line for line in lines[1:])


def test_query_file_path_and_parquet_out(db: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "watch.parquet"
    code, out = sql(
        "queries/03_watch_packaging.sql",
        "--db",
        str(db),
        "--format",
        "parquet",
        "--out",
        str(out_file),
    )
    assert code == 0, out
    table = pq.read_table(out_file)
    assert table.column("label").to_pylist() == ["Anthropic packaging change (confirmed)"]


def test_table_format_shows_labels(db: Path) -> None:
    code, out = sql("SELECT label FROM watch_packaging", "--db", str(db))
    assert code == 0 and "Anthropic packaging change (confirmed)" in out and "1 row" in out


def test_the_store_is_read_only(db: Path) -> None:
    result = CliRunner().invoke(cli, ["sql", "DROP TABLE store.events", "--db", str(db)])
    assert result.exit_code != 0
    with open_store(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM store.events").fetchall() == [(11,)]


def test_list_names_every_query() -> None:
    code, out = sql("--list")
    assert code == 0 and "01_watch_broadening" in out and "[$since $status]" in out


def test_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["sql", "SELECT 1", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "channelwatch demo" in result.output and "Traceback" not in result.output
