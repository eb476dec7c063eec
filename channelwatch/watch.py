"""The four questions channelwatch answers, and the views that answer them."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True, slots=True)
class WatchItem:
    number: int
    view: str
    question: str


WATCH_ITEMS: tuple[WatchItem, ...] = (
    WatchItem(1, "watch_broadening", "Does OpenAI broaden where and how its models are sold?"),
    WatchItem(2, "watch_rival_clouds", "Do rival clouds get distribution or hosting roles?"),
    WatchItem(3, "watch_packaging", "Does resale packaging differ more across channels?"),
    WatchItem(4, "watch_renegotiations", "Do other model-platform deals get renegotiated?"),
)


def watch_answers(con: duckdb.DuckDBPyConnection, *, limit: int = 8) -> dict[str, list[str]]:
    """One readable line per signal, newest first, for each watch view."""
    answers: dict[str, list[str]] = {}
    for item in WATCH_ITEMS:
        cursor = con.execute(f"SELECT * FROM {item.view} LIMIT {int(limit)}")
        columns = [d[0] for d in cursor.description]
        lines = []
        for values in cursor.fetchall():
            row = dict(zip(columns, values, strict=True))
            day = row.get("date") or row.get("first_seen")
            day_text = str(day)[:10] if day else "????-??-??"
            label = row.get("label") or row.get("evidence") or ""
            sources = row.get("n_sources")
            tail = f"  ({sources} source{'s' if sources != 1 else ''})" if sources else ""
            lines.append(f"{day_text}  {label}{tail}")
            if row.get("url"):
                lines.append(f"            {row['url']}")
        answers[item.view] = lines
    return answers
