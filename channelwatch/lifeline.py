"""Child processes that die with the process that started them, even after ``kill -9``.

``spawn_tethered(module, args)`` runs ``python -m channelwatch.lifeline module args...``
with a pipe on its stdin whose write end only the parent holds. The child runs ``module``
as ``python -m module`` would, plus one thread blocked reading that pipe. When the parent
dies, however it dies, the kernel closes its end; the read returns end-of-file and the
child sends itself SIGTERM (a graceful stop: uvicorn closes its database), then exits hard
after ``GRACE_S`` if it is still there.

Why a pipe rather than the alternatives:

- ``prctl(PR_SET_PDEATHSIG)`` fires when the *thread* that forked the child ends, not the
  process, so a server started from a worker thread would die early; and it is Linux-only.
- A process group only helps if someone signals the group; ``kill -9 <pid>`` does not.
- The pipe is portable (any POSIX), immediate, and has no start-up race: a parent already
  dead when the child starts reads as end-of-file at once. Its one condition is that no
  other process holds the write end: Python makes pipes non-inheritable, ``subprocess``
  closes other descriptors, and the task runners start their workers with ``spawn``
  (fork + exec), so only the parent ever has it.
"""

from __future__ import annotations

import os
import runpy
import signal
import subprocess
import sys
import threading
import time
from typing import Any

GRACE_S = 10.0


def tethered_command(module: str, args: list[str]) -> list[str]:
    """The command line that runs ``python -m module args`` tethered to its parent."""
    return [sys.executable, "-m", "channelwatch.lifeline", module, *args]


def spawn_tethered(module: str, args: list[str], **popen_kwargs: Any) -> subprocess.Popen[Any]:
    """Start ``python -m module args`` as a child that ends when this process ends.

    Keep the returned ``Popen`` referenced for as long as the child should live: its
    ``stdin`` is the tether, and closing it (or this process dying) stops the child."""
    return subprocess.Popen(tethered_command(module, args), stdin=subprocess.PIPE, **popen_kwargs)


def _watch_parent(fd: int) -> None:
    """Block until the parent's end of the tether closes, then stop this process."""
    try:
        while os.read(fd, 4096):
            pass  # the parent never writes; anything read is ignored
    except OSError:
        pass
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(GRACE_S)
    os._exit(1)


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit("usage: python -m channelwatch.lifeline MODULE [ARGS...]")
    module, *args = argv
    tether = os.dup(0)  # non-inheritable: the program's own children never hold it
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)  # the program gets an empty stdin, not the tether
    os.close(devnull)
    threading.Thread(target=_watch_parent, args=(tether,), daemon=True, name="lifeline").start()
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
