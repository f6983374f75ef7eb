"""Benchmark: 50 visitors at once changing area, measured on the server, without browsers.

    python bench/bench_sessions.py [--sessions 50] [--changes 3] [--data-dir DIR] [--write]

One server as `make run` starts it (`bench.common.start_streamlit`), with `HE_RUN_TIMES`
set so that it records every script run's CPU and wall time (app_pages/ui/timing.py).
Each simulated visitor is a websocket client speaking Streamlit's own protocol (what the
page's JavaScript sends): it opens the start page with a link to a kommun
(`?region=…`, as a shared link opens it), then changes the area `--changes` times in the
page's "Område" box (the widget's new value, as the browser sends it when a visitor
picks an option), each time to a kommun no visitor has asked for, so the server builds
every view anew; after each it waits for the server's `script_finished`. All sessions
run at once and stay open to the end. Chromium is not used: 50 browser contexts cannot
even load the page on two cores (see BENCHMARKS.md), and the browser's own drawing is
target 3's, measured with one tab.

Reported: the server's time per run (CPU p50/p95; wall p50/p95/max: the run's own work
plus its wait for other sessions' runs), the time each client waited for its run, errors
(a run that did not finish, an exception in the page, a closed connection) and the
server's RSS before the sessions, with all of them open, and after they closed.
`--write` replaces the "Sessions" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    AREA_BOX_LABEL,
    free_port,
    machine,
    percentile,
    rss_mib,
    start_streamlit,
    stop,
    today,
    wait_healthy,
    write_section,
)

TIMEOUT_S = 300.0
TARGET_P95_MS = 300
TARGET_RSS_MIB = 350
WARM_AREA = "2417"


@dataclass
class Tally:
    """What the clients saw: their waits (s), errors, and a barrier for the end."""

    waits: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    finished: int = 0


class Visitor:
    """One browser tab, as the server sees it: a websocket session of its own."""

    def __init__(self, socket, tally: Tally) -> None:
        self.socket = socket
        self.tally = tally
        self.query = ""
        self.area_box = ""

    async def run(self, query: str = "", area_label: str | None = None) -> None:
        """Ask for a run (a page with `query`, or the area box set to `area_label`) and
        wait for it to finish, noting the wait and any exception shown in the page."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        request = BackMsg()
        request.rerun_script.query_string = query or self.query
        if area_label is not None:
            widget = request.rerun_script.widget_states.widgets.add()
            widget.id = self.area_box
            widget.string_value = area_label
        started = time.perf_counter()
        await self.socket.send(request.SerializeToString())
        async with asyncio.timeout(TIMEOUT_S):
            while True:
                message = ForwardMsg()
                message.ParseFromString(await self.socket.recv())
                kind = message.WhichOneof("type")
                if kind == "page_info_changed":
                    self.query = message.page_info_changed.query_string
                elif kind == "delta":
                    element = message.delta.new_element
                    which = element.WhichOneof("type")
                    if which == "exception":
                        self.tally.errors.append(f"{query or area_label}: exception in the page")
                    elif which == "selectbox" and element.selectbox.label == AREA_BOX_LABEL:
                        self.area_box = element.selectbox.id
                elif kind == "script_finished":
                    self.tally.waits.append(time.perf_counter() - started)
                    return


async def visit(port: int, first: str, labels: list[str], tally: Tally, hold: asyncio.Event):
    """Open the start page for `first`, change the area to each of `labels`, then keep
    the session open until `hold` is set (so that all sessions are open at the end)."""
    import websockets

    try:
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=2**26
        ) as socket:
            visitor = Visitor(socket, tally)
            await visitor.run(query=f"region={first}")
            if not visitor.area_box:
                raise RuntimeError("no area box on the start page")
            for label in labels:
                await visitor.run(area_label=label)
            tally.finished += 1
            await hold.wait()
    except Exception as err:  # counted; the others go on
        tally.errors.append(f"{first}: {type(err).__name__}: {err}")
        tally.finished += 1


def run_times(path: Path, since: float) -> tuple[list[float], list[float]]:
    """CPU and wall ms of the runs the server recorded from `since` (unix time) on."""
    cpu, wall = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        stamp, _page, cpu_ms, wall_ms = line.split()
        if float(stamp) >= since:
            cpu.append(float(cpu_ms))
            wall.append(float(wall_ms))
    return cpu, wall


