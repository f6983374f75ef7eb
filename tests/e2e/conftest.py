"""End-to-end fixtures: a real Streamlit server on 127.0.0.1 and Debian's headless Chromium.

Screenshots go to `$TEST_ARTIFACTS` (default `artifacts/`) for review after a run.

Browser tests wait for what they check, never for a fixed time: every Playwright wait and
`expect` has a generous default (`TIMEOUT_MS`), because two cores shared with other work
can make a chart appear many seconds after its heading.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect, sync_playwright

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
TIMEOUT_MS = 60_000
expect.set_options(timeout=TIMEOUT_MS)
APP_IDLE = (
    '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
    '[data-test-script-state="notRunning"]'
)


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path
    process: subprocess.Popen


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    data_dir: Path, log_path: Path, env: dict[str, str | None] | None = None
) -> Server:
    """Start `streamlit run app.py` and wait until its health endpoint answers.

    `env` adds to (or, with a value of None, removes from) the test's environment."""
    port = free_port()
    env = {**os.environ, "HE_DATA_DIR": str(data_dir), **(env or {})}
    env = {key: value for key, value in env.items() if value is not None}
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
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def wait_for_app(page: Page) -> None:
    """Wait until Streamlit is connected and has run the script for the current view.

    After `goto` or `reload` the app reports the script state "initial" until its first
    run starts, so waiting for "notRunning" cannot return before that run. After a click
    or a typed value the state may still read "notRunning" from the previous run: wrap the
    action in :func:`rerun` instead, or `expect` what the rerun shows.
    """
    page.wait_for_selector(APP_IDLE, state="attached")
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")


WATCH_RUNS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.__scriptRuns = 0;
    new MutationObserver(() => {
        if (app.getAttribute('data-test-script-state') !== 'notRunning') window.__scriptRuns++;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


@contextmanager
def rerun(page: Page) -> Iterator[None]:
    """Wait, after the body, for a script run it started to have begun and ended."""
    wait_for_app(page)
    page.evaluate(WATCH_RUNS)
    yield
    page.wait_for_function("() => window.__scriptRuns > 0")
    wait_for_app(page)


def press_enter_on_option(page: Page, box: str, option: str) -> None:
    """Press Enter in the select box named `box` once its list has `option` highlighted.

    The list shows the typed text's matches before it highlights the first one (the
    box's `aria-activedescendant`); on a busy machine an Enter pressed in between chose
    nothing, and no run followed (#16: 1 of 5 stressed runs). A user presses Enter on a
    highlighted option; so does the test.
    """
    choice = page.get_by_role("option", name=option, exact=True)
    expect(choice).to_be_visible()
    expect(page.get_by_role("combobox", name=box, exact=True)).to_have_attribute(
        "aria-activedescendant", choice.get_attribute("id") or ""
    )
    page.keyboard.press("Enter")


CHARTS_FIT = """() => [...document.querySelectorAll('.js-plotly-plot')].every(
    (plot) => plot._fullLayout && Math.abs(plot._fullLayout.width - plot.clientWidth) <= 1
)"""


def wait_for_charts_to_fit(page: Page) -> None:
    """Wait until every chart has been drawn at the width of its place on the page
    (after a resize plotly redraws them one by one)."""
    page.wait_for_function(CHARTS_FIT)


CHART_TITLES = """() => [...document.querySelectorAll('.js-plotly-plot .gtitle')].map((title) => {
    const lines = [...title.querySelectorAll('tspan.line')];
    const text = lines.length ? lines.map((line) => line.textContent).join(' ') : title.textContent;
    return text.replace(/\\s+/g, ' ').trim();
})"""


def title_pattern(title: str) -> re.Pattern[str]:
    """A chart title as a page draws it: wrapped lines join without a space in the text."""
    return re.compile("^" + r"\s*".join(re.escape(word) for word in title.split()) + "$")


def chart_titles(page: Page) -> list[str]:
    """The charts' titles in page order, the lines of a wrapped title joined by a space."""
    return page.evaluate(CHART_TITLES)


def expect_chart_titles(page: Page, expected: list[str], *, first: bool = False) -> None:
    """Wait until the page's chart titles (or only the first) are `expected`."""
    page.wait_for_function(
        f"(expected) => JSON.stringify(({CHART_TITLES})(){'.slice(0, 1)' if first else ''})"
        " === JSON.stringify(expected)",
        arg=expected,
    )


def error_boxes(page: Page) -> int:
    return page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
