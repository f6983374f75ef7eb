"""The deployment of the README, for real: Debian's nginx on loopback with the repository's
`deploy/nginx.conf`, in front of two app processes that share one data directory and
serve under `/offentlig-forsorjning/`. Pages, the websocket, downloads and shared links
must work through the proxy; with the in-app refresh on (against the fake PxWeb server),
only one replica asks SCB and fetches, and the other shows the new month."""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from data.store import DATASET_FILE, read_provenance
from loaders.refresh import LEADER_FILE
from tests.e2e.conftest import ROOT, error_boxes, free_port, wait_for_app
from tests.e2e.test_fresh_data import SLOW, footer
from tests.fakepxweb import FakePxWeb, kon_table
from tests.target_dataset import write_target_dataset
from tests.test_refresh import publish

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
    access_log: Path

    def replica_serving_the_proxy(self) -> int:
        """Which replica (0 or 1) nginx sends this machine's visitors to (`ip_hash`:
        always the same one for 127.0.0.1), as its access log names the upstream."""
        before = _lines(self.access_log)
        requests.get(f"{self.url}/_stcore/health", timeout=10).raise_for_status()
        assert poll(lambda: len(_lines(self.access_log)) > len(before)), "nothing logged"
        upstream = _lines(self.access_log)[-1].split()[-1]
        return [url.split("/")[2] for url in self.replica_urls].index(upstream)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def poll(condition: Callable[[], bool], timeout: float = 120.0) -> bool:
    """Whether `condition` holds within `timeout` seconds (asked every 0.2 s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


APP_COMMAND = (
    "-m", "streamlit", "run", "app.py", "--server.port", "{port}",
    "--server.address", "127.0.0.1",
    "--server.baseUrlPath", PREFIX, "--server.fileWatcherType", "none",
)  # fmt: skip
"""The README's systemd unit's `ExecStart` (after the virtualenv's python), word for word
(`test_the_readme_runs_what_this_test_runs` holds them together)."""


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


def _environment(data_dir: Path, env: Mapping[str, str | None]) -> dict[str, str]:
    """The test's environment with the data directory and `env` (None removes)."""
    merged = {**os.environ, "HE_DATA_DIR": str(data_dir), **env}
    return {key: value for key, value in merged.items() if value is not None}


def _replica(
    port: int, data_dir: Path, log: Path, env: Mapping[str, str | None]
) -> subprocess.Popen:
    """One app process as the README's systemd unit starts it (here on a free port)."""
    command = [sys.executable, *(word.format(port=port) for word in APP_COMMAND)]
    environment = _environment(data_dir, {"STREAMLIT_SERVER_COOKIE_SECRET": COOKIE_SECRET, **env})
    return subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )


def nginx_config(site: str, listen: int, app_ports: tuple[int, int], work: Path) -> str:
    """`deploy/nginx.conf` with the test's ports, inside a minimal main configuration
    that keeps nginx's pid, logs and temporary files in `work`; the access log ends
    each line with the replica that answered."""
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    site = site.replace("127.0.0.1:8501;", f"127.0.0.1:{app_ports[0]};")
    site = site.replace("127.0.0.1:8502;", f"127.0.0.1:{app_ports[1]};")
    temp = "\n".join(
        f"    {kind}_temp_path {work / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"daemon off;\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'};\n"
        f"events {{}}\nhttp {{\n    log_format upstream '$request $upstream_addr';\n"
        f"    access_log {work / 'access.log'} upstream;\n{temp}\n{site}\n}}\n"
    )


@contextmanager
def serve(
    data_dir: Path, work: Path, artifacts: Path, name: str, env: Mapping[str, str | None]
) -> Iterator[Proxy]:
    """nginx with `deploy/nginx.conf` in front of two replicas on `data_dir`, each with
    `env` added to the test's environment; logs in `artifacts` as `server-{name}-N.log`."""
    if not Path(NGINX).exists():
        raise RuntimeError(f"no nginx at {NGINX}: run the suite with 'make test'")
    ports = (free_port(), free_port())
    logs = tuple(artifacts / f"server-{name}-{n}.log" for n in (1, 2))
    replicas = tuple(
        _replica(port, data_dir, log, env) for port, log in zip(ports, logs, strict=True)
    )
    listen = free_port()
    config = work / "nginx.conf"
    config.write_text(
        nginx_config(SITE.read_text(encoding="utf-8"), listen, ports, work), encoding="utf-8"
    )
    nginx = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", str(work), "-e", str(work / "error.log")],
        stdout=(artifacts / f"nginx-{name}.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    processes = (*replicas, nginx)
    try:
        replica_urls = tuple(f"http://127.0.0.1:{port}/{PREFIX}" for port in ports)
        for url, process, log in zip(replica_urls, replicas, logs, strict=True):
            _wait(f"{url}/_stcore/health", process, log)
        url = f"http://127.0.0.1:{listen}/{PREFIX}"
        _wait(f"{url}/_stcore/health", nginx, artifacts / f"nginx-{name}.log")
        yield Proxy(url, data_dir, replicas, replica_urls, work / "access.log")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, artifacts) -> Iterator[Proxy]:
    data_dir = tmp_path_factory.mktemp("proxy-data")
    write_target_dataset(data_dir)
    with serve(data_dir, tmp_path_factory.mktemp("nginx"), artifacts, "proxy", {}) as served:
        yield served


