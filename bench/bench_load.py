"""Benchmark: many users at once — browser sessions changing kommun, and the server's memory.

    python bench/bench_load.py [--sessions 5,10,20] [--changes 10] [--data-dir DIR] [--write]

One server (`streamlit run app.py`) on the dataset `make run` uses, one headless
Chromium (Playwright) with one browser context per user. In each phase, every user
opens the start page at once and then changes kommun `--changes` times the way a user
does: click the "Område" box at the top of the page, type the start of the name, click the option.
Each change is timed until the start page's försörjningsprofil shows the new kommun's
name. Every user has kommuner of their own (shuffled, fixed seed), so nearly every
change is a kommun the server has not drawn before — the worst case for its caches.

Measured per phase: p50 and p95 of those times, errors (a change that timed out, or an
error box on the page), and the server's resident memory (RSS) with the phase's
sessions open. And, taken from the server itself (`HE_RUN_TIMES`, see
app_pages/ui/timing.py), every script run of the phase: its CPU time (the server's own
work for the interaction) and its wall time in the server (that work plus the wait for
other sessions' runs: what a visitor meets from the server, without the browsers that
share its two cores here). Before the first phase, the server has served one session and built
its monthly tables. Note that browser and server share the machine's cores: with 20
sessions, Chromium's own work is part of what is measured. `--write` replaces the
"Load" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from itertools import pairwise
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
SEED = 8
TARGET_GROWTH_MIB = 200
TARGET_SERVER_P95_MS = 300
PROFILE = ".js-plotly-plot .gtitle >> text=/^Försörjningsprofil/"


@dataclass
class Phase:
    sessions: int
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_open_mib: float = 0.0
    seconds: float = 0.0
    started: float = 0.0
    ended: float = 0.0
    runs_cpu_ms: list[float] = field(default_factory=list)
    runs_wall_ms: list[float] = field(default_factory=list)

    def read_runs(self, runs: Path) -> None:
        """The server's runs that ended within this phase (see app_pages/ui/timing.py)."""
        for line in runs.read_text(encoding="utf-8").splitlines() if runs.exists() else []:
            stamp, _page, cpu_ms, wall_ms = line.split()
            if self.started <= float(stamp) <= self.ended:
                self.runs_cpu_ms.append(float(cpu_ms))
                self.runs_wall_ms.append(float(wall_ms))


def kommun_options() -> list[tuple[str, str]]:
    """(name, option label in the area box) of every kommun except Norsjö, shuffled."""
    from data.regions import load_regions

    regions = load_regions()
    options = []
    for area in regions.kommuner:
        county = regions.county_of(area.code)
        if area.code != "2417" and county is not None:
            options.append((area.name, f"{area.name} ({county.name})"))
    random.Random(SEED).shuffle(options)
    return options


async def open_start_page(context, url: str):
    page = await context.new_page()
    await page.goto(url, timeout=TIMEOUT_MS)
    await page.locator(PROFILE).first.wait_for(state="visible", timeout=TIMEOUT_MS)
    return page


async def change_kommun(page, name: str, label: str) -> float:
    """Pick a kommun in the area box; seconds until its profile is on the page."""
    started = time.perf_counter()
    await area_box(page).click()
    await page.keyboard.type(name[:TYPED_CHARS])
    await area_option(page, label).click()
    shown = re.compile(rf"^Försörjningsprofil .* – {re.escape(name)}$")
    title = page.locator(".js-plotly-plot .gtitle", has_text=shown).first
    await title.wait_for(state="visible", timeout=TIMEOUT_MS)
    return time.perf_counter() - started


async def user(browser, url: str, kommuner: list[tuple[str, str]], phase: Phase) -> object:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    try:
        page = await open_start_page(context, url)
        for name, label in kommuner:
            try:
                phase.times.append(await change_kommun(page, name, label))
            except Exception as err:  # a failed change is counted, the user goes on
                phase.errors.append(f"{name}: {type(err).__name__}")
                await page.keyboard.press("Escape")
            boxes = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
            if await boxes.count():
                phase.errors.append(f"{name}: error box on the page")
    except Exception as err:
        phase.errors.append(f"start page: {type(err).__name__}")
    return context


async def run_phases(url: str, pid: int, counts: list[int], changes: int) -> tuple[float, list]:
    from playwright.async_api import async_playwright

    options = kommun_options()
    phases = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm = await browser.new_context()
        await open_start_page(warm, url)
        await warm.close()
        await asyncio.sleep(12)  # the app builds its monthly tables in the background
        before = rss_mib(pid)
        offset = 0
        for count in counts:
            phase = Phase(count, started=time.time())
            started = time.perf_counter()
            users = []
            for _ in range(count):
                own = [options[(offset + i) % len(options)] for i in range(changes)]
                offset += changes
                users.append(user(browser, url, own, phase))
            contexts = await asyncio.gather(*users)
            phase.seconds = time.perf_counter() - started
            phase.ended = time.time()
            phase.rss_open_mib = rss_mib(pid)
            for context in contexts:
                await context.close()
            phases.append(phase)
        await browser.close()
    return before, phases


