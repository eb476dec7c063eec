"""Sending the digest to real SMTP servers (aiosmtpd) on 127.0.0.1, and the CLI."""

from __future__ import annotations

import email
import email.policy
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner
from digest_store import HOSTILE_TITLE, build_digest_store, target_week
from servers import free_port

from channelwatch.cli import cli
from channelwatch.digest.run import run_digest
from channelwatch.digest.send import DeliveryError
from channelwatch.digest.weeks import IsoWeek
from channelwatch.errors import ConfigError
from channelwatch.settings import SmtpSettings
from channelwatch.store import open_store

# the login test server runs without TLS on loopback on purpose; aiosmtpd warns about it
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

USER, PASSWORD = "digest-bot", "correct horse battery"
TO = "analyst@example.com"


@dataclass
class Inbox:
    envelopes: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(e.original_content, policy=email.policy.default)  # type: ignore[misc]
            for e in self.envelopes
        ]


@dataclass
class Server:
    port: int
    inbox: Inbox


def authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


def serve(**kwargs: Any) -> Iterator[Server]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield Server(port, inbox)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    """No TLS, no login."""
    yield from serve()


@pytest.fixture
def auth_server() -> Iterator[Server]:
    """Login required (over plain text: auth_require_tls=False, loopback only)."""
    yield from serve(authenticator=authenticate, auth_required=True, auth_require_tls=False)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return build_digest_store(tmp_path / "digest.duckdb")


def settings(port: int, **changes: Any) -> SmtpSettings:
    values: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": port,
        "sender": "channelwatch <digest@channelwatch.example>",
        "recipients": (TO,),
        "security": "none",
    }
    values.update(changes)
    return SmtpSettings(**values)


def sent_weeks(store: Path) -> list[tuple[str, str]]:
    with open_store(store, read_only=True) as con:
        return [
            tuple(r) for r in con.execute("SELECT week, recipient FROM store.digests").fetchall()
        ]


def test_digest_arrives_with_text_html_and_inline_chart(store: Path, smtp_server: Server) -> None:
    result = run_digest(db_path=store, smtp=settings(smtp_server.port))
    week = str(target_week())
    assert result.sent_to == (TO,)
    [envelope] = smtp_server.inbox.envelopes
    assert envelope.rcpt_tos == [TO]
    [msg] = smtp_server.inbox.messages()
    assert week in msg["Subject"] and "new signals" in msg["Subject"]
    assert msg.get_content_type() == "multipart/alternative"
    text_part, related = msg.iter_parts()
    assert text_part.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html_part, image = related.iter_parts()
    assert html_part.get_content_type() == "text/html"
    assert image.get_content_type() == "image/png"
    assert image.get_content().startswith(b"\x89PNG")
    cid = image["Content-ID"].strip("<>")
    html = html_part.get_content()
    assert f'src="cid:{cid}"' in html
    assert "http://" not in html.replace('href="http', "")  # no remote images or scripts
    for title in ("OpenAI broadens distribution", "Rival clouds", "Packaging", "Renegotiations"):
        assert title in html and title.upper() in text_part.get_content().upper()
    assert 'href="https://techcrunch.example/pricing"' in html
    assert sent_weeks(store) == [(week, TO)]


def test_hostile_title_is_escaped_and_never_reaches_a_header(
    store: Path, smtp_server: Server
) -> None:
    run_digest(db_path=store, smtp=settings(smtp_server.port))
    [envelope] = smtp_server.inbox.envelopes
    [msg] = smtp_server.inbox.messages()
    assert envelope.rcpt_tos == [TO]  # the "Bcc: evil@" in the title added no recipient
    assert msg["Bcc"] is None
    assert "evil@example.com" not in "".join(f"{k}: {v}" for k, v in msg.items())
    html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<script>" not in html
    assert (
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Oracle deal Bcc: evil@example.com" in html
    )
    assert "&lt;b&gt;workloads&lt;/b&gt;" in html  # evidence is escaped too
    assert "javascript:" not in html  # a non-http evidence URL is not linked
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "\r\nBcc" not in text and HOSTILE_TITLE.split("\r\n")[0] in text


def test_a_week_is_sent_once_unless_forced(store: Path, smtp_server: Server) -> None:
    smtp = settings(smtp_server.port)
    first = run_digest(db_path=store, smtp=smtp)
    second = run_digest(db_path=store, smtp=smtp)
    assert first.sent_to == (TO,)
    assert second.sent_to == () and [a for a, _ in second.skipped] == [TO]
    assert len(smtp_server.inbox.envelopes) == 1
    forced = run_digest(db_path=store, smtp=smtp, force=True)
    assert forced.sent_to == (TO,)
    assert len(smtp_server.inbox.envelopes) == 2
    # a new recipient still gets the week; the one who had it is skipped
    more = run_digest(db_path=store, smtp=smtp, recipients=[TO, "boss@example.com"])
    assert more.sent_to == ("boss@example.com",)
    assert smtp_server.inbox.envelopes[-1].rcpt_tos == ["boss@example.com"]


