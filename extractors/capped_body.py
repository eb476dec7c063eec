"""A response body read under a size cap, decompressed here with a bounded output.

The cap counts the raw bytes AND the decoded bytes, so a gzip bomb stops at the cap
instead of inflating a whole network chunk first.
"""

from __future__ import annotations

import zlib
from typing import Any

import httpx

from extractors.errors import FetchFailure

# Only the encodings decoded here with a bounded output; br/zstd are never asked for.
ACCEPT_ENCODING = "gzip, deflate"
CHUNK_BYTES = 64 * 1024


async def read_capped(response: httpx.Response, url: str, cap: int) -> bytes:
    """Stream the body, decoding it here, and stop as soon as either count passes ``cap``.

    Raises ``FetchFailure`` for a body over the cap or an encoding not asked for; a corrupt
    compressed body raises ``zlib.error``.
    """
    encoding = response.headers.get("content-encoding", "").strip().lower()
    declared = response.headers.get("content-length", "").strip()
    too_large = f"body larger than {human_size(cap)} cap"
    if declared.isdigit() and int(declared) > cap:
        raise FetchFailure(f"{too_large} (Content-Length {declared}) from {url}")
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
        raise FetchFailure(f"{too_large}{after} from {url}") from None
    return bytes(body)


def human_size(n: int) -> str:
    """10485760 -> '10 MB'; 1536 -> '1.5 KB' (binary units, as the settings use)."""
    size = float(n)
    for unit in ("bytes", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:g} {unit}" if unit != "bytes" else f"{n} bytes"
        size /= 1024
    return f"{n} bytes"


class _TooLarge(Exception):
    """The body passed the cap; raised inside the decoders, worded by ``read_capped``."""


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
    raise FetchFailure(
        f"unsupported Content-Encoding {encoding!r} from {url} (asked for {ACCEPT_ENCODING})"
    )
