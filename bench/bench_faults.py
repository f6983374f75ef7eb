"""The loader's fault matrix, run for real: each fault against the fake PxWeb server.

    python bench/bench_faults.py [--write]

Every row starts from a data directory holding a valid dataset (what a user already
has), makes the fake server in `tests/fakepxweb` misbehave in one way, and runs
`python -m loaders fetch` as a process (SIGKILL and Ctrl-C are sent to it while the
server holds its second data request). Recorded: the exit code, the last line the
user sees on stderr, whether `he.parquet` is byte for byte the old file (or, where
the fetch recovers, a complete new dataset that passes the contract), and whether the
directory is clean after the next fetch. The suite asserts the same things
(`tests/test_fetch.py`, `tests/test_fetch_process.py`); this script shows them as the
table in BENCHMARKS.md. `--write` replaces its "Hardening" section.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import machine, today, write_section  # noqa: E402
from data.store import DATASET_FILE, read_dataset  # noqa: E402
from tests.fakepxweb import FakePxWeb, Fault, kon_table  # noqa: E402
from tests.scb_support import FAST, leftovers, old_dataset, subprocess_command  # noqa: E402

PROBLEM_503 = json.dumps({"title": "Service Unavailable", "detail": "maintenance"}).encode()
CONFIG_1000 = json.dumps({"maxDataCells": 1000, "maxCallsPerTimeWindow": 30, "timeWindow": 10})


@dataclass(frozen=True)
class Case:
    fault: str
    serve: Callable[[], FakePxWeb]
    prepare: Callable[[FakePxWeb], None] = lambda fake: None
    extra: tuple[str, ...] = ()
    signal: int | None = None
    recovers: bool = False


def small(**options: object) -> FakePxWeb:
    """A table fetched in 9 requests."""
    return FakePxWeb([kon_table(kommuner=2, months=3)], max_cells=60, **options)


def tiny() -> FakePxWeb:
    """A table fetched in one request, so every attempt meets the fault."""
    return FakePxWeb([kon_table(kommuner=1, months=2)])


def negative_value() -> FakePxWeb:
    table = kon_table(kommuner=1, months=2)
    values = table.values.copy()
    values.flat[0] = -5.0
    return FakePxWeb([replace(table, values=values)])


def faults(kind: str, *items: Fault) -> Callable[[FakePxWeb], None]:
    return lambda fake: fake.add_faults(kind, *items)


CASES = [
    Case(
        "429 Too Many Requests, Retry-After 0.2 s",
        lambda: small(max_calls=1000, enforced_calls=2, enforced_window=0.2, retry_after="0.2"),
        extra=("--max-retries", "10"),
        recovers=True,
    ),
    Case(
        "429 with Retry-After 3600 s",
        lambda: FakePxWeb([kon_table(kommuner=1, months=2)], enforced_calls=1, retry_after="3600"),
    ),
    Case(
        "500, then 503, then an answer",
        small,
        faults("data", Fault("status", 500), Fault("status", 503)),
        recovers=True,
    ),
    Case("503 on every attempt", tiny, faults("data", *[Fault("status", 503, PROBLEM_503)] * 3)),
    Case(
        "No answer within the timeout, every attempt",
        tiny,
        faults("data", *[Fault("slow", delay=3.0)] * 3),
        extra=("--timeout", "0.6"),
    ),
    Case("Body cut off mid-way, every attempt", tiny, faults("data", *[Fault("truncate")] * 3)),
    Case("Invalid JSON", small, faults("data", Fault("invalid_json"))),
    Case("Value count does not match the sizes", small, faults("data", Fault("wrong_count"))),
    Case(
        "Metadata that is not json-stat2",
        small,
        faults("metadata", Fault("status", 200, b'{"id": "nope"}', "application/json")),
    ),
    Case(
        "Server stricter than its /config",
        lambda: FakePxWeb([kon_table(kommuner=1, months=2)], max_cells=100),
        faults("config", Fault("status", 200, CONFIG_1000.encode(), "application/json")),
    ),
    Case(
        "A content label renamed",
        lambda: FakePxWeb(
            [kon_table(kommuner=1, months=2).with_content_text("Folkmängd", "Antal boende")]
        ),
    ),
    Case(
        "A content missing",
        lambda: FakePxWeb([kon_table(kommuner=1, months=2).without_content("Ekonomiskt bistånd")]),
    ),
    Case("An empty table", lambda: FakePxWeb([kon_table(kommuner=1, months=2).without_months()])),
    Case("A negative value (breaks the contract)", negative_value),
    Case(
        "SIGKILL during the fetch",
        small,
        faults("data", Fault("ok"), Fault("hold")),
        extra=("--workers", "1"),
        signal=signal.SIGKILL,
    ),
    Case(
        "Ctrl-C during the fetch",
        small,
        faults("data", Fault("ok"), Fault("hold")),
        extra=("--workers", "1"),
        signal=signal.SIGINT,
    ),
]


def fetch_command(fake: FakePxWeb, data_dir: Path, extra: tuple[str, ...]) -> list[str]:
    """The fetch as the tests run it (short back-off), but not quiet: what a user sees."""
    options = [option for option in FAST if option != "--quiet"]
    args = ["fetch", "--base-url", fake.v2_url, "--data-dir", str(data_dir), *options]
    return subprocess_command(*args, "--age-table", "none", *extra)


def run_case(case: Case, data_dir: Path) -> dict[str, object]:
    old = old_dataset(data_dir)
    fake = case.serve().start()
    try:
        case.prepare(fake)
        command = fetch_command(fake, data_dir, case.extra)
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        if case.signal is not None:
            if not fake.held.wait(timeout=60):
                raise RuntimeError(f"{case.fault}: the loader never reached the held request")
            process.send_signal(case.signal)
            fake.release()
        out, err = process.communicate(timeout=300)
        new = (data_dir / DATASET_FILE).read_bytes()
        kept = "yes (unchanged)" if new == old else _replaced_by_a_valid_dataset(data_dir)
    finally:
        fake.stop()
    with FakePxWeb([kon_table(kommuner=1, months=2)]) as healthy:
        again = subprocess.run(
            fetch_command(healthy, data_dir, ()), cwd=ROOT, capture_output=True, timeout=300
        )
    lines = (err if process.returncode else out + err).strip().splitlines()
    return {
        "fault": case.fault,
        "exit": process.returncode,
        "message": _readable(lines[-1] if lines else "", data_dir),
        "expected": (process.returncode == 0) == case.recovers,
        "kept": kept,
        "clean": again.returncode == 0 and leftovers(data_dir) == [],
    }


def _replaced_by_a_valid_dataset(data_dir: Path) -> str:
    dataset = read_dataset(data_dir / DATASET_FILE)  # validates the contract
    return f"yes (replaced by the complete new one, {len(dataset.frame):,} rows)"


def _readable(line: str, data_dir: Path) -> str:
    """The message as a user sees it, with the local port, query strings and the
    temporary data directory shortened."""
    line = line.replace(str(data_dir), "data")
    line = re.sub(r"; fetch \S+$", "", line)
    line = re.sub(r"http://127\.0\.0\.1:\d+", "http://127.0.0.1:…", line)
    line = re.sub(r"\?[^ )]+", "?…", line)
    return line.replace("|", "\\|") or "(nothing)"


def report(rows: list[dict[str, object]]) -> str:
    lines = [
        "## Hardening: the loader's fault matrix "
        f"({today()}, `bench/bench_faults.py`, checked by the suite)",
        "",
        f"Machine: {machine()}.",
        "",
        "Each fault was made by the fake PxWeb server (`tests/fakepxweb`) against a data "
        "directory that already held a valid dataset, with `python -m loaders fetch` run as "
        "a process. *Data kept*: `he.parquet` is byte for byte the old file, or where the "
        "fetch recovers, the complete new dataset (validated). *Clean after*: the next fetch "
        "succeeded and left no staging or temporary files.",
        "",
        "| fault | exit | what the user sees (last line) | data kept | clean after |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        clean = "yes" if row["clean"] else "**no**"
        lines.append(
            f"| {row['fault']} | {row['exit']} | `{row['message']}` | {row['kept']} | {clean} |"
        )
    lines += [
        "",
        "Also proven by the suite, not repeated here: a full disk while the raw files or the "
        "dataset are written (`test_a_full_disk_fails_cleanly`), SIGKILL at each stage of "
        "the write (`test_sigkill_*`), a damaged raw file for `reparse`, a second fetch "
        "while one runs, and in the app: a dataset that breaks the contract, replaced or "
        "deleted while the app runs (`tests/test_dataset_changes.py`), hostile URL "
        "parameters and area names on every page (`tests/test_hostile_inputs.py`, "
        "`tests/e2e/test_injection.py`) and unsafe download file names "
        "(`tests/test_file_names.py`).",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the section in BENCHMARKS.md")
    args = parser.parse_args(argv)
    rows = []
    for number, case in enumerate(CASES):
        with tempfile.TemporaryDirectory(prefix="bench-faults-") as directory:
            row = run_case(case, Path(directory) / f"data-{number}")
        print(f"{row['fault']}: exit {row['exit']}, kept {row['kept']}, clean {row['clean']}")
        rows.append(row)
    text = report(rows)
    print(text)
    if args.write:
        write_section("hardening", text)
    bad = [
        r
        for r in rows
        if not r["expected"] or not str(r["kept"]).startswith("yes") or not r["clean"]
    ]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