def measure(data_dir: Path, sessions: int, changes: int) -> dict:
    from app_pages.ui.data import PERIOD_TABLES_DELAY_S, TRIM_DELAY_S
    from app_pages.ui.timing import RUN_TIMES_ENV
    from bench.bench_load import kommun_options
    from data.regions import load_regions

    codes = {a.name: a.code for a in load_regions().kommuner}
    options = kommun_options()
    folder = Path(tempfile.mkdtemp(prefix="bench-sessions-"))
    runs = folder / "runs.txt"
    os.environ[RUN_TIMES_ENV] = str(runs)
    port = free_port()
    process = start_streamlit(port, data_dir, folder / "server.log")
    tally = Tally()
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process, timeout=120)

        async def warm() -> None:
            done = asyncio.Event()
            done.set()
            await visit(port, WARM_AREA, [], Tally(), done)

        # one visitor first: the data, the model and the background tables are built
        asyncio.run(warm())
        time.sleep(PERIOD_TABLES_DELAY_S + 10)
        rss_before = rss_mib(process.pid)
        per_session = changes + 1
        plan = [options[s * per_session : (s + 1) * per_session] for s in range(sessions)]
        started = time.time()

        async def everyone() -> tuple[float, float]:
            hold = asyncio.Event()
            tasks = [
                asyncio.create_task(
                    visit(port, codes[own[0][0]], [label for _n, label in own[1:]], tally, hold)
                )
                for own in plan
            ]
            while tally.finished < sessions:
                await asyncio.sleep(0.2)
            await asyncio.sleep(1.0)
            busy = rss_mib(process.pid)
            # at rest, the sessions still open: the server gives freed memory back once
            # it has been idle for TRIM_DELAY_S (what a host sees between clicks)
            await asyncio.sleep(TRIM_DELAY_S + 2.0)
            rest = rss_mib(process.pid)
            hold.set()
            await asyncio.gather(*tasks)
            return busy, rest

        rss_busy, rss_open = asyncio.run(everyone())
        seconds = time.time() - started
        time.sleep(2)
        rss_closed = rss_mib(process.pid)
    finally:
        stop(process)
    cpu, wall = run_times(runs, started)
    expected = sessions * per_session
    if len(cpu) < expected:
        tally.errors.append(f"{expected - len(cpu)} runs not recorded by the server")
    return {
        "sessions": sessions,
        "changes": changes,
        "cpu": cpu,
        "wall": wall,
        "waits": tally.waits,
        "errors": tally.errors,
        "rss_before": rss_before,
        "rss_busy": rss_busy,
        "rss_open": rss_open,
        "rss_closed": rss_closed,
        "seconds": seconds,
        "load": os.getloadavg()[0],
    }


def report(result: dict) -> str:
    cpu, wall, waits, errors = result["cpu"], result["wall"], result["waits"], result["errors"]
    p95 = percentile(cpu, 95)
    met = p95 <= TARGET_P95_MS and not errors and result["rss_open"] <= TARGET_RSS_MIB
    sessions = result["sessions"]
    growth = (result["rss_open"] - result["rss_before"]) / sessions
    shown = "; ".join(errors[:3])
    return "\n".join(
        [
            f"## Sessions: {sessions} visitors changing area, measured on the server ({today()})",
            "",
            f"Machine: {machine()}; load average {result['load']:.1f} at the end.",
            "",
            f"One server as `make run` starts it; {sessions} websocket clients at once, each a "
            "visitor's tab speaking Streamlit's protocol: the start page opened with a link to "
            f"a kommun, then the area changed {result['changes']} times in the “Område” box, "
            "each time to a kommun no visitor had asked for; the sessions stay open to the "
            "end. The server's CPU time per script run (the script thread's, logged by the "
            "server: `HE_RUN_TIMES`, app_pages/ui/timing.py) and its wall time (the run plus "
            "its wait for the other sessions' runs: one interpreter, two cores) "
            "(`bench/bench_sessions.py`).",
            "",
            "| runs | CPU p50 ms | CPU p95 ms | wall p50 ms | wall p95 ms | client p50 s "
            "| client p95 s | errors | phase s |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {len(cpu)} | {statistics.median(cpu):.0f} | {p95:.0f} | "
            f"{statistics.median(wall):.0f} | {percentile(wall, 95):.0f} | "
            f"{statistics.median(waits):.1f} | {percentile(waits, 95):.1f} | {len(errors)} | "
            f"{result['seconds']:.0f} |",
            "",
            f"Server RSS before the sessions (one served, the background tables built): "
            f"{result['rss_before']:.0f} MiB; with the {sessions} sessions open, 1 s after "
            f"the last run: {result['rss_busy']:.0f} MiB; at rest (the server idle long "
            f"enough to give freed memory back), the sessions still open: "
            f"**{result['rss_open']:.0f} MiB** ({growth:+.2f} MiB per session, the areas' "
            f"cached views included); after they closed: {result['rss_closed']:.0f} MiB.",
            f"Target CPU p95 ≤ {TARGET_P95_MS} ms per run, 0 errors, RSS ≤ {TARGET_RSS_MIB} "
            f"MiB: {'met' if met else 'missed'}." + (f" Errors: {shown}." if errors else ""),
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--changes", type=int, default=3)
    parser.add_argument("--data-dir", help="data directory (default: $HE_DATA_DIR or var/)")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    from data.store import data_dir

    result = measure(data_dir(args.data_dir).resolve(), args.sessions, args.changes)
    text = report(result)
    print(text)
    if args.write:
        write_section("sessions", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
