"""The Export page in AppTest: a report of the chosen area in each format, a download
button with a safe name, and a plain message when a format needs a missing browser."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from app_pages.ui import state
from exports.images import BROWSER_ENV
from tests.known_dataset import write_known_dataset

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def known_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("known")
    write_known_dataset(directory)
    return directory


@pytest.fixture
def app(known_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("HE_DATA_DIR", str(known_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"region": "2417", "year": "2024"})
    at.run()
    at.switch_page("app_pages/export.py").run()
    assert not at.exception
    return at


def downloads(at: AppTest):
    return at.get("download_button")


def test_the_page_offers_the_selected_area_and_period(app):
    assert app.title[0].value == "Exportera"
    assert "**Norsjö**" in app.markdown[0].value
    assert app.select_slider(key=state.EXPORT_YEARS).value == (2023, 2024)
    assert app.radio(key=state.EXPORT_FORMAT).value == "pptx"
    assert downloads(app) == []


def test_a_powerpoint_report_is_made_and_offered_for_download(app):
    """A browser is here, so the deck has the map slide (a picture) after the county,
    and the funnel after the map."""
    app.button[0].click().run()
    assert not app.exception
    (button,) = downloads(app)
    assert button.proto.label == "Ladda ner Offentlig-forsorjning-Norsjo-2023-2024.pptx (21 sidor)"
    made = app.session_state[state.EXPORT_FILE]
    deck = Presentation(io.BytesIO(made["data"]))
    assert len(deck.slides) == 21
    titles = [s.shapes.title.text for s in deck.slides]
    (at,) = [i for i, title in enumerate(titles) if title.startswith("Karta: ")]
    assert titles[at + 1].endswith(" – kommunerna jämfört med riket")
    assert deck.slides[1].shapes.title.text == "Försörjningsprofil 2024 – Norsjö"


def test_an_excel_workbook_with_chosen_measures(app):
    app.radio(key=state.EXPORT_FORMAT).set_value("xlsx").run()
    app.multiselect(key=state.EXPORT_MEASURES).set_value(["summa"]).run()
    app.button[0].click().run()
    (button,) = downloads(app)
    assert button.proto.label.endswith(".xlsx (8 blad)")
    workbook = load_workbook(io.BytesIO(app.session_state[state.EXPORT_FILE]["data"]))
    assert workbook.sheetnames == [
        "Om data",
        "Profil 2024",
        "Totalt",
        "Totalt K-M",
        "Fördelning 2024",
        "Länet 20-64 år",
        "Karta 2024",
        "Tratt Totalt 2024",
    ]


def test_changing_the_choices_asks_for_a_new_report(app):
    app.button[0].click().run()
    app.select_slider(key=state.EXPORT_YEARS).set_value((2024, 2024)).run()
    assert downloads(app) == []
    assert any("skapa den igen" in c.value for c in app.caption)


def test_without_a_browser_pdf_and_images_say_so(known_dir, monkeypatch, tmp_path):
    monkeypatch.setenv(BROWSER_ENV, str(tmp_path / "no-chrome"))
    monkeypatch.setenv("HE_DATA_DIR", str(known_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/export.py").run()
    at.radio(key=state.EXPORT_FORMAT).set_value("pdf").run()
    warnings = [w.value for w in at.warning]
    assert any("kräver en webbläsare" in w for w in warnings)
    create_report, create_image = at.button
    assert create_report.disabled
    assert create_image.disabled
    assert any("kräver en webbläsare" in i.value for i in at.info)
