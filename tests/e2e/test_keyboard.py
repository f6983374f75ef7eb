"""Keyboard only, in Chromium: a board member who cannot use a mouse reaches every control.

From the top of Översikt, Tab alone must reach the area and year pickers, the links to the
other pages and a chart's download buttons (data and image); and an area is chosen by
typing its name and pressing Enter. WCAG 2.1.1 (keyboard) and 2.4.3 (focus order).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import expect_chart_titles, press_enter_on_option, wait_for_app

pytestmark = pytest.mark.e2e

TABS = 250
"""More presses than the page has stops before its first chart's buttons, with room."""
FOCUSED_MARK = "() => document.activeElement?.dataset?.keyboardTarget ?? null"


def open_overview(page: Page, url: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{url}/?region=2417&year=2024")
    expect(page.get_by_role("heading", name="Offentlig försörjning – Norsjö")).to_be_visible()
    wait_for_app(page)
    expect_chart_titles(page, ["Försörjningsprofil 2024 – Norsjö"], first=True)
    expect(page.get_by_role("button", name="Data (CSV)").first).to_be_visible()


def mark(page: Page) -> set[str]:
    """Mark the controls Tab must reach (a data attribute of each); the marks."""
    targets = {
        "area": page.get_by_role("combobox", name="Område"),
        "year": page.get_by_role("combobox", name="År"),
        "page link": page.get_by_role("link", name="Ersättningssystem"),
        "CSV": page.get_by_role("button", name="Data (CSV)").first,
        "Excel": page.get_by_role("button", name="Data (Excel)").first,
        "PNG": page.get_by_role("button", name="Bild (PNG)").first,
    }
    for name, locator in targets.items():
        locator.evaluate("(el, name) => { el.dataset.keyboardTarget = name; }", name)
    return set(targets)


def tab_until(page: Page, wanted: set[str]) -> list[str]:
    """Press Tab from the top of the page until every mark in `wanted` has had focus (or
    :data:`TABS` presses); the marks in the order they got focus."""
    page.locator("body").focus()
    reached: list[str] = []
    for _ in range(TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_MARK)
        if focused and focused not in reached:
            reached.append(focused)
        if wanted <= set(reached):
            break
    return reached


def test_tab_reaches_area_year_page_links_and_a_charts_downloads(known_server, page):
    open_overview(page, known_server.url)
    wanted = mark(page)
    reached = tab_until(page, wanted)
    assert set(reached) == wanted
    # the order a reader meets them: pages (sidebar), then area and year at the top of the
    # page, then the chart's buttons (its numbers, then its image)
    assert reached.index("area") < reached.index("year") < reached.index("CSV")
    assert reached.index("CSV") < reached.index("Excel") < reached.index("PNG")


def test_an_area_is_chosen_by_typing_and_enter(known_server, page):
    open_overview(page, known_server.url)
    mark(page)
    assert "area" in tab_until(page, {"area"})
    box = page.get_by_role("combobox", name="Område")
    expect(box).to_be_focused()
    page.keyboard.type("Skellef")
    press_enter_on_option(page, "Område", "Skellefteå (Västerbottens län)")
    expect(page.get_by_role("heading", name="Offentlig försörjning – Skellefteå")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]region=2482(&|$)"))
    expect(page.get_by_role("combobox", name="Område")).to_have_value(
        "Skellefteå (Västerbottens län)"
    )
    expect_chart_titles(page, ["Försörjningsprofil 2024 – Skellefteå"], first=True)
