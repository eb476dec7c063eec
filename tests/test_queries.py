"""Every queries/*.sql runs on the test store, documents its parameters, and answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from store_builder import build_store, days_ago

from channelwatch.errors import InputError
from channelwatch.store import open_store
from channelwatch.store.queries import NamedQuery, query_files, resolve_query, run_query

FILES = query_files()


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    db = build_store(tmp_path_factory.mktemp("queries") / "queries.duckdb")
    with open_store(db, read_only=True) as connection:
        yield connection


def answer(con: duckdb.DuckDBPyConnection, name: str, **params: str) -> list[dict[str, object]]:
    return run_query(con, resolve_query(name), params).to_pylist()


def test_the_four_watch_items_come_first() -> None:
    assert [p.stem for p in FILES[:4]] == [
        "01_watch_broadening",
        "02_watch_rival_clouds",
        "03_watch_packaging",
        "04_watch_renegotiations",
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_query_runs_with_no_params(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    query = resolve_query(str(path))
    table = run_query(con, query)
    assert table.num_columns > 0


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_query_is_documented_and_ends_in_final(path: Path) -> None:
    query = NamedQuery(path.stem, path.read_text(encoding="utf-8"), path)
    header = "\n".join(query.header)
    assert query.description.endswith(("?", "."))
    for param in query.params:
        assert f"${param}" in header, f"{path.name} does not document ${param}"
    assert query.sql.rstrip().endswith("SELECT * FROM final")


def test_watch_query_since_filters(con: duckdb.DuckDBPyConnection) -> None:
    everything = answer(con, "watch_renegotiations", since="2000-01-01")
    assert len(everything) == 4
    assert answer(con, "watch_renegotiations", since="2100-01-01") == []
    denied = answer(con, "watch_renegotiations", since="2000-01-01", status="denied")
    assert [r["label"] for r in denied] == ["Microsoft & OpenAI exclusivity change (denied)"]


def test_changed_this_week_ignores_a_late_press_release(con: duckdb.DuckDBPyConnection) -> None:
    # the week that holds yesterday: on a Monday, yesterday is last week (ISO weeks start on
    # Monday), so the default week would not hold it
    yesterday = days_ago(1).date()
    monday = yesterday - timedelta(days=yesterday.weekday())
    rows = answer(con, "changed_this_week", week_start=monday.isoformat())
    labels = {r["label"] for r in rows}
    assert "Anthropic packaging change (confirmed)" in labels  # dated yesterday
    assert "Google hosts Anthropic (confirmed)" not in labels  # found today, dated 8 days ago


def test_changed_this_week_defaults_to_this_weeks_monday(
    con: duckdb.DuckDBPyConnection,
) -> None:
    [(today,)] = con.execute("SELECT current_date").fetchall()  # the clock the query reads
    monday = today - timedelta(days=today.weekday())
    default = answer(con, "changed_this_week")
    assert default == answer(con, "changed_this_week", week_start=monday.isoformat())
    # the week before holds stories of the store (dated 1 to 9 days ago) whatever the weekday
    last_week = answer(con, "changed_this_week", week_start=(monday - timedelta(7)).isoformat())
    assert last_week and default != last_week


def test_status_upgrades_find_talks_then_confirmed(con: duckdb.DuckDBPyConnection) -> None:
    found = {(r["type"], r["upgrade"]) for r in answer(con, "status_upgrades")}
    assert ("renegotiation", "talks -> confirmed") in found
    assert ("hosting_deal", "talks -> confirmed") in found


def test_new_channels_per_model_maker(con: duckdb.DuckDBPyConnection) -> None:
    found = {(r["model_maker"], r["channel"]) for r in answer(con, "new_channels_per_model_maker")}
    assert found == {("OpenAI", "Oracle"), ("OpenAI", "Amazon"), ("Anthropic", "Google")}


def test_relationship_timeline_is_in_date_order(con: duckdb.DuckDBPyConnection) -> None:
    timeline = answer(con, "relationship_timeline", company="Microsoft", partner="OpenAI")
    dates = [str(r["date"]) for r in timeline]
    assert len(timeline) == 5 and dates == sorted(dates)


def test_unknown_parameter_names_the_ones_it_takes(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(InputError, match=r"no parameter 'until'.*takes since, status"):
        answer(con, "watch_packaging", until="2026-01-01")


def test_unknown_file_lists_the_named_queries() -> None:
    with pytest.raises(InputError, match="01_watch_broadening"):
        resolve_query("nope.sql")


def test_required_parameter_is_named_when_missing(con: duckdb.DuckDBPyConnection) -> None:
    query = NamedQuery("custom", "-- Custom.\n-- $company  VARCHAR  required\nSELECT $company")
    with pytest.raises(InputError, match="needs --param company=VALUE"):
        run_query(con, query)
