"""Connections go to the address that was checked, never to a second DNS answer.

``check_url`` resolves a host and refuses it if any address is private; if httpx then
resolved the name again to connect, a hostile DNS server could answer with a public
address the first time and ``127.0.0.1`` the second (DNS rebinding). Here the fetcher
records the checked addresses (``AddressPins.pin``) and the connection pool's network
backend connects to one of them instead of resolving: the request keeps its URL, so the
``Host`` header, TLS SNI and certificate check all use the original name.

With ``allow_private_hosts`` any address may be fetched, so nothing is pinned. A host in
``allowed_hosts`` (the demo's, a test's) is connected by name, as the operator allowed it.
"""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Iterable, Sequence
from typing import Any

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def pin_key(url: str) -> str:
    """The host as the connection pool sees it (ASCII, IDNA-encoded, no brackets)."""
    return httpx.URL(url).raw_host.decode("ascii").lower()


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class AddressPins:
    """Host -> the addresses its check accepted, for one fetch call.

    ``strict``: a host name that was never checked is refused at connect time (a bug
    elsewhere must not reopen the rebinding window)."""

    def __init__(self, *, strict: bool) -> None:
        self.strict = strict
        self._hosts: dict[str, tuple[str, ...] | None] = {}

    def pin(self, url: str, addresses: Sequence[IPAddress]) -> None:
        """Record what the check of ``url`` accepted; no addresses: connect by name."""
        self._hosts[pin_key(url)] = tuple(str(a) for a in addresses) or None

    def addresses_for(self, host: str) -> list[str]:
        """Where a connection to ``host`` may go; raises ``httpcore.ConnectError``."""
        key = host.lower()
        if key in self._hosts:
            pinned = self._hosts[key]
            return list(pinned) if pinned else [host]
        if not self.strict or _is_ip(key):  # an IP literal needs no resolution
            return [host]
        raise httpcore.ConnectError(
            f"no checked address for {host}: refused to resolve it again (address pinning)"
        )


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting to the pinned addresses of each host."""

    def __init__(self, pins: AddressPins) -> None:
        self.pins = pins
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        error: Exception | None = None
        for address in self.pins.addresses_for(host):
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc  # try the next checked address
        assert error is not None
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def pinned_transport(
    pins: AddressPins, *, verify: ssl.SSLContext, limits: httpx.Limits
) -> httpx.AsyncHTTPTransport:
    """httpx's own transport (request/response mapping, errors) over a pool whose
    connections go through ``PinnedBackend``. httpx takes no network backend, so its pool
    is built here with the same options it would use."""
    transport = httpx.AsyncHTTPTransport(verify=verify, limits=limits, trust_env=False)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=verify,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=PinnedBackend(pins),
    )
    return transport
