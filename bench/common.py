"""What every benchmark shares: the machine line, statistics, RSS, and BENCHMARKS.md.

Each benchmark owns one section of BENCHMARKS.md between markers
(`<!-- NAME-bench:start -->` … `<!-- NAME-bench:end -->`) and replaces only that
section, so any one of them can be run again on its own (`make bench BENCH=pages`).
"""

from __future__ import annotations

import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "BENCHMARKS.md"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
HEADER = "# Benchmarks\n\n`make bench` runs them (never `make test`).\n"
MALLOC_ENV = {"MALLOC_ARENA_MAX": "2", "NUMPY_MADVISE_HUGEPAGE": "0"}
"""The memory settings of the Makefile's `run` (keep the two in step)."""
SECTION_ORDER = (
    "data",
    "pages",
    "server",
    "coldstart",
    "browser",
    "loader",
    "exports",
    "load",
    "sessions",
    "exportload",
    "hardening",
)
"""Where a section goes when BENCHMARKS.md does not have it yet."""


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}-bench:start -->", f"<!-- {name}-bench:end -->"


def write_section(name: str, text: str) -> None:
    """Replace the section `name` of BENCHMARKS.md with `text` (added if missing)."""
    start, end = markers(name)
    block = f"{start}\n{text.strip()}\n{end}"
    current = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else HEADER
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _: block, current)
    else:
        updated = _insert(current, name, block)
    BENCHMARKS.write_text(updated, encoding="utf-8")


def _insert(current: str, name: str, block: str) -> str:
    """`block` before the first section that comes after `name` in SECTION_ORDER."""
    later = SECTION_ORDER[SECTION_ORDER.index(name) + 1 :] if name in SECTION_ORDER else ()
    for other in later:
        start = markers(other)[0]
        if start in current:
            head, tail = current.split(start, 1)
            return f"{head}{block}\n\n{start}{tail}"
    return f"{current.rstrip()}\n\n{block}\n"


def today() -> str:
    return date.today().isoformat()


def machine(packages: Sequence[str] = ("streamlit", "pandas", "plotly")) -> str:
    """CPU, cores, memory, OS and the versions of `packages` (distribution names) that
    matter to a section, for its header."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in packages)
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, {versions}"
    )


def median_range(values: Sequence[float], digits: int = 2) -> str:
    """'1.23 (1.01–1.90)': the median and the range of repeated runs."""
    return (
        f"{statistics.median(values):.{digits}f} "
        f"({min(values):.{digits}f}–{max(values):.{digits}f})"
    )


def percentile(values: Sequence[float], percent: int) -> float:
    """The `percent`th percentile, interpolated between the closest ranks."""
    if len(values) == 1:
        return float(values[0])
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def rss_mib(pid: int) -> float:
    """The resident memory of a process now, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def peak_rss_mib(pid: int | None = None) -> float:
    """The peak resident memory of a process (this one by default), in MiB."""
    status = Path(f"/proc/{pid or 'self'}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/…/status")


AREA_BOX_LABEL = "Område"
"""The label of the area selector at the top of every page."""
TYPED_CHARS = 6
"""How much of a kommun's name a visitor types in the "Område" box before choosing."""


def area_box(page):
    """The "Område" selector at the top of every page, as a visitor finds it (a sync or an
    async Playwright page: locators are lazy in both)."""
    return page.get_by_role("combobox", name=AREA_BOX_LABEL, exact=True).first


def area_option(page, label: str):
    """The option `label` (e.g. 'Malå (Västerbottens län)') in the open "Område" list."""
    return page.get_by_role("option", name=label, exact=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_streamlit(
    port: int, data_dir: Path, log: Path, script: str = "app.py", cwd: Path = ROOT
) -> subprocess.Popen:
    """The server exactly as `make run` starts it (the Makefile's command, so the
    project's .streamlit/config.toml with its file watcher setting and all), on `port`
    and with the dataset in `data_dir`; another `script` in another `cwd` (with its own
    .streamlit/config.toml) for a comparison."""
    env = {**os.environ, "HE_DATA_DIR": str(data_dir), **MALLOC_ENV}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    with log.open("wb") as handle:
        return subprocess.Popen(command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT)


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    """Wait until the server's health endpoint answers (it does before any session)."""
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            if requests.get(f"{url}/_stcore/health", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"streamlit did not answer within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
