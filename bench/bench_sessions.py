"""Benchmark: 50 visitors at once, measured on the server, without 50 browsers.

    python bench/bench_sessions.py [--sessions 50] [--visits 3] [--data-dir DIR]

One server as `make run` starts it (`bench.common.start_streamlit`), with `HE_RUN_TIMES`
set so that it records every script run's CPU and wall time (app_pages/ui/timing.py).
Each simulated visitor is a websocket client speaking Streamlit's own protocol (what the
page's JavaScript sends): it connects, asks for a run of the start page with a link to a
kommun (`?region=…`, as a shared link opens it) and waits for the server's
`script_finished`; it does so `--visits` times, each time for a kommun no visitor has
asked for, so the server builds every view anew. All sessions run at once. Chromium is
not used: 50 browser contexts cannot even load the page on two cores (see
BENCHMARKS.md), and the browser's own drawing is target 3's, measured with one tab.

Reported: the server's time per run (CPU p50/p95; wall p50/p95/max: the run's own work
plus its wait for other sessions' runs), the time each client waited for its run, errors
(a run that did not finish, an exception in the page) and the server's RSS at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    free_port,
    machine,
    percentile,
    rss_mib,
    start_streamlit,
    stop,
    wait_healthy,
)

TIMEOUT_S = 300.0
TARGET_P95_MS = 300


async def visitor(port: int, kommuner: list[str], waits: list[float], errors: list[str]) -> None:
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    for code in kommuner:
        try:
            async with websockets.connect(
                f"ws://127.0.0.1:{port}/_stcore/stream",
                subprotocols=["streamlit"],
                max_size=2**26,
            ) as socket:
                request = BackMsg()
                request.rerun_script.query_string = f"region={code}"
                started = time.perf_counter()
                await socket.send(request.SerializeToString())
                async with asyncio.timeout(TIMEOUT_S):
                    while True:
                        message = ForwardMsg()
                        message.ParseFromString(await socket.recv())
                        kind = message.WhichOneof("type")
                        if kind == "delta" and message.delta.new_element.WhichOneof("type") in (
                            "exception",
                        ):
                            errors.append(f"{code}: exception in the page")
                        if kind == "script_finished":
                            waits.append(time.perf_counter() - started)
                            break
        except Exception as err:  # counted; the visitor goes on
            errors.append(f"{code}: {type(err).__name__}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--visits", type=int, default=3)
    parser.add_argument("--data-dir", help="data directory (default: $HE_DATA_DIR or var/)")
    args = parser.parse_args()
    from app_pages.ui.timing import RUN_TIMES_ENV
    from bench.bench_load import kommun_options
    from data.regions import load_regions
    from data.store import data_dir

    names = {a.name: a.code for a in load_regions().kommuner}
    codes = [names[name] for name, _label in kommun_options()]
    folder = Path(tempfile.mkdtemp(prefix="bench-sessions-"))
    runs = folder / "runs.txt"
    os.environ[RUN_TIMES_ENV] = str(runs)
    port = free_port()
    process = start_streamlit(port, data_dir(args.data_dir).resolve(), folder / "server.log")
    waits: list[float] = []
    errors: list[str] = []
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process, timeout=120)
        # one visitor first: the data, the model and the background tables are built
        asyncio.run(visitor(port, ["2417"], [], errors))
        time.sleep(10)
        started = time.time()
        plan = [
            [codes[(s * args.visits + v) % len(codes)] for v in range(args.visits)]
            for s in range(args.sessions)
        ]

        async def everyone() -> None:
            await asyncio.gather(*(visitor(port, own, waits, errors) for own in plan))

        asyncio.run(everyone())
        rss = rss_mib(process.pid)
    finally:
        stop(process)
    cpu, wall = [], []
    for line in runs.read_text(encoding="utf-8").splitlines():
        stamp, _page, cpu_ms, wall_ms = line.split()
        if float(stamp) >= started:
            cpu.append(float(cpu_ms))
            wall.append(float(wall_ms))
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.0f}.")
    print(
        f"{args.sessions} sessions × {args.visits} visits: {len(cpu)} runs; server CPU per run "
        f"p50 {statistics.median(cpu):.0f} ms, p95 {percentile(cpu, 95):.0f} ms; server wall "
        f"p50 {statistics.median(wall):.0f} ms, p95 {percentile(wall, 95):.0f} ms, max "
        f"{max(wall):.0f} ms; client waits p50 {statistics.median(waits):.1f} s, p95 "
        f"{percentile(waits, 95):.1f} s; errors {len(errors)} {errors[:5]}; server RSS "
        f"{rss:.0f} MiB (target p95 ≤ {TARGET_P95_MS} ms)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
