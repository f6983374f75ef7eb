"""The start page in a real browser against a real server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import error_boxes, wait_for_app

pytestmark = pytest.mark.e2e


def test_start_page_shows_kommun_and_swedish_share(known_server, page, artifacts):
    page.goto(f"{known_server.url}/?region=2417&year=2024")
    heading = page.get_by_role("heading", name="Offentlig försörjning – Norsjö")
    expect(heading).to_be_visible(timeout=30_000)
    wait_for_app(page)
    body = page.locator("body")
    expect(body).to_contain_text(re.compile(r"12,5\s%"))
    expect(body).to_contain_text(re.compile(r"Västerbottens län \(8,7\s%\)"))
    expect(body).to_contain_text("Exempeldata – inte SCB:s siffror")
    assert error_boxes(page) == 0
    page.screenshot(path=artifacts / "start-page.png", full_page=True)


def test_bad_link_shows_note_and_default_view(known_server, page):
    page.goto(f"{known_server.url}/?region=%3Cscript%3Ex%3C%2Fscript%3E&year=1800")
    expect(page.get_by_role("heading", name="Offentlig försörjning – Norsjö")).to_be_visible(
        timeout=30_000
    )
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
