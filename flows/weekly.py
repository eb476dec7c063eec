"""The weekly digest flow: the same ``run_digest`` the CLI calls, with sending as a task.

Only the sending task retries, and only on errors a retry can fix (connection refused,
timeouts, 4xx replies); a refused login or a bad setting fails at once. Reading the store
and recording who got the week run in the flow itself: recording happens only after the
server accepted the message, so a retried run never sends a week twice.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from channelwatch.digest.run import DigestResult, PreparedDigest, run_digest, send_digest
from channelwatch.digest.send import DeliveryError
from channelwatch.digest.weeks import IsoWeek
from channelwatch.settings import SmtpSettings, load_settings


def retryable_only(task: object, task_run: object, state: object) -> bool:
    """Retry sending only when the error says a retry may succeed."""
    try:
        state.result()  # type: ignore[attr-defined]
    except DeliveryError as exc:
        return exc.retryable
    except Exception:
        return False
    return False


@task(
    name="send-digest",
    retries=3,
    retry_delay_seconds=[30, 120, 600],
    retry_condition_fn=retryable_only,
    cache_policy=NO_CACHE,  # the message is not a cache key; a resend must really send
)
def send_digest_task(prepared: PreparedDigest, smtp: SmtpSettings) -> list[str]:
    return send_digest(prepared, smtp)


@flow(name="channelwatch-weekly-digest", flow_run_name="weekly-digest", log_prints=True)
def weekly_digest_flow(
    week: str | None = None,
    *,
    recipients: list[str] | None = None,
    db_path: Path | None = None,
    force: bool = False,
    dry_run: bool = False,
    out_dir: Path | None = None,
) -> DigestResult:
    """Send the digest of ``week`` (default: the last complete week) to each recipient once."""
    settings = load_settings()
    result = run_digest(
        db_path=Path(db_path or settings.db_path),
        smtp=settings.smtp,
        week=IsoWeek.parse(week) if week else None,
        recipients=recipients,
        dry_run=dry_run,
        out_dir=out_dir,
        force=force,
        send=lambda prepared, smtp: send_digest_task(prepared, smtp),
    )
    print(
        f"digest {result.week}: sent to {len(result.sent_to)}, "
        f"skipped {len(result.skipped)} already sent, refused {len(result.refused)}"
    )
    return result
