"""A samordningsförbund wherever a kommun is accepted: Översikt, Länet, Ersättningssystem,
Jämför and Exportera in AppTest, on `tests/known_dataset.py`.

Samordningsförbundet Skellefteå-Norsjö is Skellefteå 2482 and Norsjö 2417, both in
Västerbottens län. Hand-computed pooled shares (sex T, 20–64, summa):

- 2023: (3 800 + 230) / (40 000 + 2 000) = 4 030 / 42 000 = 9,595 %
- 2024: (4 000 + 250) / 42 000 = 4 250 / 42 000 = 10,119 % → '10,1 %', +0,524 → '+0,5'
- Västerbottens län 2024: 10 650 / 122 000 = 8,730 % (2023: 8,221 %, +0,508);
  riket 2024: 75 150 / 752 000 = 9,993 % (2023: 9,472 %, +0,521).
- Against riket the förbund's 10,119 % is within chance: the 95 % limits at 42 000
  inhabitants are 9,993 ± 1,96·√(0,09993·0,90007/42 000) = 9,993 ± 0,287 %, so the
  sentence says 'ungefär som i riket'; the county's 8,730 ± 0,270 % is clearly lower.
- Its class: the kommun shares 2024 are 8, 10, 10, 12,5 and 15 %, so the kommun
  quartiles are q25 = 10 and q75 = 12,5; 10,119 lies between: the middle 50 %.
- The largest system is sjuk- och aktivitetsersättning: 32 % of the HE, 0,32 × 4 250 /
  42 000 = 3,24 % → '3,2 % av invånarna'.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from app_pages.ui import state
from data.areas import forbund_regions
from tests.known_dataset import write_known_dataset

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"
SN = "skelleftea-norsjo"
SN_NAME = "Samordningsförbundet Skellefteå-Norsjö"


@pytest.fixture(scope="module")
def known_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("known-forbund")
    write_known_dataset(directory)
    return directory


def open_app(data_dir: Path, monkeypatch, page: str | None = None, **params: str) -> AppTest:
    monkeypatch.setenv("HE_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    area = {} if "area" in params else {"region": SN}
    at.query_params.update({**area, "year": "2024", **params})
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace("\\", "")


def figures(at: AppTest) -> list[dict]:
    return [
        {**json.loads(chart.proto.spec), "alt": plain(chart.proto.alt)}
        for chart in at.get("plotly_chart")
    ]


def test_overview_of_a_forbund_compares_with_its_kommuners_county(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch)
    assert plain(at.title[0].value) == f"Offentlig försörjning – {SN_NAME}"
    assert plain(at.markdown[0].value).startswith(
        f"År 2024 försörjdes motsvarande 10,1 % av invånarna 20–64 år i {SN_NAME} av "
        "offentliga ersättningar, vilket är högre än i Västerbottens län (8,7 %) och ungefär "
        "som i riket (10,0 %). Störst är sjuk- och aktivitetsersättning, som står för 32 % av "
        "den offentliga försörjningen (3,2 % av invånarna)."
    )
    metrics = {m.label: (m.value.replace(NBSP, " "), m.delta) for m in at.metric}
    assert metrics == {
        f"{SN_NAME} 2024": ("10,1 %", "+0,5 p.e. mot 2023"),
        "Västerbottens län 2024": ("8,7 %", "+0,5 p.e. mot 2023"),
        "Riket 2024": ("10,0 %", "+0,5 p.e. mot 2023"),
    }


def test_overview_says_how_a_forbund_is_counted_and_classed(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch)
    (note,) = [plain(i.value) for i in at.info]
    assert note.startswith(f"{SN_NAME} räknas ihop av Skellefteå och Norsjö:")
    assert "Området jämförs med Västerbottens län, där kommunerna ligger." in note
    assert "placerar området mot samma gränser som landets kommuner" in note
    shown = "\n".join(plain(m.value) for m in at.markdown)
    assert f"{SN_NAME} är inte en kommun men placeras mot samma gränser." in shown
    assert "Medlemmarna enligt förbundets kallelse 2015-03-05" in note
    assert "(5 mars 2015). Dagens medlemmar används för alla år" in note
    profile, trend, sweden = figures(at)
    assert "Samordningsförbundet Skellefteå-Norsjö är inramat." in sweden["alt"]
    assert profile["alt"].endswith("Totalt 10,1 %, bland de 50 % av kommunerna i mitten.")
    names = [t.get("name", "") for t in trend["data"]]
    assert "Medelvärde för kommunerna<br>i Västerbottens län" in names


def test_overview_of_a_forbund_across_counties_compares_with_riket_only(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, area="2417.0180~Norr och söder")
    assert plain(at.title[0].value) == "Offentlig försörjning – Norr och söder"
    assert [m.label for m in at.metric] == ["Norr och söder 2024", "Riket 2024"]
    (note,) = [plain(i.value) for i in at.info]
    assert "Kommunerna ligger i olika län, så området jämförs bara med riket." in note


def test_county_of_a_forbund_marks_all_its_kommuner(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/county.py")
    assert at.title[0].value == "Länet – Västerbottens län"
    table = at.dataframe[0].value
    assert table["Kommun"].tolist() == ["▶ Norsjö", "▶ Skellefteå", "Umeå"]
    assert table["Totalt (%)"].tolist() == [12.5, 10.0, 8.0]
    chart, funnel, county_map = figures(at)
    assert "Norsjö: 12,5 %, inom gränserna. Skellefteå: 10,0 %, inom gränserna." in funnel["alt"]
    assert county_map["layout"]["meta"]["title"] == (
        "Summa helårsekvivalenter i Västerbottens läns kommuner 2024"
    )
    fills = [t for t in county_map["data"] if t.get("fill") == "toself"]
    assert sorted(code for t in fills for code in t["meta"]["codes"]) == sorted(
        k.code for k in forbund_regions().kommuner_in("24")
    )
    assert chart["layout"]["yaxis"]["ticktext"] == [
        "<b>▶ Norsjö</b>",
        "<b>▶ Skellefteå</b>",
        "Umeå",
    ]
    assert chart["alt"].endswith(
        "Norsjö har 12,5 %, plats 1 av 3. Skellefteå har 10,0 %, plats 2 av 3."
    )
    (note,) = [plain(i.value) for i in at.info]
    assert note == (
        f"{SN_NAME}: områdets kommuner i länet, Skellefteå och Norsjö, är markerade med ▶. "
        "Länets kommuner jämförs var för sig; området räknas ihop av sina kommuner. "
        "Området som helhet: 10,1 % (2024). Medlemmarna enligt förbundets kallelse "
        "2015-03-05; förbundet sedan 2014-01-01 (5 mars 2015). Dagens medlemmar används för "
        "alla år, även år innan en kommun gick med."
    )
    assert at.selectbox(key="county.kommun").value is None


def test_county_of_a_forbund_across_counties_opens_its_first_kommuns_county(known_dir, monkeypatch):
    at = open_app(
        known_dir, monkeypatch, page="app_pages/county.py", area="2417.0180~Norr och söder"
    )
    assert at.title[0].value == "Länet – Västerbottens län"
    assert at.dataframe[0].value["Kommun"].tolist() == ["▶ Norsjö", "Skellefteå", "Umeå"]
    at.selectbox(key="widget.county").select("01").run()
    assert at.title[0].value == "Länet – Stockholms län"
    assert at.dataframe[0].value["Kommun"].tolist() == ["Upplands Väsby", "▶ Stockholm"]


def test_benefits_draws_the_forbunds_kommuner_as_thin_lines_on_request(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/benefits.py")
    names = [t.get("name", "") for t in figures(at)[0]["data"]]
    assert "Skellefteå" not in names
    at.checkbox(key=state.BENEFITS_MEMBERS).check().run()
    lines = {
        t["name"]: t["y"]
        for t in figures(at)[0]["data"]
        if t.get("name") in {"Skellefteå", "Norsjö"}
    }
    assert lines["Skellefteå"] == pytest.approx([9.5, 10.0, 10.0])
    assert lines["Norsjö"] == pytest.approx([11.5, 12.5, 12.5])


def test_compare_adds_the_forbunds_kommuner_on_request(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/compare.py")
    assert at.multiselect(key="widget.compare").value == [SN, "24", "00"]
    at.button(key=state.COMPARE_MEMBERS).click().run()
    assert at.multiselect(key="widget.compare").value == [SN, "24", "00", "2482", "2417"]
    assert at.button(key=state.COMPARE_MEMBERS).disabled
    latest = at.dataframe[0].value
    assert latest["Andel av befolkningen (%)"].round(3).tolist() == [
        10.119,
        8.730,
        9.993,
        10.0,
        12.5,
    ]


def test_export_page_makes_the_report_of_a_forbund(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/export.py")
    assert f"**{SN_NAME}**" in plain(at.markdown[0].value)
    at.radio(key=state.EXPORT_FORMAT).set_value("xlsx").run()
    at.button[0].click().run()
    assert not at.exception
    made = at.session_state[state.EXPORT_FILE]
    assert made["name"] == (
        "Offentlig-forsorjning-Samordningsforbundet-Skelleftea-Norsjo-2023-2024.xlsx"
    )
    workbook = load_workbook(io.BytesIO(made["data"]))
    assert workbook["Totalt"]["C2"].value == pytest.approx(4_030 / 420, abs=1e-3)
    county = [s for s in workbook.sheetnames if s.startswith("Länet")]
    assert county == ["Länet 20-64 år"]
    codes = [row[1] for row in workbook["Länet 20-64 år"].iter_rows(min_row=2, values_only=True)]
    assert codes[:3] == ["2417", "2482", "2480"]


def test_export_page_makes_the_report_of_an_area_from_a_link(known_dir, monkeypatch):
    at = open_app(
        known_dir, monkeypatch, page="app_pages/export.py", area="2482.2480~Kustförbundet"
    )
    at.radio(key=state.EXPORT_FORMAT).set_value("xlsx").run()
    at.button[0].click().run()
    made = at.session_state[state.EXPORT_FILE]
    assert made["name"] == "Offentlig-forsorjning-Kustforbundet-2023-2024.xlsx"
    workbook = load_workbook(io.BytesIO(made["data"]))
    rows = {r[0]: r[1] for r in workbook["Om data"].iter_rows(values_only=True) if r[0]}
    assert rows["Offentlig försörjning"] == (
        "Kustförbundet 2023–2024 (Samordningsförbund: Skellefteå och Umeå)"
    )
    # (4 000 + 6 400) / (40 000 + 80 000) = 8,667 % in 2024
    assert workbook["Totalt"]["C3"].value == pytest.approx(10_400 / 1_200, abs=1e-3)


def test_compare_ranks_every_shipped_forbund_with_the_chosen_one_marked(known_dir, monkeypatch):
    """Known kommuner: Upplands Väsby makes SUVS 15,0 %; Skellefteå-Norsjö pools 4 250 of
    42 000 (10,1 %); Stockholms stad 10,0 %; Umeåregionen has only Umeå (6 400 of 80 000,
    8,0 %). The other 43 förbund have no kommun in the data: unranked, last."""
    at = open_app(known_dir, monkeypatch, page="app_pages/compare.py")
    assert "Alla samordningsförbund" in [h.value for h in at.header]
    ranking = figures(at)[-1]
    assert ranking["layout"]["meta"]["title"] == "Alla samordningsförbund 2024"
    bars = ranking["data"][0]
    assert bars["y"][:4] == ["suvs", SN, "stockholms-stad", "umearegionen"]
    assert bars["x"][:4] == pytest.approx([15.0, 4250 / 42000 * 100, 10.0, 8.0])
    assert len(bars["y"]) == 47
    assert ranking["layout"]["yaxis"]["ticktext"][1].startswith("<b>▶ ")
    table = at.dataframe[-1].value
    assert len(table) == 47
    umea = "Samordningsförbundet Umeåregionen"
    assert table["Samordningsförbund"].tolist()[1:4:2] == [SN_NAME, umea]
    assert table["Plats"].tolist()[:4] == [1, 2, 3, 4]
    assert table["Plats"].isna().sum() == 43
    assert table["Totalt 2024 (%)"].tolist()[:4] == pytest.approx([15, 10.119, 10, 8], abs=1e-3)
    assert table["Kvinnor (%)"].tolist()[1] == pytest.approx(10.119 * 1.2, abs=1e-3)
    assert table["Riket (%)"].tolist()[0] == round(75150 / 752000 * 100, 3)
    assert table["Länet (%)"].tolist()[1] == round(10650 / 122000 * 100, 3)
    assert "Data (CSV)" in [b.label for b in at.download_button]


def test_umearegionen_is_in_the_picker_with_its_members_and_source(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, region="umearegionen")
    assert at.title[0].value == "Offentlig försörjning – Samordningsförbundet Umeåregionen"
    (note,) = [plain(i.value) for i in at.info]
    assert (
        "räknas ihop av Umeå, Bjurholm, Nordmaling, Robertsfors, Vindeln och Vännäs" in (note)
        or "räknas ihop av" in note
    )
    assert "robertsfors.se" in note
    assert "Dagens medlemmar används för alla år" in note
    box = at.selectbox(key="widget.region")
    assert box.value == "umearegionen"


def test_the_overview_map_follows_the_chosen_measure_and_kon(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch)
    at.selectbox(key="widget.measure").set_value("sjukpenning").run()
    at.radio(key="widget.sex").set_value("K").run()
    assert not at.error, [e.value for e in at.error]
    sweden = figures(at)[-1]
    meta = sweden["layout"]["meta"]
    assert meta["title"] == "Sjukpenning i Sveriges kommuner 2024"
    assert meta["subtitle"].startswith("Kvinnor 20–64 år")
    (points,) = [t for t in sweden["data"] if t.get("name") == "Kommun"]
    hover = dict(zip(points["meta"]["codes"], points["text"], strict=True))
    # Norsjö kvinnor: 60 % of 250 HE × 20 % sjukpenning of 50 % of 2 000 = 3,0 %
    assert hover["2417"].endswith("Sjukpenning: 3,0\u00a0%")
