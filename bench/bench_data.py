"""Benchmark: load `he.parquet` and derive everything the pages need, in a fresh process.

    python bench/bench_data.py [--repeats 5] [--data-dir DIR] [--write]

Each run is a new Python process (no warm caches, as when the server starts) that
imports the app's modules, reads and validates the dataset (`read_dataset`), builds
the model with the shipped förbund (`build_model`: annual tables of every area), then
the monthly and the rolling 12-month tables (their kommun tables, context and county
means: an area's rows are made when asked for), then the monthly and rolling rows of
ten kommuner. Measured: the time of each step and the process's peak and final resident
memory (RSS). `--write` replaces the
"Data" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import machine, median_range, today, write_section  # noqa: E402
from metrics.tables import AREAS_KEPT  # noqa: E402

STEPS = (
    ("imports", "imports (pandas, pyarrow, the app's modules)"),
    ("read", "`read_dataset`: Parquet → validated frame"),
    ("model", "`build_model`: annual tables of every area"),
    ("monthly", "monthly tables (kommun table, context, county means)"),
    ("rolling", "rolling 12-month tables (the same)"),
    ("areas", "monthly and rolling rows of ten kommuner, made on demand"),
)
AREAS = ("0114", "0180", "1280", "1480", "2480", "2482", "0581", "1880", "2281", "0380")


def child(path: str) -> dict:
    """One measurement: the steps' seconds and RSS, printed as JSON by the child."""
    from bench.common import peak_rss_mib, rss_mib

    started = time.perf_counter()
    from data.areas import forbund_regions
    from data.store import read_dataset
    from metrics.model import build_model

    seconds = {"imports": time.perf_counter() - started}
    mark = time.perf_counter()
    dataset = read_dataset(path)
    seconds["read"] = time.perf_counter() - mark
    mark = time.perf_counter()
    model = build_model(dataset.frame, forbund_regions())
    seconds["model"] = time.perf_counter() - mark
    rss_model = rss_mib(os.getpid())
    mark = time.perf_counter()
    monthly = model.monthly_tables
    seconds["monthly"] = time.perf_counter() - mark
    mark = time.perf_counter()
    rolling = model.rolling_tables
    seconds["rolling"] = time.perf_counter() - mark
    mark = time.perf_counter()
    for code in AREAS:
        monthly.area_rows(code)
        rolling.area_rows(code)
    seconds["areas"] = time.perf_counter() - mark
    return {
        "seconds": seconds,
        "rows": len(dataset.frame),
        "kommuner": dataset.frame["region_code"].nunique(),
        "areas": len(model.regions.all()),
        "months": int(dataset.frame["month"].nunique()),
        "share_rows": {
            "year": len(model.annual),
            "month": len(monthly.area_rows(AREAS[0])),
            "rolling12": len(rolling.area_rows(AREAS[0])),
        },
        "rss_model_mib": rss_model,
        "rss_end_mib": rss_mib(os.getpid()),
        "rss_peak_mib": peak_rss_mib(),
    }


def run_child(path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"child failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(runs: list[dict], path: Path) -> str:
    first = runs[0]
    size = path.stat().st_size / 2**20
    lines = [
        f"## Data: load and derive ({today()})",
        "",
        f"Machine: {machine()}.",
        "",
        f"Dataset: `{path.name}` ({size:.1f} MiB, {first['rows']:,} rows: "
        f"{first['kommuner']} regions × {first['months']} months × kön/åldersgrupper × "
        f"measures). Model: {first['areas']} areas (kommuner, län, riket, förbund); share rows "
        f"{first['share_rows']['year']:,} per year table (all kept); monthly and rolling "
        f"{first['share_rows']['month']:,} per area, made when asked for (the last "
        f"{AREAS_KEPT} areas kept). Median (min–max) of "
        f"{len(runs)} runs, each in a fresh process (`bench/bench_data.py`).",
        "",
        "| step | seconds |",
        "|---|---|",
    ]
    for key, label in STEPS:
        lines.append(f"| {label} | {median_range([r['seconds'][key] for r in runs])} |")
    start = [r["seconds"]["read"] + r["seconds"]["model"] for r in runs]
    total = [sum(r["seconds"].values()) for r in runs]
    lines += [
        f"| **what the start page waits for** (read + model) | {median_range(start)} |",
        f"| **everything** (imports + all tables) | {median_range(total)} |",
        "",
        "| memory | MiB |",
        "|---|---|",
        f"| RSS after the model | {median_range([r['rss_model_mib'] for r in runs], 0)} |",
        f"| RSS with all tables and ten areas | "
        f"{median_range([r['rss_end_mib'] for r in runs], 0)} |",
        f"| peak RSS | {median_range([r['rss_peak_mib'] for r in runs], 0)} |",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--data-dir", help="data directory (default: $HE_DATA_DIR or var/)")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    from data.store import dataset_path

    path = dataset_path(args.data_dir)
    run_child(path)  # warm the operating system's file cache, not counted
    runs = [run_child(path) for _ in range(args.repeats)]
    text = report(runs, path)
    print(text)
    if args.write:
        write_section("data", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
