"""Domain errors. Library code raises these; the CLI turns them into one-line messages."""

from __future__ import annotations


class ChannelwatchError(Exception):
    """Base class: the message names what failed, the value, and the fix."""


class ConfigError(ChannelwatchError):
    """A configuration file or setting is wrong (sources.toml, SMTP settings...)."""


class StoreError(ChannelwatchError):
    """The DuckDB store cannot be opened, migrated or written."""


class StoreBusyError(StoreError):
    """Another process holds the store's write lock."""


class InputError(ChannelwatchError):
    """Input data (JSON lines, parameters, files) is malformed."""


class FetchRefused(ChannelwatchError):
    """A URL was refused before any request was sent (scheme, credentials, private host)."""


class WorkerLostError(ChannelwatchError):
    """A worker process of the task runner died (killed, out of memory, crashed)."""
