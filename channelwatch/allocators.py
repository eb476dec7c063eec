"""Allocator settings for long runs, so memory freed after each batch goes back to the OS.

A run's Python objects stay flat from batch to batch (tracemalloc plateaus after the first
minute), yet without these settings its resident size kept climbing with the page count:
``python -m bench.memory`` measured 433 MB at 2,000 generated pages and 495 MB at 6,000
(555 MB at 10,000). Two allocators kept freed memory instead of returning it:

- pyarrow's default pool (jemalloc) holds on to the pages of every batch's Arrow rows
  for reuse. The system pool (glibc malloc) gives them back: 495 -> 443 MB at 6,000.
- glibc raises its mmap threshold each time a large block is freed (up to 32 MB), so the
  next batches' bodies and buffers (pages of 10-200 KB, a few MB per batch) come from the
  heap, which fragments and seldom shrinks. A fixed threshold keeps them in their own
  mappings, unmapped on free: 495 -> 458 MB at 6,000.

Both together, in three full ``python -m bench`` runs: 372-399 MB at 2,000 pages and
441-463 MB at 10,000 (1.14-1.19x), the rest being the loads' DuckDB buffers over a
growing store. Call ``tune_allocators`` once, before the
work starts; it is a no-op where an allocator is not there (not glibc, no pyarrow pool).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform

MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's own starting value, fixed so it never rises
_M_MMAP_THRESHOLD = -3  # mallopt parameter number, from glibc's <malloc.h>


def tune_allocators() -> dict[str, bool]:
    """Use the system pool for Arrow and a fixed glibc mmap threshold, in this process and
    in the worker processes it starts later (through the environment they inherit).

    Returns what was applied, by name."""
    return {"arrow_system_pool": _arrow_system_pool(), "glibc_mmap_threshold": _glibc_threshold()}


def _arrow_system_pool() -> bool:
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")  # for child processes
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())
    return pa.default_memory_pool().backend_name == "system"


def _glibc_threshold() -> bool:
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    # glibc reads this at start-up: it covers the processes started from here
    os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", str(MMAP_THRESHOLD_BYTES))
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
