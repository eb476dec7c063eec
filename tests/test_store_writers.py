"""Commands that change a store the runs built (``label``, ``reprocess``, ``refresh-signals``,
``review``): a mistyped ``--db`` or the read snapshot given as ``--db`` is one line, exit 2,
before any work, and no file is created or changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_config_errors import assert_one_line, invoke

from channelwatch.store import open_store

# every command that changes a store the runs built; a mistyped --db must not start a new one
WRITERS_OF_AN_EXISTING_STORE = {
    "label": ["label", "e-1", "--wrong", "--by", "tester"],
    "label-missed": ["label", "a-1", "--missed", "--evidence", "X sells Y", "type=hosting_deal"],
    "label-undo": ["label", "e-1", "--undo"],
    "reprocess": ["reprocess"],
    "refresh-signals": ["refresh-signals"],
    "review": ["review"],
}


@pytest.mark.parametrize("case", sorted(WRITERS_OF_AN_EXISTING_STORE))
def test_a_missing_store_is_one_line_and_none_is_created(case: str, tmp_path: Path) -> None:
    missing = tmp_path / "typo.duckdb"
    code, out = invoke([*WRITERS_OF_AN_EXISTING_STORE[case], "--db", str(missing)])
    assert_one_line(code, out, f"no store at {missing}")
    assert list(tmp_path.iterdir()) == []  # no store file, no write-ahead log


@pytest.mark.parametrize("case", sorted(WRITERS_OF_AN_EXISTING_STORE))
def test_a_write_to_the_read_snapshot_is_refused(case: str, tmp_path: Path) -> None:
    store = tmp_path / "channelwatch.duckdb"
    with open_store(store):
        pass
    snapshot = tmp_path / "channelwatch-snapshot.duckdb"
    shutil.copyfile(store, snapshot)
    before = snapshot.read_bytes()
    code, out = invoke([*WRITERS_OF_AN_EXISTING_STORE[case], "--db", str(snapshot)])
    assert_one_line(code, out, f"{snapshot} is the read snapshot of {store}")
    assert f"--db {store}" in out
    assert snapshot.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--fix"], "--fix needs type=, parties= or status="),
        (["--fix", "colour=red"], "'colour=red' is not a fix"),
        (["--missed", "type=hosting_deal"], "--missed needs --evidence"),
    ],
)
def test_a_label_mistake_is_named_before_the_store_is_opened(
    args: list[str], expected: str, tmp_path: Path
) -> None:
    missing = tmp_path / "typo.duckdb"
    code, out = invoke(["label", "e-1", *args, "--db", str(missing)])
    assert code == 2 and expected in out, out
    assert "no store at" not in out and list(tmp_path.iterdir()) == []
