"""The start page in a real browser against a real server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import error_boxes, start_server, stop_server, wait_for_app
from tests.known_dataset import write_known_dataset

pytestmark = pytest.mark.e2e


def test_start_page_shows_kommun_and_swedish_share(known_server, page, artifacts):
    page.goto(f"{known_server.url}/?region=2417&year=2024")
    heading = page.get_by_role("heading", name="Offentlig försörjning – Norsjö")
    expect(heading).to_be_visible()
    wait_for_app(page)
    body = page.locator("body")
    expect(body).to_contain_text(re.compile(r"12,5\s%"))
    expect(body).to_contain_text(re.compile(r"Västerbottens län \(8,7\s%\)"))
    expect(body).to_contain_text("Exempeldata – inte SCB:s siffror")
    assert error_boxes(page) == 0
    page.screenshot(path=artifacts / "start-page.png", full_page=True)


def test_bad_link_shows_note_and_default_view(known_server, page):
    page.goto(f"{known_server.url}/?region=%3Cscript%3Ex%3C%2Fscript%3E&year=1800")
    expect(page.get_by_role("heading", name="Offentlig försörjning – Norsjö")).to_be_visible()
    body = page.locator("body")
    expect(body).to_contain_text("finns inte – visar Norsjö i stället")
    expect(body).to_contain_text("Året ”1800” finns inte")
    assert error_boxes(page) == 0
    assert page.locator("script", has_text="x").count() == 0


def test_embedded_dataset_opens_on_norsjo_with_a_share(default_server, page, artifacts):
    page.goto(default_server.url)
    expect(page.get_by_role("heading", name="Offentlig försörjning – Norsjö")).to_be_visible(
        timeout=60_000
    )
    wait_for_app(page)
    body = page.locator("body")
    expect(body).to_contain_text(re.compile(r"Norsjö \d{4}"))
    expect(body).to_contain_text(re.compile(r"\d{1,2},\d\s%"))
    expect(body).to_contain_text("Exempeldata – inte SCB:s siffror")
    assert error_boxes(page) == 0
    page.screenshot(path=artifacts / "start-page-embedded.png", full_page=True)


def test_first_request_of_a_new_server_to_a_deep_link_opens_that_page(tmp_path, page, artifacts):
    write_known_dataset(tmp_path)
    server = start_server(tmp_path, artifacts / "server-deep-link.log")
    try:
        page.goto(f"{server.url}/om-data?region=2482&year=2023")
        expect(page.get_by_role("heading", name="Om data", exact=True)).to_be_visible(
            timeout=60_000
        )
        assert page.get_by_text("Page not found").count() == 0
        expect(page.get_by_role("combobox", name="Område")).to_have_value(
            "Skellefteå (Västerbottens län)"
        )
        expect(page).to_have_url(re.compile(r"region=2482&year=2023"))
        assert error_boxes(page) == 0
    finally:
        stop_server(server)


def test_the_documented_start_address_opens_the_start_page_without_a_dialog(known_server, page):
    """/oversikt (in older links) leads to the start page at the root, keeping the link's
    choice; the browser asks nothing of any other host (an intranet has no internet)."""
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if known_server.url not in r.url else None)
    page.goto(f"{known_server.url}/oversikt?region=2482&year=2023")
    expect(page.get_by_role("heading", name="Offentlig försörjning – Skellefteå")).to_be_visible()
    wait_for_app(page)
    expect(page).to_have_url(
        re.compile(rf"^{re.escape(known_server.url)}/\?region=2482&year=2023$")
    )
    expect(page.locator('[data-testid="stMain"] .js-plotly-plot').first).to_be_visible()
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_role("dialog").count() == 0
    assert [url for url in elsewhere if not url.startswith("data:")] == []
