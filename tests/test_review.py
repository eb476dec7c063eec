"""The review page over real HTTP: who may write, CSRF, escaping, a locked store, timelines."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from corpus import CORPORA, SKIP_REASON, corpus_dir
from review_server import review_config, running_review
from store_builder import STORIES, Story, build_store, events_in

from channelwatch.cli import cli
from channelwatch.review.app import BUSY, Config
from channelwatch.review.security import COOKIE
from channelwatch.review.server import free_port
from channelwatch.store import insert_articles, open_store, replace_events, start_run, transaction
from channelwatch.store.signals import refresh_signals
from extractors.models import Article

SCRIPT = "<script>alert('x')</script>"
HOSTILE = Story(
    "hostile",
    "evil",
    f"Oracle cut the price of its model catalogue {SCRIPT} by half, the company said.",
    1,
    (
        (
            "packaging_change",
            ("Oracle",),
            "confirmed",
            f"Oracle cut the price of its model catalogue {SCRIPT}",
        ),
    ),
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "review.duckdb", (*STORIES, HOSTILE))


@pytest.fixture
def config(db: Path) -> Config:
    return review_config(db, read_wait_s=0.5, write_wait_s=0.5)


@pytest.fixture
def base(config: Config) -> Iterator[str]:
    with running_review(config) as url:
        yield url


@contextmanager
def signed_in(base: str, config: Config) -> Iterator[httpx.Client]:
    """A client holding the session cookie the printed address sets."""
    with httpx.Client(base_url=base) as client:
        response = client.get("/login", params={"token": config.guard.token})
        assert response.status_code == 303
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]*)"', html)
    assert found
    return found.group(1)


def event_id(db: Path, evidence_start: str) -> str:
    with open_store(db, read_only=True) as con:
        rows = con.execute(
            "SELECT event_id FROM event_reviews WHERE starts_with(evidence, ?)", [evidence_start]
        ).fetchall()
    return str(rows[0][0])


def labels(db: Path) -> list[tuple[object, ...]]:
    with open_store(db, read_only=True) as con:
        return con.execute(
            "SELECT verdict, reviewer FROM store.labels ORDER BY labelled_at"
        ).fetchall()


def test_without_the_token_the_page_reads_but_never_writes(base: str, db: Path) -> None:
    page = httpx.get(f"{base}/")
    assert page.status_code == 200 and "To review:" in page.text
    assert "Anthropic cut the price of Claude Opus" in page.text
    assert csrf_of(page.text) == ""
    target = event_id(db, "Anthropic cut")
    refused = httpx.post(f"{base}/events/{target}/label", data={"verdict": "wrong", "csrf": ""})
    assert refused.status_code == 403 and "token" in refused.text
    assert httpx.get(f"{base}/login", params={"token": "guess"}).status_code == 403
    assert labels(db) == []


def test_login_sets_a_strict_httponly_session_cookie(base: str, config: Config) -> None:
    response = httpx.get(f"{base}/login", params={"token": config.guard.token})
    cookie = response.headers["set-cookie"]
    assert COOKIE in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_a_write_needs_the_sessions_csrf_value_and_this_origin(
    base: str, config: Config, db: Path
) -> None:
    target = event_id(db, "Anthropic cut")
    with signed_in(base, config) as client:
        csrf = csrf_of(client.get("/").text)
        assert csrf
        url = f"/events/{target}/label"
        assert client.post(url, data={"verdict": "wrong"}).status_code == 403
        forged = csrf[:-1] + ("1" if csrf.endswith("0") else "0")  # never the real value
        assert client.post(url, data={"verdict": "wrong", "csrf": forged}).status_code == 403
        evil = client.post(
            url, data={"verdict": "wrong", "csrf": csrf}, headers={"Origin": "http://evil.example"}
        )
        assert evil.status_code == 403
        assert labels(db) == []
        done = client.post(url, data={"verdict": "wrong", "csrf": csrf, "next": "//evil.example/"})
        assert done.status_code == 303 and done.headers["location"] == f"/events/{target}"
    assert labels(db) == [("wrong", "tester")]
    assert "Anthropic cut the price" not in httpx.get(f"{base}/").text  # reviewed: off the queue


def test_the_token_itself_authorises_a_script(base: str, config: Config, db: Path) -> None:
    target = event_id(db, "Anthropic cut")
    response = httpx.post(
        f"{base}/events/{target}/label",
        data={"verdict": "fixed", "status": "talks", "token": config.guard.token},
        headers={"Accept": "application/json"},
    )
    assert response.json()["ok"] is True
    assert labels(db) == [("fixed", "tester")]


def test_another_host_header_is_refused(base: str) -> None:
    assert httpx.get(f"{base}/", headers={"Host": "evil.example"}).status_code == 400


def test_hostile_evidence_is_escaped_on_every_page(base: str, db: Path) -> None:
    target = event_id(db, "Oracle cut the price")
    for path in ("/", f"/events/{target}", "/signals"):
        response = httpx.get(f"{base}{path}")
        html = response.text
        assert response.status_code == 200
        assert html.count("<script") == 1, path  # only the page's own, with its nonce
        assert SCRIPT not in html
        nonce = re.search(r'<script nonce="([^"]+)"', html)
        assert nonce and f"'nonce-{nonce.group(1)}'" in response.headers["content-security-policy"]
    assert (
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
        in httpx.get(f"{base}/events/{target}").text
    )


def hostile_corpus_pages(n: int = 6) -> list[tuple[str, str]]:
    """(name, text) of saved pages full of markup and script, used as if extraction failed."""
    pages = []
    for path in sorted(corpus_dir("html").glob("*.html")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        if "<script" in raw and ("onerror" in raw or "<iframe" in raw or "javascript:" in raw):
            pages.append((path.stem, raw[:6000]))
        if len(pages) == n:
            break
    return pages


@pytest.mark.skipif(CORPORA is None, reason=SKIP_REASON)
def test_hostile_corpus_pages_are_escaped(tmp_path: Path) -> None:
    pages = hostile_corpus_pages()
    assert pages
    db = tmp_path / "hostile.duckdb"
    with open_store(db) as con:
        run_id = start_run(con, kind="demo", rules_version="hostile")
        articles, events = [], {}
        for name, text in pages:
            at = text.index("<script")
            article = Article(
                article_id=f"h-{name}",
                url=f"https://hostile.example/{name}",
                source="hostile",
                text=text,
                title=text[:200],
                language="en",
                published_at=None,
                date_extracted=None,
                fingerprint=None,
                raw_html=text.encode(),
            )
            articles.append(article)
            spec = (("hosting_deal", ("OpenAI", "Oracle"), "confirmed", text[at : at + 300]),)
            events[article.article_id] = events_in(text, spec)
        with transaction(con):
            insert_articles(con, articles, run_id=run_id)
            replace_events(con, events)
        refresh_signals(con)
    with running_review(review_config(db)) as base:
        for name, _ in pages:
            with open_store(db, read_only=True) as con:
                [(eid,)] = con.execute(
                    "SELECT event_id FROM events WHERE article_id = ?", [f"h-{name}"]
                ).fetchall()
            html = httpx.get(f"{base}/events/{eid}").text
            assert html.count("<script") == 1, name
            assert "<iframe" not in html and "<img" not in html and "<link" not in html, name


def test_the_signal_page_is_a_timeline_of_every_event(base: str, db: Path) -> None:
    with open_store(db, read_only=True) as con:
        [(signal_id,)] = con.execute(
            "SELECT signal_id FROM signals WHERE label = 'Oracle hosts OpenAI (confirmed)'"
        ).fetchall()
    html = httpx.get(f"{base}/signals/{signal_id}").text
    rows = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td><td>([^<]+)</td><td>([a-z]+)</td>", html)
    assert [(source, status) for _, source, status in rows] == [
        ("theinformation", "talks"),
        ("reuters", "confirmed"),
        ("yahoo-finance", "confirmed"),
    ]
    assert [d for d, _, _ in rows] == sorted(d for d, _, _ in rows)
    assert httpx.get(f"{base}/signals/nope").status_code == 404


@contextmanager
def held(db: Path) -> Iterator[None]:
    """Another process holds the store's write lock (as a running load would)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('locked', flush=True);"
            " sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait(10)


