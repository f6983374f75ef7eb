"""One click to a presentation: the Export page makes a PowerPoint the browser downloads."""

from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import expect
from pptx import Presentation

from tests.e2e.conftest import error_boxes, wait_for_app

pytestmark = pytest.mark.e2e


def test_export_page_downloads_a_powerpoint_report(known_server, page, artifacts, tmp_path):
    page.goto(f"{known_server.url}/?region=2482&year=2024")
    expect(page.get_by_role("heading", name="Offentlig försörjning – Skellefteå")).to_be_visible()
    wait_for_app(page)
    page.get_by_role("link", name="Exportera").click()
    expect(page.get_by_role("heading", name="Exportera", exact=True)).to_be_visible()
    wait_for_app(page)
    page.get_by_role("button", name="Skapa rapport").click()
    download_button = page.get_by_role("button", name="Ladda ner")
    expect(download_button).to_be_visible(timeout=60_000)
    expect(download_button).to_contain_text("Offentlig-forsorjning-Skelleftea-2023-2024.pptx")
    with page.expect_download() as info:
        download_button.click()
    download = info.value
    assert download.suggested_filename == "Offentlig-forsorjning-Skelleftea-2023-2024.pptx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert zipfile.is_zipfile(target)
    deck = Presentation(str(target))
    assert deck.slides[1].shapes.title.text == "Försörjningsprofil 2024 – Skellefteå"
    assert error_boxes(page) == 0
    page.screenshot(path=artifacts / "export-page.png", full_page=True)
