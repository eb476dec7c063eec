"""Company roles from the gazetteer, kept in ``store.companies`` for the watch views.

Signal labels and the model_makers / clouds columns depend on these roles, so a change
here makes every stored signal stale: :func:`sync_companies` says whether it changed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import duckdb

from channelwatch.errors import InputError
from channelwatch.settings import DATA_DIR
from channelwatch.store.writes import now_utc

GAZETTEER = DATA_DIR / "gazetteer.jsonl"
ROLES = ("model_maker", "cloud", "platform", "chips", "other")


def load_companies(path: Path = GAZETTEER) -> list[tuple[str, str]]:
    """(canonical name, role) for each line of the gazetteer; [] when it is absent."""
    if not path.exists():
        return []
    companies: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            name, role = str(entry["id"]), str(entry.get("role") or "other")
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(
                f"{path}:{number} is not a gazetteer entry ({exc}); each line needs "
                '{"id": ..., "role": ...}'
            ) from exc
        if role not in ROLES:
            raise InputError(
                f"{path}:{number}: role {role!r} of {name!r} is not one of {', '.join(ROLES)}"
            )
        companies.append((name, role))
    return companies


def sync_companies(con: duckdb.DuckDBPyConnection, companies: Sequence[tuple[str, str]]) -> bool:
    """Replace ``store.companies`` with these (name, role) pairs; True when that changed it.

    The first pair of a repeated name wins, as the primary key keeps it."""
    wanted = dict(reversed(list(companies)))
    stored = dict(con.execute("SELECT name, role FROM store.companies").fetchall())
    if wanted == stored:
        return False
    con.execute("DELETE FROM store.companies")
    if companies:
        now = now_utc()
        con.executemany(
            "INSERT INTO store.companies VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
            [(name, role, now) for name, role in companies],
        )
    return True
