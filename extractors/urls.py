"""URL canonicalisation, article ids and the safety check run before every request.

``canonical_url`` is what makes an article stored once: the same page reached through a
feed link with ``utm_*`` parameters, a fragment or an upper-case host gets one id.

``check_url`` is the guard against server-side request forgery: a feed is untrusted input,
so a link (or a redirect) to ``http://169.254.169.254/`` or ``http://10.0.0.1/`` must never
be followed unless the operator allowed private hosts or the exact host:port is the demo's
or a test's own server.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import socket
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url

from extractors.errors import FetchRefused

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# courlan already strips the common trackers (utm_*, fbclid, gclid, msclkid, mc_*, ref...);
# these are the ones it keeps that only identify a campaign or a click, never the page.
_EXTRA_TRACKERS_RE = re.compile(r"^(?:_hs\w*|hsa_\w+|mkt_tok|spm|s_cid|cmpid|ocid|smid)$", re.I)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def canonical_url(url: str) -> str:
    """Return the canonical form of ``url``: the key under which an article is stored once.

    Lower-cased scheme and host, default port dropped, tracking parameters dropped, the
    remaining query sorted, the fragment dropped, an empty path written as ``/``.
    Meaningful query parameters (``?id=3``, ``?p=12``) are kept.
    """
    text = url.strip()
    try:
        normalised = normalize_url(text, strict=False, trailing_slash=True)
    except ValueError:  # courlan rejects some malformed netlocs; fall back to our own parts
        normalised = text
    parts = urlsplit(normalised)
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracker(k)]
    )
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def _is_tracker(name: str) -> bool:
    return bool(_EXTRA_TRACKERS_RE.match(name))


def article_id(url: str) -> str:
    """A stable 16-hex-character id for the article at ``url`` (sha256 of the canonical URL)."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def host_key(url: str) -> str:
    """``host:port`` of ``url`` with the scheme's default port filled in.

    This is what "a host" means for politeness limits and for ``allowed_hosts``:
    two ports on 127.0.0.1 are two hosts.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower(), 0)
    except ValueError:
        port = 0
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return f"{host}:{port}"


def check_url(
    url: str, *, allow_private: bool, allowed_hosts: frozenset[str] = frozenset()
) -> None:
    """Raise ``FetchRefused`` ("refused URL: reason; fix") unless ``url`` is safe to request.

    Refused: schemes other than http/https (``file:``, ``javascript:``, ``data:``, ``ftp:``),
    user names or passwords in the URL, a missing host, and hosts of which ANY resolved
    address is private, loopback, link-local, reserved, multicast or unspecified, unless
    ``allow_private`` is set or the URL's ``host:port`` (or bare host) is in
    ``allowed_hosts``. Resolution happens here, so call it off the event loop.
    """
    reason = refusal_reason(url, allow_private=allow_private, allowed_hosts=allowed_hosts)
    if reason is not None:
        raise FetchRefused(f"refused {redact_url(url)}: {reason}")


def refusal_reason(
    url: str, *, allow_private: bool, allowed_hosts: frozenset[str] = frozenset()
) -> str | None:
    """Why ``check_url`` would refuse ``url`` (None when it is safe), for callers that word
    the error themselves (a redirect hop)."""
    return vet_url(url, allow_private=allow_private, allowed_hosts=allowed_hosts)[0]


def vet_url(
    url: str,
    *,
    allow_private: bool,
    allowed_hosts: frozenset[str] = frozenset(),
    resolve: Callable[[str], list[IPAddress]] | None = None,
) -> tuple[str | None, list[IPAddress]]:
    """``refusal_reason`` plus the addresses it checked, which the connection must then
    use (``extractors.pinning``); none when nothing was resolved (private hosts allowed,
    or an allowed host). ``resolve`` (default ``resolve_host``) is called only when the
    host must be resolved; it raises ``OSError`` for a name that does not resolve."""
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # raises ValueError on a non-numeric or out-of-range port
    except ValueError as exc:
        return f"malformed URL ({exc})", []
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"'{scheme}:'" if scheme else "no scheme"
        return f"{shown} URLs are not fetched; use http(s)", []
    if parts.username is not None or parts.password is not None:
        return "URLs with credentials are not fetched; remove 'user:pass@'", []
    host = parts.hostname
    if not host:
        return "the URL has no host", []
    if allow_private or _is_allowed(url, host, allowed_hosts):
        return None, []
    try:
        addresses = (resolve or resolve_host)(host)
    except OSError as exc:
        return f"cannot resolve host {host} ({exc})", []
    for address in addresses:
        if not is_public_address(address):
            where = "" if _ip_literal(host) is not None else f"{host} resolves to "
            return (
                f"{where}private address {address}; "
                "set CHANNELWATCH_ALLOW_PRIVATE_HOSTS=1 to fetch internal hosts"
            ), []
    return None, addresses


def _is_allowed(url: str, host: str, allowed_hosts: frozenset[str]) -> bool:
    return bool(allowed_hosts) and (host_key(url) in allowed_hosts or host in allowed_hosts)


def resolve_host(host: str) -> list[IPAddress]:
    """Every address ``host`` resolves to (an IP literal resolves to itself).

    Raises ``OSError`` (``socket.gaierror``) when the name does not resolve.
    """
    literal = _ip_literal(host)
    if literal is not None:
        return [literal]
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except UnicodeError as exc:  # an IDNA label that cannot be encoded
        raise OSError(str(exc)) from exc
    addresses = {ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos}
    return sorted(addresses, key=str)


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def is_public_address(address: IPAddress) -> bool:
    """True for a globally routable unicast address (IPv4-mapped IPv6 judged as IPv4)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
        or not address.is_global
    )


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[: limit - 3] + "..."


def redact_url(url: str) -> str:
    """``url`` without its password, so error messages and logs never carry a secret."""
    return re.sub(r"(//[^/@:]*):[^/@]*@", r"\1:***@", _short(url))