def _deployment_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Drift / Deployment", 1)[1].split("\n## ", 1)[0]


def test_the_readme_runs_what_this_test_runs():
    """The README's deployment steps are the ones these tests run: the unit's command,
    the nginx file, the first fetch and the environment variables the replicas get."""
    section = _deployment_section()
    unit = section.replace("\\\n", " ")
    exec_start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    words = exec_start.split()
    assert words[0].endswith("/.venv/bin/python")
    assert tuple(words[1:]) == tuple(word.replace("{port}", "%i") for word in APP_COMMAND)
    assert "WorkingDirectory=/srv/offentlig-forsorjning/app" in section  # cwd=ROOT
    assert "[`deploy/nginx.conf`](deploy/nginx.conf)" in section
    assert "Environment=HE_DATA_DIR=" in section
    assert re.search(r"HE_DATA_DIR=\S+ \.venv/bin/python -m loaders fetch\n", section)
    for name in ("STREAMLIT_SERVER_COOKIE_SECRET", "HE_SCB_API", "HE_REFRESH_EVERY", "HE_OFFLINE"):
        assert f"`{name}`" in section


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


# -- live data behind the proxy: one replica refreshes, the other picks the data up -------

MONTHS = 26  # 2014M01–2016M02 at first; SCB then publishes mars 2016


def _leader_lock_held(data_dir: Path) -> bool:
    """Whether some process holds the directory's refresh leader lock (flock)."""
    with (data_dir / LEADER_FILE).open("a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return False


def _updated(data_dir: Path) -> str | None:
    try:
        return read_provenance(data_dir / DATASET_FILE).get("updated")
    except OSError:
        return None


def _metadata_requests(fake: FakePxWeb) -> list:
    """The stamp checks (and the fetches' own metadata requests) the fake SCB received."""
    return [r for r in fake.requests if r.kind == "metadata"]


@pytest.fixture
def fake_scb() -> Iterator[FakePxWeb]:
    server = FakePxWeb([kon_table(kommuner=3, months=MONTHS)]).start()
    yield server
    server.stop()


def test_one_replica_refreshes_and_the_other_shows_the_new_month(
    fake_scb, browser, tmp_path, artifacts
):
    """The README's server with the in-app refresh on (HE_OFFLINE unset, HE_SCB_API at
    the fake SCB, a short HE_REFRESH_EVERY): of the two replicas on one data directory
    only the leader asks SCB and fetches once; the replica nginx sends visitors to picks
    the new dataset up and its page shows the new month."""
    data_dir, work = tmp_path / "data", tmp_path / "nginx"
    data_dir.mkdir()
    work.mkdir()
    live = {"HE_OFFLINE": None, "HE_SCB_API": fake_scb.v2_url, "HE_REFRESH_EVERY": "2"}
    # the README's first step: fetch SCB's data into the shared data directory
    subprocess.run(
        [sys.executable, "-m", "loaders", "fetch"],
        cwd=ROOT, env=_environment(data_dir, live), check=True, timeout=300,
    )  # fmt: skip
    per_fetch = len(fake_scb.data_requests())
    assert per_fetch >= 1
    fake_scb.reset()
    with serve(data_dir, work, artifacts, "live", live) as proxy:
        served = proxy.replica_serving_the_proxy()
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
        try:
            # a session on the replica nginx does not use starts its refresh job first,
            # so it leads; the proxied replica's job then waits as a follower
            direct = context.new_page()
            direct.goto(f"{proxy.replica_urls[1 - served]}/")
            expect(footer(direct)).to_contain_text(
                "Period: januari 2014–februari 2016.", timeout=SLOW
            )
            assert poll(lambda: _leader_lock_held(data_dir)), "no replica leads the refresh"
            page = context.new_page()
            page.goto(f"{proxy.url}/")
            expect(footer(page)).to_contain_text(
                "Källa: SCB, helårsekvivalenter (TAB1386), uppdaterad 20 februari 2026.",
                timeout=SLOW,
            )
            expect(footer(page)).to_contain_text("Period: januari 2014–februari 2016.")

            # the leader checks SCB's stamp every 2 s: unchanged, so metadata only
            assert poll(lambda: len(_metadata_requests(fake_scb)) >= 3), "no checks"
            assert fake_scb.data_requests(status=None) == []

            publish(fake_scb, MONTHS + 1, "2026-03-20T07:00:00Z")
            assert poll(lambda: _updated(data_dir) == "2026-03-20T07:00:00Z"), "no fetch"
            # the next interaction through the proxy (the follower) shows the new month
            page.get_by_role("link", name="Om data").click()
            expect(
                page.get_by_text("Nya siffror från SCB – nu till och med mars 2016.")
            ).to_be_visible(timeout=SLOW)
            expect(footer(page)).to_contain_text("uppdaterad 20 mars 2026", timeout=SLOW)
            expect(footer(page)).to_contain_text("Period: januari 2014–mars 2016.")
            page.screenshot(path=artifacts / "proxy-new-month.png", full_page=True)

            # one fetch in all: one config request and the data requests of one fetch,
            # and later checks (of both jobs) find the data current
            checks = len(_metadata_requests(fake_scb))
            assert poll(lambda: len(_metadata_requests(fake_scb)) >= checks + 2)
            assert len([r for r in fake_scb.requests if r.kind == "config"]) == 1
            assert len(fake_scb.data_requests(status=None)) == per_fetch
        finally:
            context.close()
