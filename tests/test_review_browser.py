"""The review flow in a real headless Chromium (Debian's, driven by its chromedriver):
mark an event wrong with one key, fix it, undo the fix, then the digest leaves it out; and
key after key through a queue longer than a page, the next event always on screen.

The browser is ``bench.chromium``'s: Debian's, never a download (``.ci/run`` installs
chromium and chromium-driver when they are missing).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from review_server import review_config, running_review
from store_builder import build_store, days_ago

from bench.chromium import available as chromium_available
from bench.chromium import headless_chromium
from channelwatch.cli import cli
from channelwatch.digest.weeks import IsoWeek
from channelwatch.store import open_store

BEDROCK = "OpenAI's open-weight models are now available on Amazon Bedrock"
SHOWN = "models are now available on Amazon Bedrock"  # as the digest prints it (escaped ')

pytestmark = pytest.mark.skipif(
    not chromium_available(),
    reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
)


@pytest.fixture
def browser() -> Iterator[object]:
    with headless_chromium() as driver:
        yield driver


def wait_for(check: Callable[[], object], what: str, timeout: float = 30.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def review_of(base: str, event_id: str) -> str | None:
    """The verdict the event's page shows (read over HTTP: the server owns the store now)."""
    found = re.search(r'class="badge r-([a-z]+)"', httpx.get(f"{base}/events/{event_id}").text)
    return found.group(1) if found else None


def verdicts(db: Path, event_id: str) -> list[tuple[object, ...]]:
    with open_store(db, read_only=True) as con:
        return con.execute(
            "SELECT verdict, undone_at IS NOT NULL FROM store.labels WHERE event_id = ?"
            " ORDER BY labelled_at",
            [event_id],
        ).fetchall()