def test_a_locked_store_says_so_and_keeps_the_input(base: str, config: Config, db: Path) -> None:
    target = event_id(db, "Anthropic cut")
    with signed_in(base, config) as client:
        csrf = csrf_of(client.get("/").text)
        form = {
            "verdict": "fixed",
            "type": "packaging_change",
            "parties": "Zeta Corp,Anthropic",
            "status": "talks",
            "csrf": csrf,
        }
        with held(db):
            busy = client.post(f"/events/{target}/label", data=form)
            assert busy.status_code == 503
            assert BUSY.split(":")[0] in busy.text
            assert 'value="Zeta Corp,Anthropic"' in busy.text and 'value="talks"' in busy.text
            as_json = client.post(
                f"/events/{target}/label", data=form, headers={"Accept": "application/json"}
            )
            assert as_json.status_code == 503 and as_json.json()["ok"] is False
        again = client.post(f"/events/{target}/label", data=form)
        assert again.status_code == 303
    assert labels(db) == [("fixed", "tester")]


def test_the_command_prints_its_address_and_serves_on_loopback(db: Path) -> None:
    port = free_port()
    exe = Path(sys.executable).with_name("channelwatch")
    proc = subprocess.Popen(
        [str(exe), "review", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first, second = proc.stdout.readline(), proc.stdout.readline()
        assert first.startswith(f"review page at http://127.0.0.1:{port}/")
        login = re.search(r"open (http://127\.0\.0\.1:\d+/login\?token=\S+)", second)
        assert login, second
        with httpx.Client() as client:
            deadline = time.monotonic() + 20
            while True:
                try:
                    response = client.get(login.group(1))
                    break
                except httpx.ConnectError:
                    assert time.monotonic() < deadline, "the review server did not answer"
                    time.sleep(0.1)
            assert response.status_code == 303 and COOKIE in client.cookies
    finally:
        proc.kill()
        proc.wait(10)


def test_a_busy_port_is_one_clear_error(db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["review", "--db", str(db), "--port", str(port)])
    assert result.exit_code == 2  # the CLI's one line for a ConfigError
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "--port" in result.output and "Traceback" not in result.output
