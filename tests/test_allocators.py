"""tune_allocators: long runs hand freed memory back, in this process and in its workers."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys

import pytest

INHERITED = ("ARROW_DEFAULT_MEMORY_POOL", "MALLOC_MMAP_THRESHOLD_")
SCRIPT = """
import json, os, subprocess, sys
from channelwatch.allocators import tune_allocators
applied = tune_allocators()
import pyarrow as pa
child = subprocess.run(
    [sys.executable, "-c", "import pyarrow as pa; print(pa.default_memory_pool().backend_name)"],
    capture_output=True, text=True, check=True,
).stdout.strip()
print(json.dumps({"applied": applied, "pool": pa.default_memory_pool().backend_name,
                  "child_pool": child, "threshold": os.environ.get("MALLOC_MMAP_THRESHOLD_")}))
"""


def run_script() -> dict[str, object]:
    # a fresh interpreter (the settings are process-wide), without the variables an earlier
    # in-process CLI test may have set, so what the child sees is what tune_allocators did
    env = {k: v for k, v in os.environ.items() if k not in INHERITED}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, env=env
    ).stdout
    result: dict[str, object] = json.loads(out)
    return result


def test_arrow_uses_the_system_pool_here_and_in_processes_started_later() -> None:
    result = run_script()
    assert result["pool"] == "system"
    assert result["child_pool"] == "system"
    assert result["applied"]["arrow_system_pool"] is True  # type: ignore[index]


@pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only"
)
def test_glibc_mmap_threshold_is_fixed_and_inherited() -> None:
    result = run_script()
    assert result["applied"]["glibc_mmap_threshold"] is True  # type: ignore[index]
    assert result["threshold"] == str(128 * 1024)
