"""Every page on a phone, a tablet, a laptop and a desktop screen, checked by axe-core.

Each page is opened at 390×844 (phone), 1024×1366 (tablet, portrait), 1366×768 (laptop)
and 1920×1080 (desktop) on the embedded dataset. The page must be free of WCAG 2.1 AA
violations (and of axe's best-practice ones, such as a skipped heading level), nothing may
be wider than the screen, no label may be cut to "…" (nor a select box's value at its
edge), and every chart must keep its text alternative. A screenshot of the whole page at
each size is kept in the run's artefacts (`artifacts/screens/`) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import axe_violations, describe
from tests.e2e.conftest import TIMEOUT_MS, error_boxes, wait_for_app, wait_for_charts_to_fit

pytestmark = pytest.mark.e2e

SCREENS = {
    "phone": (390, 844),
    "tablet": (1024, 1366),
    "laptop": (1366, 768),
    "desktop": (1920, 1080),
}
PAGES = {
    "oversikt": ("/", "Offentlig försörjning – Norsjö"),
    "ersattningssystem": ("/ersattningssystem", "Ersättningssystem – Norsjö"),
    "lanet": ("/lanet", "Länet – Västerbottens län"),
    "jamfor": ("/jamfor", "Jämför områden"),
    "malgrupper": ("/malgrupper", "Målgrupper – Norsjö"),
    "omraden": ("/omraden", "Områden"),
    "exportera": ("/exportera", "Exportera"),
    "om-data": ("/om-data", "Om data"),
}
WIDER_THAN_THE_SCREEN = """() => {
    const limit = document.documentElement.clientWidth;
    return [...document.querySelectorAll('[data-testid="stMain"] *')]
        .filter((el) => el.getBoundingClientRect().right > limit + 1
            && getComputedStyle(el).visibility !== 'hidden'
            && el.getClientRects().length > 0
            && !el.matches('input[type=range], svg g, svg clipPath *, svg defs *, .scrollbar-kit *')
            && !el.closest('[data-testid="stTooltipContent"], .hoverlayer, .modebar'))
        .slice(0, 5)
        .map((el) => `${el.tagName}.${el.getAttribute('class')} ${el.textContent.slice(0, 40)}`);
}"""

CUT_TO_AN_ELLIPSIS = """() => [...document.querySelectorAll('[data-testid="stMain"] *')]
    .filter((el) => getComputedStyle(el).textOverflow === 'ellipsis'
        && el.getClientRects().length > 0
        && el.scrollWidth > el.clientWidth + 1)
    .slice(0, 5)
    .map((el) => `${el.tagName}.${el.getAttribute('data-testid') ?? ''} ${el.textContent}`)
"""
"""Text the browser shortened to '…' (a year box reading "2025 (prelimin…", a card's change
"… procentenheter mo…"): an element that ends in an ellipsis when its text is wider than
its box, and is."""

SELECT_BOX_VALUE_CUT = """() => [...document.querySelectorAll(
        '[data-testid="stMain"] :is([data-testid="stSelectbox"], [data-baseweb="select"]) input')]
    .filter((el) => el.getClientRects().length > 0 && el.scrollWidth > el.clientWidth + 1)
    .slice(0, 5)
    .map((el) => `${el.getAttribute('aria-label')}: ${el.value}`)
"""
"""A select box whose chosen value is wider than its box ("Summa helårsekvivale"): the box
shows its value in a text field, which cuts it without an ellipsis."""


@pytest.fixture
def screen_page(browser, request) -> Iterator[Page]:
    width, height = SCREENS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def show_all_of_it(page: Page) -> None:
    """Streamlit scrolls inside its main block: make the window as tall as the page."""
    width = page.viewport_size["width"]
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(int(height) + 60, 12_000)})
    wait_for_charts_to_fit(page)


@pytest.mark.parametrize("screen_page", list(SCREENS), indirect=True)
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_fits_every_screen_and_passes_axe(
    default_server, screen_page, artifacts, name, request
):
    page = screen_page
    path, heading = PAGES[name]
    screen = request.node.callspec.params["screen_page"]
    page.goto(f"{default_server.url}{path}?region=2417")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    wait_for_app(page)
    if name not in ("omraden", "exportera", "om-data"):
        expect(page.locator('[data-testid="stPlotlyChart"]').first).to_be_visible()
    wait_for_charts_to_fit(page)
    show_all_of_it(page)
    # an element whose code is still loading (a table, a form) is a grey placeholder: the
    # checks and the screenshot are of the finished page
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0)
    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=folder / f"{name}-{screen}.png", full_page=True)

    assert error_boxes(page) == 0
    for chart in page.locator('[data-testid="stPlotlyChart"]').all():
        assert chart.get_attribute("role") == "figure"
        assert len(chart.get_attribute("aria-label") or "") > 20, "a chart without words"
    # every kind of fault of the page at once, so one run shows all there is to mend
    faults = {
        "wider than the screen": page.evaluate(WIDER_THAN_THE_SCREEN),
        "cut to an ellipsis": page.evaluate(CUT_TO_AN_ELLIPSIS),
        "a select box's value cut": page.evaluate(SELECT_BOX_VALUE_CUT),
        "axe": describe(axe_violations(page)),
    }
    assert {kind: found for kind, found in faults.items() if found} == {}
