"""Målgrupper and Områden in AppTest, on the hand-computed data of `tests/target_dataset.py`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from app_pages.ui import state
from data.areas import USER_AREAS_FILE
from exports.files import safe_filename
from tests.known_dataset import write_known_dataset
from tests.target_dataset import write_target_dataset

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"
SN = "skelleftea-norsjo"


@pytest.fixture(scope="module")
def dataset_file(tmp_path_factory) -> Path:
    return write_target_dataset(tmp_path_factory.mktemp("targets"))


@pytest.fixture
def data_dir(dataset_file, tmp_path, monkeypatch) -> Path:
    """A fresh data directory per test (the user-areas file lives there)."""
    (tmp_path / "he.parquet").symlink_to(dataset_file)
    monkeypatch.setenv("HE_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def app(data_dir) -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def _open(app: AppTest, page: str, **params: str) -> AppTest:
    app.query_params.update(params)
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    return app


def _plain(text: str) -> str:
    return text.replace(NBSP, " ").replace("\\", "")


def _markdown(at: AppTest) -> str:
    return "\n".join(_plain(m.value) for m in at.markdown)


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_malgrupper_ranks_the_forbunds_greatest_needs_against_riket(app):
    at = _open(app, "app_pages/target_groups.py", region=SN, year="2024")
    assert at.title[0].value.replace("\\", "") == (
        "Målgrupper – Samordningsförbundet Skellefteå-Norsjö"
    )
    shown = _markdown(at)
    excess = 1196 - 13996 / 575600 * 33600
    assert round(excess) == 379
    assert (
        "Bland invånarna 30–64 år i Samordningsförbundet Skellefteå-Norsjö försörjs "
        "motsvarande 3,6 % av sjukpenning, 1,1 procentenheter mer än i riket (2,4 %). "
        "Det motsvarar cirka 379 helårsekvivalenter fler än om andelen hade varit densamma "
        "som i riket." in shown
    )
    assert "Bland kvinnor 20–64 år i Samordningsförbundet Skellefteå-Norsjö" in shown
    assert "cirka 318 helårsekvivalenter fler" in shown
    assert "Bland män 20–64 år" in shown
    assert "cirka 87 helårsekvivalenter fler" in shown
    needs, matrix, *_ = _figures(at)
    labels = needs["layout"]["yaxis"]["categoryarray"]
    assert labels[:3] == [
        "30–64 år · Sjukpenning",
        "Kvinnor 20–64 år · Sjukpenning",
        "Män 20–64 år · Sjukpenning",
    ]
    heatmap = matrix["data"][0]
    assert heatmap["y"] == ["20–29 år", "30–64 år", "Kvinnor 20–64 år", "Män 20–64 år"]
    assert heatmap["z"][2][1] == pytest.approx(850 / 21000 * 100 - 9650 / 381000 * 100)
    assert at.query_params["region"] == SN


def test_malgrupper_charts_save_under_their_title_at_slide_size(app):
    at = _open(app, "app_pages/target_groups.py", region=SN, year="2024")
    options = [json.loads(c.proto.config)["toImageButtonOptions"] for c in at.get("plotly_chart")]
    assert len(options) >= 3
    assert all(o["format"] == "png" and o["width"] >= 1000 and o["scale"] == 2 for o in options)
    titles = [_plain(f["layout"]["meta"]["title"]) for f in _figures(at)]
    assert [o["filename"] for o in options] == [safe_filename(t, "png")[:-4] for t in titles]


def test_the_reference_can_be_the_county(app):
    at = _open(app, "app_pages/target_groups.py", region=SN, year="2024")
    at.selectbox(key="widget.targets.reference").select("county").run()
    shown = _markdown(at)
    excess = 1196 - 2596 / 93600 * 33600
    assert round(excess) == 264
    assert (
        "0,8 procentenheter mer än i Västerbottens län (2,8 %). Det motsvarar cirka 264 "
        "helårsekvivalenter fler än om andelen hade varit densamma som i Västerbottens län."
        in shown
    )


def test_comparable_kommuner_are_suggested_and_used(app):
    at = _open(app, "app_pages/target_groups.py", region=SN, year="2024")
    # Skellefteå-Norsjö has 42 000 inhabitants 20–64: Luleå (40 000), then Umeå (80 000),
    # then Stockholm (600 000).
    box = at.multiselect(key="widget.targets.comparables.skelleftea-norsjo")
    assert box.value == ["2580", "2480", "0180"]
    box.set_value(["2580"]).run()
    at.selectbox(key="widget.targets.reference").select("comparables").run()
    shown = _markdown(at)
    # 30–64 år sjukpenning: Luleå 900 / 32 000 = 2,8125 %; 1 196 − 900 / 32 000 × 33 600
    assert "mer än i de jämförbara kommunerna (2,8 %)" in shown
    assert f"cirka {round(1196 - 900 / 32000 * 33600)} helårsekvivalenter" in shown
    trend = _figures(at)[2]
    names = [t.get("name") for t in trend["data"]]
    assert "Jämförbara kommuner (1)" in names


def test_the_group_trend_starts_with_young_adults_and_shows_member_kommuner(app):
    at = _open(app, "app_pages/target_groups.py", region=SN, year="2024")
    assert at.selectbox(key="widget.targets.group").value.label == "20–29 år"
    at.checkbox(key="targets.members").check().run()
    trend = _figures(at)[2]
    lines = {t.get("name"): t for t in trend["data"]}
    assert lines["Norsjö"]["y"] == pytest.approx([(16 + 4) * 0.75 / 400 * 100, 20 / 400 * 100])
    assert lines["Skellefteå"]["y"] == pytest.approx([240 * 0.75 / 8000 * 100, 3.0])
    # on a page the title wraps at a phone's width (charts.theme.for_screen)
    assert trend["layout"]["title"]["text"] == (
        "Summa helårsekvivalenter –<br>20–29 år i Samordningsförbundet<br>Skellefteå-Norsjö"
    )
    assert trend["layout"]["meta"]["title"] == (
        "Summa helårsekvivalenter – 20–29 år i Samordningsförbundet Skellefteå-Norsjö"
    )


def test_the_change_between_years_adds_up_by_system(app):
    at = _open(app, "app_pages/target_groups.py", region=SN, year="2024")
    waterfall = _figures(at)[3]["data"][0]
    start, *steps, end = waterfall["y"]
    assert start == pytest.approx(1725 * 0.75 / 42000 * 100)
    assert end == pytest.approx(1725 / 42000 * 100)
    assert start + sum(steps) == pytest.approx(end, abs=1e-12)
    assert steps[0] == pytest.approx(1280 * 0.25 / 42000 * 100)


def test_riket_gets_a_hint_instead_of_a_comparison_with_itself(app):
    at = _open(app, "app_pages/target_groups.py", region="00", year="2024")
    assert "Välj en kommun, ett län eller ett samordningsförbund" in at.info[0].value
    assert not at.get("plotly_chart")


def test_a_link_defines_an_area_that_is_not_saved(app, data_dir):
    at = _open(
        app, "app_pages/target_groups.py", area="2482.2417.2480~Norra förbundet", year="2024"
    )
    assert at.title[0].value == "Målgrupper – Norra förbundet"
    assert at.query_params["region"] == "norra-forbundet"
    assert at.query_params["area"] == "2482.2417.2480~Norra förbundet"
    assert "Norra förbundet" in at.selectbox(key="widget.region").options
    assert not (data_dir / USER_AREAS_FILE).exists()
    at.switch_page("app_pages/areas.py").run()
    assert "Från länk (inte sparat)" in at.dataframe[0].value["Typ"].tolist()
    at.button(key="areas.save.norra-forbundet").click().run()
    saved = json.loads((data_dir / USER_AREAS_FILE).read_text(encoding="utf-8"))
    assert saved["areas"] == [
        {"id": "norra-forbundet", "name": "Norra förbundet", "kommuner": ["2482", "2417", "2480"]}
    ]


def test_a_link_whose_name_is_taken_here_shows_its_own_area_under_another_name(app, data_dir):
    (data_dir / USER_AREAS_FILE).write_text(
        '{"format": 1, "areas": [{"id": "norr", "name": "Norr", "kommuner": ["2417"]}]}',
        encoding="utf-8",
    )
    app.query_params.update({"area": "2482.2480~Norr", "year": "2024"})
    at = app.run()
    assert _plain(at.title[0].value) == "Offentlig försörjning – Norr (länk)"
    assert any("visas som ”Norr (länk)”" in _plain(n.value) for n in at.info)
    assert at.query_params["region"] == "norr-lank"
    # Skellefteå (1 200 + 400 HE) and Umeå (1 600 + 800) of 120 000: 3,3 %
    assert at.metric[0].value.replace(NBSP, " ") == "3,3 %"


def test_a_bad_area_link_falls_back_with_a_note(app):
    app.query_params.update({"area": "2482.9999~Trasigt", "year": "2024"})
    at = app.run()
    notes = [_plain(n.value) for n in at.info]
    assert any(
        n.startswith("Länkens område kunde inte visas: Okänd kommunkod: 9999.") for n in notes
    )
    assert at.title[0].value == "Offentlig försörjning – Norsjö"
    assert "area" not in at.query_params


def test_omraden_creates_an_area_that_is_saved_and_selected(app, data_dir):
    at = _open(app, "app_pages/areas.py", year="2024")
    table = at.dataframe[0].value
    assert table["Område"].tolist() == ["Samordningsförbundet Skellefteå-Norsjö"]
    assert table["Kommuner"].tolist() == ["Skellefteå, Norsjö"]
    assert table["Andel 2024 (%)"].tolist() == [pytest.approx(round(1725 / 42000 * 100, 3))]
    at.text_input(key="areas.name").input("Umeå och Luleå")
    at.multiselect(key="areas.kommuner").set_value(["2480", "2580"])
    at.button(key="areas.submit").click().run()
    assert not at.exception
    assert at.success[0].value.replace("\\", "").startswith("Området ”Umeå och Luleå” är sparat")
    saved = json.loads((data_dir / USER_AREAS_FILE).read_text(encoding="utf-8"))
    assert saved["areas"] == [
        {"id": "umea-och-lulea", "name": "Umeå och Luleå", "kommuner": ["2480", "2580"]}
    ]
    assert at.selectbox(key="widget.region").value == "umea-och-lulea"
    assert at.query_params["area"] == "2480.2580~Umeå och Luleå"
    table = at.dataframe[0].value
    assert table["Typ"].tolist() == ["Samordningsförbund", "Eget område"]
    assert table["Andel 2024 (%)"].tolist()[1] == pytest.approx(round(4000 / 120000 * 100, 3))


def test_omraden_refuses_a_bad_area_and_leaves_the_file(app, data_dir):
    at = _open(app, "app_pages/areas.py", year="2024")
    at.text_input(key="areas.name").input("Mitt förbund")
    at.multiselect(key="areas.kommuner").set_value(["2417"])
    at.button(key="areas.submit").click().run()
    before = (data_dir / USER_AREAS_FILE).read_bytes()
    at.text_input(key="areas.name").input("Norsjö")
    at.multiselect(key="areas.kommuner").set_value(["2482"])
    at.button(key="areas.submit").click().run()
    assert _plain(at.error[0].value) == "Namnet ”Norsjö” används redan av en kommun."
    at.text_input(key="areas.name").input("Tomt")
    at.multiselect(key="areas.kommuner").set_value([])
    at.button(key="areas.submit").click().run()
    assert _plain(at.error[0].value) == "Välj minst en kommun till området."
    assert (data_dir / USER_AREAS_FILE).read_bytes() == before


def test_omraden_deletes_a_saved_area(app, data_dir):
    (data_dir / USER_AREAS_FILE).write_text(
        '{"format": 1, "areas": [{"id": "mitt", "name": "Mitt", "kommuner": ["2417"]}]}',
        encoding="utf-8",
    )
    at = _open(app, "app_pages/areas.py", region="mitt", year="2024")
    assert at.selectbox(key="widget.region").value == "mitt"
    at.button(key="areas.delete.mitt").click().run()
    assert json.loads((data_dir / USER_AREAS_FILE).read_text(encoding="utf-8"))["areas"] == []
    assert at.selectbox(key="widget.region").value == "2417"
    assert "Mitt" not in at.selectbox(key="widget.region").options
    assert _plain(at.success[0].value) == "Området ”Mitt” är borttaget."


def test_omraden_opens_malgrupper_for_an_area(app, data_dir):
    (data_dir / USER_AREAS_FILE).write_text(
        '{"format": 1, "areas": [{"id": "mitt", "name": "Mitt", "kommuner": ["2417", "2482"]}]}',
        encoding="utf-8",
    )
    at = _open(app, "app_pages/areas.py", year="2024")
    at.button(key="areas.show.mitt").click().run()
    assert at.title[0].value == "Målgrupper – Mitt"
    assert at.query_params["region"] == "mitt"


def test_a_broken_user_file_is_shown_and_the_app_still_works(app, data_dir):
    (data_dir / USER_AREAS_FILE).write_text("{broken", encoding="utf-8")
    at = _open(app, "app_pages/areas.py", year="2024")
    assert _plain(at.error[0].value).startswith(
        "Filen med områden (areas_user.json) går inte att använda"
    )
    assert at.dataframe[0].value["Område"].tolist() == ["Samordningsförbundet Skellefteå-Norsjö"]


def test_without_the_age_table_only_kvinnor_and_man_are_shown(tmp_path, monkeypatch):
    write_known_dataset(tmp_path)
    monkeypatch.setenv("HE_DATA_DIR", str(tmp_path))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at = _open(app, "app_pages/target_groups.py", region="2417", year="2024")
    assert "bara kvinnor och män 20–64 år visas" in at.info[0].value
    heatmap = _figures(at)[1]["data"][0]
    assert heatmap["y"] == ["Kvinnor 20–64 år", "Män 20–64 år"]
    # Norsjö 2024: kvinnor 60 % of 250 HE over 1 000 = 15 %; riket 0,6 × 75 150 / 376 000.
    assert heatmap["z"][0][0] == pytest.approx(15.0 - 0.6 * 75150 / 376000 * 100)


def test_the_export_page_puts_malgrupper_in_the_report_of_a_forbund(app):
    at = _open(app, "app_pages/export.py", region=SN, year="2024")
    assert "targets" in at.multiselect(key=state.EXPORT_SECTIONS).value
    captions = [_plain(c.value) for c in at.caption]
    assert (
        "Målgrupper: grupperna med störst behov 2024 jämfört med riket och alla grupper per "
        "ersättningssystem, och förändringen 2023–2024 per system." in captions
    )
    at.button[0].click().run()
    deck = Presentation(io.BytesIO(at.session_state[state.EXPORT_FILE]["data"]))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[-3:] == [
        "Målgrupper med störst behov 2024 – Samordningsförbundet Skellefteå-Norsjö",
        "Andelar per grupp och ersättningssystem 2024 – Samordningsförbundet Skellefteå-Norsjö",
        "Förändring 2023–2024 per ersättningssystem – Samordningsförbundet Skellefteå-Norsjö",
    ]