def digest_text(db: Path, out: Path, week: IsoWeek) -> str:
    args = ["digest", "--dry-run", "--week", str(week), "--out", str(out), "--db", str(db)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return (out / f"digest-{week}.html").read_text(encoding="utf-8")


def test_mark_wrong_fix_undo_then_the_digest_leaves_the_event_out(
    browser: object, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser  # typed loosely: selenium is a test-only dependency
    db = build_store(tmp_path / "browser.duckdb")
    week = IsoWeek.of(date.fromordinal(days_ago(4).toordinal()))
    assert SHOWN in digest_text(db, tmp_path / "before", week)
    with open_store(db, read_only=True) as con:
        [(event_id,)] = con.execute(
            "SELECT event_id FROM events WHERE evidence = ?", [BEDROCK]
        ).fetchall()
    config = review_config(db)
    with running_review(config) as base:
        driver.get(f"{base}/login?token={config.guard.token}")  # type: ignore[attr-defined]
        cards = driver.find_elements(By.CSS_SELECTOR, ".card[data-event]")  # type: ignore[attr-defined]
        ids = [c.get_attribute("data-event") for c in cards]
        assert event_id in ids
        body = driver.find_element(By.TAG_NAME, "body")  # type: ignore[attr-defined]
        for _ in range(ids.index(event_id)):
            body.send_keys("j")
        target = driver.find_element(By.ID, f"ev-{event_id}")  # type: ignore[attr-defined]
        assert "current" in str(target.get_attribute("class"))

        body.send_keys("w")  # one keystroke marks it; the next event is selected at once
        assert "done" in str(target.get_attribute("class"))
        if ids.index(event_id) + 1 < len(ids):
            following = driver.find_element(By.ID, f"ev-{ids[ids.index(event_id) + 1]}")  # type: ignore[attr-defined]
            assert "current" in str(following.get_attribute("class"))
        wait_for(lambda: review_of(base, event_id) == "wrong", "the wrong verdict")

        driver.get(f"{base}/events/{event_id}")  # type: ignore[attr-defined]
        assert driver.find_element(By.CSS_SELECTOR, ".badge.r-wrong")  # type: ignore[attr-defined]
        driver.find_element(By.CSS_SELECTOR, "details.fix summary").click()  # type: ignore[attr-defined]
        form = driver.find_element(By.CSS_SELECTOR, "form.fix")  # type: ignore[attr-defined]
        Select(form.find_element(By.NAME, "type")).select_by_value("hosting_deal")
        Select(form.find_element(By.NAME, "status")).select_by_value("talks")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait_for(lambda: review_of(base, event_id) == "fixed", "the fix")
        badge = wait_for(
            lambda: driver.find_elements(By.CSS_SELECTOR, ".badge.r-fixed"),  # type: ignore[attr-defined]
            "the page to show the fix",
        )
        assert badge
        assert "hosting deal" in driver.find_element(By.CSS_SELECTOR, ".card").text  # type: ignore[attr-defined]

        undo = driver.find_element(By.CSS_SELECTOR, "form.undo button")  # type: ignore[attr-defined]
        assert "Undo fixed" in undo.text
        undo.click()
        wait_for(lambda: review_of(base, event_id) == "wrong", "the undo")
        wait_for(
            lambda: driver.find_elements(By.CSS_SELECTOR, ".badge.r-wrong"),  # type: ignore[attr-defined]
            "the page to show the verdict before the fix",
        )

    assert verdicts(db, event_id) == [("wrong", False), ("fixed", True)]
    after = digest_text(db, tmp_path / "after", week)
    assert SHOWN not in after
    assert "Precision of reviewed events this quarter: <strong>0.00</strong> over 1 review" in after


def test_the_next_event_is_on_screen_after_each_key_beyond_the_first_page(
    browser: object, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    driver = browser  # typed loosely: selenium is a test-only dependency
    db = build_store(tmp_path / "queue.duckdb")
    with open_store(db, read_only=True) as con:
        from channelwatch.review.queries import review_queue

        queue = [item.event.event_id for item in review_queue(con, limit=1000).items]
    assert len(queue) > 4  # more than a page of 2 and its first fetch
    config = review_config(db, queue_limit=2)

    def card_ids() -> list[str]:
        found = driver.find_elements(By.CSS_SELECTOR, ".card[data-event]")  # type: ignore[attr-defined]
        return [str(c.get_attribute("data-event")) for c in found]

    def current() -> str | None:
        found = driver.find_elements(By.CSS_SELECTOR, ".card.current")  # type: ignore[attr-defined]
        return str(found[0].get_attribute("data-event")) if found else None

    def is_current(event_id: str) -> bool:
        return current() == event_id

    with running_review(config) as base:
        driver.get(f"{base}/login?token={config.guard.token}")  # type: ignore[attr-defined]
        # a page of 2, and the next 2 fetched at once, before any key
        wait_for(lambda: card_ids() == queue[:4], "the page's cards and the next ones")
        heading = driver.find_element(By.ID, "to-review")  # type: ignore[attr-defined]
        assert heading.text == f"To review: {len(queue)} events"
        body = driver.find_element(By.TAG_NAME, "body")  # type: ignore[attr-defined]
        for k, event_id in enumerate(queue):
            assert current() == event_id
            body.send_keys("w")
            if k == 0:  # the count follows the keys, before any verdict is saved
                assert heading.text == f"To review: {len(queue) - 1} events"
            if k + 1 < len(queue):
                wait_for(partial(is_current, queue[k + 1]), f"event {k + 2} on screen")
                shown = driver.find_element(By.ID, f"ev-{queue[k + 1]}")  # type: ignore[attr-defined]
                assert shown.is_displayed()
        wait_for(
            lambda: driver.find_element(By.TAG_NAME, "main").get_attribute("data-saving") == "0",  # type: ignore[attr-defined]
            "every verdict saved",
        )
        # each fetched once, in the queue's order (a verdict can queue another event of
        # its signal: that one comes after)
        shown_ids = card_ids()
        assert shown_ids[: len(queue)] == queue and len(set(shown_ids)) == len(shown_ids)
    with open_store(db, read_only=True) as con:
        wrong = {r[0] for r in con.execute("SELECT event_id FROM store.labels").fetchall()}
    assert wrong == set(queue)
