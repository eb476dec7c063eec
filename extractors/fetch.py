"""Safe, polite, bounded HTTP fetching (httpx, async inside, a sync facade outside).

Every URL ends in a ``FetchResult``; a per-URL problem is recorded in ``result.error`` and
never raised, so one broken source cannot stop a run. Retries are not done here: the flow
retries (Prefect), this module only makes one honest attempt per URL.

What each request gets:

- ``check_url`` (scheme, credentials, private addresses) before the first request and on
  every redirect hop; redirects are followed by hand, up to ``max_redirects``, loops detected;
  the connection goes to an address that check accepted, never to a second DNS answer
  (``extractors.pinning``);
- a conditional GET from the stored ``FetchState`` (``If-None-Match``/``If-Modified-Since``);
- httpx timeouts (connect/read/write/pool) AND a wall-clock deadline per hop, so a server
  dripping one byte a second cannot hold a worker forever;
- a body cap enforced while streaming, counted on the raw AND on the decoded bytes: the body
  is decompressed here, chunk by chunk with a bounded output, so a gzip bomb stops at the cap;
- per-host politeness (``host:port``): at most ``per_host_concurrency`` requests in flight and
  ``per_host_delay_s`` between request starts; ``total_concurrency`` across hosts;
- ``Retry-After`` on 429/503: the host is not requested again in this run before the delay
  has passed; a delay above ``max_retry_after_s`` gives up on that host for the run.
"""

from __future__ import annotations

import asyncio
import functools
import ssl
import time
import zlib
from collections.abc import Callable, Coroutine, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar
from urllib.parse import urljoin

import httpx

from extractors.errors import FetchRefused
from extractors.fetch_settings import FetchSettings
from extractors.models import FetchResult, FetchState
from extractors.pinning import AddressPins, pinned_transport
from extractors.urls import host_key, redact_url, vet_url

DEFAULT_MAX_RETRY_AFTER_S = 300.0
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_AFTER_STATUSES = frozenset({429, 503})
# Only the encodings decoded here with a bounded output; br/zstd are never asked for.
ACCEPT_ENCODING = "gzip, deflate"
CHUNK_BYTES = 64 * 1024

ResultCallback = Callable[[FetchResult], None]
T = TypeVar("T")


class _FetchFailure(Exception):
    """A per-URL problem; its message becomes ``FetchResult.error`` verbatim."""


# --------------------------------------------------------------------------- public API


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
    return _run_sync(
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
    async with _new_client(settings, pins) as client:
        fetcher = _Fetcher(
            client=client,
            settings=settings,
            allowed_hosts=allowed_hosts,
            max_retry_after_s=max_retry_after_s,
            pins=pins,
        )

        async def one(url: str) -> FetchResult:
            result = await fetcher.fetch(url, states.get(url))
            if on_result is not None:
                on_result(result)
            return result

        return list(await asyncio.gather(*(one(url) for url in urls)))


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


# --------------------------------------------------------------------------- internals


def _run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion, also when the caller already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _run_in_new_loop(coro)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="channelwatch-fetch") as pool:
        return pool.submit(_run_in_new_loop, coro).result()


