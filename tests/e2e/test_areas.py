"""A user-defined area in a real browser: create it, reload, find it; follow its link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from data.areas import USER_AREAS_FILE
from tests.e2e.conftest import (
    Server,
    error_boxes,
    press_enter_on_option,
    rerun,
    start_server,
    stop_server,
    wait_for_app,
)
from tests.target_dataset import write_target_dataset

pytestmark = pytest.mark.e2e
TITLE = "Offentlig försörjning"


@pytest.fixture(scope="module")
def areas_server(tmp_path_factory, artifacts) -> Iterator[Server]:
    """A server of its own with a temporary data dir, where this test saves areas."""
    data_dir = tmp_path_factory.mktemp("e2e-areas")
    write_target_dataset(data_dir)
    server = start_server(data_dir, artifacts / "server-areas.log")
    yield server
    stop_server(server)


def _open(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60_000)
    wait_for_app(page)


def _pick_kommun(page: Page, name: str) -> None:
    """Choose a kommun and wait for the run it starts, as a user waits for its chip and
    the members' population before choosing the next (under load a choice made while
    the previous one's run was under way could be lost)."""
    box = page.get_by_role("combobox", name="Kommuner")
    with rerun(page):
        box.click()
        box.fill(name)
        page.get_by_role("option", name=re.compile(rf"^{name} \(")).click()


def _create(page: Page, url: str, name: str, kommuner: list[str]) -> None:
    _open(page, f"{url}/omraden?year=2024", "Områden")
    page.get_by_label("Namn på området").fill(name)
    for kommun in kommuner:
        _pick_kommun(page, kommun)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Spara området").click()
    expect(page.get_by_text(f"Området ”{name}” är sparat och valt.")).to_be_visible()
    wait_for_app(page)


def test_an_area_created_in_the_app_lives_in_its_link_and_never_in_a_file(
    areas_server, page, artifacts
):
    # The first request of a new server runs the start page; then go to Områden.
    _open(page, f"{areas_server.url}/?year=2024", "Offentlig försörjning – Norsjö")
    _create(page, areas_server.url, "Kustförbundet", ["Umeå", "Luleå"])
    assert not (areas_server.data_dir / USER_AREAS_FILE).exists()
    expect(page).to_have_url(re.compile(r"region=kustforbundet"))
    expect(page).to_have_url(re.compile(r"area=2480\.2580~Kustf"))
    page.screenshot(path=artifacts / "areas-created.png", full_page=True)

    # A reload is a new session: the address bar's link brings the area back.
    page.reload()
    expect(page.get_by_role("heading", name="Områden", exact=True)).to_be_visible(timeout=60_000)
    wait_for_app(page)
    # the area's own card (the table above lists all 47 förbund first, beyond the
    # rows a data grid draws)
    expect(page.get_by_text("Kustförbundet", exact=True).first).to_be_visible()
    expect(
        page.get_by_role("paragraph").filter(has_text=re.compile("^Umeå, Luleå$"))
    ).to_be_visible()
    expect(page.get_by_role("combobox", name="Område")).to_have_value("Kustförbundet")
    assert error_boxes(page) == 0

    link = page.locator('[data-testid="stCode"]').first.inner_text().strip()
    query = parse_qs(urlparse(link).query)
    assert query["area"] == ["2480.2580~Kustförbundet"]
    _open(page, link, "Målgrupper – Kustförbundet")
    body = page.locator("body")
    expect(body).to_contain_text("Störst behov 2024")
    expect(body).to_contain_text("Bland ")
    assert error_boxes(page) == 0
    page.screenshot(path=artifacts / "areas-link.png", full_page=True)


def test_one_visitor_cannot_see_change_or_delete_anothers_areas(areas_server, browser):
    """Two browser contexts are two anonymous visitors of one server."""
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in "ab"]
    try:
        a, b = (context.new_page() for context in contexts)
        _open(a, f"{areas_server.url}/?year=2024", "Offentlig försörjning – Norsjö")
        _create(a, areas_server.url, "Förbund A", ["Umeå"])
        link = a.locator('[data-testid="stCode"]').first.inner_text().strip()

        _open(b, f"{areas_server.url}/omraden?year=2024", "Områden")
        expect(b.locator("body")).not_to_contain_text("Förbund A")
        # B's bookmark of A's area without its link shows nothing of A's.
        _open(b, f"{areas_server.url}/?region=forbund-a&year=2024", f"{TITLE} – Norsjö")
        expect(b.locator("body")).to_contain_text("Länkens område ”forbund-a” finns inte")
        # B opens A's link, then deletes the area: only B's copy goes.
        _open(b, link, "Målgrupper – Förbund A")
        b.get_by_role("link", name="Områden").click()  # in the app: the same session
        expect(b.get_by_role("heading", name="Områden", exact=True)).to_be_visible(timeout=60_000)
        wait_for_app(b)
        b.get_by_role("button", name="Spara området").first.click()
        expect(b.get_by_text("Området ”Förbund A” är sparat.")).to_be_visible(timeout=30_000)
        b.get_by_role("button", name="Ta bort").first.click()
        b.get_by_role("button", name="Ja, ta bort").click()
        expect(b.get_by_text("Området ”Förbund A” är borttaget.")).to_be_visible(timeout=30_000)
        # There is no operator mode without the server's secret.
        wait_for_app(b)
        b.get_by_text("Förvaltarläge (för den som driftar verktyget)").last.click()
        expect(b.get_by_text("Förvaltarläget är avstängt").last).to_be_visible()
        expect(b.get_by_label("Lösenord")).to_have_count(0)

        a.reload()
        wait_for_app(a)
        expect(a.get_by_text("Förbund A", exact=True).first).to_be_visible(timeout=60_000)
        expect(a.get_by_role("combobox", name="Område")).to_have_value("Förbund A")
        assert not (areas_server.data_dir / USER_AREAS_FILE).exists()
        assert error_boxes(a) == 0
    finally:
        for context in contexts:
            context.close()


def test_typing_a_kommun_and_enter_adds_exactly_that_kommun(default_server, page):
    """ "Malå" and Enter adds Malå only (not Malmö as well), and the form tells who is in
    the area and how many live there before anything is saved."""
    _open(page, f"{default_server.url}/omraden", "Områden")
    box = page.get_by_role("combobox", name="Kommuner")
    box.click()
    box.fill("Malå")
    expect(page.get_by_role("option")).to_have_text(["Malå (Västerbottens län)"])
    assert page.get_by_text(re.compile(r"^Select (all|\d+ matches)")).count() == 0
    with rerun(page):
        press_enter_on_option(page, "Kommuner", "Malå (Västerbottens län)")
    page.keyboard.press("Escape")
    form = page.locator('[data-testid="stMultiSelect"]')
    expect(form.get_by_text("Malå (Västerbottens län)", exact=True)).to_be_visible()
    expect(form.get_by_text(re.compile("Malmö"))).to_have_count(0)
    members = re.compile(r"^Området får 1 kommun: Malå \(\d[\d\s]*\)\. Tillsammans")
    expect(page.get_by_text(members)).to_be_visible()
