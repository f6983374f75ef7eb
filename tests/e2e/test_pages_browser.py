"""The pages in a real browser: shared links, changing kommun, downloads, a click on a bar.

Numbers come from `tests/known_dataset.py`; screenshots of every page on the embedded
dataset go to the run's artefacts for review.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from charts.theme import WIDTH
from tests.e2e.conftest import (
    TIMEOUT_MS,
    chart_titles,
    error_boxes,
    expect_chart_titles,
    wait_for_app,
    wait_for_charts_to_fit,
)

pytestmark = pytest.mark.e2e

PAGES = {
    "oversikt": ("/", "Offentlig försörjning – Norsjö"),
    "ersattningssystem": ("/ersattningssystem", "Ersättningssystem – Norsjö"),
    "lanet": ("/lanet", "Länet – Västerbottens län"),
    "jamfor": ("/jamfor", "Jämför områden"),
    "om-data": ("/om-data", "Om data"),
}


def open_view(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=60_000)
    wait_for_app(page)


def choose_area(page: Page, typed: str, option: str) -> None:
    """Pick an area in the searchable selectbox at the top of the page: type, then choose."""
    box = page.get_by_role("combobox", name="Område")
    box.click()
    page.keyboard.type(typed)
    page.get_by_role("option", name=option).click()


def screenshot_whole_page(page: Page, path: Path) -> None:
    """Streamlit scrolls inside its main block: grow the window to show all of it."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 60, 12_000)})
    wait_for_charts_to_fit(page)
    page.screenshot(path=path, full_page=True)


def test_shared_link_then_another_kommun_updates_profile_and_charts(known_server, page):
    open_view(page, f"{known_server.url}/?region=2417&year=2024", PAGES["oversikt"][1])
    expect_chart_titles(page, ["Försörjningsprofil 2024 – Norsjö"], first=True)
    choose_area(page, "Skellef", "Skellefteå (Västerbottens län)")
    expect(page.get_by_role("heading", name="Offentlig försörjning – Skellefteå")).to_be_visible()
    expect_chart_titles(
        page,
        [
            "Försörjningsprofil 2024 – Skellefteå",
            "Summa helårsekvivalenter – Skellefteå",
            "Summa helårsekvivalenter i Sveriges kommuner 2024",
        ],
    )
    profile_cells = page.locator(".js-plotly-plot").first.text_content() or ""
    assert re.search(r"10,0\s%", profile_cells)
    expect(page.locator("body")).to_contain_text(re.compile(r"i Skellefteå av offentliga"))
    expect(page).to_have_url(re.compile(r"[?&]region=2482(&|$)"))
    assert error_boxes(page) == 0


def test_csv_download_opens_in_swedish_excel(known_server, page):
    open_view(
        page, f"{known_server.url}/?region=2482&year=2024", "Offentlig försörjning – Skellefteå"
    )
    # all three charts' buttons drawn (profile, trend, map), so "first" is the profile's
    expect(page.get_by_role("button", name="Data (CSV)")).to_have_count(3)
    csv_button = page.get_by_role("button", name="Data (CSV)").first
    expect(csv_button).to_be_visible()
    with page.expect_download() as download_info:
        csv_button.click()
    download = download_info.value
    assert download.suggested_filename == "Forsorjningsprofil-2024-Skelleftea.csv"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Ersättningssystem;Kön;Period;Andel av befolkningen (%);Jämfört med landets kommuner;"
        "Helårsekvivalenter;Folkmängd;Anmärkning"
    )
    # Skellefteå 2024: 4 000 HE of 40 000 (10 %); sjukpenning 20 % of the HE
    # five kommuner 2024: q25 = 10,0 %, so Skellefteå is among the lowest 25 %
    assert lines[1] == "Summa helårsekvivalenter;Totalt;2024;10,0;Lägsta 25 %;4000,0;40000;"
    assert "Sjukpenning;Totalt;2024;2,0;Lägsta 25 %;800,0;40000;" in lines


def test_the_image_button_saves_a_png_named_after_the_chart(known_server, page):
    open_view(page, f"{known_server.url}/?region=2417&year=2024", PAGES["oversikt"][1])
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    expect(chart.locator(".modebar-btn").first).to_be_attached()
    expect(chart.locator('.modebar-btn[data-title*="bild"]')).to_have_count(0)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Bild (PNG)").first.click()
    download = download_info.value
    assert download.suggested_filename == "Forsorjningsprofil-2024-Norsjo.png"
    assert Path(download.path()).read_bytes().startswith(b"\x89PNG")


def test_a_click_on_a_bar_moves_the_app_to_that_kommun(known_server, page):
    open_view(page, f"{known_server.url}/lanet?region=2417&year=2024", PAGES["lanet"][1])
    # bars run Norsjö (12,5 %), Skellefteå (10,0 %), Umeå (8,0 %): the second is Skellefteå
    bar = page.locator(".js-plotly-plot .trace.bars").first.locator(".point").nth(1)
    expect(bar).to_be_visible()
    wait_for_charts_to_fit(page)
    box = bar.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.get_by_role("combobox", name="Område")).to_have_value(
        "Skellefteå (Västerbottens län)"
    )
    page.wait_for_url(re.compile(r"region=2482"))
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()
    page.get_by_role("link", name="Översikt").click()
    expect(page.get_by_role("heading", name="Offentlig försörjning – Skellefteå")).to_be_visible()


def test_compare_link_draws_the_chosen_areas(known_server, page):
    open_view(
        page,
        f"{known_server.url}/jamfor?region=2417&year=2024&compare=0114,0180&sex=K",
        PAGES["jamfor"][1],
    )
    expect_chart_titles(
        page,
        ["Summa helårsekvivalenter – Upplands Väsby och Stockholm", "Alla samordningsförbund 2024"],
    )
    legend = page.locator(".js-plotly-plot .legend").first.text_content() or ""
    assert "Upplands Väsby" in legend and "Stockholm" in legend
    assert error_boxes(page) == 0


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_on_the_embedded_dataset(default_server, page, artifacts, name):
    path, heading = PAGES[name]
    open_view(page, f"{default_server.url}{path}?region=2417", heading)
    assert error_boxes(page) == 0
    charts = page.locator(".js-plotly-plot")
    if name != "om-data":
        expect(charts.first).to_be_visible()
        for title in chart_titles(page):
            assert title.strip(), "a chart without a title"
    screenshot_whole_page(page, artifacts / f"page-{name}.png")


def test_an_image_saved_on_a_phone_has_the_reports_layout(known_server, browser):
    """On a 390 px screen the saved image is the report's drawing at slide size (twice
    the pixels), not the phone's narrow one with the legend below."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        open_view(page, f"{known_server.url}/?region=2417&year=2024", PAGES["oversikt"][1])
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Bild (PNG)").first.click()
        with Image.open(download_info.value.path()) as image:
            assert image.width == 2 * WIDTH
    finally:
        context.close()
