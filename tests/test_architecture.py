"""The layout the README promises: one-way imports, documented commands."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from channelwatch.cli import COMMANDS, cli
from channelwatch.settings import ROOT

# the extractors are a library the application uses: nothing of the application, its store or
# its scheduler (errors and settings they need live in extractors/ or are passed in)
FORBIDDEN_IN_EXTRACTORS = ("prefect", "duckdb", "channelwatch", "flows")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "extractors").rglob("*.py")), ids=lambda p: p.name)
def test_extractors_stay_a_pure_library(path: Path) -> None:
    bad = {
        name
        for name in imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IN_EXTRACTORS)
    }
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def connects_to_duckdb(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "connect"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "duckdb"
        for node in ast.walk(tree)
    )


def test_only_the_store_opens_the_database() -> None:
    openers = [
        str(path.relative_to(ROOT))
        for folder in ("channelwatch", "extractors", "flows")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if connects_to_duckdb(path)
    ]
    assert openers == ["channelwatch/store/connection.py"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"channelwatch {name}" in readme, f"README does not mention 'channelwatch {name}'"


def test_quick_start_is_exactly_two_lines_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    lines = [line for line in block.strip().splitlines() if line.strip()]
    assert len(lines) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert lines[1] in ci.splitlines()
