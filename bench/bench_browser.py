"""Benchmark: opening a page and changing area, as a visitor's browser meets it (#18).

    python bench/bench_browser.py [--repeats 7] [--data-dir DIR] [--write]

One server started as `make run` starts it (`bench.common.start_streamlit`) and warmed
(the start page shown once, the model built), headless Chromium (Playwright,
`/usr/bin/chromium`) already running. Measured:

- **new tab**: a new tab of a browser that has shown the app before (its cache and
  compiled scripts warm, as a visitor's next tab) opens the start page for an area the
  server has shown; seconds from `goto` to the försörjningsprofil's title visible (the
  target), to the first plotly chart in the page, and to every chart drawn and the app
  idle; and the same in a new browser context (a first visit, nothing cached). Beside
  it, Chromium's own counters for that load (CDP `Performance.getMetrics`: time spent in
  script, layout and style, and all tasks of the renderer's main thread) and the number
  of figures the page draws.
- **change area**: in an open tab, a kommun picked in the area selector; seconds from
  the click on the option to the profile's title naming the new kommun. Once for kommuner
  the server has not shown before (the server builds their views) and once again for
  the same kommuner (the server's caches warm: what is left is the protocol and the
  browser).

One more new-tab load runs under V8's sampling profiler (CDP `Profiler`): where the
page's JavaScript time goes, by script file (Streamlit's frontend, plotly.js's chunk).
`--write` replaces the "Browser" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    area_box,
    area_option,
    free_port,
    machine,
    median_range,
    start_streamlit,
    stop,
    today,
    wait_healthy,
    write_section,
)

NEW_TAB_TARGET_S = 1.0
CHANGE_TARGET_S = 0.5
START_AREA = "2417"
"""Norsjö: the start page's area for the new-tab loads (shown once while warming)."""
NEW_AREAS = (
    ("Skellef", "Skellefteå (Västerbottens län)", "Skellefteå"),
    ("Lycksele", "Lycksele (Västerbottens län)", "Lycksele"),
    ("Vilhelmina", "Vilhelmina (Västerbottens län)", "Vilhelmina"),
    ("Storuman", "Storuman (Västerbottens län)", "Storuman"),
    ("Malå", "Malå (Västerbottens län)", "Malå"),
    ("Sorsele", "Sorsele (Västerbottens län)", "Sorsele"),
    ("Dorotea", "Dorotea (Västerbottens län)", "Dorotea"),
)
"""Kommuner picked in the selector: typed text, the option, the name in the title."""
PROFILE_TITLE = ".js-plotly-plot .gtitle >> text=/^Försörjningsprofil/"
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
ALL_DRAWN = """() => !document.querySelector('[data-testid="stStatusWidget"]')
    && document.querySelectorAll('.js-plotly-plot').length >= 3
    && [...document.querySelectorAll('.js-plotly-plot')].every((plot) => plot._fullLayout)"""
PROFILE_NAMES = """(name) => {
    const title = document.querySelector('.js-plotly-plot .gtitle');
    return !!title && title.textContent.replace(/\\s+/g, ' ').includes(name);
}"""
METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")


def cdp_metrics(session) -> dict[str, float]:
    return {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}


def new_context(browser):
    return browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")


def new_tab(context, url: str) -> dict[str, float]:
    """One new tab of `context` loading `url`: seconds to the first chart, the profile and
    all charts, the renderer's work (CDP counters, seconds) until all are drawn, and the
    figures and their traces."""
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Performance.enable")
    before = cdp_metrics(session)
    started = time.perf_counter()
    page.goto(url)
    page.locator(".js-plotly-plot").first.wait_for(state="attached", timeout=120_000)
    first_chart = time.perf_counter() - started
    page.locator(PROFILE_TITLE).first.wait_for(state="visible", timeout=120_000)
    profile = time.perf_counter() - started
    page.wait_for_selector(APP_IDLE, state="attached", timeout=120_000)
    page.wait_for_function(ALL_DRAWN, timeout=120_000)
    drawn = time.perf_counter() - started
    after = cdp_metrics(session)
    traces = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".map((plot) => (plot.data || []).length)"
    )
    page.close()
    run = {"first_chart": first_chart, "profile": profile, "drawn": drawn}
    run.update({name: after.get(name, 0.0) - before.get(name, 0.0) for name in METRICS})
    run["heap_mib"] = after.get("JSHeapUsedSize", 0.0) / 2**20
    run["traces"] = traces
    return run


def empty_cache_tab(browser, url: str) -> dict[str, float]:
    """A new tab in a new browser context: nothing cached (a first visit)."""
    context = new_context(browser)
    try:
        return new_tab(context, url)
    finally:
        context.close()


def change_areas(browser, url: str) -> tuple[list[float], list[float]]:
    """Seconds from a pick in the area selector to the profile naming the new area: for
    kommuner the server has not shown, then for the same kommuner again."""
    context = new_context(browser)
    page = context.new_page()
    page.goto(url)
    page.locator(PROFILE_TITLE).first.wait_for(state="visible", timeout=120_000)
    page.wait_for_selector(APP_IDLE, state="attached", timeout=120_000)
    rounds: list[list[float]] = [[], []]
    for times in rounds:
        for typed, option, name in NEW_AREAS:
            area_box(page).click()
            page.keyboard.type(typed)
            choice = area_option(page, option)
            choice.wait_for(state="visible", timeout=60_000)
            started = time.perf_counter()
            choice.click()
            page.wait_for_function(PROFILE_NAMES, arg=name, timeout=120_000)
            times.append(time.perf_counter() - started)
            page.wait_for_selector(APP_IDLE, state="attached", timeout=120_000)
            page.wait_for_function(ALL_DRAWN, timeout=120_000)
    context.close()
    return rounds[0], rounds[1]


