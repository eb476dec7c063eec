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


PORT_FLAGS = frozenset({"--port", "--local-port"})


def fixed_ports(path: Path) -> list[str]:
    """Port numbers written into a test (``--port 8651``, ``port=8651``, ``bind((h, 8651))``,
    ``serve_demo(8651)``, directly or through a module constant); 0 asks the kernel."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name)
    }

    def port(node: ast.expr) -> object:
        value = node.value if isinstance(node, ast.Constant) else None
        if isinstance(node, ast.Name):
            value = constants.get(node.id)
        return None if value in (None, 0, "0") else value

    found: list[tuple[int, object]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple):
            found += [
                (value.lineno, port(value))
                for flag, value in zip(node.elts, node.elts[1:], strict=False)
                if isinstance(flag, ast.Constant) and flag.value in PORT_FLAGS
            ]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            found += [(kw.value.lineno, port(kw.value)) for kw in node.keywords if kw.arg == "port"]
            if name == "serve_demo" and node.args:
                found.append((node.args[0].lineno, port(node.args[0])))
            if name == "bind" and node.args and isinstance(node.args[0], ast.Tuple):
                found += [(e.lineno, port(e)) for e in node.args[0].elts[1:2]]
    rel = path.relative_to(ROOT)
    return [f"{rel}:{line}: port {value}" for line, value in found if value is not None]


def test_no_test_uses_a_fixed_port() -> None:
    # two test runs on one machine (or a developer's demo beside them) would collide on it;
    # tests bind port 0 (LoopbackServer) or take servers.free_port()
    found = [hit for path in sorted((ROOT / "tests").glob("*.py")) for hit in fixed_ports(path)]
    assert found == []
