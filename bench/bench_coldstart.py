"""Benchmark: cold start, from `streamlit run app.py` to the start page's profile on screen.

    python bench/bench_coldstart.py [--repeats 5] [--data-dir DIR] [--write]

Each run starts a new server process on the dataset `make run` uses and, already
running beside it, headless Chromium (Playwright, `/usr/bin/chromium`; its own start is
not counted). The browser opens the start page as soon as the server's health endpoint
answers, and the run ends when the försörjningsprofil chart's title is visible. Reported:
server start → health endpoint; health → profile visible (the first session: data read,
model built, page run, charts drawn); and the whole, which is what the first user of a
freshly started server waits for. A second page load in a new browser context on the
same server shows the same view warm. `--write` replaces the "Cold start" section of
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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

TARGET_S = 5.0
PROFILE_TITLE = ".js-plotly-plot .gtitle >> text=/^Försörjningsprofil/"


def profile_visible(browser, url: str) -> float:
    """Seconds from opening `url` in a new context to the profile chart's title shown."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.locator(PROFILE_TITLE).first.wait_for(state="visible", timeout=120_000)
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
        warm = profile_visible(browser, url)
    finally:
        stop(process)
    return {"healthy": healthy, "first": first, "total": total, "warm": warm}


def measure(repeats: int, data_dir: Path) -> list[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    logs = Path(tempfile.mkdtemp(prefix="bench-coldstart-"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            one_run(browser, data_dir, logs / "warmup.log")  # file cache, not counted
            return [one_run(browser, data_dir, logs / f"run-{i}.log") for i in range(repeats)]
        finally:
            browser.close()


def report(runs: list[dict[str, float]], data_dir: Path) -> str:
    total = [r["total"] for r in runs]
    verdict = "met" if statistics.median(total) < TARGET_S else "missed"
    return "\n".join(
        [
            f"## Cold start ({today()})",
            "",
            f"Machine: {machine()}.",
            "",
            f"`streamlit run app.py` on `{data_dir.name}/he.parquet` until the start page's "
            "försörjningsprofil is visible in headless Chromium (Playwright, already running). "
            f"Median (min–max) of {len(runs)} runs, each a new server process, after one "
            "warm-up run (`bench/bench_coldstart.py`).",
            "",
            "| step | seconds |",
            "|---|---|",
            "| server start → health endpoint answers | "
            f"{median_range([r['healthy'] for r in runs])} |",
            "| page opened → profile visible (first session: data, model, page) | "
            f"{median_range([r['first'] for r in runs])} |",
            f"| **server start → profile visible** (target < {TARGET_S:g} s: {verdict}) | "
            f"**{median_range(total)}** |",
            "| the same page in a new browser context, server warm | "
            f"{median_range([r['warm'] for r in runs])} |",
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
