"""Deployments and schedules: declared once, configurable, and served by ``channelwatch serve``.

What is proven here: the two deployments carry the configured crons and time zone; the
next run times are what the server's own schedule code computes; ``prefect.yaml`` agrees
with ``flows/schedules.py``; and ``channelwatch serve`` against a real ``prefect server
start`` on loopback prints both schedules, registers both deployments, and the server's
scheduler creates scheduled runs for both. Not proven: a flow run actually starting at
06:00 (that would take a day); ``serve`` starting runs is Prefect's own tested behaviour.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from servers import free_port

from channelwatch.settings import ROOT, load_settings
from flows.schedules import DAILY, WEEKLY, build_deployments, schedule_specs


def test_defaults_daily_0600_utc_and_weekly_monday_0700_utc() -> None:
    specs = {s.name: s for s in schedule_specs(load_settings())}
    assert set(specs) == {DAILY, WEEKLY}
    assert (specs[DAILY].cron, specs[DAILY].timezone) == ("0 6 * * *", "UTC")
    assert (specs[WEEKLY].cron, specs[WEEKLY].timezone) == ("0 7 * * 1", "UTC")
    sunday_night = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)
    assert specs[DAILY].next_runs(2, after=sunday_night) == [
        datetime(2026, 11, 30, 6, 0, tzinfo=UTC),
        datetime(2026, 12, 1, 6, 0, tzinfo=UTC),
    ]
    assert specs[WEEKLY].next_runs(2, after=sunday_night) == [
        datetime(2026, 11, 30, 7, 0, tzinfo=UTC),
        datetime(2026, 12, 7, 7, 0, tzinfo=UTC),
    ]


def test_times_and_recipients_come_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHANNELWATCH_DAILY_CRON", "30 5 * * 1-5")
    monkeypatch.setenv("CHANNELWATCH_WEEKLY_CRON", "0 8 * * 5")
    monkeypatch.setenv("CHANNELWATCH_SCHEDULE_TZ", "Europe/Paris")
    monkeypatch.setenv("CHANNELWATCH_DIGEST_TO", "a@example.org, b@example.org")
    specs = {s.name: s for s in schedule_specs(load_settings())}
    assert specs[DAILY].cron == "30 5 * * 1-5" and specs[DAILY].timezone == "Europe/Paris"
    assert specs[WEEKLY].cron == "0 8 * * 5"
    assert specs[WEEKLY].parameters == {"recipients": ["a@example.org", "b@example.org"]}

    deployments = {d.name: d for d in build_deployments(list(specs.values()))}
    weekly = deployments[WEEKLY]
    assert weekly.parameters == {"recipients": ["a@example.org", "b@example.org"]}
    (schedule,) = weekly.schedules
    assert schedule.schedule.cron == "0 8 * * 5"
    assert schedule.schedule.timezone == "Europe/Paris"


def test_deployments_point_at_the_two_flows() -> None:
    deployments = {d.name: d for d in build_deployments()}
    assert deployments[DAILY].flow_name == "channelwatch-daily"
    assert deployments[WEEKLY].flow_name == "channelwatch-weekly-digest"
    for deployment in deployments.values():
        (schedule,) = deployment.schedules
        assert schedule.schedule.timezone == "UTC"


def test_prefect_yaml_declares_the_same_deployments() -> None:
    declared = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    in_yaml = {
        d["name"]: (d["entrypoint"], d["schedules"][0]["cron"], d["schedules"][0]["timezone"])
        for d in declared["deployments"]
    }
    in_code = {
        s.name: (
            s.entrypoint.replace(".", "/").replace(":", ".py:"),
            s.cron,
            s.timezone,
        )
        for s in schedule_specs(load_settings())
    }
    assert in_yaml == in_code


def test_serve_against_a_real_server_registers_and_schedules_both(tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.runners import local_prefect_server

    os.environ.setdefault("PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS", "2")
    with local_prefect_server(free_port(), home=str(tmp_path / "prefect")) as url:
        env = {
            **os.environ,
            "PREFECT_API_URL": url,
            # serve checks the weekly digest can send before serving (nothing is sent here)
            "CHANNELWATCH_SMTP_HOST": "127.0.0.1",
            "CHANNELWATCH_SMTP_FROM": "channelwatch@example.com",
            "CHANNELWATCH_DIGEST_TO": "analyst@example.com",
        }
        serve = subprocess.Popen(
            [str(Path(sys.executable).parent / "channelwatch"), "serve"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: list[str] = []
        try:
            assert serve.stdout is not None
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                line = serve.stdout.readline()
                if not line:
                    break
                lines.append(line)
                if line.startswith("serving on"):
                    break
            out = "".join(lines)
            assert f"{DAILY}: flows.daily:daily_flow at cron '0 6 * * *' (UTC)" in out, out
            assert f"{WEEKLY}: flows.weekly:weekly_digest_flow at cron '0 7 * * 1' (UTC)" in out
            assert f"serving on {url}" in out

            with temporary_settings(updates={PREFECT_API_URL: url}):
                found = _wait_for_scheduled_runs(get_client, DeploymentFilter, DeploymentFilterId)
        finally:
            serve.terminate()
            serve.wait(timeout=30)
    assert set(found) == {DAILY, WEEKLY}
    for name, (cron, first_run) in found.items():
        hour = 6 if name == DAILY else 7
        assert cron.startswith(f"0 {hour} ")
        assert first_run.hour == hour and (name == DAILY or first_run.weekday() == 0)


def _wait_for_scheduled_runs(
    get_client: object, DeploymentFilter: object, DeploymentFilterId: object
) -> dict[str, tuple[str, datetime]]:
    """Deployment name -> (its cron, its first scheduled run) once the server scheduled both."""
    import asyncio

    async def poll() -> dict[str, tuple[str, datetime]]:
        async with get_client() as client:  # type: ignore[operator]
            deadline = time.monotonic() + 60
            while True:
                found: dict[str, tuple[str, datetime]] = {}
                for dep in await client.read_deployments():
                    runs = await client.read_flow_runs(
                        deployment_filter=DeploymentFilter(  # type: ignore[operator]
                            id=DeploymentFilterId(any_=[dep.id])  # type: ignore[operator]
                        ),
                    )
                    scheduled = sorted(
                        r.expected_start_time
                        for r in runs
                        if r.state_type is not None and r.state_type.value == "SCHEDULED"
                    )
                    if scheduled and dep.schedules:
                        found[dep.name] = (dep.schedules[0].schedule.cron, scheduled[0])
                if len(found) == 2 or time.monotonic() > deadline:
                    return found
                await asyncio.sleep(1)

    return asyncio.run(poll())
