"""SCB's numbers without a terminal, in a real server and Chromium, against the fake
PxWeb server: the first start fetches with progress in the page or falls back with the
reason; a month published while the app runs appears by itself and is announced once;
two server processes on one directory fetch once."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from data.store import DATASET_FILE, read_provenance
from tests.e2e.conftest import start_server, stop_server, wait_for_app
from tests.fakepxweb import FakePxWeb, Fault, kon_table
from tests.test_refresh import DOWN, publish

MONTHS = 26  # 2014M01–2016M02
SLOW = 120_000


@pytest.fixture
def fake():
    # a small cell limit, so the fetch takes several requests and shows its progress
    server = FakePxWeb([kon_table(kommuner=5, months=MONTHS)], max_cells=3000).start()
    yield server
    server.stop()


def env_for(api: str, every: str = "21600") -> dict[str, str | None]:
    return {"HE_SCB_API": api, "HE_OFFLINE": None, "HE_REFRESH_EVERY": every}


def footer(page: Page):
    return page.get_by_test_id("stCaptionContainer").last


def test_first_start_fetches_with_progress_then_a_new_month_arrives_once(
    fake, tmp_path, page, artifacts
):
    fake.add_faults("data", Fault("hold"))
    server = start_server(tmp_path, artifacts / "server-fresh.log", env_for(fake.v2_url, "2"))
    try:
        page.goto(server.url)
        expect(
            page.get_by_text(re.compile(r"Tabell TAB1386: 0 av \d+ förfrågningar"))
        ).to_be_visible(timeout=SLOW)
        expect(page.get_by_text("Hämtar SCB:s siffror för första gången")).to_be_visible()
        page.screenshot(path=artifacts / "fresh-first-start-progress.png")
        fake.release()
        expect(footer(page)).to_contain_text(
            "Källa: SCB, helårsekvivalenter (TAB1386), uppdaterad 20 februari 2026.",
            timeout=SLOW,
        )
        expect(footer(page)).to_contain_text("Period: januari 2014–februari 2016.")
        expect(footer(page)).to_contain_text("Nästa kontroll")
        expect(page.get_by_text("Exempeldata – inte SCB:s siffror")).to_have_count(0)

        publish(fake, MONTHS + 1, "2026-03-20T07:00:00Z")
        path = tmp_path / DATASET_FILE
        fetched = _wait_for(lambda: read_provenance(path).get("updated") == "2026-03-20T07:00:00Z")
        assert fetched, "the refresh job did not fetch the new month"
        page.get_by_role("link", name="Om data").click()
        notice = page.get_by_text("Nya siffror från SCB – nu till och med mars 2016.")
        expect(notice).to_be_visible(timeout=SLOW)
        expect(footer(page)).to_contain_text("uppdaterad 20 mars 2026", timeout=SLOW)
        expect(footer(page)).to_contain_text("Period: januari 2014–mars 2016.")
        page.screenshot(path=artifacts / "fresh-new-month.png")
        page.get_by_role("link", name="Översikt").click()
        expect(footer(page)).to_contain_text("uppdaterad 20 mars 2026", timeout=SLOW)
        expect(notice).to_have_count(0)  # told once
    finally:
        stop_server(server)


def test_first_start_with_scb_down_shows_synthetic_data_and_why(tmp_path, page, artifacts):
    server = start_server(tmp_path, artifacts / "server-fallback.log", env_for(DOWN))
    reason = re.compile(
        r"SCB kunde inte nås \(connection failed\) – exempeldata visas\. "
        r"Nytt försök \d+ \w+ \d{4} kl\. \d\d\.\d\d\."
    )
    try:
        page.goto(server.url)
        expect(page.get_by_text(reason)).to_be_visible(timeout=SLOW)
        expect(page.get_by_text("Exempeldata – inte SCB:s siffror").first).to_be_visible()
        page.screenshot(path=artifacts / "fresh-fallback.png")
        page.get_by_role("link", name="Om data").click()
        # the page is drawn and idle first: while it is redrawn, the notice of the page
        # before can still be in the DOM beside the new one (a strict-mode failure)
        expect(page.get_by_role("heading", name="Om data", exact=True)).to_be_visible(timeout=SLOW)
        wait_for_app(page)
        expect(page.get_by_text(reason)).to_be_visible(timeout=SLOW)
        expect(page.get_by_text("Varför exempeldata")).to_be_visible()
    finally:
        stop_server(server)


def test_two_server_processes_on_one_directory_fetch_once(fake, tmp_path, browser, artifacts):
    fake.add_faults("data", Fault("hold"))
    env = env_for(fake.v2_url)
    one = start_server(tmp_path, artifacts / "server-two-a.log", env)
    two = start_server(tmp_path, artifacts / "server-two-b.log", env)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    try:
        first, second = context.new_page(), context.new_page()
        first.goto(one.url)
        assert fake.held.wait(SLOW / 1000), "the first start did not reach SCB's data"
        second.goto(two.url)
        expect(second.get_by_text("Hämtar data")).to_be_visible(timeout=SLOW)
        fake.release()
        for page in (first, second):
            expect(footer(page)).to_contain_text(
                "Källa: SCB, helårsekvivalenter (TAB1386)", timeout=SLOW
            )
        configs = [r for r in fake.requests if r.kind == "config"]
        assert len(configs) == 1  # one fetch: each fetch asks for the config once
    finally:
        context.close()
        stop_server(one)
        stop_server(two)


def _wait_for(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False
