"""Benchmark: the reports users export — PowerPoint, PDF, Excel and a county's batch.

    python bench/bench_exports.py [--repeats 3] [--data-dir DIR] [--write]

Each run is a fresh process that loads the dataset and the model (timed on its own),
then makes, as `python -m charts report` does: the full report of Norsjö (every
section, every system, the default five years) as PowerPoint, as PDF (charts drawn by
Kaleido in headless Chromium, browser start included) and as Excel; and the PowerPoint
report of every kommun of Västerbottens län, written to files one after the other.

Then, as a user of the command line meets it, each format of the full report 2014–2025
as its own fresh `python -m charts report` process (imports, data, model, browser and
all): wall time and the CPU time of the process and its children (the browser), the
latter less disturbed by other load on the machine. `--write` replaces the "Exports"
section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import machine, median_range, today, write_section  # noqa: E402

AREA = "2417"
COUNTY = "24"
STEPS = (
    ("load", "load the dataset and build the model (once per process)"),
    ("pptx", "full report of Norsjö, PowerPoint"),
    ("pdf", "full report of Norsjö, PDF (browser start included)"),
    ("xlsx", "full report of Norsjö, Excel"),
    ("county", "Västerbottens län: every kommun's PowerPoint report, written to files"),
)


def child(data_dir: str | None, out: str) -> dict:
    from exports.batch import report_bytes, report_targets, write_file
    from exports.cli import load_model_and_provenance
    from exports.images import ChartRenderer
    from exports.report import (
        SECTIONS,
        ReportOptions,
        default_span,
        kommun_codes_of_county,
        plan_report,
    )

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    model, provenance = load_model_and_provenance(data_dir)
    seconds["load"] = time.perf_counter() - started
    first, last = default_span(model)
    sizes: dict[str, int] = {}

    def report(code: str):
        options = ReportOptions(code, first, last, SECTIONS)
        return plan_report(model, provenance, options, date.today())

    for fmt in ("pptx", "pdf", "xlsx"):
        started = time.perf_counter()
        if fmt == "pdf":
            with ChartRenderer(tabs=2) as renderer:
                data = report_bytes(report(AREA), fmt, renderer)
        else:
            data = report_bytes(report(AREA), fmt)
        seconds[fmt] = time.perf_counter() - started
        sizes[fmt] = len(data)
    started = time.perf_counter()
    codes = kommun_codes_of_county(model, COUNTY)
    names = {code: model.regions.name(code) for code in codes}
    targets = report_targets(codes, names, out + "/", "pptx", f"{first}-{last}")
    pages = 0
    for target in targets:
        planned = report(target.code)
        write_file(target.path, report_bytes(planned, "pptx"))
        pages += len(planned.slides) + 1
    seconds["county"] = time.perf_counter() - started
    return {
        "seconds": seconds,
        "sizes": sizes,
        "span": f"{first}–{last}",
        "pages": len(report(AREA).slides) + 1,
        "county_reports": len(targets),
        "county_pages": pages,
    }


FRESH_SPAN = ("2014", "2025")
TARGETS_S = {"pdf": 4.0, "pptx": 1.5, "xlsx": 1.5}


def fresh(fmt: str, data_dir: str | None) -> dict:
    """One full report as a fresh `python -m charts report` process: wall and CPU seconds."""
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as out:
        command = [sys.executable, "-m", "charts", "report", "--region", AREA]
        command += ["--from", FRESH_SPAN[0], "--to", FRESH_SPAN[1], "--format", fmt]
        command += ["--out", f"{out}/report.{fmt}"]
        if data_dir:
            command += ["--data-dir", data_dir]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu}


def fresh_table(repeats: int, data_dir: str | None) -> str:
    rows = []
    for fmt in ("pptx", "pdf", "xlsx"):
        fresh(fmt, data_dir)  # warm the file cache, not counted
        runs = [fresh(fmt, data_dir) for _ in range(repeats)]
        wall = [r["wall"] for r in runs]
        verdict = "met" if statistics.median(wall) <= TARGETS_S[fmt] else "missed"
        rows.append(
            f"| {fmt} | {median_range(wall)} | {median_range([r['cpu'] for r in runs])} | "
            f"≤ {TARGETS_S[fmt]:g} s: {verdict} |"
        )
    return "\n".join(
        [
            "",
            f"Full report of Norsjö {FRESH_SPAN[0]}–{FRESH_SPAN[1]}, each a fresh "
            "`python -m charts report` process (imports, data and browser included); "
            f"median (min–max) of {repeats}. CPU: the process and its children (the browser).",
            "",
            "| format | wall s | CPU s | target |",
            "|---|---|---|---|",
            *rows,
        ]
    )


def run_child(data_dir: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as out:
        command = [sys.executable, __file__, "--child", out]
        if data_dir:
            command += ["--data-dir", data_dir]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"child failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(runs: list[dict]) -> str:
    first = runs[0]
    lines = [
        f"## Exports ({today()})",
        "",
        f"Machine: {machine()}.",
        "",
        f"Reports as `python -m charts report` makes them, on the full synthetic dataset: "
        f"{first['span']}, every section and system ({first['pages']} pages); Västerbottens "
        f"län: {first['county_reports']} kommuner, {first['county_pages']} pages in all. "
        f"Median (min–max) of {len(runs)} runs, each in a fresh process "
        "(`bench/bench_exports.py`).",
        "",
        "| export | seconds | file |",
        "|---|---|---|",
    ]
    for key, label in STEPS:
        size = first["sizes"].get(key)
        shown = f"{size / 1024:,.0f} KiB" if size else ""
        lines.append(f"| {label} | {median_range([r['seconds'][key] for r in runs])} | {shown} |")
    per_report = [r["seconds"]["county"] / r["county_reports"] for r in runs]
    lines.append(f"| … per kommun of the batch | {median_range(per_report)} | |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data-dir", help="data directory (default: $HE_DATA_DIR or var/)")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.data_dir, args.child)))
        return 0
    runs = [run_child(args.data_dir) for _ in range(args.repeats)]
    text = report(runs) + "\n" + fresh_table(args.repeats, args.data_dir)
    print(text)
    if args.write:
        write_section("exports", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
