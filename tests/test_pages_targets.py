"""Målgrupper and Områden in AppTest, on the hand-computed data of `tests/target_dataset.py`."""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from app_pages.ui import state
from data.areas import USER_AREAS_FILE
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


def _warnings(at: AppTest) -> str:
    return "\n".join(_plain(w.value) for w in at.warning)


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
    assert at.header[0].value == "Störst behov 2024"
    needs, matrix, *_ = _figures(at)
    # on a page the labels wrap (charts.theme.for_screen): read them with lines joined
    labels = [label.replace("<br>", " ") for label in needs["layout"]["yaxis"]["categoryarray"]]
    assert labels[:3] == [
        "30–64 år · Sjukpenning",
        "Kvinnor 20–64 år · Sjukpenning",
        "Män 20–64 år · Sjukpenning",
    ]
    heatmap = matrix["data"][0]
    # on a page the row labels wrap (charts.theme.for_screen): read them with lines joined
    assert [y.replace("<br>", " ") for y in heatmap["y"]] == [
        "20–29 år",
        "30–64 år",
        "Kvinnor 20–64 år",
        "Män 20–64 år",
    ]
    assert heatmap["z"][2][1] == pytest.approx(850 / 21000 * 100 - 9650 / 381000 * 100)
    assert at.query_params["region"] == SN


def test_malgrupper_charts_offer_their_image_in_the_reports_layout(app):
    at = _open(app, "app_pages/target_groups.py", region=SN, year="2024")
    charts = at.get("plotly_chart")
    assert len(charts) >= 3
    # no camera (it saved the screen's drawing): buttons under each chart save the report's
    assert all(json.loads(c.proto.config)["modeBarButtonsToRemove"] == ["toImage"] for c in charts)
    labels = [b.label for b in at.download_button]
    assert labels.count("Bild (PNG)") == labels.count("Bild (SVG)") == len(charts)


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
    assert waterfall["orientation"] == "h", "on a page its columns are rows (a phone's width)"
    start, *steps, end = waterfall["x"]
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
    # Saved for this visitor only: in the session, never in a file others read.
    assert not (data_dir / USER_AREAS_FILE).exists()
    assert [d.kommuner for d in at.session_state[state.VISITOR_AREAS]] == [("2482", "2417", "2480")]
    assert "Eget område" in at.dataframe[0].value["Typ"].tolist()


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
    assert len(table) == 47  # the shipped samordningsförbund
    sn = table.loc[table["Område"] == "Samordningsförbundet Skellefteå-Norsjö"].iloc[0]
    assert sn["Kommuner"] == "Skellefteå, Norsjö"
    assert sn["Andel 2024 (%)"] == pytest.approx(round(1725 / 42000 * 100, 3))
    at.text_input(key="areas.name").input("Umeå och Luleå")
    at.multiselect(key="areas.kommuner").set_value(["2480", "2580"])
    at.button(key="areas.submit").click().run()
    assert not at.exception
    assert at.success[0].value.replace("\\", "").startswith("Området ”Umeå och Luleå” är sparat")
    assert not (data_dir / USER_AREAS_FILE).exists()
    assert [d.as_json() for d in at.session_state[state.VISITOR_AREAS]] == [
        {"id": "umea-och-lulea", "name": "Umeå och Luleå", "kommuner": ["2480", "2580"]}
    ]
    assert at.selectbox(key="widget.region").value == "umea-och-lulea"
    assert at.query_params["area"] == "2480.2580~Umeå och Luleå"
    table = at.dataframe[0].value
    assert table["Typ"].tolist() == ["Samordningsförbund"] * 47 + ["Eget område"]
    assert table["Andel 2024 (%)"].tolist()[-1] == pytest.approx(round(4000 / 120000 * 100, 3))


def test_omraden_refuses_a_bad_area_and_leaves_the_file(app, data_dir):
    at = _open(app, "app_pages/areas.py", year="2024")
    at.text_input(key="areas.name").input("Mitt förbund")
    at.multiselect(key="areas.kommuner").set_value(["2417"])
    at.button(key="areas.submit").click().run()
    before = list(at.session_state[state.VISITOR_AREAS])
    at.text_input(key="areas.name").input("Norsjö")
    at.multiselect(key="areas.kommuner").set_value(["2482"])
    at.button(key="areas.submit").click().run()
    assert _plain(at.error[0].value) == "Namnet ”Norsjö” används redan av en kommun."
    at.text_input(key="areas.name").input("Tomt")
    at.multiselect(key="areas.kommuner").set_value([])
    at.button(key="areas.submit").click().run()
    assert _plain(at.error[0].value) == "Välj minst en kommun till området."
    assert at.session_state[state.VISITOR_AREAS] == before
    assert not (data_dir / USER_AREAS_FILE).exists()


