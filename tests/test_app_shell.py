"""The app shell in AppTest: start page, Om data, selection, URL and data problems.

Expected numbers are hand-computed in `tests/known_dataset.py`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.ui.state import escape_markdown
from data.store import write_dataset
from tests.known_dataset import known_frame, write_known_dataset

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def known_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("known")
    write_known_dataset(directory)
    return directory


@pytest.fixture
def app(known_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("HE_DATA_DIR", str(known_dir))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)


def texts(at: AppTest) -> str:
    """Every text on the page, without the backslashes that escape user text in markdown."""
    parts = [
        e.value
        for kind in ("title", "markdown", "caption", "info", "warning", "error")
        for e in getattr(at, kind)
    ]
    parts += [m.label + " " + m.value + " " + (m.delta or "") for m in at.metric]
    return "\n".join(str(p) for p in parts).replace(NBSP, " ").replace("\\", "")


def test_start_page_defaults_to_norsjo_in_latest_complete_year(app):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Offentlig försörjning – Norsjö"
    shown = texts(at)
    assert (
        "År 2024 försörjdes motsvarande 12,5 % av invånarna 20–64 år i Norsjö av offentliga "
        "ersättningar, vilket är högre än i Västerbottens län (8,7 %) och högre än i riket "
        "(10,0 %)." in shown
    )
    metrics = {m.label: (m.value.replace(NBSP, " "), m.delta) for m in at.metric}
    assert metrics == {
        "Norsjö 2024": ("12,5 %", "+1,0 p.e. mot 2023"),
        "Västerbottens län 2024": ("8,7 %", "+0,5 p.e. mot 2023"),
        "Riket 2024": ("10,0 %", "+0,5 p.e. mot 2023"),
    }
    assert at.metric[0].help.endswith("Under talet: förändringen mot 2023 i procentenheter (p.e.).")
    assert at.query_params == {"region": "2417", "year": "2024"}


def test_synthetic_data_is_labelled_on_every_page(app):
    at = app.run()
    assert at.warning[0].value.startswith("**Exempeldata – inte SCB:s siffror.**")
    assert "Källa: exempeldata" in at.caption[-1].value
    at.switch_page("app_pages/about.py").run()
    assert at.warning[0].value.startswith("**Exempeldata – inte SCB:s siffror.**")


def test_link_opens_exactly_that_view(app):
    app.query_params.update({"region": "2482", "year": "2023"})
    at = app.run()
    assert at.title[0].value == "Offentlig försörjning – Skellefteå"
    assert "i Skellefteå" in texts(at)
    assert at.metric[0].value.replace(NBSP, " ") == "9,5 %"
    assert at.selectbox(key="widget.region").value == "2482"
    assert at.selectbox(key="widget.year").value == 2023


def test_county_link_compares_with_riket_only(app):
    app.query_params["region"] = "Västerbottens län"
    at = app.run()
    assert at.title[0].value == "Offentlig försörjning – Västerbottens län"
    assert [m.label for m in at.metric] == ["Västerbottens län 2024", "Riket 2024"]
    assert at.query_params["region"] == "24"


def test_bad_link_falls_back_with_visible_notes(app):
    app.query_params.update({"region": "<b>9999</b>", "year": "abc"})
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Offentlig försörjning – Norsjö"
    notes = [n.value.replace("\\", "") for n in at.info]
    assert any("Länkens område ”<b>9999</b>” finns inte" in n for n in notes)
    assert any("Året ”abc” finns inte" in n for n in notes)
    assert at.query_params == {"region": "2417", "year": "2024"}


def test_changing_selection_updates_page_url_and_survives_page_switch(app):
    at = app.run()
    at.selectbox(key="widget.region").select("0114").run()
    assert at.title[0].value == "Offentlig försörjning – Upplands Väsby"
    assert at.metric[0].value.replace(NBSP, " ") == "15,0 %"
    at.selectbox(key="widget.year").select(2023).run()
    assert at.query_params == {"region": "0114", "year": "2023"}
    at.switch_page("app_pages/about.py").run()
    assert at.query_params == {"region": "0114", "year": "2023"}
    at.switch_page("app_pages/overview.py").run()
    assert at.title[0].value == "Offentlig försörjning – Upplands Väsby"
    assert at.metric[0].value.replace(NBSP, " ") == "14,0 %"


def test_year_choices_mark_partial_and_preliminary_years(app):
    at = app.run()
    year_box = at.selectbox(key="widget.year")
    assert year_box.options == ["2025 (jan–jun, prel.)", "2024", "2023"]
    assert year_box.help.startswith("prel. = preliminära uppgifter")


def test_region_choices_list_kommuner_then_counties_then_forbund_then_riket(app):
    at = app.run()
    options = at.selectbox(key="widget.region").options
    assert options[0] == "Ale (Västra Götalands län)"
    assert "Norsjö (Västerbottens län)" in options
    assert options.index("Västerbottens län") > options.index("Övertorneå (Norrbottens län)")
    forbund = [o for o in options if "(förbund i " in o]
    assert len(forbund) == 47
    first = options.index(forbund[0])
    assert options[first - 1] == "Östergötlands län"
    assert options[first : first + 47] == forbund
    assert "Samordningsförbundet Skellefteå-Norsjö (förbund i Västerbottens län)" in forbund
    assert "Samordningsförbundet Umeåregionen (förbund i Västerbottens län)" in forbund
    assert options[-1] == "Riket (hela Sverige)"
    assert len(options) == 290 + 21 + 47 + 1


def test_om_data_explains_and_shows_provenance(app):
    at = app.run()
    at.switch_page("app_pages/about.py").run()
    assert not at.exception
    assert at.title[0].value == "Om data"
    shown = texts(at)
    assert "Vad är en helårsekvivalent?" in shown
    assert "delat med 260" in shown
    assert "inte officiell statistik" in shown
    table = at.table[0].value
    facts = dict(zip(table.index, table.iloc[:, 0], strict=True))
    # the table renders Markdown, so every value is escaped (tests/test_public_safety.py)
    assert facts["Källa"] == escape_markdown("Exempeldata (syntetiska) – inte SCB:s siffror")
    assert facts["Period"] == escape_markdown("januari 2023 – juni 2025")
    assert facts["Tabeller"] == "TAB1386"


def test_scb_data_shows_source_date_and_preliminary_year(tmp_path, monkeypatch):
    write_dataset(
        known_frame(),
        {"source": "scb", "tables": '["TAB1386"]', "updated": "2026-06-08T06:00:00Z"},
        tmp_path / "he.parquet",
    )
    monkeypatch.setenv("HE_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.warning
    footer = at.caption[-1].value
    assert "Källa: SCB, helårsekvivalenter (TAB1386), uppdaterad 8 juni 2026." in footer
    assert "Uppgifterna för 2025 är preliminära." in footer


def test_missing_dataset_is_built_on_first_start_offline(tmp_path, monkeypatch):
    """No dataset and HE_OFFLINE=1 (as in every test): the synthetic one is built in the
    page, labelled as such, without a reason (nobody asked SCB)."""
    monkeypatch.setenv("HE_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    assert (tmp_path / "he.parquet").exists()
    assert at.warning[0].value.startswith("**Exempeldata – inte SCB:s siffror.**")
    assert not at.info
    assert "Källa: exempeldata" in at.caption[-1].value


def test_missing_dataset_that_cannot_be_built_gives_a_swedish_message(tmp_path, monkeypatch):
    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("loaders.refresh.write_fallback", disk_full)
    monkeypatch.setenv("HE_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert at.error[0].value.startswith("**Data saknas.** Det finns ingen datafil (he.parquet).")


def test_corrupt_dataset_gives_a_swedish_message_not_a_trace(tmp_path, monkeypatch):
    (tmp_path / "he.parquet").write_bytes(b"not parquet at all")
    monkeypatch.setenv("HE_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert "går inte att läsa" in at.error[0].value
    assert (tmp_path / "he.parquet").read_bytes() == b"not parquet at all"  # never replaced


def test_every_page_file_is_registered_in_app_py_with_its_own_url():
    app_source = (ROOT / "app.py").read_text(encoding="utf-8")
    registered = set(re.findall(r'"app_pages/(\w+)\.py"', app_source))
    files = {p.stem for p in (ROOT / "app_pages").glob("*.py") if p.stem != "__init__"}
    assert registered == files
    for stem in files:
        assert re.search(rf'"app_pages/{stem}\.py"', app_source)
        assert f'url_path="{stem}"' not in app_source


def test_overview_says_what_is_new_once_the_monthly_tables_are_built(app, monkeypatch):
    """Norsjö: June 2025 = June 2024 = 250 HE / 2 000; the 12 months to June 2025 give
    12,5 %, the 12 before (6 × 230 + 6 × 250) / 24 000 = 12,0 %; the system that moved most
    is sjuk- och aktivitetsersättning (32 % of the HE: 0,32 × 0,5 = 0,16 points)."""
    monkeypatch.setattr("metrics.model.Model.tables_ready", lambda self, frequency: True)
    at = app.run()
    assert not at.exception
    page = texts(at)
    assert (
        "Det senaste i data. Senaste månaden i data, juni 2025, försörjdes 12,5 % av "
        "invånarna 20–64 år i Norsjö av offentliga ersättningar, mot 12,5 % i juni 2024 "
        "(ungefär oförändrat). De senaste tolv månaderna (juli 2024–juni 2025) var andelen "
        "12,5 %, upp 0,5 procentenheter mot de tolv månaderna före; mest förändrades "
        "sjuk- och aktivitetsersättning (upp 0,2 procentenheter)."
    ) in page.replace("**", "")


def test_a_failure_outside_the_page_gets_the_swedish_message_not_streamlits(app, monkeypatch):
    from app_pages.ui import widgets

    def _broken(*_args, **_kwargs):
        raise RuntimeError("a bug in the area box")

    monkeypatch.setattr(widgets, "area_and_year_selectors", _broken)
    at = app.run()
    assert not at.exception
    assert [e.value for e in at.error] == [widgets.ERROR_MESSAGE]
