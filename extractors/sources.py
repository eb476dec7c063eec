"""Read the list of feeds to watch from a TOML file (``data/sources.toml``).

Every mistake is reported as a :class:`~channelwatch.errors.ConfigError` whose message
names the file, the entry (its position among the ``[[source]]`` tables and its name) and
the fix, so that the CLI can print it as one line.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from extractors.errors import ConfigError
from extractors.models import Source

ALLOWED_KEYS: tuple[str, ...] = ("name", "url", "tags")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SCHEMES = ("http", "https")


def load_sources(path: Path) -> list[Source]:
    """Return the sources declared in ``path``, in file order.

    Raises ``ConfigError`` if the file is missing, is not valid TOML, or declares a
    source wrongly (see ``validate_sources`` for the checks).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: sources file not found; create it (see data/sources.toml) "
            "or pass --sources with an existing file"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read sources file ({exc.strerror})") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 (bad byte at offset {exc.start}); save the file as UTF-8"
        ) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The message already carries "(at line L, column C)".
        raise ConfigError(
            f"{path}: invalid TOML: {exc}; fix the syntax there "
            "(strings need double quotes, tables are written [[source]])"
        ) from None
    return parse_sources(document, origin=str(path))


def parse_sources(document: dict[str, Any], *, origin: str) -> list[Source]:
    """Turn a parsed TOML document into sources; ``origin`` names the file in errors."""
    unknown_top = sorted(set(document) - {"source"})
    if unknown_top:
        raise ConfigError(
            f"{origin}: unknown top-level key(s) {', '.join(map(repr, unknown_top))}; "
            "the file holds only [[source]] tables"
        )
    tables = document.get("source")
    if tables is None:
        raise ConfigError(
            f"{origin}: no [[source]] table; add at least one, e.g. "
            '[[source]] name = "openai-news" url = "https://openai.com/news/rss.xml"'
        )
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(
            f"{origin}: 'source' must be an array of tables; write each feed as its own "
            "[[source]] table (double brackets), not [source] or source = ..."
        )
    if not tables:
        raise ConfigError(f"{origin}: no [[source]] table; add at least one feed")

    sources: list[Source] = []
    names: dict[str, int] = {}
    urls: dict[str, int] = {}
    for index, table in enumerate(tables, start=1):
        source = _parse_entry(table, index=index, origin=origin)
        where = _where(origin, index, source.name)
        if source.name in names:
            raise ConfigError(
                f"{where}: duplicate name {source.name!r} (already used by source "
                f"#{names[source.name]}); give each source a unique name"
            )
        key = _url_key(source.url)
        if key in urls:
            raise ConfigError(
                f"{where}: duplicate url {source.url!r} (already used by source #{urls[key]}); "
                "remove one of the two entries"
            )
        names[source.name] = index
        urls[key] = index
        sources.append(source)
    return sources


def _parse_entry(table: dict[str, Any], *, index: int, origin: str) -> Source:
    raw_name = table.get("name")
    label = raw_name if isinstance(raw_name, str) and raw_name.strip() else None
    where = _where(origin, index, label)

    unknown = sorted(set(table) - set(ALLOWED_KEYS))
    if unknown:
        raise ConfigError(
            f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; "
            f"allowed keys are {', '.join(ALLOWED_KEYS)}"
        )

    if raw_name is None:
        raise ConfigError(f'{where}: missing name; add name = "some-slug"')
    if not isinstance(raw_name, str) or not raw_name.strip():
        raise ConfigError(f'{where}: name is empty or not a string; write name = "some-slug"')
    name = raw_name.strip()
    if not _NAME_RE.match(name):
        raise ConfigError(
            f"{where}: name {name!r} is not a slug; use lowercase letters, digits and "
            f"hyphens, e.g. {_slugify(name)!r}"
        )

    raw_url = table.get("url")
    if raw_url is None:
        raise ConfigError(f'{where}: missing url; add url = "https://..." (the feed URL)')
    if not isinstance(raw_url, str) or not raw_url.strip():
        raise ConfigError(f'{where}: url is empty or not a string; write url = "https://..."')
    url = raw_url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES:
        raise ConfigError(
            f"{where}: url {url!r} is not http(s); give the feed's http:// or https:// address"
        )
    if not parts.hostname:
        raise ConfigError(f"{where}: url {url!r} has no host; write a full https://host/path URL")

    raw_tags = table.get("tags", [])
    if not isinstance(raw_tags, list) or not all(isinstance(t, str) for t in raw_tags):
        raise ConfigError(
            f"{where}: tags must be a list of strings, got {raw_tags!r}; "
            'write tags = ["trade-press", "ai"]'
        )
    tags = tuple(t.strip() for t in raw_tags if t.strip())
    return Source(name=name, url=url, tags=tags)


def _where(origin: str, index: int, name: str | None) -> str:
    return f"{origin}: source #{index}" + (f" ({name!r})" if name else "")


def _url_key(url: str) -> str:
    """Compare URLs case-insensitively on scheme and host, ignoring a trailing slash."""
    parts = urlsplit(url)
    rest = url[len(parts.scheme) + 3 + len(parts.netloc) :]
    return f"{parts.netloc.lower()}{rest.rstrip('/')}"


def _slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "my-source"