def cpu_profile(browser, url: str, top: int = 12) -> list[tuple[str, float]]:
    """Milliseconds of JavaScript per script file (self time, sampled by V8's profiler
    through CDP) while a new tab loads `url` until every chart is drawn; "(program)" and
    "(garbage collector)" are the renderer's own work outside JavaScript."""
    context = new_context(browser)
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Profiler.enable")
    session.send("Profiler.setSamplingInterval", {"interval": 200})
    session.send("Profiler.start")
    page.goto(url)
    page.wait_for_selector(APP_IDLE, state="attached", timeout=120_000)
    page.wait_for_function(ALL_DRAWN, timeout=120_000)
    profile = session.send("Profiler.stop")["profile"]
    context.close()
    where = {}
    for node in profile["nodes"]:
        frame = node["callFrame"]
        name = re.sub(r"^.*/", "", frame.get("url") or "") or frame.get("functionName") or "?"
        where[node["id"]] = name if name.startswith("(") or "." in name else f"({name})"
    totals: Counter[str] = Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        totals[where.get(sample, "?")] += delta / 1000
    totals.pop("(idle)", None)
    return totals.most_common(top)


def measure(repeats: int, data_dir: Path) -> dict:
    from playwright.sync_api import sync_playwright

    logs = Path(tempfile.mkdtemp(prefix="bench-browser-"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    start_url = f"{url}/?region={START_AREA}"
    process = start_streamlit(port, data_dir, logs / "server.log")
    try:
        wait_healthy(url, process, timeout=120)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                visitor = new_context(browser)
                new_tab(visitor, start_url)  # warm-up: the model, the view, the browser cache
                tabs, first_visits = [], []
                for _ in range(repeats):  # alternating: the machine's load falls on both
                    tabs.append(new_tab(visitor, start_url))
                    first_visits.append(empty_cache_tab(browser, start_url))
                visitor.close()
                new, seen = change_areas(browser, start_url)
                summary = cpu_profile(browser, start_url)
            finally:
                browser.close()
    finally:
        stop(process)
    return {"tabs": tabs, "first": first_visits, "new": new, "seen": seen, "trace": summary}


def report(result: dict, data_dir: Path) -> str:
    tabs, first = result["tabs"], result["first"]
    profile = [t["profile"] for t in tabs]
    new, seen = result["new"], result["seen"]
    tab_met = "met" if statistics.median(profile) <= NEW_TAB_TARGET_S else "missed"
    new_met = "met" if statistics.median(new) <= CHANGE_TARGET_S else "missed"
    seen_met = "met" if statistics.median(seen) <= CHANGE_TARGET_S else "missed"
    traces = tabs[-1]["traces"]
    lines = [
        f"## Browser: opening a page and changing area ({today()})",
        "",
        f"Machine: {machine()}.",
        "",
        f"One server as `make run` starts it on `{data_dir.name}/he.parquet`, warmed; headless "
        "Chromium (Playwright, already running). New tab: a tab of a browser that has "
        f"shown the app before (its cache warm) opens the start page for Norsjö (shown "
        f"before), {len(tabs)} times; first visit: the same in a new browser context. "
        "Change area: in one tab, "
        f"{len(new)} kommuner picked in the area selector, from the click on the option to "
        "the profile's title naming the new kommun; first kommuner the server has not shown, "
        "then the same again. Renderer work: Chromium's counters (CDP "
        "`Performance.getMetrics`) from `goto` to every chart drawn. Median (min–max) "
        "(`bench/bench_browser.py`). The machine is shared: compare figures of one run.",
        "",
        "| step | seconds |",
        "|---|---|",
        f"| new tab → first chart in the page | {median_range([t['first_chart'] for t in tabs])} |",
        f"| **new tab → profile visible** (target ≤ {NEW_TAB_TARGET_S:g} s: {tab_met}) | "
        f"**{median_range(profile)}** |",
        f"| new tab → every chart drawn, app idle | {median_range([t['drawn'] for t in tabs])} |",
        "| first visit (new browser context, nothing cached) → profile visible | "
        f"{median_range([t['profile'] for t in first])} |",
        f"| renderer main thread busy (all tasks) | "
        f"{median_range([t['TaskDuration'] for t in tabs])} |",
        f"| … of it script | {median_range([t['ScriptDuration'] for t in tabs])} |",
        f"| … of it layout and style | "
        f"{median_range([t['LayoutDuration'] + t['RecalcStyleDuration'] for t in tabs])} |",
        f"| **change area, kommun new to the server** (target ≤ {CHANGE_TARGET_S:g} s: "
        f"{new_met}) | **{median_range(new)}** |",
        f"| **change area, kommun shown before** (target ≤ {CHANGE_TARGET_S:g} s: "
        f"{seen_met}) | **{median_range(seen)}** |",
        "",
        f"The start page draws {len(traces)} figures ({', '.join(map(str, traces))} "
        f"traces); JS heap after the load {median_range([t['heap_mib'] for t in tabs], 0)} MiB.",
    ]
    if result["trace"]:
        lines += [
            "",
            "Where one new tab's JavaScript time goes (V8's sampling profiler through CDP, "
            "self time per script file until every chart is drawn; ms):",
            "",
            "| where | ms |",
            "|---|---|",
            *(f"| {name} | {ms:.0f} |" for name, ms in result["trace"]),
        ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--data-dir", help="data directory (default: $HE_DATA_DIR or var/)")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    from data.store import data_dir

    directory = data_dir(args.data_dir).resolve()
    text = report(measure(args.repeats, directory), directory)
    print(text)
    if args.write:
        write_section("browser", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
