"""Benchmark: the real server as `make run` starts it — CPU per view, and its memory.

    python bench/bench_server.py [--areas 10] [--sessions 10] [--data-dir DIR] [--write]

The server is started with the command of `make run` (its `.streamlit/config.toml`, file
watcher setting and all; only the port differs, see `bench.common.start_streamlit`) and
driven by one headless Chromium.
Each view is open in a tab and the kommun is changed the way a user does (the sidebar's
"Område" box: click, type, choose) to a kommun that no view has shown before, waited
for until Streamlit says the script is no longer running. The figure is the server's
CPU time for it (user + system of the server process, from /proc, from before the click
until the server is quiet again), not the wall time: the browser shares the machine's
two cores with the server and other jobs, and its own drawing is not the server's cost.
Before measuring, one session has been served and the background tables have been
built.

Memory: the server's RSS after every view has been shown for `--areas` kommuner, and
its growth per extra session when `--sessions` more tabs stay open on the start page;
both at rest (the server idle long enough to give the memory its runs freed back to the
system, `app_pages.ui.data.TRIM_DELAY_S`), as a host sees it between clicks.
`--write` replaces the "Server" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    TYPED_CHARS,
    area_box,
    area_option,
    free_port,
    machine,
    percentile,
    rss_mib,
    start_streamlit,
    stop,
    today,
    wait_healthy,
    write_section,
)

TIMEOUT_MS = 120_000
TARGET_MEDIAN_MS = 100
TARGET_P95_MS = 200
TARGET_RSS_MIB = 350
TARGET_SESSION_MIB = 2
WARM_AREA = "2417"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHART = ".js-plotly-plot"


@dataclass(frozen=True)
class View:
    name: str
    path: str
    params: str = ""


VIEWS: tuple[View, ...] = (
    View("Översikt", ""),
    View("Ersättningssystem (ett system, år)", "ersattningssystem"),
    View("Ersättningssystem (ett system, månad)", "ersattningssystem", "&freq=month"),
    View("Ersättningssystem (alla system, år)", "ersattningssystem", "&systems=all"),
    View("Ersättningssystem (alla system, månad)", "ersattningssystem", "&systems=all&freq=month"),
    View("Länet", "lanet"),
    View("Jämför (år)", "jamfor"),
    View("Jämför (månad)", "jamfor", "&freq=month"),
    View("Målgrupper", "malgrupper"),
    View("Områden", "omraden"),
    View("Exportera (the form)", "exportera"),
    View("Om data", "om-data"),
)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settled_cpu(pid: int, quiet_s: float = 0.3) -> float:
    """The server's CPU time once it has stopped working (no tick for `quiet_s`)."""
    last, since = cpu_seconds(pid), time.monotonic()
    while time.monotonic() - since < quiet_s:
        time.sleep(0.05)
        now = cpu_seconds(pid)
        if now != last:
            last, since = now, time.monotonic()
    return last


def open_view(browser, url: str):
    """A new tab on `url`, returned once the script has run."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    page.goto(url)
    page.locator(IDLE).wait_for(state="attached", timeout=TIMEOUT_MS)
    return page


def change_kommun(page, name: str, label: str) -> None:
    """Pick a kommun in the "Område" box as a user does, and wait for the run to finish."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    area_box(page).click()
    page.keyboard.type(name[:TYPED_CHARS])
    area_option(page, label).click()
    running = page.locator('[data-testid="stApp"][data-test-script-state="running"]')
    with contextlib.suppress(PlaywrightTimeout):  # a fast run may be over before we look
        running.wait_for(state="attached", timeout=1_000)
    page.locator(IDLE).wait_for(state="attached", timeout=TIMEOUT_MS)


