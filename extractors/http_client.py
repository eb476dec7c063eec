"""The httpx client every fetch goes through, and how its transport errors are worded.

The client connects only to addresses the URL check accepted (``extractors.pinning``),
follows no redirect by itself (each hop is checked by the fetcher) and takes no proxy from
the environment (the address check must be the truth).
"""

from __future__ import annotations

import functools
import ssl

import httpx

from extractors.capped_body import ACCEPT_ENCODING
from extractors.fetch_settings import FetchSettings
from extractors.pinning import AddressPins, pinned_transport
from extractors.urls import host_key


def new_client(settings: FetchSettings, pins: AddressPins) -> httpx.AsyncClient:
    """A client for one fetch call: ``total_concurrency`` connections, pinned addresses."""
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


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context per process: building one loads the CA bundle (~50 ms),
    and the flow makes a client for every batch of pages."""
    return httpx.create_ssl_context(trust_env=False)  # what httpx builds for verify=True


def describe_transport_error(exc: httpx.HTTPError, url: str) -> str:
    """A transport failure as the one line ``FetchResult.error`` records."""
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect to {host_key(url)} for {url}: {detail}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"truncated or malformed response from {url}: {detail}"
    if isinstance(exc, httpx.ReadError):
        return f"connection broken while reading {url}: {detail}"
    return f"{type(exc).__name__} fetching {url}: {detail}"
