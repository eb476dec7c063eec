"""Reading the tagger's data files: one JSON object a line, errors naming file and line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from extractors.errors import ConfigError


def read_jsonl(path: Path, *, comments: bool = False) -> Iterator[tuple[int, str, object]]:
    """Yield ``(line number, "file:line", value)`` for each non-blank line (and, with ``comments``,
    each line not starting with ``#``); a line that is not JSON is a ConfigError."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or (comments and line.lstrip().startswith("#")):
            continue
        where = f"{path}:{n}"
        try:
            yield n, where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{where}: not JSON ({exc.msg}); fix the line") from exc
