"""Script in a link never runs: in a URL parameter, and in an area name a link carries.

Each payload sets `window.__pwned` if it ever runs; it must stay undefined, no element
the payload describes may appear, and the text must be shown as text.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import error_boxes, expect_chart_titles, wait_for_app

pytestmark = pytest.mark.e2e

SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src=x onerror="window.__pwned=2">'
PAGES = ("", "ersattningssystem", "lanet", "jamfor", "malgrupper", "omraden", "exportera")


def assert_nothing_ran(page: Page) -> None:
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script", has_text="__pwned").count() == 0


def test_script_in_a_url_parameter_is_shown_as_text_and_never_runs(known_server, page):
    payload = quote(SCRIPT + IMAGE)
    page.goto(f"{known_server.url}/?region={payload}&year={payload}&compare={payload}")
    expect(page.get_by_role("heading", name="Offentlig försörjning – Norsjö")).to_be_visible()
    wait_for_app(page)
    body = page.locator("body")
    expect(body).to_contain_text(f"Länkens område ”{SCRIPT}<img sr…” finns inte")
    expect(body).to_contain_text(f"Året ”{SCRIPT}<img sr…” finns inte i data")
    expect(body).to_contain_text(f"Jämförelseområdet ”{SCRIPT}<img sr…” finns inte")
    assert_nothing_ran(page)
    assert error_boxes(page) == 0
    expect(page).to_have_url(re.compile(r"[?&]region=2417(&|$)"))
    assert "pwned" not in page.url


def test_script_in_the_name_of_a_linked_area_is_refused_and_never_runs(known_server, page):
    area = quote(f"2482.2417~{IMAGE}")
    for path in PAGES:
        page.goto(f"{known_server.url}/{path}?area={area}")
        wait_for_app(page)
        expect(page.locator("body")).to_contain_text(
            "Länkens område kunde inte visas: Namnet får bara innehålla bokstäver"
        )
        assert_nothing_ran(page)
        assert error_boxes(page) == 0


def test_an_area_name_with_punctuation_is_shown_as_text_without_links(known_server, page):
    name = "Förbund (Norr) & S:t Eriks/Umeå"
    page.goto(f"{known_server.url}/?area={quote(f'2482.2417~{name}')}")
    heading = page.get_by_role("heading", name=f"Offentlig försörjning – {name}")
    expect(heading).to_be_visible()
    wait_for_app(page)
    expect_chart_titles(page, [f"Försörjningsprofil 2024 – {name}"], first=True)
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("a[href^='http']").count() == 0
    assert page.locator(".js-plotly-plot a").count() == 0
    assert_nothing_ran(page)
