"""Prefect's test harness with its API server tethered to the test process.

``prefect.testing.utilities.prefect_test_harness`` starts a ``uvicorn`` child
(``SubprocessASGIServer``) and stops it when the harness exits; a pytest killed with
``kill -9`` never exits it, and the server ran on for good. Here the harness starts the
same server through ``channelwatch.lifeline`` (``flows.runners.tethered_server_class``,
which ``channelwatch run`` uses too), so it dies with the process that started it,
however that process ends. tests/test_lifeline.py kills a process holding this harness.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def tethered_test_harness(server_startup_timeout: int = 120) -> Iterator[None]:
    """``prefect_test_harness`` whose server is tethered to this process."""
    import prefect.testing.utilities as harness
    from prefect.server.api.server import SubprocessASGIServer

    from flows.runners import tethered_server_class

    tethered = tethered_server_class()
    prior = SubprocessASGIServer._instances.get(None)
    with pytest.MonkeyPatch.context() as patch:
        # the harness names the class it starts; the same server, started tethered
        patch.setattr(harness, "SubprocessASGIServer", tethered)
        with harness.prefect_test_harness(server_startup_timeout=server_startup_timeout):
            # code that asks Prefect's own class for the default server finds this one
            # (as the harness arranges for the class it knows) instead of starting another
            SubprocessASGIServer._instances[None] = tethered._instances[None]
            try:
                yield
            finally:
                if prior is None:
                    SubprocessASGIServer._instances.pop(None, None)
                else:
                    SubprocessASGIServer._instances[None] = prior
