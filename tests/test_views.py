"""The analyst views on a small realistic store: documented columns, signals, dates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from store_builder import build_store, days_ago

from channelwatch.cli import cli
from channelwatch.settings import SCHEMA_DIR
from channelwatch.store import open_store
from channelwatch.store.views import VIEWS

WATCH_VIEWS = ("watch_broadening", "watch_rival_clouds", "watch_packaging", "watch_renegotiations")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("views") / "views.duckdb")


@pytest.fixture
def con(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with open_store(db, read_only=True) as connection:
        yield connection


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, object]]:
    result = con.execute(sql)
    names = [d[0] for d in result.description]
    return [dict(zip(names, r, strict=True)) for r in result.fetchall()]


def test_every_view_is_documented_with_its_exact_columns(con: duckdb.DuckDBPyConnection) -> None:
    actual = {
        name: [c[0] for c in con.execute(f"DESCRIBE {name}").fetchall()]
        for (name,) in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal"
        ).fetchall()
    }
    documented = {v.name: v.column_names for v in VIEWS}
    assert actual == documented


def test_views_sql_only_replaces_views() -> None:
    statements = [s for s in (SCHEMA_DIR / "views.sql").read_text().split(";") if "CREATE" in s]
    assert all("CREATE OR REPLACE VIEW" in s for s in statements)


def test_schema_command_prints_every_view_and_column() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    for view in VIEWS:
        assert view.name in result.output
        for column in view.column_names:
            assert column in result.output


def test_syndicated_copy_is_one_article_from_two_more_sources(
    con: duckdb.DuckDBPyConnection,
) -> None:
    [oracle] = rows(
        con, "SELECT * FROM signals WHERE type = 'hosting_deal' AND list_contains(actors, 'Oracle')"
    )
    assert oracle["actors"] == ["OpenAI", "Oracle"]
    assert oracle["n_events"] == 3  # talks, the wire story, its syndicated copy
    assert oracle["n_articles"] == 2  # the copy counts once
    assert oracle["n_sources"] == 3
    assert oracle["sources"] == ["reuters", "theinformation", "yahoo-finance"]
    assert oracle["url"] == "https://reuters.example/oracle-wire"  # the original, not the copy
    assert oracle["label"] == "Oracle hosts OpenAI (confirmed)"


def test_strongest_evidence_wins_over_talks(con: duckdb.DuckDBPyConnection) -> None:
    [oracle] = rows(con, "SELECT status, denied FROM signals WHERE list_contains(actors, 'Oracle')")
    assert oracle == {"status": "confirmed", "denied": False}


def test_a_later_denial_makes_the_signal_denied_and_keeps_it_visible(
    con: duckdb.DuckDBPyConnection,
) -> None:
    [excl] = rows(con, "SELECT * FROM signals WHERE type = 'exclusivity_change'")
    assert (excl["status"], excl["denied"], excl["n_sources"]) == ("denied", True, 2)
    assert "continues" in str(excl["evidence"])
    assert excl["label"] == "Microsoft & OpenAI exclusivity change (denied)"
    watch = rows(con, "SELECT label FROM watch_renegotiations WHERE status = 'denied'")
    assert watch == [{"label": excl["label"]}]


def test_evidence_more_than_14_days_apart_is_two_signals(con: duckdb.DuckDBPyConnection) -> None:
    found = rows(
        con,
        "SELECT status, CAST(first_seen AS DATE) AS d FROM signals"
        " WHERE type = 'renegotiation' ORDER BY first_seen",
    )
    assert [r["status"] for r in found] == ["talks", "confirmed"]


def test_a_late_press_release_is_dated_by_its_page_not_when_found(
    con: duckdb.DuckDBPyConnection,
) -> None:
    [article] = rows(con, "SELECT * FROM articles WHERE article_id = 'a-late-press-release'")
    assert article["published_at"] == days_ago(0)
    assert article["effective_at"].date() == days_ago(8).date()  # type: ignore[attr-defined]
    [signal] = rows(con, "SELECT first_seen FROM signals WHERE list_contains(actors, 'Google')")
    assert signal["first_seen"] == article["effective_at"]


def test_a_future_date_is_not_believed(tmp_path: Path) -> None:
    db = build_store(tmp_path / "future.duckdb")
    with duckdb.connect(str(db)) as raw:
        raw.execute(
            "UPDATE store.articles SET published_at = first_seen_at + INTERVAL 30 DAY,"
            " date_extracted = NULL WHERE article_id = 'a-pricing'"
        )
        [(effective, first_seen)] = raw.execute(
            "SELECT effective_at, first_seen_at FROM articles WHERE article_id = 'a-pricing'"
        ).fetchall()
    assert effective == first_seen


@pytest.mark.parametrize("view", WATCH_VIEWS)
def test_watch_views_return_dated_labelled_rows(con: duckdb.DuckDBPyConnection, view: str) -> None:
    found = rows(con, f"SELECT * FROM {view}")
    assert found
    dates = [str(r["date"]) for r in found]
    assert all(d != "None" for d in dates) and dates == sorted(dates, reverse=True)
    assert all(r["label"] and r["url"] for r in found)


def test_rival_clouds_excludes_microsoft_and_includes_other_clouds(
    con: duckdb.DuckDBPyConnection,
) -> None:
    labels = {r["label"] for r in rows(con, "SELECT label FROM watch_rival_clouds")}
    assert labels == {
        "Oracle hosts OpenAI (confirmed)",
        "OpenAI models via Amazon (confirmed)",
        "Google hosts Anthropic (confirmed)",
    }


def test_broadening_is_openai_only(con: duckdb.DuckDBPyConnection) -> None:
    actors = [r["actors"] for r in rows(con, "SELECT actors FROM watch_broadening")]
    assert actors and all("OpenAI" in a for a in actors)  # type: ignore[operator]


def test_a_company_with_two_roles_counts_in_both(tmp_path: Path) -> None:
    # Google is a cloud and a model maker: its models sold through Oracle's cloud are a rival
    # cloud distributing a model maker (watch item 2), though neither party is only a maker
    from store_builder import Story

    story = Story(
        "gemini-on-oci",
        "cloudtimes",
        "Oracle will offer Google's Gemini models to OCI customers, the companies said.",
        2,
        (
            (
                "distribution_expansion",
                ("Google", "Oracle"),
                "confirmed",
                "Oracle will offer Google's Gemini models to OCI customers",
            ),
        ),
    )
    db = build_store(tmp_path / "roles.duckdb", (story,))
    with open_store(db, read_only=True) as con:
        [signal] = rows(con, "SELECT model_makers, clouds FROM store.signals")
        assert signal == {"model_makers": ["Google"], "clouds": ["Google", "Oracle"]}
        assert rows(con, "SELECT label FROM watch_rival_clouds") == [
            {"label": "Google models via Oracle (confirmed)"}
        ]
        [google] = rows(con, "SELECT role, roles FROM companies WHERE name = 'Google'")
        assert google == {"role": "cloud", "roles": ["cloud", "model_maker"]}
