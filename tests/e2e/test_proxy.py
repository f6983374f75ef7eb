"""The deployment of the README, for real: Debian's nginx on loopback with the repository's
`deploy/nginx.conf`, in front of two app processes that share one data directory and
serve under `/offentlig-forsorjning/`. Pages, the websocket, downloads and shared links
must work through the proxy.

Written to be extended: `proxy` yields both replicas and the data directory, so a test
of the live-data refresh (only one replica refreshes, the other picks the new dataset
up) can be added beside these once the refresh job exists.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ROOT, error_boxes, free_port, wait_for_app
from tests.target_dataset import write_target_dataset

pytestmark = pytest.mark.e2e

NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
PREFIX = "offentlig-forsorjning"
SITE = ROOT / "deploy" / "nginx.conf"
START_TIMEOUT = 90.0
COOKIE_SECRET = "test-secret-shared-by-both-replicas"


@dataclass(frozen=True)
class Proxy:
    url: str
    data_dir: Path
    replicas: tuple[subprocess.Popen, ...]
    replica_urls: tuple[str, ...]


def _wait(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited early; see {log}")
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {START_TIMEOUT} s; see {log}")


def _replica(port: int, data_dir: Path, log: Path) -> subprocess.Popen:
    """One app process as the README's systemd unit starts it (here on a free port)."""
    env = {
        **os.environ,
        "HE_DATA_DIR": str(data_dir),
        "STREAMLIT_SERVER_COOKIE_SECRET": COOKIE_SECRET,
    }
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.baseUrlPath", PREFIX, "--server.fileWatcherType", "none",
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )


def nginx_config(site: str, listen: int, app_ports: tuple[int, int], work: Path) -> str:
    """`deploy/nginx.conf` with the test's ports, inside a minimal main configuration
    that keeps nginx's pid, logs and temporary files in `work`."""
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    site = site.replace("127.0.0.1:8501;", f"127.0.0.1:{app_ports[0]};")
    site = site.replace("127.0.0.1:8502;", f"127.0.0.1:{app_ports[1]};")
    temp = "\n".join(
        f"    {kind}_temp_path {work / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"daemon off;\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'};\n"
        f"events {{}}\nhttp {{\n    access_log {work / 'access.log'};\n{temp}\n{site}\n}}\n"
    )


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, artifacts) -> Iterator[Proxy]:
    if not Path(NGINX).exists():
        raise RuntimeError(f"no nginx at {NGINX}: run the suite with 'make test'")
    data_dir = tmp_path_factory.mktemp("proxy-data")
    write_target_dataset(data_dir)
    work = tmp_path_factory.mktemp("nginx")
    ports = (free_port(), free_port())
    replicas = tuple(
        _replica(port, data_dir, artifacts / f"server-proxy-{n}.log")
        for n, port in enumerate(ports, 1)
    )
    listen = free_port()
    config = work / "nginx.conf"
    config.write_text(
        nginx_config(SITE.read_text(encoding="utf-8"), listen, ports, work), encoding="utf-8"
    )
    nginx = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", str(work), "-e", str(work / "error.log")],
        stdout=(artifacts / "nginx.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    processes = (*replicas, nginx)
    try:
        replica_urls = tuple(f"http://127.0.0.1:{port}/{PREFIX}" for port in ports)
        for url, process in zip(replica_urls, replicas, strict=True):
            _wait(f"{url}/_stcore/health", process, artifacts / "server-proxy-1.log")
        url = f"http://127.0.0.1:{listen}/{PREFIX}"
        _wait(f"{url}/_stcore/health", nginx, artifacts / "nginx.log")
        yield Proxy(url, data_dir, replicas, replica_urls)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _open(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60_000)
    wait_for_app(page)


def test_the_root_redirects_to_the_app_and_both_replicas_serve_it(proxy):
    root = proxy.url.removesuffix(f"/{PREFIX}")
    answer = requests.get(f"{root}/", allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/{PREFIX}/")
    for url in proxy.replica_urls:
        assert requests.get(f"{url}/_stcore/health", timeout=10).text == "ok"


def test_pages_websocket_downloads_and_shared_links_through_the_proxy(
    proxy, browser, artifacts, tmp_path
):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        # a page (HTML and scripts) and its websocket, under the prefix
        _open(page, f"{proxy.url}/?region=2417&year=2024", "Offentlig försörjning – Norsjö")
        assert error_boxes(page) == 0

        # a download served by the process that holds the session
        page.get_by_role("link", name="Exportera").click()
        expect(page.get_by_role("heading", name="Exportera", exact=True)).to_be_visible(
            timeout=60_000
        )
        wait_for_app(page)
        page.get_by_text("Excel (.xlsx)", exact=True).click()
        wait_for_app(page)
        page.get_by_role("button", name="Skapa rapport").click()
        button = page.get_by_role("button", name="Ladda ner")
        expect(button).to_contain_text(".xlsx", timeout=120_000)
        with page.expect_download(timeout=60_000) as info:
            button.click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        assert target.read_bytes()[:2] == b"PK"

        # a shared link to an area, opened by another visitor
        page.get_by_role("link", name="Områden").click()
        expect(page.get_by_role("heading", name="Områden", exact=True)).to_be_visible(
            timeout=60_000
        )
        wait_for_app(page)
        page.get_by_label("Namn på området").fill("Proxyförbundet")
        box = page.get_by_role("combobox", name="Kommuner")
        box.click()
        box.fill("Umeå")
        page.get_by_role("option", name=re.compile(r"^Umeå \(")).click()
        page.keyboard.press("Escape")
        page.get_by_role("button", name="Spara området").click()
        expect(page.get_by_text("Området ”Proxyförbundet” är sparat och valt.")).to_be_visible(
            timeout=60_000
        )
        wait_for_app(page)
        link = page.locator('[data-testid="stCode"]').first.inner_text().strip()
        assert link.startswith(f"{proxy.url}/malgrupper?")
        _open(other.new_page(), link, "Målgrupper – Proxyförbundet")
        page.screenshot(path=artifacts / "proxy-areas.png", full_page=True)
    finally:
        context.close()
        other.close()
