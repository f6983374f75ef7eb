"""End-to-end fixtures: a real Streamlit server on 127.0.0.1 and Debian's headless Chromium.

Screenshots go to `$TEST_ARTIFACTS` (default `artifacts/`) for review after a run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, sync_playwright

from data.store import DATASET_FILE
from data.store import data_dir as store_data_dir
from tests.known_dataset import write_known_dataset

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 60.0


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path
    process: subprocess.Popen


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path, log_path: Path, env: dict[str, str] | None = None) -> Server:
    """Start `streamlit run app.py` (with `env` added to the environment) and wait until
    its health endpoint answers."""
    port = free_port()
    env = {**os.environ, "HE_DATA_DIR": str(data_dir), **(env or {})}
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early; see {log_path}")
        try:
            if requests.get(f"{url}/_stcore/health", timeout=1).ok:
                return Server(url=url, data_dir=data_dir, process=process)
        except requests.RequestException:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"streamlit did not answer within {SERVER_START_TIMEOUT} s; see {log_path}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    directory = Path(os.environ.get("TEST_ARTIFACTS", ROOT / "artifacts"))
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="session")
def known_server(tmp_path_factory, artifacts) -> Iterator[Server]:
    """A server on the small dataset with hand-computed answers."""
    data_dir = tmp_path_factory.mktemp("e2e-known")
    write_known_dataset(data_dir)
    server = start_server(data_dir, artifacts / "server-known.log")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def default_server(artifacts) -> Iterator[Server]:
    """A server on the dataset `make run` uses (built by `make test` before the suite)."""
    data_dir = store_data_dir()
    if not (data_dir / DATASET_FILE).exists():
        raise RuntimeError(f"no dataset in {data_dir}: run the suite with 'make test'")
    server = start_server(data_dir, artifacts / "server-default.log")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


def wait_for_app(page: Page) -> None:
    """Wait until Streamlit has finished running the script for the current view."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=30_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=30_000,
    )


def error_boxes(page: Page) -> int:
    return page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
