"""How fast the review page shows its queue, and the next event after a label, on a
large generated store.

    .venv/bin/python -m bench.review                  # 1,000,000 events in a temp file
    .venv/bin/python -m bench.review --events 100000 --db /tmp/review.duckdb --keep

The store is the one ``bench/queries.py`` generates (same seed, same shape: 4 events
per article over two years, dated relative to now), its signals refreshed as every run
does. Timed, median of ``repeat`` after one warm-up, on the real server:

- the queue page as a browser gets it (GET /: ``store.review_order``'s first 100 rows,
  then their events and paragraphs, the template), and beside it the ``review_queue``
  view's first 100 rows alone;
- after a label, the next event, as the analyst meets it: in headless Chromium, one key a
  verdict, from the key event to the next frame with the next card selected
  (``bench/review_browser.py``, the row's value and verdict);
- and without JavaScript: the form POST of a verdict on the queue's first event (signed
  in, with its CSRF value; by turns "wrong" and a fix of its status), then the GET / its
  redirect leads to, whose first card is the next event.

The labels are written to a copy of the store, never to ``--db`` itself.

``measure_review`` is the ``python -m bench`` row. Nothing is asserted.
"""

from __future__ import annotations

import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.queries import build, prepare_store, refresh_timed, store_arguments, time_query
from bench.review_browser import time_keys
from channelwatch.review.app import Config
from channelwatch.review.security import Guard
from channelwatch.review.server import serve_in_thread
from channelwatch.store import open_store

QUEUE_SQL = "SELECT * FROM review_queue LIMIT 100"


def time_page(db: Path, repeat: int) -> tuple[float, int]:
    """(median ms, bytes) of GET / on a review server over ``db``."""
    config = Config(db_path=db, reviewer="bench", guard=Guard())
    times: list[float] = []
    size = 0
    with serve_in_thread(config) as base, httpx.Client(base_url=base, timeout=60) as client:
        client.get("/").raise_for_status()  # warm-up: the first open of the file
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get("/")
            times.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            size = len(response.content)
    return statistics.median(times), size


PAGE_TARGET_MS = 300.0
NEXT_TARGET_MS = 100.0
_CARD = re.compile(r'data-event="([0-9a-f]+)">\s*<div>\s*<span class="badge s-([a-z]+)"')
_CSRF = re.compile(r'name="csrf" value="([^"]*)"')


def _first_card(html: str) -> tuple[str, str]:
    """(event id, status) of the page's first card."""
    found = _CARD.search(html)
    if found is None:
        raise RuntimeError("the queue page shows no event to label")
    return found.group(1), found.group(2)


def time_label_next(db: Path, repeat: int) -> dict[str, float]:
    """Medians (ms) over ``repeat`` labels after one warm-up: the POST of a label
    (``post_ms``), the GET of the next event it redirects to (``get_ms``), both
    (``next_ms``). Writes labels to ``db``: give it a copy."""
    config = Config(db_path=db, reviewer="bench", guard=Guard())
    post: list[float] = []
    get: list[float] = []
    with serve_in_thread(config) as base, httpx.Client(base_url=base, timeout=60) as client:
        client.get("/login", params={"token": config.guard.token})  # the session cookie
        html = client.get("/").text
        csrf_found = _CSRF.search(html)
        if csrf_found is None:
            raise RuntimeError("the queue page has no CSRF value")
        for n in range(repeat + 1):
            event_id, status = _first_card(html)
            form = {"csrf": csrf_found.group(1), "next": "/", "verdict": "wrong"}
            if n % 2:  # a fix: the same event with another status
                form |= {"verdict": "fixed", "status": "talks" if status != "talks" else "reported"}
            started = time.perf_counter()
            response = client.post(f"/events/{event_id}/label", data=form)
            posted = time.perf_counter()
            if response.status_code != 303:
                raise RuntimeError(f"the label was not saved: HTTP {response.status_code}")
            page = client.get(response.headers["location"])
            done = time.perf_counter()
            page.raise_for_status()
            html = page.text
            if _first_card(html)[0] == event_id:
                raise RuntimeError(f"event {event_id} is still first after its label")
            if n:  # the first is the warm-up
                post.append((posted - started) * 1000)
                get.append((done - posted) * 1000)
    total = [p + g for p, g in zip(post, get, strict=True)]
    return {
        "next_ms": statistics.median(total),
        "post_ms": statistics.median(post),
        "get_ms": statistics.median(get),
    }


