"""The review flow in a real headless Chromium (Debian's, driven by its chromedriver):
mark an event wrong with one key, fix it, undo the fix, then the digest leaves it out.

Nothing downloads a browser: the driver is /usr/bin/chromedriver, given explicitly, so
Selenium Manager never runs. ``.ci/run`` installs chromium and chromium-driver when
they are missing.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from review_server import review_config, running_review
from store_builder import build_store, days_ago

from channelwatch.cli import cli
from channelwatch.digest.weeks import IsoWeek
from channelwatch.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
BEDROCK = "OpenAI's open-weight models are now available on Amazon Bedrock"
SHOWN = "models are now available on Amazon Bedrock"  # as the digest prints it (escaped ')

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
)


@pytest.fixture
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="cw-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1200,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


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
