"""Benchmark: the server-side time of one rerun of each page, on the full dataset.

    python bench/bench_pages.py [--runs 20] [--data-dir DIR] [--write]

Each page runs in Streamlit's AppTest (the script and the messages it sends, without a
browser), in one process, as a server would run it. Two figures per view:

- *same view*: the page rerun without any change, after warm-up (a widget that changes
  nothing, a returning user, another session on the same view);
- *new kommun*: every run picks another kommun in the sidebar, one not shown before in
  the process, so the page builds its tables and charts anew — what a user waits for
  after changing the selection.

Reported: median and 95th percentile over `--runs` runs. The dataset is the one
`make run` uses (`$HE_DATA_DIR`, else `data/`); the first run of each view, which
loads it and builds the monthly tables, is not counted. `--write` puts the table in
the "Pages" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCHMARKS = ROOT / "BENCHMARKS.md"
START, END = "<!-- pages-bench:start -->", "<!-- pages-bench:end -->"
TIMEOUT = 300


@dataclass(frozen=True)
class View:
    """A page and the shared selection it is shown with (session_state key → value)."""

    name: str
    page: str
    selection: tuple[tuple[str, object], ...] = ()


VIEWS: tuple[View, ...] = (
    View("Översikt", "app_pages/overview.py"),
    View("Ersättningssystem (ett system, år)", "app_pages/benefits.py"),
    View(
        "Ersättningssystem (ett system, månad)",
        "app_pages/benefits.py",
        (("freq", "month"),),
    ),
    View(
        "Ersättningssystem (alla system, år)",
        "app_pages/benefits.py",
        (("systems", "all"),),
    ),
    View("Länet", "app_pages/county.py"),
    View("Jämför (år)", "app_pages/compare.py"),
    View("Jämför (månad)", "app_pages/compare.py", (("freq", "month"),)),
    View("Om data", "app_pages/about.py"),
)
DEFAULTS: tuple[tuple[str, object], ...] = (
    ("region", "2417"),
    ("freq", "year"),
    ("systems", "one"),
)


def _percentile(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _fresh_kommuner() -> Iterator[str]:
    """Kommun codes, each used once in the process: a new kommun is never cached."""
    from data.regions import load_regions

    for area in load_regions().kommuner:
        if area.code != "2417":
            yield area.code


def measure(runs: int) -> list[dict[str, object]]:
    from streamlit.testing.v1 import AppTest

    # AppTest runs without a server: silence Streamlit's warning about the missing context
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    kommuner = _fresh_kommuner()
    results = []
    for view in VIEWS:
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
        results.append(
            {
                "view": view.name,
                "same_median": statistics.median(same),
                "same_p95": _percentile(same, 95),
                "new_median": statistics.median(fresh),
                "new_p95": _percentile(fresh, 95),
            }
        )
    return results


def markdown(results: list[dict[str, object]], runs: int) -> str:
    lines = [
        f"Server-side rerun time per page (AppTest, {runs} runs each, milliseconds), "
        f"{date.today().isoformat()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores. Run: `python bench/bench_pages.py`.",
        "",
        "| View | same view: median | p95 | new kommun: median | p95 |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['view']} | {r['same_median']:.0f} | {r['same_p95']:.0f} | "
        f"{r['new_median']:.0f} | {r['new_p95']:.0f} |"
        for r in results
    ]
    return "\n".join(lines)


def write_section(text: str) -> None:
    section = f"{START}\n{text}\n{END}"
    current = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _: section, current)
    else:
        updated = f"{current.rstrip()}\n\n## Pages\n\n{section}\n"
    BENCHMARKS.write_text(updated, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per figure (default 20)")
    parser.add_argument("--data-dir", help="data directory (default: $HE_DATA_DIR or data/)")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    if args.data_dir:
        os.environ["HE_DATA_DIR"] = args.data_dir
    text = markdown(measure(args.runs), args.runs)
    print(text)
    if args.write:
        write_section(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
