"""The server's CPU time per script run, for benchmarks measured on the server (#18).

`begin()` at the top of app.py and `end()` at its bottom take the script thread's CPU
time (`time.thread_time`: this run's own work, not other sessions' nor the browser's)
and its wall time (which includes waiting for other sessions' runs: Python runs one
thread at a time), and log them at DEBUG on the logger ``app.runs``; with
`HE_RUN_TIMES` naming a file, one line per run is appended to it too
(``<unix time> <page> <cpu ms> <wall ms>``), for
`bench/bench_load.py` to read while many sessions click. A run stopped early (a rerun
asked for by a click) records nothing. Off by default: two clock reads per run.
"""

from __future__ import annotations

import logging
import os
import threading
import time

RUN_TIMES_ENV = "HE_RUN_TIMES"
LOG = logging.getLogger("app.runs")
_started = threading.local()


def begin() -> None:
    _started.cpu = time.thread_time()
    _started.wall = time.perf_counter()


def end(page: str) -> None:
    started = getattr(_started, "cpu", None)
    if started is None:
        return
    cpu_ms = (time.thread_time() - started) * 1000
    wall_ms = (time.perf_counter() - _started.wall) * 1000
    _started.cpu = None
    LOG.debug("run of %s: %.1f ms CPU, %.1f ms wall", page, cpu_ms, wall_ms)
    path = os.environ.get(RUN_TIMES_ENV)
    if path:
        name = page.replace(" ", "_") or "-"
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{time.time():.3f} {name} {cpu_ms:.1f} {wall_ms:.1f}\n")
