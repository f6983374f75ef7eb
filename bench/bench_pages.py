"""Benchmark: the server-side time of one rerun of each page, on the full dataset.

    python bench/bench_pages.py [--runs 20] [--data-dir DIR] [--write]

Each page runs in Streamlit's AppTest (the script and the messages it sends, without a
browser), in one process, as a server would run it. Two figures per view:

- *same view*: the page rerun without any change, after warm-up (a widget that changes
  nothing, a returning user, another session on the same view);
- *new kommun*: every run picks another kommun in the area box, one not shown before in
  the process (by any view), so the page builds its tables and charts anew — what a
  user waits for after changing the selection.

Reported: median and 95th percentile of the wall time over `--runs` runs, and the
median CPU time of the process (less disturbed by other load on the machine than the
wall time). The dataset is the one `make run` uses (`$HE_DATA_DIR`, else `var/`); the
first run of each view, which loads it and builds the monthly tables, is not counted.
`--write` puts the table in the "Pages" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import machine, percentile, today, write_section  # noqa: E402

TIMEOUT = 300
TARGET_MEDIAN_MS = 150
TARGET_P95_MS = 300


@dataclass(frozen=True)
class View:
    """A page and the shared selection it is shown with (session_state key → value)."""

    name: str
    page: str
    selection: tuple[tuple[str, object], ...] = ()


VIEWS: tuple[View, ...] = (
    View("Översikt", "app_pages/overview.py"),
    View("Ersättningssystem (ett system, år)", "app_pages/benefits.py"),
    View("Ersättningssystem (ett system, månad)", "app_pages/benefits.py", (("freq", "month"),)),
    View("Ersättningssystem (alla system, år)", "app_pages/benefits.py", (("systems", "all"),)),
    View(
        "Ersättningssystem (alla system, månad)",
        "app_pages/benefits.py",
        (("systems", "all"), ("freq", "month")),
    ),
    View("Länet", "app_pages/county.py"),
    View("Jämför (år)", "app_pages/compare.py"),
    View("Jämför (månad)", "app_pages/compare.py", (("freq", "month"),)),
    View("Målgrupper", "app_pages/target_groups.py"),
    View("Områden", "app_pages/areas.py"),
    View("Exportera (the form, no file made)", "app_pages/export.py"),
    View("Om data", "app_pages/about.py"),
)
DEFAULTS: tuple[tuple[str, object], ...] = (
    ("region", "2417"),
    ("freq", "year"),
    ("systems", "one"),
)


@dataclass(frozen=True)
class Timing:
    wall_ms: float
    cpu_ms: float


def _timed(action: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return Timing((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)


def _fresh_kommuner() -> Iterator[str]:
    """Kommun codes, each used once in the process: a new kommun is never cached."""
    from data.regions import load_regions

    for area in load_regions().kommuner:
        if area.code != "2417":
            yield area.code


def _wait_for_background_work() -> None:
    """Let the app build its monthly tables in the background before anything is timed
    (the CPU time of the process would count that work too)."""
    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer):
            thread.join()


def measure(runs: int, views: tuple[View, ...] = VIEWS) -> list[dict[str, object]]:
    from streamlit.testing.v1 import AppTest

    if runs * len(views) > 289:
        raise ValueError(f"{runs} runs × {len(views)} views need more than the 289 new kommuner")
    # AppTest runs without a server: silence Streamlit's warning about the missing context
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    _wait_for_background_work()
    kommuner = _fresh_kommuner()
    results = []
    for view in views:
        for key, value in (*DEFAULTS, *view.selection):
            at.session_state[key] = value
        at.switch_page(view.page).run()
        at.run()
        same = [_timed(at.run) for _ in range(runs)]
        fresh = []
        for _ in range(runs):
            region = at.selectbox(key="widget.region").set_value(next(kommuner))
            fresh.append(_timed(region.run))
        if at.exception or at.error:
            raise RuntimeError(f"{view.name} failed: {at.exception or at.error}")
        results.append({"view": view.name, "same": same, "new": fresh})
    return results


def _cells(timings: list[Timing]) -> str:
    wall = [t.wall_ms for t in timings]
    cpu = statistics.median(t.cpu_ms for t in timings)
    return f"{statistics.median(wall):.0f} | {percentile(wall, 95):.0f} | {cpu:.0f}"


def markdown(results: list[dict[str, object]], runs: int) -> str:
    missed = [
        r["view"]
        for r in results
        if statistics.median(t.wall_ms for t in r["new"]) >= TARGET_MEDIAN_MS
        or percentile([t.wall_ms for t in r["new"]], 95) >= TARGET_P95_MS
    ]
    verdict = (
        "every view meets it"
        if not missed
        else "missed by: " + ", ".join(str(name) for name in missed)
    )
    lines = [
        f"## Pages: server-side rerun time ({today()})",
        "",
        f"Machine: {machine()}.",
        "",
        f"Each page in Streamlit's AppTest on the full synthetic dataset, {runs} reruns per "
        "figure, milliseconds: wall time median and 95th percentile, and the median CPU time "
        "of the process. *Same view*: a rerun with nothing changed (cache warm). *New "
        "kommun*: each rerun picks a kommun no view has shown before, so tables and charts "
        f"are built anew (`bench/bench_pages.py`). Target for a new kommun: median < "
        f"{TARGET_MEDIAN_MS} ms and p95 < {TARGET_P95_MS} ms — {verdict}.",
        "",
        "| view | same: median | p95 | CPU | new kommun: median | p95 | CPU |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {r['view']} | {_cells(r['same'])} | {_cells(r['new'])} |" for r in results]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per figure (default 20)")
    parser.add_argument("--data-dir", help="data directory (default: $HE_DATA_DIR or var/)")
    parser.add_argument("--view", action="append", help="only views whose name starts so")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    if args.data_dir:
        os.environ["HE_DATA_DIR"] = args.data_dir
    views = tuple(v for v in VIEWS if not args.view or any(v.name.startswith(w) for w in args.view))
    text = markdown(measure(args.runs, views), args.runs)
    print(text)
    if args.write:
        write_section("pages", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
