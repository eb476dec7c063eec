"""The connection goes to the address the check accepted: no second DNS resolution.

Real loopback servers. The names used here (``*.invalid``) resolve nowhere, so a request
that reaches the server proves the connection went to the pinned address without
resolving the name again; the server sees the original Host header and, over TLS, the
original name in SNI, and the certificate is checked against that name.
"""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from servers import LoopbackServer, Route

from channelwatch.settings import FetchSettings
from extractors.fetch import fetch_one
from extractors.pinning import AddressPins, pinned_transport

NAME = "news.pinned.invalid"
LIMITS = httpx.Limits(max_connections=4, max_keepalive_connections=4)


def _get(url: str, pins: AddressPins, verify: ssl.SSLContext | None = None) -> httpx.Response:
    async def go() -> httpx.Response:
        context = verify or ssl.create_default_context()
        transport = pinned_transport(pins, verify=context, limits=LIMITS)
        async with httpx.AsyncClient(transport=transport) as client:
            return await client.get(url)

    return asyncio.run(go())


def test_a_pinned_name_is_connected_to_its_checked_address_without_resolving() -> None:
    with LoopbackServer({"/x": Route(body=b"pinned")}) as server:
        pins = AddressPins(strict=True)
        url = f"http://{NAME}:{server.port}/x"
        pins.pin(url, [ipaddress.ip_address("127.0.0.1")])
        response = _get(url, pins)
        [request] = server.requests
    assert response.content == b"pinned"
    assert request.headers["host"] == f"{NAME}:{server.port}"


def test_an_unchecked_name_is_refused_at_connect_time() -> None:
    # localhost resolves to this very server, but it was never checked: no connection
    with LoopbackServer({"/x": Route(body=b"no")}) as server:
        with pytest.raises(httpx.ConnectError, match="address pinning"):
            _get(f"http://localhost:{server.port}/x", AddressPins(strict=True))
        assert server.requests == []


def test_with_private_hosts_allowed_a_name_is_resolved_as_usual() -> None:
    with LoopbackServer({"/x": Route(body=b"ok")}) as server:
        settings = FetchSettings(timeout_s=5.0, per_host_delay_s=0.0, allow_private_hosts=True)
        result = fetch_one(f"http://localhost:{server.port}/x", settings=settings)
    assert result.ok and result.body == b"ok", result.error


def test_an_allowed_host_is_connected_by_name() -> None:
    with LoopbackServer({"/x": Route(body=b"ok")}) as server:
        settings = FetchSettings(timeout_s=5.0, per_host_delay_s=0.0)
        url = f"http://localhost:{server.port}/x"
        result = fetch_one(
            url, settings=settings, allowed_hosts=frozenset({f"localhost:{server.port}"})
        )
    assert result.ok and result.body == b"ok", result.error


# --- TLS: SNI and the certificate check keep the original name ----------------------------


def _certificate(tmp: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, NAME)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(NAME)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class _Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"tls ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[int, list[str | None], Path]]:
    """An HTTPS server on 127.0.0.1 with a certificate for NAME; records each SNI name."""
    cert, key = _certificate(tmp_path)
    names: list[str | None] = []
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: names.append(name)  # type: ignore[assignment]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], names, cert
    finally:
        server.shutdown()
        server.server_close()


def test_over_tls_the_original_name_is_sent_and_verified(
    tls_server: tuple[int, list[str | None], Path],
) -> None:
    port, names, cert = tls_server
    pins = AddressPins(strict=True)
    url = f"https://{NAME}:{port}/"
    pins.pin(url, [ipaddress.ip_address("127.0.0.1")])
    trust = ssl.create_default_context(cafile=str(cert))

    response = _get(url, pins, verify=trust)

    assert response.content == b"tls ok"
    assert names == [NAME]  # SNI carried the name, not the pinned address


def test_over_tls_a_certificate_for_another_name_still_fails(
    tls_server: tuple[int, list[str | None], Path],
) -> None:
    port, _, cert = tls_server
    pins = AddressPins(strict=True)
    url = f"https://other.pinned.invalid:{port}/"
    pins.pin(url, [ipaddress.ip_address("127.0.0.1")])
    with pytest.raises(httpx.ConnectError, match=r"certificate|hostname|match"):
        _get(url, pins, verify=ssl.create_default_context(cafile=str(cert)))


def test_every_checked_address_is_tried_in_turn() -> None:
    # the first pinned address refuses connections; the second is the server
    with LoopbackServer({"/x": Route(body=b"second")}) as server:
        pins = AddressPins(strict=True)
        url = f"http://{NAME}:{server.port}/x"
        pins.pin(url, [ipaddress.ip_address("127.0.0.2"), ipaddress.ip_address("127.0.0.1")])
        try:
            response = _get(url, pins)
        except httpx.ConnectError:
            pytest.fail("the second checked address was not tried")
    assert response.content == b"second"