def time_label_next_on_copy(db: Path, repeat: int) -> dict[str, Any]:
    """``time_label_next`` then ``time_keys`` (the browser) on a copy of ``db`` beside it,
    removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="cw-bench-label-", dir=db.parent) as tmp:
        copy = Path(tmp) / "label.duckdb"
        shutil.copyfile(db, copy)
        return {**time_label_next(copy, repeat), "browser": time_keys(copy)}


def verdict(ms: float, target_ms: float) -> str:
    return f"target < {target_ms:.0f} ms: {'met' if ms < target_ms else 'NOT met'}"


def queue_size(db: Path) -> int:
    with open_store(db, read_only=True) as con:
        return int(con.execute("SELECT count(*) FROM review_queue").fetchall()[0][0])


def measure_review(*, events: int = 1_000_000, seed: int = 4, repeat: int = 5) -> dict[str, object]:
    """The bench row: the queue page of a generated store of ``events`` events."""
    with tempfile.TemporaryDirectory(prefix="cw-bench-r-") as tmp:
        db = Path(tmp) / "r.duckdb"
        build_s = build(db, events, seed)
        n_signals, _ = refresh_timed(db)
        page_ms, page_bytes = time_page(db, repeat)
        view_ms, _ = time_query(db, QUEUE_SQL, repeat)
        queued = queue_size(db)
        label = time_label_next(db, repeat)  # last two: they label events of this store
        browser = time_keys(db)
    return {
        "events": events,
        "signals": n_signals,
        "build_s": build_s,
        "page_ms": page_ms,
        "page_bytes": page_bytes,
        "view_ms": view_ms,
        "queue_rows": queued,
        **label,
        "browser": browser,
    }


def main() -> None:
    args = store_arguments(__doc__.splitlines()[0])
    if args.db is None:
        print(measure_review(events=args.events, seed=args.seed, repeat=args.repeat))
        return
    if prepare_store(args.db, events=args.events, seed=args.seed, keep=args.keep) is not None:
        refresh_timed(args.db)
    page_ms, page_bytes = time_page(args.db, args.repeat)
    view_ms, _ = time_query(args.db, QUEUE_SQL, args.repeat)
    label = time_label_next_on_copy(args.db, args.repeat)
    print(
        f"review queue page: {page_ms:.0f} ms ({page_bytes / 1024:.0f} KiB), "
        f"{verdict(page_ms, PAGE_TARGET_MS)}; the view's first 100 rows alone: "
        f"{view_ms:.0f} ms; {queue_size(args.db):,} events queued ({args.db})"
    )
    print(
        f"without JavaScript, after a label the next event: {label['next_ms']:.0f} ms (POST of "
        f"the label {label['post_ms']:.0f} ms + GET / {label['get_ms']:.0f} ms); median of "
        f"{args.repeat}"
    )
    keys = label["browser"]
    if "skipped" in keys:
        print(f"in the browser: skipped ({keys['skipped']})")
        return
    print(
        f"in headless Chromium, one key a verdict ({keys['keys']} keys): the next event on "
        f"screen in {keys['next_ms']:.1f} ms (median; p95 {keys['p95_ms']:.1f}, max "
        f"{keys['max_ms']:.1f}), {verdict(keys['p95_ms'], NEXT_TARGET_MS)} (p95); keys "
        f"without a next event: {keys['not_shown']}; every verdict saved "
        f"{keys['saved_after_last_key_s']:.1f} s after the last key"
    )


if __name__ == "__main__":
    main()
