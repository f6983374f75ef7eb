"""Run the benchmarks and write their sections of BENCHMARKS.md: `make bench`.

    python bench/run.py [SECTION ...]      (default: all, in this order)

Sections: data, pages (AppTest), server (the real server as `make run` starts it: CPU
per view and memory), coldstart, browser (a new tab and a change of area in Chromium),
loader, exports, load, sessions (50 visitors changing area, measured on the server),
exportload (a page while another visitor exports a PDF), hardening (the loader's fault
matrix, run for real). Each one is its own script in `bench/`, run in a fresh process
with `--write`, so it replaces only its own section (`make bench BENCH=pages` runs one
again).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS: dict[str, str] = {
    "data": "bench_data.py",
    "pages": "bench_pages.py",
    "server": "bench_server.py",
    "coldstart": "bench_coldstart.py",
    "browser": "bench_browser.py",
    "loader": "bench_loader.py",
    "exports": "bench_exports.py",
    "load": "bench_load.py",
    "sessions": "bench_sessions.py",
    "exportload": "bench_export_load.py",
    "hardening": "bench_faults.py",
}


def main(argv: list[str]) -> int:
    sections = argv or list(SCRIPTS)
    unknown = [s for s in sections if s not in SCRIPTS]
    if unknown:
        print(f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(SCRIPTS)}")
        return 2
    for section in sections:
        started = time.perf_counter()
        print(f"== {section} ({SCRIPTS[section]})", flush=True)
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / SCRIPTS[section]), "--write"], cwd=ROOT
        )
        if done.returncode != 0:
            print(f"== {section} failed (exit {done.returncode})")
            return done.returncode
        print(f"== {section} done in {time.perf_counter() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
