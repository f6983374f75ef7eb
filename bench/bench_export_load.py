"""Benchmark: does one visitor's PDF export stall another visitor's page? (issue #17)

    python bench/bench_export_load.py [--changes 12] [--data-dir DIR] [--write]

One server (`streamlit run app.py`) on the dataset `make run` uses, one headless
Chromium with two browser contexts. Visitor B changes kommun `--changes` times through
the sidebar (as in `bench/bench_load.py`), each change timed until the försörjningsprofil
shows the new kommun: first with the server idle, then — in the same run, on the same
server — while visitor A makes PDF reports on the Export page one after another (each
goes through the export queue, which runs one at a time). Measured: B's p50 and p95 in
both phases and their ratio (target: busy p95 within 2× of idle p95), and how many PDF
exports A finished. `--write` replaces the "Export load" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_load import change_kommun, kommun_options, open_start_page  # noqa: E402
from bench.common import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    machine,
    percentile,
    start_streamlit,
    stop,
    today,
    wait_healthy,
    write_section,
)

TARGET_RATIO = 2.0
TIMEOUT_MS = 180_000


async def exporter(context, url: str, stop_event: asyncio.Event, done: list[float]) -> None:
    """Visitor A: PDF report after PDF report until `stop_event` is set."""
    page = await context.new_page()
    await page.goto(url.replace("/?", "/exportera?"))
    await page.get_by_role("heading", name="Exportera", exact=True).wait_for(timeout=TIMEOUT_MS)
    await page.get_by_text("PDF (.pdf)", exact=True).click()
    await page.wait_for_timeout(1000)
    while not stop_event.is_set():
        started = time.perf_counter()
        await page.get_by_role("button", name="Skapa rapport").click()
        download = page.get_by_role("button", name="Ladda ner")
        await download.filter(has_text=".pdf").wait_for(state="visible", timeout=TIMEOUT_MS)
        done.append(time.perf_counter() - started)
        # change the period so the next click makes a new report (the download goes away)
        await page.keyboard.press("Escape")
        await page.get_by_role("button", name="Skapa rapport").wait_for(timeout=TIMEOUT_MS)


async def visitor(page, kommuner) -> list[float]:
    return [await change_kommun(page, name, label) for name, label in kommuner]


async def run(url: str, changes: int) -> tuple[list[float], list[float], list[float]]:
    from playwright.async_api import async_playwright

    options = kommun_options()
    idle_kommuner = options[:changes]
    busy_kommuner = options[changes : 2 * changes]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        b_context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        a_context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        b = await open_start_page(b_context, url)
        await asyncio.sleep(12)  # the app builds its monthly tables in the background
        idle = await visitor(b, idle_kommuner)
        stop_event = asyncio.Event()
        exports: list[float] = []
        a_task = asyncio.create_task(exporter(a_context, url, stop_event, exports))
        await asyncio.sleep(8)  # A's first export is under way (planning, browser start)
        busy = await visitor(b, busy_kommuner)
        stop_event.set()
        try:
            await asyncio.wait_for(a_task, timeout=TIMEOUT_MS / 1000)
        except TimeoutError:
            a_task.cancel()
        await browser.close()
    return idle, busy, exports


def report(idle: list[float], busy: list[float], exports: list[float], changes: int) -> str:
    idle_p95, busy_p95 = percentile(idle, 95), percentile(busy, 95)
    ratio = busy_p95 / idle_p95
    verdict = "met" if ratio <= TARGET_RATIO else "missed"
    return "\n".join(
        [
            f"## Export load: a page while another visitor exports a PDF ({today()})",
            "",
            f"Machine: {machine()}.",
            "",
            "One server, two visitors in one headless Chromium. Visitor B changes kommun "
            f"{changes} times with the server idle, then {changes} times while visitor A makes "
            "PDF reports back to back (through the export queue: one at a time per server). "
            "Each change is timed until B's försörjningsprofil shows the new kommun "
            "(`bench/bench_export_load.py`).",
            "",
            "| phase | changes | p50 s | p95 s | max s |",
            "|---|---:|---:|---:|---:|",
            f"| idle | {len(idle)} | {statistics.median(idle):.2f} | {idle_p95:.2f} | "
            f"{max(idle):.2f} |",
            f"| A exports PDF | {len(busy)} | {statistics.median(busy):.2f} | {busy_p95:.2f} | "
            f"{max(busy):.2f} |",
            "",
            f"p95 while exporting ÷ p95 idle: {ratio:.2f}× (target ≤ {TARGET_RATIO:.0f}×: "
            f"{verdict}). A finished {len(exports)} PDF report(s) meanwhile"
            + (f", {statistics.median(exports):.1f} s each (median)." if exports else "."),
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=12, help="kommun changes per phase")
    parser.add_argument("--data-dir", help="data directory (default: $HE_DATA_DIR or data/)")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    from data.store import data_dir

    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="bench-export-load-")) / "server.log"
    process = start_streamlit(port, data_dir(args.data_dir).resolve(), log)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process)
        idle, busy, exports = asyncio.run(
            run(f"http://127.0.0.1:{port}/?region=2417", args.changes)
        )
    finally:
        stop(process)
    text = report(idle, busy, exports, args.changes)
    print(text)
    if args.write:
        write_section("exportload", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