def test_a_visitor_deletes_their_own_area_after_confirming_and_can_undo(app, data_dir):
    at = _open(app, "app_pages/areas.py", area="2417~Mitt", year="2024")
    at.button(key="areas.save.mitt").click().run()
    at.button(key="areas.delete.mitt").click().run()
    assert "Ta bort ”Mitt” från dina områden?" in _warnings(at)
    at.button(key="areas.cancel.mitt").click().run()
    assert [d.id for d in at.session_state[state.VISITOR_AREAS]] == ["mitt"]
    at.button(key="areas.delete.mitt").click().run()
    at.button(key="areas.confirm.mitt").click().run()
    assert at.session_state[state.VISITOR_AREAS] == []
    assert at.selectbox(key="widget.region").value == "2417"
    assert "Mitt" not in at.selectbox(key="widget.region").options
    assert _plain(at.success[0].value) == "Området ”Mitt” är borttaget."
    at.button(key="areas.undo").click().run()
    assert [d.id for d in at.session_state[state.VISITOR_AREAS]] == ["mitt"]
    assert _plain(at.success[0].value) == "Området ”Mitt” är återställt."


def test_a_visitor_cannot_save_more_than_the_limit(app, data_dir):
    from app_pages.ui.areas import MAX_VISITOR_AREAS

    at = _open(app, "app_pages/areas.py", year="2024")
    for number in range(MAX_VISITOR_AREAS + 1):
        at.text_input(key="areas.name").input(f"Område {number}")
        at.multiselect(key="areas.kommuner").set_value(["2417"])
        at.button(key="areas.submit").click().run()
    assert len(at.session_state[state.VISITOR_AREAS]) == MAX_VISITOR_AREAS
    assert _plain(at.error[0].value) == (
        f"Det får finnas högst {MAX_VISITOR_AREAS} sparade områden. Ta bort ett område först."
    )


def test_shared_areas_change_only_in_operator_mode(app, data_dir, monkeypatch):
    (data_dir / USER_AREAS_FILE).write_text(
        '{"format": 1, "areas": [{"id": "mitt", "name": "Mitt", "kommuner": ["2417"]}]}',
        encoding="utf-8",
    )
    at = _open(app, "app_pages/areas.py", region="mitt", year="2024")
    assert at.selectbox(key="widget.region").value == "mitt"
    keys = {b.key for b in at.button}
    assert "areas.delete.mitt" not in keys
    assert "areas.unlock" not in keys  # no secret set: operator mode cannot be unlocked
    assert any("Förvaltarläget är avstängt" in c.value for c in at.caption)

    monkeypatch.setenv("HE_ADMIN_PASSWORD", "rätt-lösen")
    at.run()
    at.text_input(key=state.OPERATOR_PASSWORD).input("fel")
    at.button(key="areas.unlock").click().run()
    assert _plain(at.error[0].value) == "Fel lösenord – förvaltarläget är inte upplåst."
    assert "areas.delete.mitt" not in {b.key for b in at.button}
    at.text_input(key=state.OPERATOR_PASSWORD).input("rätt-lösen")
    at.button(key="areas.unlock").click().run()
    at.button(key="areas.delete.mitt").click().run()
    assert "Ta bort ”Mitt” för alla besökare?" in _warnings(at)
    at.button(key="areas.confirm.mitt").click().run()
    document = json.loads((data_dir / USER_AREAS_FILE).read_text(encoding="utf-8"))
    assert document["areas"] == []
    assert document["retired"] == [{"id": "mitt", "kommuner": ["2417"]}]
    assert at.selectbox(key="widget.region").value == "2417"
    assert _plain(at.success[0].value) == "Området ”Mitt” är borttaget för alla besökare."
    at.button(key="areas.undo").click().run()
    document = json.loads((data_dir / USER_AREAS_FILE).read_text(encoding="utf-8"))
    assert document["areas"] == [{"id": "mitt", "name": "Mitt", "kommuner": ["2417"]}]

    # A visitor's own area is shared with everyone only in operator mode.
    at.text_input(key="areas.name").input("Kusten")
    at.multiselect(key="areas.kommuner").set_value(["2480", "2580"])
    at.button(key="areas.submit").click().run()
    at.button(key="areas.share.kusten").click().run()
    document = json.loads((data_dir / USER_AREAS_FILE).read_text(encoding="utf-8"))
    assert [a["id"] for a in document["areas"]] == ["mitt", "kusten"]
    at.button(key="areas.lock").click().run()
    assert "areas.delete.kusten" not in {b.key for b in at.button}