def _run_in_new_loop(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` minus its SIGINT handling on the main thread.

    Measured on CPython 3.11: through ``asyncio.run`` on the main thread, returning results
    holding a 50 MB body peaked at 450 MB (RSS too); through this loop, at 100 MB.
    Ctrl-C still raises KeyboardInterrupt, as with any blocking call.
    """
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        try:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.wait(pending))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            loop.close()


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context per process: building one loads the CA bundle (~50 ms),
    and the flow makes a client for every batch of pages."""
    return httpx.create_ssl_context(trust_env=False)  # what httpx builds for verify=True


def _new_client(settings: FetchSettings, pins: AddressPins) -> httpx.AsyncClient:
    slots = max(1, settings.total_concurrency)
    limits = httpx.Limits(max_connections=slots, max_keepalive_connections=slots)
    return httpx.AsyncClient(
        transport=pinned_transport(pins, verify=_tls_context(), limits=limits),
        headers={
            "User-Agent": settings.user_agent,
            "Accept-Encoding": ACCEPT_ENCODING,
            "Accept": "*/*",
        },
        timeout=httpx.Timeout(settings.timeout_s),
        follow_redirects=False,  # every hop goes through check_url and the host gate
        trust_env=False,  # no proxy from the environment: the address check must be the truth
    )


@dataclass(slots=True)
class _Host:
    """Politeness state of one ``host:port`` for the duration of one call."""

    slots: asyncio.Semaphore
    start_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0  # loop time before which no new request may start
    gave_up: str | None = None  # why this host is not requested again in this run


@dataclass(slots=True)
class _Fetcher:
    client: httpx.AsyncClient
    settings: FetchSettings
    allowed_hosts: frozenset[str]
    max_retry_after_s: float
    pins: AddressPins
    hosts: dict[str, _Host] = field(default_factory=dict)
    global_slots: asyncio.Semaphore = field(init=False)

    def __post_init__(self) -> None:
        self.global_slots = asyncio.Semaphore(max(1, self.settings.total_concurrency))

    async def fetch(self, url: str, state: FetchState | None) -> FetchResult:
        """One URL, all hops; every failure ends up in ``result.error``."""
        result = FetchResult(url=url)
        try:
            await self._follow(url, state or FetchState(), result)
        except (_FetchFailure, FetchRefused) as exc:
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
                raise _FetchFailure(
                    f"too many redirects ({redirects}) from {url}; "
                    f"the limit is {self.settings.max_redirects}"
                )
            if target in seen:
                raise _FetchFailure(f"redirect loop: {current} redirects back to {target}")
            reason = await self._refusal(target)
            if reason is not None:
                raise _FetchFailure(
                    f"redirect from {current} to {redact_url(target)} refused: {reason}"
                )
            seen.add(target)
            current = target

    async def _check(self, url: str) -> None:
        reason = await self._refusal(url)
        if reason is not None:
            raise FetchRefused(f"refused {redact_url(url)}: {reason}")

    async def _refusal(self, url: str) -> str | None:
        # DNS resolution blocks, so it runs in a worker thread.
        reason, addresses = await asyncio.to_thread(
            vet_url,
            url,
            allow_private=self.settings.allow_private_hosts,
            allowed_hosts=self.allowed_hosts,
        )
        if reason is None:
            self.pins.pin(url, addresses)  # the connection goes to these, not a new answer
        return reason

    def _host(self, key: str) -> _Host:
        if key not in self.hosts:
            slots = asyncio.Semaphore(max(1, self.settings.per_host_concurrency))
            self.hosts[key] = _Host(slots=slots)
        return self.hosts[key]

    async def _hop(self, url: str, state: FetchState, result: FetchResult) -> str | None:
        """One request; returns the Location of a redirect, or None when the URL is done."""
        key = host_key(url)
        host = self._host(key)
        async with host.slots:
            await self._await_turn(host, url)
            started = time.monotonic()
            try:
                async with asyncio.timeout(self.settings.timeout_s):
                    return await self._request(url, state, result, host)
            except (TimeoutError, httpx.TimeoutException) as exc:
                raise _FetchFailure(
                    f"timed out after {self.settings.timeout_s:g}s fetching {url}"
                ) from exc
            except httpx.HTTPError as exc:
                raise _FetchFailure(_describe_transport_error(exc, url, key)) from exc
            except zlib.error as exc:
                raise _FetchFailure(f"corrupt compressed body from {url}: {exc}") from exc
            finally:
                result.elapsed_s += time.monotonic() - started
                self.global_slots.release()

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
                    raise _FetchFailure(f"skipped {url}: {host.gave_up}")
                wait = host.next_start - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                    continue
                await self.global_slots.acquire()
                if host.next_start <= loop.time() and host.gave_up is None:
                    break
                self.global_slots.release()
            host.next_start = loop.time() + self.settings.per_host_delay_s

    async def _request(
        self, url: str, state: FetchState, result: FetchResult, host: _Host
    ) -> str | None:
        request = self.client.build_request("GET", url, headers=_conditional_headers(state))
        response = await self.client.send(request, stream=True)
        try:
            result.final_url, result.status = url, response.status_code
            return await self._handle(response, url, state, result, host)
        finally:
            await response.aclose()

    async def _handle(
        self,
        response: httpx.Response,
        url: str,
        state: FetchState,
        result: FetchResult,
        host: _Host,
    ) -> str | None:
        status = response.status_code
        if status in REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise _FetchFailure(f"HTTP {status} from {url} without a Location header")
            return location
        if status in RETRY_AFTER_STATUSES:
            raise _FetchFailure(self._note_retry_after(response, url, result, host))
        if status == 304:
            result.not_modified = True
            result.etag = response.headers.get("etag") or state.etag
            result.last_modified = response.headers.get("last-modified") or state.last_modified
            return None
        if status != 200:
            raise _FetchFailure(f"HTTP {status} from {url}")
        result.content_type = response.headers.get("content-type")
        result.etag = response.headers.get("etag")
        result.last_modified = response.headers.get("last-modified")
        result.body = await _read_capped(response, url, self.settings.max_bytes)
        return None

    def _note_retry_after(
        self, response: httpx.Response, url: str, result: FetchResult, host: _Host
    ) -> str:
        """Push the host back by Retry-After (or give up on it); return the error text."""
        status = response.status_code
        delay = parse_retry_after(response.headers.get("retry-after"))
        if delay is None:
            return f"HTTP {status} from {url}"
        result.retry_after_s = delay
        key = host_key(url)
        if delay > self.max_retry_after_s:
            host.gave_up = (
                f"{key} asked to wait {delay:g}s (HTTP {status} Retry-After), more than the "
                f"{self.max_retry_after_s:g}s cap; not requested again in this run"
            )
            return f"HTTP {status} from {url}: {host.gave_up}"
        loop = asyncio.get_running_loop()
        host.next_start = max(host.next_start, loop.time() + delay)
        return f"HTTP {status} from {url} (Retry-After {delay:g}s; {key} paused)"


def _conditional_headers(state: FetchState) -> dict[str, str]:
    headers: dict[str, str] = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def _describe_transport_error(exc: httpx.HTTPError, url: str, key: str) -> str:
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect to {key} for {url}: {detail}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"truncated or malformed response from {url}: {detail}"
    if isinstance(exc, httpx.ReadError):
        return f"connection broken while reading {url}: {detail}"
    return f"{type(exc).__name__} fetching {url}: {detail}"


# --------------------------------------------------------------------------- bounded bodies


async def _read_capped(response: httpx.Response, url: str, cap: int) -> bytes:
    """Stream the body, decoding it here, and stop as soon as either count passes ``cap``."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    declared = response.headers.get("content-length", "").strip()
    too_large = f"body larger than {_human(cap)} cap"
    if declared.isdigit() and int(declared) > cap:
        raise _FetchFailure(f"{too_large} (Content-Length {declared}) from {url}")
    decoder = _decoder_for(encoding, url)
    body = bytearray()
    raw = 0
    try:
        async for chunk in response.aiter_raw(CHUNK_BYTES):
            raw += len(chunk)
            if raw > cap:
                raise _TooLarge
            body += decoder.feed(chunk, room=cap - len(body))
        body += decoder.finish(room=cap - len(body))
    except _TooLarge:
        after = f" after {encoding} decoding" if encoding not in ("", "identity") else ""
        raise _FetchFailure(f"{too_large}{after} from {url}") from None
    return bytes(body)


class _TooLarge(Exception):
    """The body passed the cap; raised inside the decoders, worded by ``_read_capped``."""


class _Identity:
    def feed(self, data: bytes, *, room: int) -> bytes:
        return data  # the raw count already bounds it

    def finish(self, *, room: int) -> bytes:
        return b""


class _Inflater:
    """gzip/deflate decoding whose output never exceeds the room left under the cap.

    httpx's own decoders inflate a whole network chunk at once (a 64 KB gzip chunk can
    become 64 MB), so the body is read raw and inflated here with ``max_length``.
    """

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._obj: Any = None

    def _new(self, first: bytes) -> Any:
        if self.encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        # "deflate" is zlib-wrapped by the RFC but raw deflate in the wild: sniff the header.
        wrapped = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)

    def feed(self, data: bytes, *, room: int) -> bytes:
        out = bytearray()
        while data:
            if self._obj is None:
                self._obj = self._new(data)
            # Asking for room+1 bytes: getting them all back proves the body is over the cap.
            out += self._obj.decompress(data, room - len(out) + 1)
            if len(out) > room:
                raise _TooLarge
            if not self._obj.eof:
                break
            # A gzip body may hold several members: start a new one on the leftovers.
            data, self._obj = self._obj.unused_data, None
        return bytes(out)

    def finish(self, *, room: int) -> bytes:
        if self._obj is None:
            return b""
        out = self._obj.flush()
        if len(out) > room:
            raise _TooLarge
        return bytes(out)


def _decoder_for(encoding: str, url: str) -> _Identity | _Inflater:
    if encoding in ("", "identity"):
        return _Identity()
    if encoding in ("gzip", "x-gzip", "deflate"):
        return _Inflater(encoding)
    raise _FetchFailure(
        f"unsupported Content-Encoding {encoding!r} from {url} (asked for {ACCEPT_ENCODING})"
    )


def _human(n: int) -> str:
    """10485760 -> '10 MB'; 1536 -> '1.5 KB' (binary units, as the settings use)."""
    size = float(n)
    for unit in ("bytes", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:g} {unit}" if unit != "bytes" else f"{n} bytes"
        size /= 1024
    return f"{n} bytes"
