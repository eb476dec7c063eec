"""Domain errors. Library code raises these; the CLI turns them into one-line messages."""

from __future__ import annotations

from extractors.errors import ConfigError, ExtractorError, FetchRefused

__all__ = [
    "ChannelwatchError",
    "ConfigError",
    "ExtractorError",
    "FetchRefused",
    "InputError",
    "StoreBusyError",
    "StoreError",
    "UserError",
    "WorkerLostError",
]


class ChannelwatchError(Exception):
    """Base class: the message names what failed, the value, and the fix."""


class StoreError(ChannelwatchError):
    """The DuckDB store cannot be opened, migrated or written."""


class StoreBusyError(StoreError):
    """Another process holds the store's write lock."""


class InputError(ChannelwatchError):
    """Input data (JSON lines, parameters, files) is malformed."""


class WorkerLostError(ChannelwatchError):
    """A worker process of the task runner died (killed, out of memory, crashed)."""


# what the CLI reports as one line: this package's errors and the extractors' (config, fetch)
UserError = (ChannelwatchError, ExtractorError)
