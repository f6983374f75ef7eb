"""A bounded pool for heavy exports: reports (a PDF starts a browser and takes 8–13 s of
CPU) run a few at a time per server, the rest wait in order.

On a 2-core host eight PDF exports at once started eight browsers (~450 MiB each) and
made another visitor wait 53 s for a page. Here at most `workers` jobs run (one by
default: :data:`DEFAULT_WORKERS`), later ones wait first come, first served; a waiting
job knows its place and can be cancelled, a running one stops at its next progress
report; and one owner (a visitor's session) has at most one job waiting or running.

Pure Python (threads), no Streamlit: the app keeps one queue per server process.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from typing import Any

LOG = logging.getLogger(__name__)

DEFAULT_WORKERS = 1
WORKERS_ENV = "HE_EXPORT_WORKERS"
"""Environment variable: how many exports run at once per server process."""

WAITING = "waiting"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
CANCELLED = "cancelled"
FINISHED = (DONE, FAILED, CANCELLED)

Progress = Callable[[float, str], None]
Work = Callable[[Progress], Any]


class Cancelled(Exception):
    """Raised inside a job's progress report when its owner cancelled it."""


class Busy(Exception):
    """The owner already has a job waiting or running."""


@dataclass(eq=False)
class Ticket:
    """One job: its state, place, progress and outcome (read by the owner's page)."""

    number: int
    owner: str
    work: Work
    state: str = WAITING
    progress: float = 0.0
    text: str = ""
    result: Any = None
    error: BaseException | None = None
    _queue: ExportQueue | None = field(default=None, repr=False)

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    def position(self) -> int:
        """1 for the next job to start, 2 for the one after …; 0 once it runs or ended."""
        return self._queue.position(self) if self._queue else 0

    def cancel(self) -> None:
        if self._queue:
            self._queue.cancel(self)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job has ended (True) or `timeout` seconds passed (False)."""
        return self._queue.wait(self, timeout) if self._queue else True


class ExportQueue:
    """At most `workers` jobs at once, the rest first come, first served."""

    def __init__(self, workers: int = DEFAULT_WORKERS) -> None:
        self.workers = max(1, workers)
        self._waiting: deque[Ticket] = deque()
        self._active: dict[str, Ticket] = {}
        self._changed = threading.Condition()
        self._numbers = count(1)
        self._threads: list[threading.Thread] = []

    def submit(self, owner: str, work: Work) -> Ticket:
        """Queue `work(progress)` for `owner`; Busy if the owner has a job not yet ended."""
        with self._changed:
            current = self._active.get(owner)
            if current is not None and not current.finished:
                raise Busy(f"{owner} already has export {current.number}")
            ticket = Ticket(next(self._numbers), owner, work, _queue=self)
            self._active[owner] = ticket
            self._waiting.append(ticket)
            self._start_workers()
            self._changed.notify_all()
            return ticket

    def active(self, owner: str) -> Ticket | None:
        """The owner's job waiting or running, if any."""
        with self._changed:
            ticket = self._active.get(owner)
            return ticket if ticket is not None and not ticket.finished else None

    def position(self, ticket: Ticket) -> int:
        with self._changed:
            try:
                return self._waiting.index(ticket) + 1
            except ValueError:
                return 0

    def running(self) -> int:
        with self._changed:
            return sum(1 for t in self._active.values() if t.state == RUNNING)

    def cancel(self, ticket: Ticket) -> None:
        """A waiting job leaves the queue; a running one stops at its next progress report."""
        with self._changed:
            if ticket.state == WAITING:
                self._waiting.remove(ticket)
                ticket.state = CANCELLED
            elif ticket.state == RUNNING:
                ticket.error = Cancelled()
            self._changed.notify_all()

    def wait(self, ticket: Ticket, timeout: float | None = None) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: ticket.finished, timeout)

    def wait_for_change(self, timeout: float) -> None:
        """Block until any job changes state or `timeout` seconds pass (for status pages)."""
        with self._changed:
            self._changed.wait(timeout)

    def _start_workers(self) -> None:
        while len(self._threads) < self.workers:
            thread = threading.Thread(
                target=self._serve, name=f"export worker {len(self._threads) + 1}", daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def _serve(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: bool(self._waiting))
                ticket = self._waiting.popleft()
                ticket.state = RUNNING
                self._changed.notify_all()
            self._run(ticket)

    def _run(self, ticket: Ticket) -> None:
        def progress(done: float, text: str) -> None:
            if isinstance(ticket.error, Cancelled):
                raise ticket.error
            ticket.progress, ticket.text = done, text

        try:
            result = ticket.work(progress)
        except Cancelled:
            state, result = CANCELLED, None
        except Exception as err:  # the owner's page shows it; the worker serves on
            LOG.warning("export %s failed: %s", ticket.number, err)
            state, result, ticket.error = FAILED, None, err
        else:
            state = CANCELLED if isinstance(ticket.error, Cancelled) else DONE
        with self._changed:
            ticket.result = result if state == DONE else None
            ticket.state = state
            self._changed.notify_all()
