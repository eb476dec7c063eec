"""The review target as the analyst meets it: after a verdict's key, how soon the next
event is on screen, in a real headless Chromium over the real server and store.

The page marks the card and selects the next one in the key's own handler, and keeps a
page of cards ahead (fetched from /queue/more), so the latency is the browser's: from the
key event's timestamp to the first task after the next frame (``requestAnimationFrame``,
then ``setTimeout 0``), with the newly selected card checked to be another event, not yet
marked, inside the window. The verdicts' POSTs run behind; the row also says how long the
server took to save them all after the last key (its write throughput at this size).
Labels are written to the ``db`` given: pass a copy.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from bench.chromium import available, headless_chromium
from channelwatch.review.app import Config
from channelwatch.review.security import Guard
from channelwatch.review.server import serve_in_thread

KEYS = 40  # verdicts given, one key each
PAUSE_S = 0.1  # between keys: a reviewer in a hurry
SAVE_WAIT_S = 600.0

# runs after the page's own keydown handler (registered later on the same target)
_PROBE = """
window.__cwTimes = [];
document.addEventListener("keydown", function (e) {
  var started = e.timeStamp;
  requestAnimationFrame(function () { setTimeout(function () {
    var card = document.querySelector(".card.current");
    var box = card ? card.getBoundingClientRect() : null;
    window.__cwTimes.push({
      ms: performance.now() - started,
      shown: !!card && !card.classList.contains("done") && box.top < innerHeight
             && box.bottom > 0,
      event: card ? card.dataset.event : null
    });
  }, 0); });
});
"""


def _wait(check: Any, what: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.05)


def time_keys(db: Path, *, keys: int = KEYS, pause_s: float = PAUSE_S) -> dict[str, Any]:
    """Key after key ("w", "c" by turns) on the queue of ``db``; the latencies of the next
    event on screen (median, 95th percentile, max), and the seconds the server took to
    save every verdict after the last key."""
    if not available():
        return {"skipped": "Debian's chromium and chromium-driver are not installed"}
    from selenium.webdriver.common.by import By

    config = Config(db_path=db, reviewer="bench", guard=Guard())
    with serve_in_thread(config) as base, headless_chromium() as driver:
        driver.get(f"{base}/login?token={config.guard.token}")
        main = driver.find_element(By.TAG_NAME, "main")
        page = len(driver.find_elements(By.CSS_SELECTOR, ".card[data-event]"))
        if page == 0:
            raise RuntimeError("the queue is empty: nothing to review")
        # the page fetches the next page of cards at once: measure with them in
        _wait(lambda: main.get_attribute("data-fetched"), "the next cards", 120)
        loaded = len(driver.find_elements(By.CSS_SELECTOR, ".card[data-event]"))
        driver.execute_script(_PROBE)
        body = driver.find_element(By.TAG_NAME, "body")
        seen: list[str] = []
        for k in range(keys):
            first = driver.execute_script(
                "var c = document.querySelector('.card.current'); return c && c.dataset.event;"
            )
            seen.append(str(first))
            body.send_keys("wc"[k % 2])
            time.sleep(pause_s)
        last_key = time.perf_counter()
        _wait(lambda: main.get_attribute("data-saving") == "0", "every verdict saved", SAVE_WAIT_S)
        saved_s = time.perf_counter() - last_key
        times = driver.execute_script("return window.__cwTimes;")
    ms = sorted(float(t["ms"]) for t in times)
    missing = [t for t in times if not t["shown"]]
    repeated = len(seen) - len(set(seen))
    return {
        "keys": len(times),
        "next_ms": statistics.median(ms),
        "p95_ms": ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))],
        "max_ms": ms[-1],
        "not_shown": len(missing) + repeated,
        "loaded_cards": loaded,
        "saved_after_last_key_s": saved_s,
    }
