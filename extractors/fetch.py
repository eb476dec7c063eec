"""Safe, polite, bounded HTTP fetching (httpx, async inside, a sync facade outside).

Every URL ends in a ``FetchResult``; a per-URL problem is recorded in ``result.error`` and
never raised, so one broken source cannot stop a run. Retries are not done here: the flow
retries (Prefect), this module only makes one honest attempt per URL.

What each request gets:

- ``check_url`` (scheme, credentials, private addresses) before the first request and on
  every redirect hop; redirects are followed by hand, up to ``max_redirects``, loops detected;
  the connection goes to an address that check accepted, never to a second DNS answer
  (``extractors.pinning``, through the client of ``extractors.http_client``);
- a conditional GET from the stored ``FetchState`` (``If-None-Match``/``If-Modified-Since``);
- httpx timeouts (connect/read/write/pool) AND a wall-clock deadline per hop, so a server
  dripping one byte a second cannot hold a worker forever;
- a body cap enforced while streaming, counted on the raw AND on the decoded bytes: the body
  is decompressed chunk by chunk with a bounded output, so a gzip bomb stops at the cap
  (``extractors.capped_body``);
- per-host politeness (``host:port``): at most ``per_host_concurrency`` requests in flight and
  ``per_host_delay_s`` between request starts; ``total_concurrency`` across hosts
  (``extractors.politeness``);
- ``Retry-After`` on 429/503: the host is not requested again in this run before the delay
  has passed; a delay above ``max_retry_after_s`` gives up on that host for the run.
"""

from __future__ import annotations

import asyncio
import functools
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx

from extractors.capped_body import read_capped
from extractors.errors import FetchFailure, FetchRefused
from extractors.event_loop import run_sync
from extractors.fetch_settings import FetchSettings
from extractors.http_client import describe_transport_error, new_client
from extractors.models import FetchResult, FetchState
from extractors.pinning import AddressPins
from extractors.politeness import DEFAULT_MAX_RETRY_AFTER_S, Politeness, parse_retry_after
from extractors.resolved import Resolved, UnresolvedHost
from extractors.urls import redact_url, vet_url

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_AFTER_STATUSES = frozenset({429, 503})

ResultCallback = Callable[[FetchResult], None]


def fetch_many(
    urls: Sequence[str],
    *,
    settings: FetchSettings,
    states: Mapping[str, FetchState] | None = None,
    allowed_hosts: frozenset[str] = frozenset(),
    on_result: ResultCallback | None = None,
    max_retry_after_s: float = DEFAULT_MAX_RETRY_AFTER_S,
) -> list[FetchResult]:
    """Fetch ``urls`` concurrently and politely; one result per URL, in input order.

    ``states`` maps a URL (as given) to what its previous fetch returned, for conditional
    GET. ``allowed_hosts`` holds ``host:port`` strings (or bare hosts) that may be private,
    e.g. the demo's own loopback server. ``on_result`` is called as each URL finishes (from
    the fetching thread), e.g. to drive a progress display.
    """
    return run_sync(
        fetch_many_async(
            urls,
            settings=settings,
            states=states,
            allowed_hosts=allowed_hosts,
            on_result=on_result,
            max_retry_after_s=max_retry_after_s,
        )
    )


def fetch_one(
    url: str,
    *,
    settings: FetchSettings,
    state: FetchState | None = None,
    allowed_hosts: frozenset[str] = frozenset(),
) -> FetchResult:
    """Fetch a single URL with the same guarantees as ``fetch_many``."""
    states = {url: state} if state is not None else None
    return fetch_many([url], settings=settings, states=states, allowed_hosts=allowed_hosts)[0]


async def fetch_many_async(
    urls: Sequence[str],
    *,
    settings: FetchSettings,
    states: Mapping[str, FetchState] | None = None,
    allowed_hosts: frozenset[str] = frozenset(),
    on_result: ResultCallback | None = None,
    max_retry_after_s: float = DEFAULT_MAX_RETRY_AFTER_S,
) -> list[FetchResult]:
    """The async form of ``fetch_many``, for callers already inside an event loop."""
    states = states or {}
    pins = AddressPins(strict=not settings.allow_private_hosts)
    async with new_client(settings, pins) as client:
        fetcher = _Fetcher(
            client=client,
            settings=settings,
            allowed_hosts=allowed_hosts,
            pins=pins,
            politeness=Politeness(settings, max_retry_after_s=max_retry_after_s),
        )

        async def one(url: str) -> FetchResult:
            result = await fetcher.fetch(url, states.get(url))
            if on_result is not None:
                on_result(result)
            return result

        return list(await asyncio.gather(*(one(url) for url in urls)))


