"""The queue's next cards (/queue/more) over real HTTP: what the page fetches before its
own cards run out, so a verdict's key always has a next event to show."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from review_server import review_config, running_review
from store_builder import build_store

from channelwatch.review import queries
from channelwatch.review.app import MAX_SEEN, Config
from channelwatch.store import open_store

CARD = re.compile(r'<article class="card" id="ev-[^"]+" data-event="([^"]+)"')


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "more.duckdb")


@pytest.fixture
def config(db: Path) -> Config:
    return review_config(db, queue_limit=3)


@pytest.fixture
def base(config: Config) -> Iterator[str]:
    with running_review(config) as url:
        yield url


def whole_queue(db: Path) -> list[str]:
    with open_store(db, read_only=True) as con:
        return [i.event.event_id for i in queries.review_queue(con, limit=1000).items]


def cards(html: str) -> list[str]:
    return CARD.findall(html)


def test_the_next_cards_follow_the_queue_leaving_out_those_the_page_has(
    base: str, db: Path
) -> None:
    queue = whole_queue(db)
    assert len(queue) >= 7  # enough for a page of 3 and two fetches
    page = cards(httpx.get(f"{base}/").text)
    assert page == queue[:3]

    more = httpx.get(f"{base}/queue/more", params={"seen": ",".join(page)})
    assert more.status_code == 200
    assert cards(more.text) == queue[3:6]
    assert f'data-left="{len(queue) - 3}"' in more.text  # queued events not on the page

    # a page that has shown six: the seventh comes next, whatever order it sends them in
    seen = ",".join(reversed(queue[:6]))
    assert cards(httpx.get(f"{base}/queue/more", params={"seen": seen}).text)[0] == queue[6]


def test_a_labelled_event_leaves_the_queue_and_the_rest_move_up(
    base: str, db: Path, config: Config
) -> None:
    queue = whole_queue(db)
    with httpx.Client(base_url=base) as client:
        assert client.get("/login", params={"token": config.guard.token}).status_code == 303
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
        assert csrf is not None
        marked = client.post(
            f"/events/{queue[0]}/label",
            data={"verdict": "wrong", "csrf": csrf.group(1)},
            headers={"Accept": "application/json"},
        )
        assert marked.status_code == 200 and marked.json()["ok"] is True
        # the page still has cards 2 and 3: the fetch brings 4, 5 and 6, never card 1 again
        more = client.get("/queue/more", params={"seen": ",".join(queue[1:3])})
    assert cards(more.text) == queue[3:6]


def test_bad_seen_values_are_one_clear_error(base: str) -> None:
    bad = httpx.get(f"{base}/queue/more", params={"seen": "af55410772d5fefd,<script>x"})
    assert bad.status_code == 400
    assert "seen: &#39;&lt;script&gt;x&#39; is not an event id" in bad.text
    assert "<script>x" not in bad.text

    many = ",".join(f"{k:016x}" for k in range(MAX_SEEN + 1))
    too_many = httpx.get(f"{base}/queue/more", params={"seen": many})
    assert too_many.status_code == 400
    assert f"seen lists {MAX_SEEN + 1} event ids; at most {MAX_SEEN}" in too_many.text


def test_an_empty_queue_gives_no_cards(base: str, db: Path) -> None:
    queue = whole_queue(db)
    done = httpx.get(f"{base}/queue/more", params={"seen": ",".join(queue)})
    assert done.status_code == 200
    assert cards(done.text) == [] and 'data-left="0"' in done.text
