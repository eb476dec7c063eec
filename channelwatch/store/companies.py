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
from channelwatch.store.sql import now_utc

GAZETTEER = DATA_DIR / "gazetteer.jsonl"
ROLES = ("model_maker", "cloud", "platform", "chips", "other")


def load_companies(path: Path = GAZETTEER) -> list[tuple[str, str]]:
    """(canonical name, role) for each line of the gazetteer; [] when it is absent."""
    return [(name, roles[0]) for name, roles in load_roles(path)]


def load_roles(path: Path = GAZETTEER) -> list[tuple[str, tuple[str, ...]]]:
    """(canonical name, roles) for each line: its ``role`` first, then its ``also_roles``
    (Google: cloud, model_maker); [] when the gazetteer is absent."""
    if not path.exists():
        return []
    companies: list[tuple[str, tuple[str, ...]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            name, role = str(entry["id"]), str(entry.get("role") or "other")
            also = [str(r) for r in entry.get("also_roles") or []]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(
                f"{path}:{number} is not a gazetteer entry ({exc}); each line needs "
                '{"id": ..., "role": ...}'
            ) from exc
        for r in (role, *also):
            if r not in ROLES:
                raise InputError(
                    f"{path}:{number}: role {r!r} of {name!r} is not one of {', '.join(ROLES)}"
                )
        companies.append((name, tuple(dict.fromkeys((role, *also)))))
    return companies


def sync_companies(
    con: duckdb.DuckDBPyConnection, companies: Sequence[tuple[str, tuple[str, ...]]]
) -> bool:
    """Replace ``store.companies`` (primary roles) and ``store.company_roles`` (every role)
    with these; True when that changed them. The first line of a repeated name wins."""
    wanted = dict(reversed(list(companies)))
    primary = {name: roles[0] for name, roles in wanted.items()}
    every = {(name, role) for name, roles in wanted.items() for role in roles}
    if primary == dict(con.execute("SELECT name, role FROM store.companies").fetchall()) and (
        every == set(con.execute("SELECT name, role FROM store.company_roles").fetchall())
    ):
        return False
    con.execute("DELETE FROM store.companies")
    con.execute("DELETE FROM store.company_roles")
    if wanted:
        now = now_utc()
        con.executemany(
            "INSERT INTO store.companies VALUES (?, ?, ?)",
            [(name, roles[0], now) for name, roles in wanted.items()],
        )
        con.executemany(
            "INSERT INTO store.company_roles VALUES (?, ?)",
            [(name, role) for name, roles in wanted.items() for role in roles],
        )
    return True
