"""The weekly digest, step by step: prepare (read + render), send, record.

``run_digest`` composes the three steps for the CLI; the Prefect flow calls the same
steps as tasks so that only sending is retried. A week is recorded per recipient only
after the server accepted the message, so a failed send is retried by the next run
and a successful one is never sent twice (unless forced).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

from channelwatch.digest import queries
from channelwatch.digest.content import DigestContent, build_content
from channelwatch.digest.lock import digest_lock
from channelwatch.digest.render import RenderedDigest, build_message, render_digest
from channelwatch.digest.send import check_settings, send_message
from channelwatch.digest.weeks import IsoWeek
from channelwatch.errors import ConfigError, InputError
from channelwatch.settings import SmtpSettings, load_settings
from channelwatch.store import open_store
from channelwatch.store.sql import now_utc

DEFAULT_DOMAIN = "channelwatch.local"
DRY_RUN_SENDER = "channelwatch <channelwatch@channelwatch.local>"


@dataclass(slots=True)
class PreparedDigest:
    week: IsoWeek
    content: DigestContent
    rendered: RenderedDigest
    message: EmailMessage
    pending: list[str]  # recipients the message goes to
    already_sent: dict[str, datetime] = field(default_factory=dict)  # skipped, and when

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


@dataclass(frozen=True, slots=True)
class DigestResult:
    week: str
    subject: str
    n_signals: int
    empty: bool
    sent_to: tuple[str, ...] = ()
    skipped: tuple[tuple[str, datetime], ...] = ()
    refused: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    message_id: str | None = None


def _domain(sender: str | None) -> str:
    """The sender's domain, for Message-ID and Content-ID values."""
    address = parseaddr(sender or "")[1]
    _, at, domain = address.rpartition("@")
    return domain if at and domain else DEFAULT_DOMAIN


def _check_recipients(recipients: Sequence[str]) -> list[str]:
    clean: list[str] = []
    for raw in recipients:
        address = parseaddr(raw)[1]
        if "@" not in address or any(ch in raw for ch in "\r\n"):
            raise InputError(
                f"recipient {raw!r} is not an email address; pass --to name@example.com "
                "or fix CHANNELWATCH_DIGEST_TO"
            )
        if address.lower() not in {c.lower() for c in clean}:
            clean.append(address)
    return clean


def prepare_digest(
    *,
    db_path: Path,
    week: IsoWeek | None = None,
    recipients: Sequence[str] = (),
    sender: str | None = None,
    force: bool = False,
    now: datetime | None = None,
    on_wait: Callable[[str], None] | None = None,
    review_url: str | None = None,
) -> PreparedDigest:
    """Read the week from the store, render it, and work out who still needs it.

    Signals link to their review page at ``review_url`` (default: the settings').
    """
    now = now or now_utc()
    review_url = review_url or load_settings().review.page_url
    week = week or IsoWeek.last_complete(now)
    wanted = _check_recipients(recipients)
    with open_store(db_path, read_only=True, on_wait=on_wait) as con:
        content = build_content(con, week=week, now=now, review_url=review_url)
        sent = queries.sent_recipients(con, str(week))
    already = {} if force else {r: sent[r.lower()] for r in wanted if r.lower() in sent}
    pending = [r for r in wanted if r not in already]
    domain = _domain(sender)
    from channelwatch.digest.chart import render_chart  # matplotlib: only when rendering

    rendered = render_digest(content, chart_png=render_chart(content.history), domain=domain)
    message = build_message(
        rendered,
        sender=sender or DRY_RUN_SENDER,
        recipients=pending or wanted,
        now=now,
        domain=domain,
    )
    return PreparedDigest(week, content, rendered, message, pending, already)


def write_preview(prepared: PreparedDigest, out_dir: Path) -> list[Path]:
    """``digest-<week>.eml`` (the message as it would be sent) and ``digest-<week>.html``
    (the HTML part with the chart inline as a data: URI, for a browser)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    eml = out_dir / f"digest-{prepared.week}.eml"
    html = out_dir / f"digest-{prepared.week}.html"
    eml.write_bytes(prepared.message.as_bytes())
    html.write_text(prepared.rendered.preview_html, encoding="utf-8")
    return [eml, html]


def send_digest(prepared: PreparedDigest, smtp: SmtpSettings) -> list[str]:
    """Send to the pending recipients; returns the ones the server accepted."""
    if not prepared.pending:
        return []
    return send_message(prepared.message, smtp, recipients=prepared.pending)


def record_digest(
    *,
    db_path: Path,
    week: IsoWeek,
    recipients: Sequence[str],
    message_id: str | None,
    on_wait: Callable[[str], None] | None = None,
) -> None:
    """Mark the week as sent to these recipients in ``store.digests``."""
    if not recipients:
        return
    with open_store(db_path, on_wait=on_wait) as con:
        queries.record_sent(con, str(week), list(recipients), message_id)


def run_digest(
    *,
    db_path: Path,
    smtp: SmtpSettings,
    week: IsoWeek | None = None,
    recipients: Sequence[str] | None = None,
    dry_run: bool = False,
    out_dir: Path | None = None,
    force: bool = False,
    now: datetime | None = None,
    on_wait: Callable[[str], None] | None = None,
    send: Callable[[PreparedDigest, SmtpSettings], list[str]] = send_digest,
) -> DigestResult:
    """Build the week's digest and send it (or, with ``dry_run``, write it to ``out_dir``).

    Recipients default to ``smtp.recipients`` (CHANNELWATCH_DIGEST_TO). Raises
    ConfigError for missing settings, DeliveryError when the server fails; in both cases
    nothing is recorded. ``send`` is the sending step (the Prefect flow passes its
    retried task). Sending holds the store's digest lock (``<store>.digest.lock``), so two runs
    for the same week at the same moment send once.
    """
    to = list(recipients) if recipients else list(smtp.recipients)
    if not dry_run:
        check_settings(smtp)
        if not to:
            raise ConfigError(
                "CHANNELWATCH_DIGEST_TO is not set and no --to was given; set it to a "
                "comma-separated list of recipients"
            )
    # from reading who has the week to recording who got it: two runs send once
    with nullcontext() if dry_run else digest_lock(db_path, on_wait=on_wait):
        prepared = prepare_digest(
            db_path=db_path,
            week=week,
            recipients=to,
            sender=smtp.sender,
            force=force,
            now=now,
            on_wait=on_wait,
        )
        content = prepared.content
        base = DigestResult(
            week=str(prepared.week),
            subject=prepared.rendered.subject,
            n_signals=content.n_signals,
            empty=content.is_empty,
            skipped=tuple(prepared.already_sent.items()),
            message_id=prepared.message_id,
        )
        if dry_run:
            files = write_preview(prepared, out_dir or Path("."))
            return replace(base, files=tuple(files))
        accepted = send(prepared, smtp) if prepared.pending else []
        record_digest(
            db_path=db_path,
            week=prepared.week,
            recipients=accepted,
            message_id=prepared.message_id,
            on_wait=on_wait,
        )
        refused = tuple(r for r in prepared.pending if r not in accepted)
        return replace(base, sent_to=tuple(accepted), refused=refused)