def measure(counts: list[int], changes: int, data_dir: Path) -> tuple[float, list[Phase]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/?region=2417"
    from app_pages.ui.timing import RUN_TIMES_ENV

    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    runs = folder / "runs.txt"
    os.environ[RUN_TIMES_ENV] = str(runs)
    process = start_streamlit(port, data_dir, folder / "server.log")
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process)
        before, phases = asyncio.run(run_phases(url, process.pid, counts, changes))
    finally:
        stop(process)
        del os.environ[RUN_TIMES_ENV]
    for phase in phases:
        phase.read_runs(runs)
    return before, phases


def report(before: float, phases: list[Phase], changes: int) -> str:
    last = phases[-1]
    growth = last.rss_open_mib - before
    verdict = "met" if growth < TARGET_GROWTH_MIB else "missed"
    lines = [
        f"## Load: concurrent sessions ({today()})",
        "",
        f"Machine: {machine()}.",
        "",
        "One server on the full synthetic dataset and one headless Chromium with a browser "
        f"context per user. In each phase all users open the start page at once, then each "
        f"changes kommun {changes} times through the searchable “Område” box at the top "
        "(click, type, choose), each time waiting until the försörjningsprofil shows the new "
        "kommun. Every user has kommuner of their own, so the server draws nearly every view "
        "anew. Browser and server share the 2 cores (`bench/bench_load.py`).",
        "",
        "| sessions | changes | p50 s | p95 s | max s | errors | phase s | server RSS MiB, "
        "sessions open |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for phase in phases:
        times = phase.times or [float("nan")]
        lines.append(
            f"| {phase.sessions} | {len(phase.times)} | {statistics.median(times):.2f} | "
            f"{percentile(times, 95):.2f} | {max(times):.2f} | {len(phase.errors)} | "
            f"{phase.seconds:.0f} | {phase.rss_open_mib:.0f} |"
        )
    lines += [
        "",
        "The same phases from the server's side: every script run that ended in the phase "
        "(`HE_RUN_TIMES`), its CPU time and its wall time in the server, ms.",
        "",
        "| sessions | runs | CPU p50 | CPU p95 | wall p50 | wall p95 | wall max |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for phase in phases:
        cpu = phase.runs_cpu_ms or [float("nan")]
        wall = phase.runs_wall_ms or [float("nan")]
        lines.append(
            f"| {phase.sessions} | {len(phase.runs_cpu_ms)} | {statistics.median(cpu):.0f} | "
            f"{percentile(cpu, 95):.0f} | {statistics.median(wall):.0f} | "
            f"{percentile(wall, 95):.0f} | {max(wall):.0f} |"
        )
    server_p95 = percentile(last.runs_wall_ms or [float("nan")], 95)
    lines += [
        "",
        f"Target with {last.sessions} sessions: server time per run p95 ≤ "
        f"{TARGET_SERVER_P95_MS} ms: "
        f"{'met' if server_p95 <= TARGET_SERVER_P95_MS else 'missed'} (wall {server_p95:.0f} ms; "
        f"CPU {percentile(last.runs_cpu_ms or [float('nan')], 95):.0f} ms).",
    ]
    lines += [
        "",
        f"Server RSS before the first phase (one session served, monthly tables built): "
        f"{before:.0f} MiB; with {last.sessions} sessions open: {last.rss_open_mib:.0f} MiB, "
        f"growth {growth:+.0f} MiB (target < {TARGET_GROWTH_MIB} MiB: {verdict}).",
    ]
    if len(phases) > 1:
        steps = [
            f"{b.sessions}→{a.sessions}: "
            f"{(a.rss_open_mib - b.rss_open_mib) / (a.sessions - b.sessions):+.1f} MiB per session"
            for b, a in pairwise(phases)
        ]
        lines.append(f"Memory per extra session: {'; '.join(steps)}.")
    errors = [e for phase in phases for e in phase.errors]
    if errors:
        lines.append(f"Errors: {', '.join(errors[:10])}{' …' if len(errors) > 10 else ''}.")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="5,10,20", help="sessions per phase (5,10,20)")
    parser.add_argument("--changes", type=int, default=10, help="kommun changes per session")
    parser.add_argument("--data-dir", help="data directory (default: $HE_DATA_DIR or var/)")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    from data.store import data_dir

    counts = [int(n) for n in args.sessions.split(",")]
    before, phases = measure(counts, args.changes, data_dir(args.data_dir).resolve())
    text = report(before, phases, args.changes)
    print(text)
    if args.write:
        write_section("load", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