@dataclass(slots=True)
class _Fetcher:
    """One fetch call's client, limits and host state; ``fetch`` takes one URL."""

    client: httpx.AsyncClient
    settings: FetchSettings
    allowed_hosts: frozenset[str]
    pins: AddressPins
    politeness: Politeness
    resolved: Resolved = field(default_factory=Resolved)

    async def fetch(self, url: str, state: FetchState | None) -> FetchResult:
        """One URL, all hops; every failure ends up in ``result.error``."""
        result = FetchResult(url=url)
        try:
            await self._follow(url, state or FetchState(), result)
        except (FetchFailure, FetchRefused) as exc:
            result.error = str(exc)
        except Exception as exc:  # the contract: a per-URL problem never stops the run
            result.error = f"unexpected {type(exc).__name__} fetching {url}: {exc}"
        if result.error is not None:
            result.body = b""
        return result

    async def _follow(self, url: str, state: FetchState, result: FetchResult) -> None:
        current, seen, redirects = url, {url}, 0
        await self._check(url)
        while True:
            location = await self._hop(current, state, result)
            if location is None:
                return
            target = urljoin(current, location.strip())
            redirects += 1
            if redirects > self.settings.max_redirects:
                raise FetchFailure(
                    f"too many redirects ({redirects}) from {url}; "
                    f"the limit is {self.settings.max_redirects}"
                )
            if target in seen:
                raise FetchFailure(f"redirect loop: {current} redirects back to {target}")
            reason = await self._refusal(target)
            if reason is not None:
                raise FetchFailure(
                    f"redirect from {current} to {redact_url(target)} refused: {reason}"
                )
            seen.add(target)
            current = target

    async def _check(self, url: str) -> None:
        reason = await self._refusal(url)
        if reason is not None:
            raise FetchRefused(f"refused {redact_url(url)}: {reason}")

    async def _refusal(self, url: str) -> str | None:
        """Why ``url`` may not be fetched, or None (then its checked addresses are pinned).

        Each host is resolved once per fetch call, in a worker thread (DNS blocks); the
        checks themselves run here. Fifty articles of one site were fifty lookups and
        fifty thread hops, even with nothing to resolve (private hosts allowed)."""
        vet = functools.partial(
            vet_url,
            url,
            allow_private=self.settings.allow_private_hosts,
            allowed_hosts=self.allowed_hosts,
        )
        try:
            reason, addresses = vet(resolve=self.resolved.known)
        except UnresolvedHost as missing:
            await self.resolved.look_up(missing.host)
            reason, addresses = vet(resolve=self.resolved.known)
        if reason is None:
            self.pins.pin(url, addresses)  # the connection goes to these, not a new answer
        return reason

    async def _hop(self, url: str, state: FetchState, result: FetchResult) -> str | None:
        """One request; returns the Location of a redirect, or None when the URL is done."""
        async with self.politeness.turn(url):
            started = time.monotonic()
            try:
                async with asyncio.timeout(self.settings.timeout_s):
                    return await self._request(url, state, result)
            except (TimeoutError, httpx.TimeoutException) as exc:
                raise FetchFailure(
                    f"timed out after {self.settings.timeout_s:g}s fetching {url}"
                ) from exc
            except httpx.HTTPError as exc:
                raise FetchFailure(describe_transport_error(exc, url)) from exc
            except zlib.error as exc:
                raise FetchFailure(f"corrupt compressed body from {url}: {exc}") from exc
            finally:
                result.elapsed_s += time.monotonic() - started

    async def _request(self, url: str, state: FetchState, result: FetchResult) -> str | None:
        request = self.client.build_request("GET", url, headers=_conditional_headers(state))
        response = await self.client.send(request, stream=True)
        try:
            result.final_url, result.status = url, response.status_code
            return await self._handle(response, url, state, result)
        finally:
            await response.aclose()

    async def _handle(
        self, response: httpx.Response, url: str, state: FetchState, result: FetchResult
    ) -> str | None:
        status = response.status_code
        if status in REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise FetchFailure(f"HTTP {status} from {url} without a Location header")
            return location
        if status in RETRY_AFTER_STATUSES:
            delay = parse_retry_after(response.headers.get("retry-after"))
            if delay is None:
                raise FetchFailure(f"HTTP {status} from {url}")
            result.retry_after_s = delay
            raise FetchFailure(self.politeness.back_off(url, status, delay))
        if status == 304:
            result.not_modified = True
            result.etag = response.headers.get("etag") or state.etag
            result.last_modified = response.headers.get("last-modified") or state.last_modified
            return None
        if status != 200:
            raise FetchFailure(f"HTTP {status} from {url}")
        result.content_type = response.headers.get("content-type")
        result.etag = response.headers.get("etag")
        result.last_modified = response.headers.get("last-modified")
        result.body = await read_capped(response, url, self.settings.max_bytes)
        return None


def _conditional_headers(state: FetchState) -> dict[str, str]:
    headers: dict[str, str] = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers
