"""Progress of a fetch: requests done of planned, cells, elapsed.

Shown as one line on stderr when that is a terminal; a `listener` (the app's first start)
gets every step too, to draw its own progress bar."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

Listener = Callable[[str, int, int, int, int], None]
"""Called with (table, requests done, requests planned, cells done, cells planned)."""


class Progress:
    """Rewrites one line with `\\r`; silent unless `stream` is a terminal and not quiet."""

    def __init__(
        self, stream: TextIO | None = None, quiet: bool = False, listener: Listener | None = None
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = not quiet and self.stream.isatty()
        self.listener = listener
        self._label = ""
        self._planned = self._done = self._cells = self._total_cells = 0
        self._started = time.monotonic()
        self._shown = 0.0

    def start(self, label: str, requests: int, cells: int) -> None:
        self._label, self._planned, self._total_cells = label, requests, cells
        self._done = self._cells = 0
        self._show(force=True)

    def advance(self, cells: int) -> None:
        self._done += 1
        self._cells += cells
        self._show(force=self._done == self._planned)

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()

    def _show(self, force: bool) -> None:
        if self.listener is not None:
            self.listener(self._label, self._done, self._planned, self._cells, self._total_cells)
        now = time.monotonic()
        if not self.enabled or (not force and now - self._shown < 0.1):
            return
        self._shown = now
        line = (
            f"{self._label}: {self._done}/{self._planned} requests, "
            f"{self._cells:,}/{self._total_cells:,} cells, "
            f"{now - self._started:.1f} s"
        )
        self.stream.write(f"\r\x1b[K{line}")
        self.stream.flush()