def test_login_then_send(store: Path, auth_server: Server) -> None:
    smtp = settings(auth_server.port, user=USER, password=PASSWORD)
    assert run_digest(db_path=store, smtp=smtp).sent_to == (TO,)
    assert len(auth_server.inbox.envelopes) == 1


def test_refused_login_is_reported_and_the_week_not_marked(
    store: Path, auth_server: Server
) -> None:
    smtp = settings(auth_server.port, user=USER, password="wrong-secret-123")
    with pytest.raises(DeliveryError) as info:
        run_digest(db_path=store, smtp=smtp)
    message = str(info.value)
    assert "refused the login" in message and "CHANNELWATCH_SMTP_PASSWORD" in message
    assert "wrong-secret-123" not in message
    assert not info.value.retryable
    assert auth_server.inbox.envelopes == [] and sent_weeks(store) == []
    # the next run with the right password sends it
    ok = run_digest(db_path=store, smtp=settings(auth_server.port, user=USER, password=PASSWORD))
    assert ok.sent_to == (TO,)


def test_refused_connection_is_reported_and_the_week_not_marked(store: Path) -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(DeliveryError, match=f"127.0.0.1:{port}.*connection refused") as info:
        run_digest(db_path=store, smtp=settings(port))
    assert info.value.retryable
    assert sent_weeks(store) == []


def test_starttls_missing_on_the_server_names_the_setting(store: Path, smtp_server: Server) -> None:
    with pytest.raises(DeliveryError, match="CHANNELWATCH_SMTP_SECURITY"):
        run_digest(db_path=store, smtp=settings(smtp_server.port, security="starttls"))
    assert sent_weeks(store) == []


@pytest.mark.parametrize(
    ("changes", "variable"),
    [
        ({"host": None}, "CHANNELWATCH_SMTP_HOST"),
        ({"sender": None}, "CHANNELWATCH_SMTP_FROM"),
        ({"recipients": ()}, "CHANNELWATCH_DIGEST_TO"),
        ({"user": USER}, "CHANNELWATCH_SMTP_PASSWORD"),
        ({"security": "tls"}, "CHANNELWATCH_SMTP_SECURITY"),
    ],
)
def test_missing_settings_name_the_variable(
    store: Path, changes: dict[str, Any], variable: str
) -> None:
    with pytest.raises(ConfigError, match=variable):
        run_digest(db_path=store, smtp=settings(25, **changes))


def test_an_empty_week_is_sent_and_says_so(store: Path, smtp_server: Server) -> None:
    result = run_digest(db_path=store, smtp=settings(smtp_server.port), week=IsoWeek(2020, 1))
    assert result.empty and result.sent_to == (TO,)
    [msg] = smtp_server.inbox.messages()
    assert msg["Subject"] == "channelwatch digest 2020-W01: no new signals"
    assert "Nothing new this week" in msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Nothing new this week" in msg.get_body(("html",)).get_content()  # type: ignore[union-attr]


def smtp_env(port: int) -> dict[str, str]:
    return {
        "CHANNELWATCH_SMTP_HOST": "127.0.0.1",
        "CHANNELWATCH_SMTP_PORT": str(port),
        "CHANNELWATCH_SMTP_FROM": "digest@channelwatch.example",
        "CHANNELWATCH_SMTP_SECURITY": "none",
        "CHANNELWATCH_DIGEST_TO": TO,
        "CHANNELWATCH_SMTP_USER": "",
        "CHANNELWATCH_SMTP_PASSWORD": "",
    }


def test_cli_dry_run_writes_eml_and_browser_preview(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "preview"
    week = str(target_week())
    result = CliRunner().invoke(
        cli, ["digest", "--db", str(store), "--week", week, "--dry-run", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    eml, html = out / f"digest-{week}.eml", out / f"digest-{week}.html"
    assert f"wrote {eml}" in result.output
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert msg.get_content_type() == "multipart/alternative"
    assert 'src="data:image/png;base64,' in html.read_text(encoding="utf-8")
    assert sent_weeks(store) == []


def test_cli_sends_once_then_skips(store: Path, smtp_server: Server) -> None:
    runner = CliRunner(env=smtp_env(smtp_server.port))
    first = runner.invoke(cli, ["digest", "--db", str(store)])
    assert first.exit_code == 0, first.output
    assert f"sent to {TO}" in first.output
    second = runner.invoke(cli, ["digest", "--db", str(store)])
    assert second.exit_code == 0 and f"skipped {TO}: already sent" in second.output
    assert len(smtp_server.inbox.envelopes) == 1


def test_cli_without_smtp_host_prints_one_line(store: Path) -> None:
    env = {"CHANNELWATCH_SMTP_HOST": "", "PATH": "/usr/bin:/bin"}
    script = Path(sys.executable).parent / "channelwatch"
    done = subprocess.run(
        [str(script), "digest", "--db", str(store)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: CHANNELWATCH_SMTP_HOST is not set; set it to your SMTP server (or use --dry-run)"
    ]
