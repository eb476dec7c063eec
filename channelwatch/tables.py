"""Query results as a terminal table in which nothing is cut.

Dates, numbers, statuses, ids and other short values keep their full width and never
wrap. When the table is wider than the terminal, long text gives way first (evidence,
titles, URLs: wrapped at spaces, and folded where a word or a URL is longer than the
column), then labels (wrapped, never folded mid-word unless a single word is wider than the
column). When even that cannot fit (many columns, a narrow terminal), each row is printed
as a block of ``column: value`` lines, wrapped to the width. No value ever ends in "…".

The width is the terminal's, or ``COLUMNS``; in a pipe without ``COLUMNS``, 240.
"""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO

import pyarrow as pa

PIPE_WIDTH = 240
MIN_FLEX = 12  # narrowest a wrapping column is made before switching to row blocks
SHORT = 32  # strings up to this long (statuses, kinds, ids) are kept whole on one line
LONG_NAMES = ("url", "evidence", "text", "title", "description", "error", "snippet", "sentence")
LABEL_NAMES = ("label", "actors", "parties", "question")


def cell(value: object) -> str:
    """A value as the table shows it (lists joined, midnight timestamps as dates)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(slots=True)
class _Column:
    name: str
    cells: list[str]
    kind: str  # fixed | label | long
    width: int = 0

    @property
    def natural(self) -> int:
        return max([len(self.name), *(len(c) for c in self.cells)])


def _kind(name: str, field_type: pa.DataType, cells: list[str]) -> str:
    lowered = name.lower()
    textual = pa.types.is_string(field_type) or pa.types.is_large_string(field_type)
    if not (textual or pa.types.is_list(field_type)):
        return "fixed"  # dates, timestamps, numbers, booleans
    if any(part in lowered for part in LONG_NAMES) or any(c.startswith("http") for c in cells):
        return "long"
    if any(part in lowered for part in LABEL_NAMES):
        return "label"
    return "fixed" if max((len(c) for c in cells), default=0) <= SHORT else "long"


def _shrink(columns: list[_Column], excess: int, kind: str) -> int:
    """Take ``excess`` characters from the ``kind`` columns, widest first; returns what is
    still to take."""
    flexible = [c for c in columns if c.kind == kind]
    while excess > 0:
        widest = max(flexible, key=lambda c: c.width, default=None)
        if widest is None or widest.width <= MIN_FLEX:
            break
        widest.width -= 1
        excess -= 1
    return excess


def plan_widths(columns: list[_Column], width: int) -> bool:
    """Set each column's width; False when the table cannot fit in ``width``."""
    for column in columns:
        column.width = column.natural
    frame = 3 * len(columns) + 1  # borders and padding of rich's default box
    excess = sum(c.width for c in columns) + frame - width
    for kind in ("long", "label"):
        excess = _shrink(columns, excess, kind)
    return excess <= 0


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width``: at spaces where possible, folded where not."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(
            paragraph, width=width, break_long_words=True, break_on_hyphens=False
        ) or [""]
    return lines


def _write_blocks(columns: list[_Column], n_rows: int, out: IO[str], width: int) -> None:
    name_width = max(len(c.name) for c in columns)
    room = max(width - name_width - 2, 10)
    for i in range(n_rows):
        out.write(f"-[ row {i + 1} ]" + "-" * max(width - 12 - len(str(i + 1)), 3) + "\n")
        for column in columns:
            lines = _wrap(column.cells[i], room)
            out.write(f"{column.name:<{name_width}}  {lines[0]}\n")
            for line in lines[1:]:
                out.write(f"{'':<{name_width}}  {line}\n")


def terminal_width(out: IO[str]) -> int:
    """The width to lay out for: the terminal's or ``COLUMNS``; 240 in a pipe."""
    if out.isatty():
        return shutil.get_terminal_size().columns
    return shutil.get_terminal_size(fallback=(PIPE_WIDTH, 24)).columns


def write_table(table: pa.Table, out: IO[str], *, width: int | None = None) -> None:
    """``table`` as a rich table at ``width`` (default: ``terminal_width``), nothing cut."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    width = width or terminal_width(out)
    rows = table.to_pylist()
    columns = []
    for field in table.schema:
        cells = [cell(row[field.name]) for row in rows]
        columns.append(_Column(field.name, cells, _kind(field.name, field.type, cells)))
    console = Console(file=out, width=width, soft_wrap=False, highlight=False)
    if rows and not plan_widths(columns, width):
        _write_blocks(columns, len(rows), out, width)
    else:
        if not rows:
            plan_widths(columns, width)
        view = Table(show_lines=False, header_style="bold")
        for column in columns:
            view.add_column(
                column.name,
                width=column.width,
                no_wrap=column.kind == "fixed",
                overflow="fold",
            )
        for i in range(len(rows)):  # Text: a value is never read as rich markup
            view.add_row(*(Text(column.cells[i]) for column in columns))
        console.print(view)
    console.print(f"{table.num_rows} row{'s' if table.num_rows != 1 else ''}", style="dim")
