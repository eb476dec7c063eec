"""Per-host politeness for one fetch call: who may send a request when.

Hosts are ``host:port``. At most ``per_host_concurrency`` requests to a host are in flight
and ``per_host_delay_s`` separates their starts; ``total_concurrency`` bounds all hosts
together. ``Retry-After`` on 429/503 pushes the host back for the rest of the call, and a
delay above ``max_retry_after_s`` gives up on the host for the call.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from extractors.errors import FetchFailure
from extractors.fetch_settings import FetchSettings
from extractors.urls import host_key

DEFAULT_MAX_RETRY_AFTER_S = 300.0


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass(slots=True)
class _Host:
    """Politeness state of one ``host:port`` for the duration of one call."""

    slots: asyncio.Semaphore
    start_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0  # loop time before which no new request may start
    gave_up: str | None = None  # why this host is not requested again in this run


class Politeness:
    """The request slots and start times of every host in one fetch call (one event loop)."""

    def __init__(self, settings: FetchSettings, *, max_retry_after_s: float) -> None:
        self.settings = settings
        self.max_retry_after_s = max_retry_after_s
        self._hosts: dict[str, _Host] = {}
        self._global_slots = asyncio.Semaphore(max(1, settings.total_concurrency))

    @asynccontextmanager
    async def turn(self, url: str) -> AsyncIterator[None]:
        """Hold a slot of ``url``'s host and a global slot while the block sends one request.

        Raises ``FetchFailure`` when the host was given up on in this call.
        """
        host = self._host(host_key(url))
        async with host.slots:
            await self._await_turn(host, url)
            try:
                yield
            finally:
                self._global_slots.release()

    def back_off(self, url: str, status: int, delay: float) -> str:
        """Push ``url``'s host back by a Retry-After ``delay`` (or give up on it, when the
        delay is over the cap); return the error text for the URL."""
        key = host_key(url)
        host = self._host(key)
        if delay > self.max_retry_after_s:
            host.gave_up = (
                f"{key} asked to wait {delay:g}s (HTTP {status} Retry-After), more than the "
                f"{self.max_retry_after_s:g}s cap; not requested again in this run"
            )
            return f"HTTP {status} from {url}: {host.gave_up}"
        loop = asyncio.get_running_loop()
        host.next_start = max(host.next_start, loop.time() + delay)
        return f"HTTP {status} from {url} (Retry-After {delay:g}s; {key} paused)"

    def _host(self, key: str) -> _Host:
        if key not in self._hosts:
            slots = asyncio.Semaphore(max(1, self.settings.per_host_concurrency))
            self._hosts[key] = _Host(slots=slots)
        return self._hosts[key]

    async def _await_turn(self, host: _Host, url: str) -> None:
        """Wait for this host's next start time, then take a global slot.

        The host's start lock is held while waiting, so the per-host spacing is measured
        between real request starts even when the global slots are all busy; the check is
        repeated after the global slot arrives, in case a Retry-After pushed the host back.
        """
        loop = asyncio.get_running_loop()
        async with host.start_lock:
            while True:
                if host.gave_up is not None:
                    raise FetchFailure(f"skipped {url}: {host.gave_up}")
                wait = host.next_start - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                    continue
                await self._global_slots.acquire()
                if host.next_start <= loop.time() and host.gave_up is None:
                    break
                self._global_slots.release()
            host.next_start = loop.time() + self.settings.per_host_delay_s
