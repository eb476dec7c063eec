"""All configuration in one object. This is the only module that reads the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from channelwatch.errors import ConfigError

# defined with the fetcher that takes them; re-exported for the code that builds them
from extractors.fetch_settings import USER_AGENT as USER_AGENT
from extractors.fetch_settings import FetchSettings as FetchSettings

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
SCHEMA_DIR = QUERIES_DIR / "schema"
DEFAULT_SOURCES = DATA_DIR / "sources.toml"
DEFAULT_DB = DATA_DIR / "channelwatch.duckdb"


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not number >= 0:  # also refuses nan
        raise ConfigError(
            f"{name} is {value!r}, not a number of seconds; set it to e.g. {default:g} or unset it"
        )
    return number


def _env_int(name: str, default: int, *, minimum: int = 1) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ConfigError(
            f"{name} is {value!r}, not a whole number >= {minimum}; set it to e.g. {default} "
            "or unset it"
        )
    return number


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str | None = None
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str | None = None
    recipients: tuple[str, ...] = ()
    security: str = "starttls"  # starttls | ssl | none


@dataclass(frozen=True, slots=True)
class ScheduleSettings:
    """When the deployments run (cron, in ``timezone``); recipients are ``smtp.recipients``."""

    daily_cron: str = "0 6 * * *"  # daily ingest, 06:00
    weekly_cron: str = "0 7 * * 1"  # weekly digest, Monday 07:00
    timezone: str = "UTC"


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """The review page (``channelwatch review``) and who signs the labels."""

    url: str | None = None  # a team server's address; else the local page's
    host: str = "127.0.0.1"
    port: int = 8765
    reviewer: str = "analyst"

    @property
    def page_url(self) -> str:
        """Where the review page is: the team server's address, else the local one."""
        return self.url or f"http://{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: Path = DEFAULT_DB
    sources_path: Path = DEFAULT_SOURCES
    fetch: FetchSettings = field(default_factory=FetchSettings)
    smtp: SmtpSettings = SmtpSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    review: ReviewSettings = ReviewSettings()
    # the read snapshot (channelwatch.store.snapshot): None = next to the store, as
    # <store>-snapshot.duckdb; CHANNELWATCH_SNAPSHOT=off turns publishing off
    snapshot_path: Path | None = None
    snapshot_enabled: bool = True

    def snapshot_for(self, db: Path) -> Path | None:
        """The read snapshot of the store ``db`` (None when snapshots are off)."""
        if not self.snapshot_enabled:
            return None
        return self.snapshot_path or db.with_name(f"{db.stem}-snapshot{db.suffix or '.duckdb'}")


# defaults read from instances: on a slots dataclass, ``FetchSettings.timeout_s`` is a descriptor
_FETCH = FetchSettings()
_SCHEDULE = ScheduleSettings()
_REVIEW = ReviewSettings()


def load_settings() -> Settings:
    """Build the settings from the environment (``CHANNELWATCH_*``) over the defaults."""
    env = os.environ
    fetch = FetchSettings(
        timeout_s=_env_float("CHANNELWATCH_FETCH_TIMEOUT", _FETCH.timeout_s),
        max_bytes=_env_int("CHANNELWATCH_MAX_BYTES", _FETCH.max_bytes),
        per_host_concurrency=_env_int(
            "CHANNELWATCH_PER_HOST_CONCURRENCY", _FETCH.per_host_concurrency
        ),
        per_host_delay_s=_env_float("CHANNELWATCH_PER_HOST_DELAY", _FETCH.per_host_delay_s),
        allow_private_hosts=_env_bool("CHANNELWATCH_ALLOW_PRIVATE_HOSTS"),
    )
    recipients = tuple(
        a.strip() for a in env.get("CHANNELWATCH_DIGEST_TO", "").split(",") if a.strip()
    )
    smtp = SmtpSettings(
        host=env.get("CHANNELWATCH_SMTP_HOST") or None,
        port=_env_int("CHANNELWATCH_SMTP_PORT", 587),
        user=env.get("CHANNELWATCH_SMTP_USER") or None,
        password=env.get("CHANNELWATCH_SMTP_PASSWORD") or None,
        sender=env.get("CHANNELWATCH_SMTP_FROM") or None,
        recipients=recipients,
        security=env.get("CHANNELWATCH_SMTP_SECURITY", "starttls").lower(),
    )
    snapshot = env.get("CHANNELWATCH_SNAPSHOT", "").strip()
    snapshot_off = snapshot.lower() in {"off", "0", "false", "no"}
    return Settings(
        snapshot_path=Path(snapshot) if snapshot and not snapshot_off else None,
        snapshot_enabled=not snapshot_off,
        db_path=Path(env.get("CHANNELWATCH_DB") or DEFAULT_DB),
        sources_path=Path(env.get("CHANNELWATCH_SOURCES") or DEFAULT_SOURCES),
        fetch=fetch,
        smtp=smtp,
        schedule=ScheduleSettings(
            daily_cron=env.get("CHANNELWATCH_DAILY_CRON") or _SCHEDULE.daily_cron,
            weekly_cron=env.get("CHANNELWATCH_WEEKLY_CRON") or _SCHEDULE.weekly_cron,
            timezone=env.get("CHANNELWATCH_SCHEDULE_TZ") or _SCHEDULE.timezone,
        ),
        review=ReviewSettings(
            url=(env.get("CHANNELWATCH_REVIEW_URL") or "").rstrip("/") or None,
            port=_env_int("CHANNELWATCH_REVIEW_PORT", _REVIEW.port),
            reviewer=env.get("CHANNELWATCH_REVIEWER") or env.get("USER") or _REVIEW.reviewer,
        ),
    )


PREFECT_DEFAULTS = {
    # quiet, reliable local runs; a user's own settings win
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}


def apply_prefect_defaults() -> None:
    """Set Prefect's environment defaults before Prefect is imported."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