def test_wrong_operator_passwords_make_the_session_wait(app, data_dir, monkeypatch):
    """After five wrong passwords in a session, a Swedish message and a wait during which
    not even the right password unlocks; the wait doubles with each further wrong one."""
    from app_pages.ui import areas

    clock = [1000.0]
    monkeypatch.setattr(areas, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    monkeypatch.setenv("HE_ADMIN_PASSWORD", "rätt-lösen")
    at = _open(app, "app_pages/areas.py", year="2024")

    def attempt(password: str) -> str:
        at.text_input(key=state.OPERATOR_PASSWORD).input(password)
        at.button(key="areas.unlock").click().run()
        return _plain(at.error[0].value) if at.error else ""

    for _ in range(areas.MAX_WRONG_PASSWORDS - 1):
        assert attempt("fel") == "Fel lösenord – förvaltarläget är inte upplåst."
    assert attempt("fel") == (
        "Fel lösenord. För många felaktiga försök – vänta 1 minut innan du försöker igen."
    )
    clock[0] += 59
    assert attempt("rätt-lösen") == (
        "För många felaktiga lösenord. Vänta 1 minut innan du försöker igen."
    )
    assert "areas.lock" not in {b.key for b in at.button}  # still locked
    clock[0] += 2  # the minute has passed: one more wrong try doubles the wait
    assert attempt("fel") == (
        "Fel lösenord. För många felaktiga försök – vänta 2 minuter innan du försöker igen."
    )
    clock[0] += 121
    assert attempt("rätt-lösen") == ""
    assert at.session_state[state.OPERATOR] is True
    assert "areas.lock" in {b.key for b in at.button}


def test_the_password_wait_grows_and_is_capped():
    from app_pages.ui.areas import password_wait, wait_text

    assert password_wait(4, 100.0, 100.0) == 0.0
    assert password_wait(5, 100.0, 130.0) == 30.0
    assert password_wait(6, 100.0, 100.0) == 120.0
    assert password_wait(30, 100.0, 100.0) == 3600.0
    assert password_wait(5, 100.0, 161.0) == 0.0
    assert (wait_text(1), wait_text(60), wait_text(61), wait_text(3600)) == (
        "1 minut",
        "1 minut",
        "2 minuter",
        "60 minuter",
    )


def test_a_read_only_data_directory_gives_a_swedish_message(app, data_dir, monkeypatch):
    monkeypatch.setenv("HE_ADMIN_PASSWORD", "lösen")
    at = _open(app, "app_pages/areas.py", area="2417~Mitt", year="2024")
    at.text_input(key=state.OPERATOR_PASSWORD).input("lösen")
    at.button(key="areas.unlock").click().run()

    def read_only(target, write):
        raise PermissionError(13, "Permission denied", str(target))

    # (chmod does not stop root, who runs CI here: the write itself is refused instead)
    monkeypatch.setattr("data.areas.atomic_write", read_only)
    at.button(key="areas.share.mitt").click().run()
    assert not at.exception
    assert _plain(at.error[0].value).startswith(
        "Området kunde inte sparas: Ändringen kunde inte sparas: datakatalogen går inte"
    )
    assert not (data_dir / USER_AREAS_FILE).exists()


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
    assert "Filen med områden (areas_user.json) går inte att använda" in _warnings(at)
    shown = at.dataframe[0].value["Område"].tolist()
    assert len(shown) == 47
    assert "Samordningsförbundet Skellefteå-Norsjö" in shown


def test_one_bad_shared_area_hides_only_itself(app, data_dir):
    (data_dir / USER_AREAS_FILE).write_text(
        '{"format": 1, "areas": [{"id": "bra", "name": "Bra", "kommuner": ["2417"]},'
        ' {"id": "trasig", "name": "Trasig", "kommuner": ["9999"]}, 7]}',
        encoding="utf-8",
    )
    at = _open(app, "app_pages/areas.py", year="2024")
    problems = _warnings(at)
    assert "”trasig”: Okänd kommunkod: 9999." in problems
    assert "område 3 saknar id, namn eller en lista med kommunkoder." in problems
    shown = at.dataframe[0].value["Område"].tolist()
    assert shown[-1] == "Bra"
    assert len(shown) == 48  # the 47 shipped förbund, then the one valid shared area


def test_without_the_age_table_only_kvinnor_and_man_are_shown(tmp_path, monkeypatch):
    write_known_dataset(tmp_path)
    monkeypatch.setenv("HE_DATA_DIR", str(tmp_path))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at = _open(app, "app_pages/target_groups.py", region="2417", year="2024")
    assert "bara kvinnor och män 20–64 år visas" in at.info[0].value
    heatmap = _figures(at)[1]["data"][0]
    assert [y.replace("<br>", " ") for y in heatmap["y"]] == ["Kvinnor 20–64 år", "Män 20–64 år"]
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


def test_the_group_trend_of_a_county_draws_its_kommuner_mean_like_every_other_page(app):
    """One rule for what goes beside an area (metrics.beside): Målgrupper's trend of a
    county draws the mean of its kommuner, as Ersättningssystem and the report do."""
    at = _open(app, "app_pages/target_groups.py", region="24", year="2024")
    trend = _figures(at)[2]
    names = [str(t.get("name")) for t in trend["data"]]
    assert "Medelvärde för kommunerna<br>i Västerbottens län" in names
    assert "Riket" in names
