"""The map in a real browser: every kommun of the scope filled in its class's one shape,
its hover (name, class, share) near a point inside it, drawn without any request beyond
the app's own server (no map tiles, no topojson from a CDN); a förbund chosen in the
picker by typing "förbund", and seen on Länet and Jämför."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import error_boxes, title_pattern, wait_for_app
from tests.e2e.test_pages_browser import choose_area, open_view, screenshot_whole_page

pytestmark = pytest.mark.e2e

UMEA_NAME = "Samordningsförbundet Umeåregionen"


def _map(page: Page, title: str):
    """The chart titled `title`, once the app has finished its run and the chart is drawn."""
    wait_for_app(page)
    chart = page.locator(".js-plotly-plot").filter(
        has=page.locator(".gtitle", has_text=title_pattern(title))
    )
    expect(chart).to_have_count(1, timeout=60_000)
    chart.scroll_into_view_if_needed(timeout=60_000)
    return chart


MAP_HOSTS = ("plot.ly", "mapbox", "openstreetmap", "carto", "tile", "topojson", "arcgis")
"""Where a map would fetch tiles or base geometry from (Streamlit's own icon font, from
fonts.gstatic.com, is not the map's)."""


def _drawn_kommuner(chart) -> dict:
    """What the browser's figure holds: its fill traces and the codes in them, and the
    codes of the hover trace (named "Kommun") with its index among the traces."""
    return chart.evaluate(
        """el => {
            const fills = el.data.filter(t => t.fill === 'toself');
            const index = el.data.findIndex(t => t.name === 'Kommun');
            return {
                fills: fills.length,
                filled: fills.flatMap(t => t.meta.codes),
                points: el.data[index].meta.codes,
                texts: el.data[index].text.length,
                index: index,
            };
        }"""
    )


def _expect_every_kommun_drawn(chart, count: int) -> dict:
    """Each kommun in one class's fill and once on the hover trace; one fill path a class."""
    drawn = _drawn_kommuner(chart)
    expect(chart.locator("path.js-fill")).to_have_count(drawn["fills"], timeout=60_000)
    assert 1 <= drawn["fills"] <= 4
    assert len(drawn["filled"]) == len(set(drawn["filled"])) == count
    assert sorted(drawn["points"]) == sorted(drawn["filled"])
    assert drawn["texts"] == count
    return drawn


def _map_requests(page: Page, server_url: str) -> list[str]:
    """Requests to another host that a map could have made, recorded from now on."""
    own = urlparse(server_url).netloc
    seen: list[str] = []

    def record(url: str) -> None:
        host = urlparse(url).netloc
        if host and host != own and any(word in url for word in MAP_HOSTS):
            seen.append(url)

    page.on("request", lambda request: record(request.url))
    return seen


def test_county_map_of_a_forbund_draws_each_kommun_offline(known_server, page, artifacts):
    foreign = _map_requests(page, known_server.url)
    open_view(
        page,
        f"{known_server.url}/lanet?region=umearegionen&year=2024",
        "Länet – Västerbottens län",
    )
    chart = _map(page, "Summa helårsekvivalenter i Västerbottens läns kommuner 2024")
    drawn = _expect_every_kommun_drawn(chart, 15)
    umea = chart.locator(".scatterlayer .trace").nth(drawn["index"]).locator("path.point")
    box = umea.nth(drawn["points"].index("2480")).bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator(".hoverlayer .hovertext").first).to_contain_text("Umeå", timeout=10_000)
    expect(chart.locator(".legendtext", has_text=UMEA_NAME)).to_have_count(1)
    expect(
        page.get_by_text("Medlemmarna enligt samordningsforbund.se/umearegionen")
    ).to_be_visible()
    assert error_boxes(page) == 0
    assert foreign == []
    screenshot_whole_page(page, artifacts / "map-lanet-umearegionen.png")


def test_a_new_user_finds_a_forbund_in_the_picker_and_sees_it_on_the_map_of_sweden(
    known_server, page, artifacts
):
    foreign = _map_requests(page, known_server.url)
    open_view(page, f"{known_server.url}/?region=2417&year=2024", "Offentlig försörjning – Norsjö")
    choose_area(page, "Umeåregionen", f"{UMEA_NAME} (förbund i Västerbottens län)")
    expect(page.get_by_role("heading", name=f"Offentlig försörjning – {UMEA_NAME}")).to_be_visible(
        timeout=60_000
    )
    chart = _map(page, "Summa helårsekvivalenter i Sveriges kommuner 2024")
    _expect_every_kommun_drawn(chart, 290)
    assert error_boxes(page) == 0
    assert foreign == []
    screenshot_whole_page(page, artifacts / "map-oversikt-umearegionen.png")
