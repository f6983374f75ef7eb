"""Benchmark: cold start, from `streamlit run app.py` to the start page's profile on screen.

    python bench/bench_coldstart.py [--repeats 5] [--data-dir DIR] [--write]

Each run starts a new server process on the dataset `make run` uses and, already
running beside it, headless Chromium (Playwright, `/usr/bin/chromium`; its own start is
not counted). The browser opens the start page as soon as the server's health endpoint
answers, and the run ends when the försörjningsprofil chart's title is visible. Reported:
server start → health endpoint; health → profile visible (the first session: data read,
model built, page run, charts drawn); and the whole, which is what the first user of a
freshly started server waits for. A second page load in a new browser context on the
same server shows the same view warm. The server is started with `make run`'s command
(`bench.common.start_streamlit`: the project's config, file watcher setting and all).

In the same run, alternating with the app, a minimal Streamlit app that shows one plotly
chart is started the same way, timed until its chart is visible: the floor of any
Streamlit app with plotly on this machine under this load. The ratio app ÷ minimal is
the figure to compare across runs (the machine is shared, so absolute times are noisy).
`--write` replaces the "Cold start" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_server import cpu_seconds  # noqa: E402
from bench.common import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    machine,
    median_range,
    start_streamlit,
    stop,
    today,
    wait_healthy,
    write_section,
)

TARGET_S = 2.5
TARGET_RATIO = 1.5
PROFILE_TITLE = ".js-plotly-plot .gtitle >> text=/^Försörjningsprofil/"
MINIMAL_CHART = ".js-plotly-plot .gtitle >> text=/^Minimal/"
MINIMAL_APP = """import plotly.graph_objects as go
import streamlit as st

figure = go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2]), layout={"title": {"text": "Minimal"}})
st.plotly_chart(figure)
"""


def profile_visible(browser, url: str, chart: str = PROFILE_TITLE) -> float:
    """Seconds from opening `url` in a new context to the chart's title shown."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.locator(chart).first.wait_for(state="visible", timeout=120_000)
    seconds = time.perf_counter() - started
    context.close()
    return seconds


def one_run(browser, data_dir: Path, log: Path) -> dict[str, float]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = start_streamlit(port, data_dir, log)
    try:
        wait_healthy(url, process, timeout=120)
        healthy = time.perf_counter() - started
        first = profile_visible(browser, url)
        total = time.perf_counter() - started
        cpu = cpu_seconds(process.pid)
        warm = profile_visible(browser, url)
    finally:
        stop(process)
    return {"healthy": healthy, "first": first, "total": total, "warm": warm, "cpu": cpu}


def minimal_run(browser, app_dir: Path, data_dir: Path, log: Path) -> tuple[float, float]:
    """Server start → the minimal app's one chart visible, started the same way: wall
    seconds and the server's CPU seconds by then."""
    port = free_port()
    started = time.perf_counter()
    process = start_streamlit(port, data_dir, log, script="minimal.py", cwd=app_dir)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process, timeout=120)
        profile_visible(browser, f"http://127.0.0.1:{port}", MINIMAL_CHART)
        return time.perf_counter() - started, cpu_seconds(process.pid)
    finally:
        stop(process)


def minimal_app(directory: Path) -> Path:
    """A one-chart Streamlit app beside a copy of the project's config."""
    (directory / ".streamlit").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", directory / ".streamlit" / "config.toml")
    (directory / "minimal.py").write_text(MINIMAL_APP, encoding="utf-8")
    return directory


def measure(repeats: int, data_dir: Path) -> list[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    logs = Path(tempfile.mkdtemp(prefix="bench-coldstart-"))
    app_dir = minimal_app(logs / "minimal")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            one_run(browser, data_dir, logs / "warmup.log")  # file cache, not counted
            minimal_run(browser, app_dir, data_dir, logs / "minimal-warmup.log")
            runs = []
            for i in range(repeats):
                run = one_run(browser, data_dir, logs / f"run-{i}.log")
                log = logs / f"min-{i}.log"
                run["minimal"], run["minimal_cpu"] = minimal_run(browser, app_dir, data_dir, log)
                run["ratio"] = run["total"] / run["minimal"]
                run["cpu_ratio"] = run["cpu"] / run["minimal_cpu"]
                runs.append(run)
            return runs
        finally:
            browser.close()


def report(runs: list[dict[str, float]], data_dir: Path) -> str:
    total = [r["total"] for r in runs]
    ratio = [r["ratio"] for r in runs]
    met = "met" if statistics.median(total) <= TARGET_S else "missed"
    ratio_met = "met" if statistics.median(ratio) <= TARGET_RATIO else "missed"
    return "\n".join(
        [
            f"## Cold start ({today()})",
            "",
            f"Machine: {machine()}.",
            "",
            f"`make run`'s command (`streamlit run app.py` with the project's config) on "
            f"`{data_dir.name}/he.parquet` until the start page's försörjningsprofil is visible "
            "in headless Chromium (Playwright, already running). Beside it, alternating, a "
            "minimal app with one plotly chart started the same way. Median (min–max) of "
            f"{len(runs)} runs, each a new server process, after one warm-up run each "
            "(`bench/bench_coldstart.py`). The machine is shared with other jobs: compare "
            "the ratio, measured in the same run, rather than the seconds.",
            "",
            "| step | seconds |",
            "|---|---|",
            "| server start → health endpoint answers | "
            f"{median_range([r['healthy'] for r in runs])} |",
            "| page opened → profile visible (first session: data, model, page) | "
            f"{median_range([r['first'] for r in runs])} |",
            f"| **server start → profile visible** (target ≤ {TARGET_S:g} s: {met}) | "
            f"**{median_range(total)}** |",
            "| the same page in a new browser context, server warm | "
            f"{median_range([r['warm'] for r in runs])} |",
            "| minimal app (one plotly chart): server start → chart visible | "
            f"{median_range([r['minimal'] for r in runs])} |",
            f"| **app ÷ minimal app** (target ≤ {TARGET_RATIO:g}: {ratio_met}) | "
            f"**{median_range(ratio)}** |",
            "| server CPU, start → profile visible (less disturbed by the machine's load) | "
            f"{median_range([r['cpu'] for r in runs])} |",
            "| server CPU, minimal app, start → chart visible | "
            f"{median_range([r['minimal_cpu'] for r in runs])} |",
            f"| server CPU, app ÷ minimal app | {median_range([r['cpu_ratio'] for r in runs])} |",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--data-dir", help="data directory (default: $HE_DATA_DIR or var/)")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    from data.store import data_dir

    directory = data_dir(args.data_dir).resolve()
    text = report(measure(args.repeats, directory), directory)
    print(text)
    if args.write:
        write_section("coldstart", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
