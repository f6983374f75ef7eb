"""Two visitors export at once: the second waits in line, sees their place, can cancel,
and is served after the first (one report at a time per server)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def _export_page(browser: Browser, url: str) -> Page:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{url}/?region=2482&year=2024")
    expect(page.get_by_role("heading", name="Offentlig försörjning – Skellefteå")).to_be_visible(
        timeout=60_000
    )
    wait_for_app(page)
    page.get_by_role("link", name="Exportera").click()
    expect(page.get_by_role("heading", name="Exportera", exact=True)).to_be_visible(timeout=60_000)
    wait_for_app(page)
    return page


def test_a_queued_export_waits_its_turn_and_can_be_cancelled(known_server, browser, artifacts):
    a = _export_page(browser, known_server.url)
    b = _export_page(browser, known_server.url)
    try:
        a.get_by_text("PDF (.pdf)", exact=True).click()
        wait_for_app(a)
        a.get_by_role("button", name="Skapa rapport").click()
        expect(a.get_by_role("button", name="Avbryt")).to_be_visible(timeout=30_000)

        b.get_by_role("button", name="Skapa rapport").click()
        expect(b.get_by_text("Rapporten står i kö: plats 1.")).to_be_visible(timeout=30_000)
        b.screenshot(path=artifacts / "export-queued.png", full_page=True)
        b.get_by_role("button", name="Avbryt").click()
        expect(b.get_by_text("Rapporten avbröts.")).to_be_visible(timeout=30_000)

        b.get_by_role("button", name="Skapa rapport").click()
        a_download = a.get_by_role("button", name="Ladda ner")
        b_download = b.get_by_role("button", name="Ladda ner")
        expect(a_download).to_contain_text(".pdf", timeout=180_000)
        expect(b_download).to_contain_text(".pptx", timeout=180_000)
    finally:
        a.context.close()
        b.context.close()
