"""Named analyst queries: find them, bind their parameters, write their results.

A query is a SQL string or a file under ``queries/`` (named with or without the folder,
the ``.sql`` suffix or the ``NN_`` number). Parameters are DuckDB named parameters
(``$since``) and are always bound, never spliced into the SQL. A parameter not given is
bound to NULL so each file's ``coalesce($since, <default>)`` applies; a parameter whose
header line says ``required`` must be given.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from channelwatch.errors import InputError
from channelwatch.settings import QUERIES_DIR
from channelwatch.tables import PIPE_WIDTH, write_table

FORMATS = ("table", "csv", "json", "parquet")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# strings, quoted identifiers and comments: where a "$name" is not a parameter
_NOT_CODE = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/", re.DOTALL)
_NUMBERED = re.compile(r"^\d+_")


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    sql: str
    path: Path | None = None

    @property
    def params(self) -> list[str]:
        """The parameter names the SQL uses, in order of first use."""
        code = _NOT_CODE.sub(" ", self.sql)
        return list(dict.fromkeys(_PARAM.findall(code)))

    @property
    def header(self) -> list[str]:
        """The leading comment lines, without the ``--``."""
        lines: list[str] = []
        for line in self.sql.lstrip().splitlines():
            if not line.startswith("--"):
                break
            lines.append(line[2:].strip())
        return lines

    @property
    def description(self) -> str:
        return self.header[0] if self.header else ""

    @property
    def required(self) -> list[str]:
        found: list[str] = []
        for line in self.header:
            if "required" in line.lower():
                found += [p for p in _PARAM.findall(line) if p in self.params]
        return found


def query_files(queries_dir: Path = QUERIES_DIR) -> list[Path]:
    return sorted(queries_dir.glob("*.sql"))


def resolve_query(query_or_file: str, *, queries_dir: Path = QUERIES_DIR) -> NamedQuery:
    """A query file (by path or name) or, failing that, the text itself as SQL."""
    text = query_or_file.strip()
    if not text:
        raise InputError("empty query; give SQL or the name of a file under queries/")
    if "\n" not in text and len(text) < 300:
        path = _find_file(text, queries_dir)
        if path is not None:
            return NamedQuery(path.stem, path.read_text(encoding="utf-8"), path)
        if text.endswith(".sql"):
            names = ", ".join(p.stem for p in query_files(queries_dir))
            raise InputError(f"no query file {text!r}; the named queries are: {names}")
    return NamedQuery("sql", text)


def _find_file(name: str, queries_dir: Path) -> Path | None:
    as_path = Path(name)
    if as_path.suffix == ".sql" and as_path.is_file():
        return as_path
    stem = as_path.name.removesuffix(".sql")
    for path in query_files(queries_dir):
        if stem in (path.stem, _NUMBERED.sub("", path.stem)):
            return path
    return None


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``["since=2026-11-01", ...]`` -> ``{"since": "2026-11-01"}``."""
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("$")
        if not sep or not _PARAM.fullmatch("$" + name):
            raise InputError(f"--param {pair!r} is not name=value; e.g. --param since=2026-11-01")
        params[name] = value
    return params


def bind_params(query: NamedQuery, given: Mapping[str, str]) -> dict[str, object]:
    """Every parameter the SQL uses, given or NULL; unknown or missing required ones fail."""
    wanted = query.params
    unknown = [name for name in given if name not in wanted]
    if unknown:
        takes = ", ".join(wanted) if wanted else "no parameters"
        raise InputError(f"query {query.name!r} has no parameter {unknown[0]!r}; it takes {takes}")
    missing = [name for name in query.required if name not in given]
    if missing:
        raise InputError(
            f"query {query.name!r} needs --param {missing[0]}=VALUE (see its header comment)"
        )
    return {name: given.get(name) for name in wanted}


def run_query(
    con: duckdb.DuckDBPyConnection, query: NamedQuery, params: Mapping[str, str] | None = None
) -> pa.Table:
    """Run the query with its parameters bound; the result as an Arrow table."""
    bound = bind_params(query, params or {})
    try:
        relation = con.sql(query.sql, params=bound or None)
    except duckdb.Error as exc:
        where = query.path or "the query"
        raise InputError(f"{where} failed: {str(exc).splitlines()[0]}") from exc
    if relation is None:
        raise InputError(
            f"{query.name!r} returned no result; give a SELECT (the store is read-only)"
        )
    return relation.to_arrow_table()


# --- output -----------------------------------------------------------------------


def _plain(value: object) -> object:
    """A JSON-friendly value: dates as ISO text, decimals as floats."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def to_csv(table: pa.Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in table.to_pylist():
        writer.writerow(
            json.dumps(_plain(v)) if isinstance(v, list | dict) else _plain(v) for v in row.values()
        )
    return buffer.getvalue()


def to_json(table: pa.Table) -> str:
    rows = [{k: _plain(v) for k, v in row.items()} for row in table.to_pylist()]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def write_result(
    table: pa.Table, *, fmt: str, out: Path | None, stdout: IO[str], width: int | None = None
) -> None:
    """Write the result in ``fmt`` to ``out`` (a file) or ``stdout``."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if out is None:
            raise InputError("--format parquet writes a binary file; give --out FILE.parquet")
        pq.write_table(table, out)
        return
    if fmt == "table":
        if out is None:
            write_table(table, stdout, width=width)
        else:
            with out.open("w", encoding="utf-8") as handle:
                write_table(table, handle, width=width or PIPE_WIDTH)
        return
    text = to_csv(table) if fmt == "csv" else to_json(table)
    if out is None:
        stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
