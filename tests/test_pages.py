"""Every page and selector in AppTest, on datasets with hand-computed answers.

`tests/known_dataset.py` (five kommuner, 2023–2025 with 2025 January–June) for the
numbers; `tests/factories.two_counties` where an age band (20–29) is needed.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from app_pages.ui import chart as chart_glue
from app_pages.ui.chart import ChartView
from charts.theme import HEIGHT, WIDTH, source_text
from data.regions import load_regions
from exports.figures import slide_figure
from exports.report import make_scope, trend_slide
from metrics.model import build_model
from tests.factories import SYNTHETIC, two_counties, write
from tests.known_dataset import known_frame, write_known_dataset

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def known_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("known-pages")
    write_known_dataset(directory)
    return directory


@pytest.fixture(scope="module")
def ages_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("ages-pages")
    write(two_counties(), directory)
    return directory


def open_app(data_dir: Path, monkeypatch, page: str | None = None, **params: str) -> AppTest:
    monkeypatch.setenv("HE_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(params)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace("\\", "")


def markdown(at: AppTest) -> str:
    return "\n".join(plain(m.value) for m in at.markdown)


def figures(at: AppTest) -> list[dict]:
    """Title, subtitle and text alternative of every chart, in page order."""
    shown = []
    for chart in at.get("plotly_chart"):
        layout = json.loads(chart.proto.spec)["layout"]
        shown.append(
            {
                # on a page titles wrap at a phone's width (charts.theme.for_screen)
                "title": plain(layout["title"]["text"]).replace("<br>", " "),
                "subtitle": plain(layout["title"]["subtitle"]["text"]).replace("<br>", " "),
                "title_lines": layout["title"]["text"].split("<br>"),
                "alt": plain(chart.proto.alt),
                "config": json.loads(chart.proto.config),
            }
        )
    return shown


def display_values(element) -> pd.DataFrame:
    """What a styled st.dataframe shows in its cells (the Styler's display strings)."""
    data = element.proto.arrow_data.styler.display_values
    table = pa.ipc.open_stream(data).read_all().to_pandas()
    return table.map(lambda v: plain(str(v)))


# Översikt -----------------------------------------------------------------------------


def test_overview_summarises_norsjo_in_three_sentences(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch)
    assert at.title[0].value == "Offentlig försörjning – Norsjö"
    assert plain(at.markdown[0].value) == (
        "År 2024 försörjdes motsvarande 12,5 % av invånarna 20–64 år i Norsjö av offentliga "
        "ersättningar, vilket är högre än i Västerbottens län (8,7 %) och högre än i riket "
        "(10,0 %). Störst är sjuk- och aktivitetsersättning, som står för 32 % av den "
        "offentliga försörjningen (4,0 % av invånarna). Den tydligaste förändringen sedan "
        "2023 gäller sjuk- och aktivitetsersättning, som har ökat från 3,7 % till 4,0 % av "
        "invånarna."
    )


def test_overview_shows_profile_and_total_trend_with_text_and_downloads(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch)
    profile, trend, sweden = figures(at)
    assert sweden["title"] == "Summa helårsekvivalenter i Sveriges kommuner 2024"
    assert sweden["alt"].startswith("Karta över Sveriges 290 kommuner 2024")
    assert profile["title"] == "Försörjningsprofil 2024 – Norsjö"
    assert profile["title_lines"] == ["Försörjningsprofil 2024 –", "Norsjö"]
    assert profile["alt"].endswith("Totalt 12,5 %, bland de 25 % av kommunerna med högst andel.")
    assert trend["title"] == "Summa helårsekvivalenter – Norsjö"
    assert trend["subtitle"] == "Andel av befolkningen 20–64 år, 2023–2025"
    assert [e.label for e in at.expander] == ["Diagrammet i text"] * 3
    assert "Senaste värde 12,5 % (2025)" in markdown(at)
    assert [b.label for b in at.download_button] == [
        "Data (CSV)",
        "Data (Excel)",
        "Bild (PNG)",
        "Bild (SVG)",
    ] * 3
    # plotly's camera saved the screen's drawing (a phone's): the buttons save the report's
    assert all(c["config"]["modeBarButtonsToRemove"] == ["toImage"] for c in figures(at))
    assert not at.sidebar.radio


@pytest.mark.slow
def test_a_charts_image_has_the_reports_layout_whatever_the_screen(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch)
    assert not any(b.proto.disabled for b in at.download_button)
    model = build_model(known_frame(), load_regions())
    scope = make_scope(model, "2417", 2023, 2024, source_text(SYNTHETIC))
    view = ChartView(slide_figure(trend_slide(model, scope)), pd.DataFrame)
    png, svg = view.image("png"), view.image("svg")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (2 * WIDTH, 2 * HEIGHT)
    text = svg.decode("utf-8")
    assert re.match(rf'<svg[^>]* width="{WIDTH}" height="{HEIGHT}"', text)
    # the report's title on one line, the legend to the right of the plot
    assert "Summa helårsekvivalenter – Norsjö" in text
    legend_x = float(re.search(r'class="legend"[^>]*translate\(([\d.]+)', text).group(1))
    assert legend_x > WIDTH / 2


def test_without_a_browser_the_image_buttons_say_why_in_swedish(known_dir, monkeypatch):
    monkeypatch.setattr(chart_glue, "has_browser", lambda: False)
    chart_glue._browser_ready.cache_clear()
    try:
        at = open_app(known_dir, monkeypatch)
        images = [b for b in at.download_button if b.label.startswith("Bild")]
        assert len(images) == 6 and all(b.proto.disabled for b in images)
        assert images[0].proto.help == chart_glue.NO_BROWSER
    finally:
        chart_glue._browser_ready.cache_clear()


def test_overview_follows_the_year_and_area(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch)
    at.selectbox(key="widget.year").select(2023).run()
    assert figures(at)[0]["title"] == "Försörjningsprofil 2023 – Norsjö"
    assert "År 2023 försörjdes motsvarande 11,5 %" in markdown(at)
    assert "Den tydligaste förändringen" not in markdown(at)  # no earlier year in the data
    at.selectbox(key="widget.region").select("0180").run()
    assert figures(at)[0]["title"] == "Försörjningsprofil 2023 – Stockholm"
    assert [m.label for m in at.metric] == ["Stockholm 2023", "Stockholms län 2023", "Riket 2023"]


def test_overview_of_a_partial_year_says_so_in_the_profile(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, year="2025")
    assert figures(at)[0]["title"] == (
        "Försörjningsprofil 2025 (ofullständigt år, 6 av 12 månader) – Norsjö"
    )
    assert at.caption[0].value == (
        "2025 (jan–jun, preliminärt): året är inte komplett i data, så värdena är "
        "medelvärden av de månader som finns."
    )
    # 2025 repeats 2024: the change shows without arrow or colour
    norsjo = at.metric[0].proto
    assert plain(norsjo.delta) == "0,0 p.e. mot 2024"
    assert (norsjo.direction, norsjo.color) == (norsjo.NONE, norsjo.GRAY)
    growing = open_app(known_dir, monkeypatch).metric[0].proto
    assert (growing.direction, growing.color) == (growing.UP, growing.RED)


# Ersättningssystem --------------------------------------------------------------------


def test_benefits_shows_one_system_with_its_own_reading_example(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/benefits.py")
    assert at.title[0].value == "Ersättnings\u00adsystem – Norsjö"
    at.selectbox(key="widget.measure").select("sjukpenning").run()
    assert [h.value for h in at.header] == ["Sjukpenning", "Fördelning på ersättningssystem 2024"]
    text = markdown(at)
    assert (
        "Diagrammet visar antalet helårsekvivalenter för sjukpenning i förhållande till "
        "folkmängden 20–64 år i Norsjö. Läsexempel: Ett värde på 2 % betyder att "
        "utbetalningarna av sjukpenning motsvarar" in text
    )
    # kvinnor: 60 % of the HE, 50 % of the population: 2,5 × 1,2 = 3,0 %
    assert "Ett värde på 3 % betyder att utbetalningarna av sjukpenning" in text
    assert "3 % av kvinnorna 20–64 år" in text
    assert [f["title"] for f in figures(at)] == [
        "Sjukpenning – Norsjö",
        "Sjukpenning för kvinnor och män – Norsjö",
        "Fördelning på ersättningssystem 2024 – Norsjö",
    ]
    assert at.query_params["measure"] == "sjukpenning"


def test_benefits_can_show_every_system_as_the_report_does(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/benefits.py")
    at.radio(key="widget.systems").set_value("all").run()
    assert [h.value for h in at.header][:3] == [
        "Summa helårsekvivalenter",
        "Sjukpenning",
        "Sjuk- och aktivitetsersättning",
    ]
    assert len(at.header) == 8
    assert len(figures(at)) == 7 * 2 + 1
    assert "Ett värde på 2 % betyder att deltagarna i arbetsmarknadspolitiska program" in (
        markdown(at)
    )
    assert at.query_params["systems"] == "all"


def test_benefits_by_month_and_rolling_twelve_months(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/benefits.py")
    at.radio(key="widget.freq").set_value("month").run()
    trend = figures(at)[0]
    assert trend["subtitle"] == "Andel av befolkningen 20–64 år, januari 2023 – juni 2025"
    assert "Senaste värde 12,5 % (juni 2025)" in trend["alt"]
    at.radio(key="widget.freq").set_value("rolling12").run()
    assert figures(at)[0]["subtitle"] == (
        "Andel av befolkningen 20–64 år, rullande 12 månader, januari 2023 – juni 2025"
    )
    assert at.query_params["freq"] == "rolling12"


def test_benefits_for_an_age_band_has_no_gender_chart(ages_dir, monkeypatch):
    at = open_app(ages_dir, monkeypatch, page="app_pages/benefits.py")
    assert at.selectbox(key="widget.age").options == ["20–64 år", "20–29 år"]
    at.selectbox(key="widget.age").select("20-29").run()
    assert [f["title"] for f in figures(at)] == [
        "Summa helårsekvivalenter – Norsjö",
        "Fördelning på ersättningssystem 2018 – Norsjö",
    ]
    assert figures(at)[0]["subtitle"].startswith("Andel av befolkningen 20–29 år")
    # Norsjö 20–29: 20 HE of 200 = 10 %
    assert "Senaste värde 10,0 %" in figures(at)[0]["alt"]
    assert "Uppdelning på kvinnor och män finns bara för hela åldersgruppen" in at.info[0].value
    assert at.query_params["age"] == "20-29"


# Länet --------------------------------------------------------------------------------


def test_county_shows_the_kommuner_sorted_with_the_chosen_one_marked(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/county.py")
    assert at.title[0].value == "Länet – Västerbottens län"
    chart = figures(at)[0]
    assert chart["title"] == "Ersättningssystemens användning i Västerbottens läns kommuner 2024"
    assert chart["alt"].endswith("Norsjö har 12,5 %, plats 1 av 3.")
    table = at.dataframe[0].value
    assert table["Kommun"].tolist() == ["▶ Norsjö", "Skellefteå", "Umeå"]
    assert table["Totalt (%)"].tolist() == [12.5, 10.0, 8.0]
    shown = display_values(at.dataframe[0])
    assert shown.iloc[0, :4].tolist() == ["1", "▶ Norsjö", "12,5 %", "▲ Högsta 25 %"]
    assert shown.iloc[2, 2] == "8,0 %"
    assert shown["Folkmängd 20–64 år"].tolist() == ["2 000", "40 000", "80 000"]
    # on a phone the table scrolls sideways past its place and name, which stay in view
    columns = json.loads(at.dataframe[0].proto.columns)
    assert [h for h, config in columns.items() if config.get("pinned")] == [
        "Plats i länet",
        "Kommun",
    ]
    assert at.selectbox(key="county.kommun").value == "2417"


def test_county_kommun_picker_moves_the_whole_app(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/county.py")
    at.selectbox(key="county.kommun").select("2482").run()
    assert at.selectbox(key="widget.region").value == "2482"
    assert at.query_params["region"] == "2482"
    assert at.dataframe[0].value["Kommun"].tolist() == ["Norsjö", "▶ Skellefteå", "Umeå"]
    at.switch_page("app_pages/overview.py").run()
    assert at.title[0].value == "Offentlig försörjning – Skellefteå"


def test_county_of_a_county_marks_no_kommun(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/county.py", region="01")
    assert at.title[0].value == "Länet – Stockholms län"
    assert at.dataframe[0].value["Kommun"].tolist() == ["Upplands Väsby", "Stockholm"]
    assert at.selectbox(key="county.kommun").value is None


def test_county_for_riket_lets_the_user_pick_a_county(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/county.py", region="00")
    assert at.title[0].value == "Länet – Stockholms län"
    at.selectbox(key="widget.county").select("24").run()
    assert at.title[0].value == "Länet – Västerbottens län"
    assert at.query_params["county"] == "24"
    assert "Medel" not in figures(at)[0]["alt"]


def test_county_link_with_a_county_parameter_opens_that_county(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/county.py", region="00", county="24")
    assert at.title[0].value == "Länet – Västerbottens län"


def test_county_for_ages_20_to_29(ages_dir, monkeypatch):
    at = open_app(ages_dir, monkeypatch, page="app_pages/county.py")
    at.selectbox(key="widget.age").select("20-29").run()
    chart = figures(at)[0]
    assert chart["subtitle"].startswith("Andel av befolkningen 20–29 år per ersättningssystem")
    table = at.dataframe[0].value
    assert table["Kommun"].tolist() == ["▶ Norsjö", "Malå"]
    assert table["Totalt (%)"].tolist() == [10.0, 1.0]
    assert "Andelarna gäller åldersgruppen 20–29 år." in markdown(at)


# Jämför -------------------------------------------------------------------------------


def test_compare_starts_with_the_area_its_county_and_riket(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/compare.py")
    assert at.multiselect(key="widget.compare").value == ["2417", "24", "00"]
    chart = figures(at)[0]
    assert chart["title"] == "Summa helårsekvivalenter – Norsjö, Västerbottens län och riket"
    assert chart["alt"].endswith(
        "Senaste värden: Norsjö 12,5 % (2025); Västerbottens län 8,7 % (2025); Riket 10,0 % (2025)."
    )
    latest = display_values(at.dataframe[0])
    assert latest["Område"].tolist() == ["Norsjö", "Västerbottens län", "Riket"]
    assert latest["Andel av befolkningen (%)"].tolist() == ["12,5 %", "8,7 %", "10,0 %"]
    assert "compare" not in at.query_params


def test_compare_areas_measure_sex_and_period(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/compare.py")
    at.multiselect(key="widget.compare").select("0180").run()
    assert at.query_params["compare"] == "2417,24,00,0180"
    assert figures(at)[0]["title"] == "Summa helårsekvivalenter – 4 områden"
    at.selectbox(key="widget.measure").select("ekonomiskt_bistand").run()
    at.radio(key="widget.sex").set_value("K").run()
    chart = figures(at)[0]
    assert chart["title"] == "Ekonomiskt bistånd – 4 områden"
    assert chart["subtitle"] == "Andel av kvinnorna 20–64 år, 2023–2025"
    # Stockholm kvinnor 2025: 60 000 × 0,16 × 0,6 HE of 300 000 = 1,92 %
    assert "Stockholm 1,9 % (2025)" in chart["alt"]
    at.radio(key="widget.freq").set_value("month").run()
    assert figures(at)[0]["subtitle"] == "Andel av kvinnorna 20–64 år, januari 2023 – juni 2025"
    assert at.query_params["sex"] == "K"


def test_compare_link_restores_the_chosen_areas(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/compare.py", compare="0114,Stockholm")
    assert at.multiselect(key="widget.compare").value == ["0114", "0180"]
    assert figures(at)[0]["title"] == "Summa helårsekvivalenter – Upplands Väsby och Stockholm"


def test_compare_age_band_turns_off_kon(ages_dir, monkeypatch):
    at = open_app(ages_dir, monkeypatch, page="app_pages/compare.py")
    at.radio(key="widget.sex").set_value("M").run()
    at.selectbox(key="widget.age").select("20-29").run()
    assert at.radio(key="widget.sex").value == "T"
    assert at.radio(key="widget.sex").disabled
    assert figures(at)[0]["subtitle"] == "Andel av befolkningen 20–29 år, 2018–2019"


def test_selections_persist_across_pages(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/benefits.py")
    at.radio(key="widget.freq").set_value("month").run()
    at.selectbox(key="widget.measure").select("sjukpenning").run()
    at.switch_page("app_pages/compare.py").run()
    assert at.radio(key="widget.freq").value == "month"
    assert at.selectbox(key="widget.measure").value == "sjukpenning"
    at.switch_page("app_pages/about.py").run()
    assert at.query_params == {
        "region": "2417",
        "year": "2024",
        "measure": "sjukpenning",
        "freq": "month",
    }


def test_bad_page_parameters_fall_back_with_notes(known_dir, monkeypatch):
    at = open_app(
        known_dir, monkeypatch, compare="9999,2417", freq="weekly", age="99-99", county="x"
    )
    notes = "\n".join(plain(n.value) for n in at.info)
    assert "Jämförelseområdet ”9999” finns inte" in notes
    assert "Perioden ”weekly” finns inte" in notes
    assert "Åldersgruppen ”99-99” finns inte" in notes
    assert "Länet ”x” finns inte" in notes
    at.switch_page("app_pages/compare.py").run()
    assert at.multiselect(key="widget.compare").value == ["2417"]
    assert at.query_params == {"region": "2417", "year": "2024", "compare": "2417"}


# Om data ------------------------------------------------------------------------------


def test_about_explains_county_figures_classes_and_footnotes(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/about.py")
    text = " ".join(markdown(at).replace("**", "").split())
    for expected in (
        "Två olika siffror för länet",
        "Medelvärdet för länets kommuner",
        "räknas en kommun med just det värdet till de lägsta 25 %",
        "kvinnor med kvinnor i landets kommuner",
        "ersätts med kommunens senast rapporterade värde",
        "och märks som uppskattad",
        "Datafilen behåller SCB:s nolla.",
        "I den här datamängden gäller det 2025.",
        "Summa är summan av de system som har ett värde.",
        "† Uppskattat: ekonomiskt bistånd saknas",
        "- * Ofullständig period",
    ):
        assert expected in text, expected
    facts = at.table[0].value
    facts = dict(zip(facts.index, facts.iloc[:, 0], strict=True))
    assert facts["Senaste månad"] == "juni 2025"
    assert facts["Preliminära uppgifter"] == "2025"
