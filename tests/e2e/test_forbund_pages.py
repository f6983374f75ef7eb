"""A samordningsförbund in a real browser: Översikt and Länet for Skellefteå-Norsjö.

Numbers come from `tests/known_dataset.py` (see `tests/test_pages_forbund.py` for the
hand computation: the förbund pools 4 250 HE of 42 000 = 10,1 % in 2024). Full-page
screenshots go to the run's artefacts for review.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import error_boxes, expect_chart_titles, title_pattern
from tests.e2e.test_pages_browser import open_view, screenshot_whole_page

pytestmark = pytest.mark.e2e

SN_NAME = "Samordningsförbundet Skellefteå-Norsjö"
LINK = "region=skelleftea-norsjo&year=2024"


def test_overview_of_the_forbund(known_server, page, artifacts):
    open_view(page, f"{known_server.url}/?{LINK}", f"Offentlig försörjning – {SN_NAME}")
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("räknas ihop av Skellefteå och Norsjö")).to_be_visible()
    expect(main.get_by_text("Västerbottens län 2024", exact=True)).to_be_visible()
    expect_chart_titles(page, [f"Försörjningsprofil 2024 – {SN_NAME}"], first=True)
    assert error_boxes(page) == 0
    screenshot_whole_page(page, artifacts / "forbund-oversikt.png")


def test_county_page_of_the_forbund_marks_both_kommuner(known_server, page, artifacts):
    open_view(page, f"{known_server.url}/lanet?{LINK}", "Länet – Västerbottens län")
    ticks = page.locator(".js-plotly-plot").first.locator(".ytick text")
    expect(ticks).to_have_text(["▶ Norsjö", "▶ Skellefteå", "Umeå"])
    funnel = page.locator(".js-plotly-plot").nth(1)
    expect(funnel.locator(".gtitle")).to_have_text(
        title_pattern("Summa helårsekvivalenter – kommunerna jämfört med riket 2024")
    )
    expect(funnel.locator(".textpoint")).to_have_text(["Norsjö", "Skellefteå"])
    expect(page.get_by_text("områdets kommuner i länet, Skellefteå och Norsjö")).to_be_visible()
    assert error_boxes(page) == 0
    screenshot_whole_page(page, artifacts / "forbund-lanet.png")


def test_benefits_of_the_forbund_with_its_kommuner_as_thin_lines(default_server, page, artifacts):
    """On the embedded dataset: the whole county (15 kommuner) and the toggle."""
    open_view(
        page,
        f"{default_server.url}/ersattningssystem?{LINK}",
        f"Ersättningssystem – {SN_NAME}",
    )
    page.get_by_text("Visa områdets kommuner som tunna linjer").click()
    legend = page.locator(".js-plotly-plot").first.locator(".legendtext")
    expect(legend.filter(has_text=re.compile("^Skellefteå$"))).to_have_count(1)
    expect(legend.filter(has_text=re.compile("^Norsjö$"))).to_have_count(1)
    assert error_boxes(page) == 0
    screenshot_whole_page(page, artifacts / "forbund-ersattningssystem.png")
    open_view(page, f"{default_server.url}/lanet?{LINK}", "Länet – Västerbottens län")
    ticks = page.locator(".js-plotly-plot").first.locator(".ytick text")
    expect(ticks).to_have_count(15)
    marked = [t for t in ticks.all_text_contents() if t.startswith("▶")]
    assert sorted(marked) == ["▶ Norsjö", "▶ Skellefteå"]
    screenshot_whole_page(page, artifacts / "forbund-lanet-default.png")
