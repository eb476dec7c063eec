"""Errors the extractors raise. ``channelwatch.errors`` re-exports them, so the CLI's one-line
messages and ``except ConfigError`` work the same for both packages."""

from __future__ import annotations


class ExtractorError(Exception):
    """Base class: the message names what failed, the value, and the fix."""


class ConfigError(ExtractorError):
    """A configuration or data file is wrong (sources.toml, rules, gazetteer, settings...)."""


class FetchRefused(ExtractorError):
    """A URL was refused before any request was sent (scheme, credentials, private host)."""


class FetchFailure(ExtractorError):
    """A per-URL fetch problem (status, timeout, size cap, redirect...). The fetcher records
    its message in ``FetchResult.error`` verbatim; it never escapes ``fetch_many``."""
