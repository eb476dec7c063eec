"""Every deployment and schedule of channelwatch, declared in this one place.

- ``daily-ingest``: ``flows.daily:daily_flow``, 06:00 UTC by default;
- ``weekly-digest``: ``flows.weekly:weekly_digest_flow``, Monday 07:00 UTC by default.

Times come from ``Settings.schedule`` (``CHANNELWATCH_DAILY_CRON``, ``CHANNELWATCH_WEEKLY_CRON``,
``CHANNELWATCH_SCHEDULE_TZ``); digest recipients from ``CHANNELWATCH_DIGEST_TO``. ``channelwatch
serve`` serves these deployments from its own process; ``prefect.yaml`` declares the same two
for a work pool (``prefect deploy --all``), and ``test_schedules`` checks the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from channelwatch.settings import Settings, load_settings

DAILY = "daily-ingest"
WEEKLY = "weekly-digest"


@dataclass(frozen=True, slots=True)
class ScheduleSpec:
    """One deployment: which flow, when, and with which parameters."""

    name: str
    entrypoint: str  # module:function
    cron: str
    timezone: str
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)

    def next_runs(self, n: int = 3, *, after: datetime | None = None) -> list[datetime]:
        """The next ``n`` times, computed by the same code Prefect's scheduler uses."""
        import inspect

        from prefect.server.schemas.schedules import CronSchedule
        from prefect.utilities.asyncutils import run_coro_as_sync

        schedule = CronSchedule(cron=self.cron, timezone=self.timezone)
        dates: Any = schedule.get_dates(n, start=after)  # sync or async, depending on caller
        if inspect.iscoroutine(dates):
            dates = run_coro_as_sync(dates)
        return [datetime.fromisoformat(d.isoformat()) for d in dates]

    def describe(self) -> str:
        params = f" with {self.parameters}" if self.parameters else ""
        nxt = ", ".join(f"{d:%a %Y-%m-%d %H:%M}" for d in self.next_runs(2))
        return (
            f"{self.name}: {self.entrypoint} at cron '{self.cron}' ({self.timezone})"
            f"{params}; next: {nxt}"
        )


def schedule_specs(settings: Settings | None = None) -> list[ScheduleSpec]:
    """The two deployments, from the settings (environment over defaults)."""
    settings = settings or load_settings()
    recipients = list(settings.smtp.recipients)
    return [
        ScheduleSpec(
            name=DAILY,
            entrypoint="flows.daily:daily_flow",
            cron=settings.schedule.daily_cron,
            timezone=settings.schedule.timezone,
            description="Fetch the feeds, extract and tag new articles, load the store.",
        ),
        ScheduleSpec(
            name=WEEKLY,
            entrypoint="flows.weekly:weekly_digest_flow",
            cron=settings.schedule.weekly_cron,
            timezone=settings.schedule.timezone,
            description="Send last week's digest to each recipient once.",
            # none configured: the flow reads CHANNELWATCH_DIGEST_TO when it runs
            parameters={"recipients": recipients} if recipients else {},
        ),
    ]


def load_flow(entrypoint: str) -> Any:
    import importlib

    module, _, name = entrypoint.partition(":")
    return getattr(importlib.import_module(module), name)


def build_deployments(specs: list[ScheduleSpec] | None = None) -> list[Any]:
    """Prefect ``RunnerDeployment`` objects for ``prefect.serve``."""
    from prefect.schedules import Cron

    deployments = []
    for spec in specs or schedule_specs():
        flow = load_flow(spec.entrypoint)
        deployments.append(
            flow.to_deployment(
                name=spec.name,
                schedules=[Cron(spec.cron, timezone=spec.timezone)],
                parameters=spec.parameters,
                description=spec.description,
                tags=["channelwatch"],
            )
        )
    return deployments
