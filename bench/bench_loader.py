"""Benchmark: our SCB loader against pxwebpy on the same local PxWeb server.

    python bench/bench_loader.py [--repeats 5] [--write]

1. End to end: a fresh process fetches the full TAB1386 (291 regions × 3 kön ×
   2 åldersgrupper × 9 contents × 144 months = 2 262 816 cells) from the fake server in
   `tests/fakepxweb` with SCB's limits (150 000 cells, 30 calls per 10 s) and turns it
   into a DataFrame. Ours runs the whole `fetch` (raw files kept, contract validated,
   Parquet written); pxwebpy runs `get_table_data_all` + `pandas.DataFrame`. Measured:
   wall time, requests the server saw, peak RSS of the process.
2. Parsing only: the same recorded json-stat2 responses → DataFrame, in a fresh process
   per run: wall time and tracemalloc peak.
3. Request counts for TAB1386 over longer periods: our split, pxwebpy's, the minimum.

`--write` replaces the "Loader" section of BENCHMARKS.md with the results.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import machine, median_range, write_section  # noqa: E402

MONTHS = 144
KOMMUNER = 290
CLIENTS = ("ours", "pxwebpy", "pxwebpy-nocache")


# -- children: one measurement each, printed as JSON ------------------------------------


def _rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def child_fetch(client: str, url: str, directory: str) -> dict:
    import time

    import pandas as pd

    if client == "ours":
        from loaders.scb.fetcher import FetchOptions, fetch
    else:
        from pxweb import PxApi
    baseline = _rss_kib("VmRSS")
    started = time.perf_counter()
    if client == "ours":
        summary = fetch(FetchOptions(data_dir=Path(directory), base_url=url, age_table="none"))
        rows = summary.rows
    else:
        api = PxApi(url, disable_cache=client == "pxwebpy-nocache")
        rows = len(pd.DataFrame(api.get_table_data_all("TAB1386")))
    return {
        "seconds": time.perf_counter() - started,
        "rows": rows,
        "rss_peak_mib": _rss_kib("VmHWM") / 1024,
        "rss_base_mib": baseline / 1024,
    }


def child_parse(client: str, directory: str, measure_memory: bool) -> dict:
    import time
    import tracemalloc

    import pandas as pd
    from pxweb._internal.functions import unpack_table_data

    from loaders.scb.api import V2Api
    from loaders.scb.assemble import KIND_KON, CubeAssembler, long_table, plan_table
    from loaders.scb.jsonstat import parse_jsonstat2

    folder = Path(directory)
    bodies = [gzip.decompress(p.read_bytes()) for p in sorted(folder.glob("TAB1386-data-*"))]
    metadata = gzip.decompress((folder / "TAB1386-metadata.json.gz").read_bytes())
    if measure_memory:
        tracemalloc.start()
    started = time.perf_counter()
    if client == "ours":
        plan = plan_table(V2Api("").parse_metadata("TAB1386", json.loads(metadata)), KIND_KON)
        assembler = CubeAssembler(plan)
        for body in bodies:
            cube = parse_jsonstat2(json.loads(body))
            assembler.add(cube, {d.code: d.codes for d in cube.dimensions})
        frame = long_table(plan, assembler.result())
    else:
        rows: list[dict] = []
        for body in bodies:
            rows.extend(unpack_table_data(json.loads(body)))
        frame = pd.DataFrame(rows)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if measure_memory else None
    return {"seconds": seconds, "rows": len(frame), "traced_peak_mib": peak}


def run_child(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the driver -------------------------------------------------------------------------


def request_counts() -> list[tuple[str, int, int, int, int]]:
    from pxweb._internal.functions import split_value_codes

    from loaders.scb.query import minimum_requests, plan_split

    rows = []
    for label, months in (
        ("2014M01–2025M12", 144),
        ("2014M01–2026M03", 147),
        ("2014M01–2026M12", 156),
        ("2014M01–2027M12", 168),
        ("2014M01–2029M12", 192),
    ):
        sizes = {"Region": 291, "Kon": 3, "Aldersgrupp": 2, "ContentsCode": 9, "Tid": months}
        cells = math.prod(sizes.values())
        codes = {k: [f"{k}{i}" for i in range(n)] for k, n in sizes.items()}
        theirs = len(split_value_codes(codes, 150_000))
        ours = plan_split(list(sizes.values()), 150_000).requests
        rows.append((label, cells, minimum_requests(cells, 150_000), ours, theirs))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()

    from tests.fakepxweb import FakePxWeb, kon_table

    table = kon_table(kommuner=KOMMUNER, months=MONTHS)
    cells = table.values.size
    fetch_runs: dict[str, list[dict]] = {c: [] for c in CLIENTS}
    requests_seen: dict[str, list[dict]] = {c: [] for c in CLIENTS}
    work = Path(tempfile.mkdtemp(prefix="bench-loader-"))
    with FakePxWeb([table], max_cells=150_000, max_calls=30, window=10) as fake:
        for repeat in range(args.repeats + 1):  # the first round warms the server's cache
            order = CLIENTS if repeat % 2 else tuple(reversed(CLIENTS))
            for client in order:
                fake.reset()
                directory = work / f"{client}-{repeat}"
                result = run_child("fetch", client, fake.v2_url, str(directory))
                if repeat:
                    fetch_runs[client].append(result)
                    requests_seen[client].append(
                        {
                            "all": len(fake.requests),
                            "data": len(fake.data_requests(status=None)),
                            "429": sum(r.status == 429 for r in fake.requests),
                            "max_cells": max(r.cells or 0 for r in fake.requests),
                        }
                    )
        raw = next((work / "ours-1" / "raw").iterdir())
    parse_runs: dict[str, list[dict]] = {"ours": [], "pxwebpy": []}
    for repeat in range(args.repeats):
        for client in ("ours", "pxwebpy") if repeat % 2 else ("pxwebpy", "ours"):
            timing = run_child("parse", client, str(raw), "time")
            memory = run_child("parse", client, str(raw), "memory")
            parse_runs[client].append({**timing, "traced_peak_mib": memory["traced_peak_mib"]})

    section = report(cells, fetch_runs, requests_seen, parse_runs, len(list(raw.glob("*-data-*"))))
    print(section)
    if args.write:
        write_section("loader", section)


def report(cells, fetch_runs, requests_seen, parse_runs, responses) -> str:
    def median(client, key, runs=fetch_runs):
        return statistics.median(r[key] for r in runs[client])

    lines = [
        f"## Loader ({date.today().isoformat()})",
        "",
        f"Machine: {machine(('pandas', 'requests', 'pxwebpy'))}.",
        "",
        f"Full TAB1386 as the fake SCB server serves it: 291 regions × 3 kön × 2 åldersgrupper"
        f" × 9 contents × {MONTHS} months (2014M01–2025M12) = {cells:,} cells; SCB's limits"
        " (150,000 cells per request, 30 calls per 10 s). Median (min–max) of"
        f" {len(fetch_runs['ours'])} runs, each in a fresh process, after one warm-up round;"
        " the server's rate window is reset between runs (`bench/bench_loader.py`, `make bench`).",
        "",
        "### End to end: server → DataFrame",
        "",
        "| client | wall s | requests (data) | 429s | peak RSS MiB | RSS after imports MiB"
        " | rows |",
        "|---|---|---|---|---|---|---|",
    ]
    names = {
        "ours": "ours: `fetch` (+ raw files, validation, Parquet)",
        "pxwebpy": "pxwebpy 0.6.0 defaults",
        "pxwebpy-nocache": "pxwebpy 0.6.0, `disable_cache=True`",
    }
    for client in CLIENTS:
        runs, seen = fetch_runs[client], requests_seen[client]
        lines.append(
            f"| {names[client]} | {median_range([r['seconds'] for r in runs])} "
            f"| {stats_int([s['all'] for s in seen])} ({stats_int([s['data'] for s in seen])}) "
            f"| {stats_int([s['429'] for s in seen])} "
            f"| {median_range([r['rss_peak_mib'] for r in runs])} "
            f"| {statistics.median(r['rss_base_mib'] for r in runs):.0f} "
            f"| {runs[0]['rows']:,} |"
        )
    minimum = math.ceil(cells / 150_000)
    best_theirs = min(("pxwebpy", "pxwebpy-nocache"), key=lambda c: median(c, "seconds"))
    lines += [
        "",
        f"Minimum data requests for {cells:,} cells at 150,000 per request: {minimum}."
        f" Largest request seen: {max(s['max_cells'] for s in requests_seen['ours']):,} cells"
        " (ours).",
        f"Ours/pxwebpy (its faster configuration, {names[best_theirs]}): wall time"
        f" {median('ours', 'seconds') / median(best_theirs, 'seconds'):.2f},"
        f" peak RSS {median('ours', 'rss_peak_mib') / median(best_theirs, 'rss_peak_mib'):.2f}.",
        "",
        f"### Parsing only: the same {responses} recorded json-stat2 responses → DataFrame",
        "",
        "| parser | wall s | tracemalloc peak MiB | rows |",
        "|---|---|---|---|",
    ]
    parse_names = {
        "ours": "ours: `parse_jsonstat2` → one array → `long_table` (7 measures)",
        "pxwebpy": "pxwebpy: `unpack_table_data` → `pandas.DataFrame` (all 9 contents)",
    }
    for client in ("ours", "pxwebpy"):
        runs = parse_runs[client]
        lines.append(
            f"| {parse_names[client]} | {median_range([r['seconds'] for r in runs])} "
            f"| {median_range([r['traced_peak_mib'] for r in runs])} | {runs[0]['rows']:,} |"
        )
    time_ratio = median("ours", "seconds", parse_runs) / median("pxwebpy", "seconds", parse_runs)
    memory_ratio = median("ours", "traced_peak_mib", parse_runs) / median(
        "pxwebpy", "traced_peak_mib", parse_runs
    )
    lines += [
        "",
        f"Ours/pxwebpy: time {time_ratio:.3f}, peak memory {memory_ratio:.3f}"
        " (both include `json.loads` of every response).",
        "",
        "### Data requests for TAB1386 at 150,000 cells per request",
        "",
        "| period | cells | minimum | ours | pxwebpy |",
        "|---|---|---|---|---|",
    ]
    for label, count, minimum, ours, theirs in request_counts():
        lines.append(f"| {label} | {count:,} | {minimum} | {ours} | {theirs} |")
    lines += [
        "",
        "Both add the config and metadata requests (pxwebpy also `/tables` at start-up; ours"
        " a table search when it looks for the age table). With 30 calls per 10 s neither"
        " has to wait for the rate limit at these sizes.",
    ]
    return "\n".join(lines)


def stats_int(values: list[int]) -> str:
    low, high = min(values), max(values)
    middle = statistics.median(values)
    text = f"{middle:g}"
    return text if low == high else f"{text} ({low}–{high})"


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        if kind == "fetch":
            print(json.dumps(child_fetch(*rest)))
        else:
            print(json.dumps(child_parse(rest[0], rest[1], rest[2] == "memory")))
    else:
        main()
