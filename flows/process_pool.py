"""``--runner processes``: Prefect's process pool, with its workers started as the flow starts.

Prefect's ``ProcessPoolTaskRunner`` spawns a worker process only when a task is submitted,
and a fresh worker spends ~5 s importing Prefect, trafilatura and spaCy and loading the
tagger before it runs anything. This runner submits one warm-up call per worker as soon as
the flow enters it, so those imports overlap the flow's own set-up and feed fetching.
"""

from __future__ import annotations

from typing import Any, Self

from prefect.task_runners import ProcessPoolTaskRunner

from flows.runners import warm_worker

_IN_WORKER = False  # set in the pool's own processes


def _initialise_worker() -> None:
    global _IN_WORKER
    _IN_WORKER = True
    warm_worker()


def _ready() -> None:
    """The warm-up call: it returns at once, after the worker's initialiser has run."""


class WarmProcessPoolTaskRunner(ProcessPoolTaskRunner):
    """A ``ProcessPoolTaskRunner`` of ``max_workers`` processes, each importing the CPU stage
    and loading the tagger when the flow starts rather than at its first batch."""

    def __init__(self, max_workers: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initializer", _initialise_worker)
        super().__init__(max_workers=max_workers, **kwargs)

    def __enter__(self) -> Self:
        super().__enter__()
        executor = self._executor
        # Prefect enters a copy of the flow's runner around every task run in a worker (to
        # hydrate the flow's context); that copy must not start processes of its own
        if executor is not None and not _IN_WORKER:
            # the executor spawns one process per submit while no worker is idle
            for _ in range(self._max_workers):
                executor.submit(_ready)
        return self
