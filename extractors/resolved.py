"""Host names resolved once per fetch call.

The fetcher checks every URL before it connects (``extractors.urls.vet_url``). The checks
are cheap; the DNS lookup blocks, so it runs in a worker thread, and its answer (or its
failure) is kept for the rest of the call: the connection is pinned to those addresses
anyway (``extractors.pinning``), so a second answer could not be used.
"""

from __future__ import annotations

import asyncio

from extractors.pinning import IPAddress
from extractors.urls import resolve_host


class UnresolvedHost(Exception):
    """Raised by ``Resolved.known`` for a host not looked up yet in this call."""

    def __init__(self, host: str) -> None:
        super().__init__(host)
        self.host = host


class Resolved:
    """Each host's addresses (or lookup error) for one fetch call."""

    def __init__(self) -> None:
        self._answers: dict[str, list[IPAddress] | OSError] = {}
        self._lookups: dict[str, asyncio.Task[None]] = {}

    def known(self, host: str) -> list[IPAddress]:
        """The host's addresses; ``OSError`` if its lookup failed, ``UnresolvedHost`` if it
        has not been looked up yet."""
        answer = self._answers.get(host)
        if answer is None:
            raise UnresolvedHost(host)
        if isinstance(answer, OSError):
            raise answer
        return answer

    async def look_up(self, host: str) -> None:
        """Resolve ``host`` in a worker thread and keep the answer or the error. The URLs
        of one site are checked concurrently: they all wait for the one lookup (shielded, so
        a URL that times out does not cancel it for the others)."""
        task = self._lookups.get(host)
        if task is None:
            task = self._lookups[host] = asyncio.ensure_future(self._resolve(host))
        await asyncio.shield(task)

    async def _resolve(self, host: str) -> None:
        try:
            self._answers[host] = await asyncio.to_thread(resolve_host, host)
        except OSError as exc:
            self._answers[host] = exc
