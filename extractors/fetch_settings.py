"""The fetcher's limits. ``channelwatch.settings`` reads them from the environment; the
extractors only take them as an argument."""

from __future__ import annotations

from dataclasses import dataclass

USER_AGENT = "channelwatch/0.1 (+https://github.com/channelwatch/channelwatch; news monitor)"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Politeness and safety limits for every HTTP request."""

    timeout_s: float = 20.0
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024
    per_host_concurrency: int = 2
    per_host_delay_s: float = 1.0
    total_concurrency: int = 16
    allow_private_hosts: bool = False
    user_agent: str = USER_AGENT