def measure(data_dir: Path, areas: int, sessions: int) -> dict:
    from playwright.sync_api import sync_playwright

    from app_pages.ui.data import PERIOD_TABLES_DELAY_S, TRIM_DELAY_S
    from bench.bench_load import kommun_options

    options = iter(kommun_options())
    port = free_port()
    url = f"http://localhost:{port}"
    log = Path(tempfile.mkdtemp(prefix="bench-server-")) / "server.log"
    started = time.perf_counter()
    process = start_streamlit(port, data_dir, log)
    cpu: dict[str, list[float]] = {v.name: [] for v in VIEWS}
    try:
        wait_healthy(url, process, timeout=120)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            open_view(browser, f"{url}/").context.close()
            # the background tables start a few seconds after the first run: wait for them
            # to start and then for the server to be quiet (a loaded machine is slow)
            time.sleep(PERIOD_TABLES_DELAY_S + 1)
            settled_cpu(process.pid, quiet_s=2.0)
            rss_warm = rss_mib(process.pid)
            for view in VIEWS:
                page = open_view(browser, f"{url}/{view.path}?region={WARM_AREA}{view.params}")
                for _ in range(areas):
                    name, label = next(options)
                    before = settled_cpu(process.pid)
                    try:
                        change_kommun(page, name, label)
                    except Exception:
                        page.screenshot(path=str(log.with_name(f"{view.path}-{name}.png")))
                        raise
                    cpu[view.name].append((settled_cpu(process.pid) - before) * 1000)
                page.context.close()
                print(f"{view.name}: {cpu[view.name]}", file=sys.stderr, flush=True)
            time.sleep(TRIM_DELAY_S + 2)
            rss_after_views = rss_mib(process.pid)
            kept = [open_view(browser, f"{url}/") for _ in range(sessions)]
            settled_cpu(process.pid)
            time.sleep(TRIM_DELAY_S + 2)
            per_session = (rss_mib(process.pid) - rss_after_views) / sessions
            for page in kept:
                page.context.close()
            browser.close()
    finally:
        stop(process)
    return {
        "cpu": cpu,
        "rss_warm": rss_warm,
        "rss": rss_after_views,
        "per_session": per_session,
        "areas": areas,
        "seconds": time.perf_counter() - started,
    }


def report(result: dict, sessions: int) -> str:
    rows = []
    medians, p95s = [], []
    for name, values in result["cpu"].items():
        median, p95 = statistics.median(values), percentile(values, 95)
        medians.append(median)
        p95s.append(p95)
        rows.append(f"| {name} | {median:.0f} | {p95:.0f} | {max(values):.0f} |")
    met = max(medians) <= TARGET_MEDIAN_MS and max(p95s) <= TARGET_P95_MS
    rss_met = result["rss"] <= TARGET_RSS_MIB
    session_met = result["per_session"] <= TARGET_SESSION_MIB
    return "\n".join(
        [
            f"## Server: CPU per view and memory, as `make run` starts it ({today()})",
            "",
            f"Machine: {machine()}.",
            "",
            "The server started with `make run`'s command and config, driven by headless "
            "Chromium: each view open in a tab, the kommun changed in the “Område” box as a user "
            f"does (click, type, choose) to {result['areas']} kommuner no view had shown. "
            "Server CPU time (user + system of the process, from /proc, from before the click "
            "until the server is quiet again) per change, ms: median, 95th percentile and max. "
            "CPU time, not wall time: the machine is shared with other jobs and the browser's "
            "drawing is not the server's cost (`bench/bench_server.py`).",
            "",
            "| view (kommun changed in the “Område” box) | median | p95 | max |",
            "|---|---:|---:|---:|",
            *rows,
            "",
            f"Target median ≤ {TARGET_MEDIAN_MS} ms and p95 ≤ {TARGET_P95_MS} ms for every "
            f"view: {'met' if met else 'missed'}.",
            f"Server RSS after the first page and the background tables: "
            f"{result['rss_warm']:.0f} MiB; after every view for {result['areas']} kommuner, "
            "at rest: "
            f"**{result['rss']:.0f} MiB** (target ≤ {TARGET_RSS_MIB}: "
            f"{'met' if rss_met else 'missed'}); {sessions} more sessions open: "
            f"**{result['per_session']:+.2f} MiB per session** (target ≤ {TARGET_SESSION_MIB}: "
            f"{'met' if session_met else 'missed'}).",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", type=int, default=10)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--data-dir", help="data directory (default: $HE_DATA_DIR or data/)")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    from data.store import data_dir

    directory = data_dir(args.data_dir).resolve()
    text = report(measure(directory, args.areas, args.sessions), args.sessions)
    print(text)
    if args.write:
        write_section("server", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
