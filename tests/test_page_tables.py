"""Tables on the pages (Swedish display values over numbers that still sort as numbers)
and the files behind every chart."""

from __future__ import annotations

from functools import partial
from io import BytesIO

import pandas as pd
import pytest
from openpyxl import load_workbook

from app_pages.ui.chart import ChartView
from app_pages.ui.tables import county_rows, latest_rows, naming_columns, number_format, styled
from charts.trend import trend_chart
from data.regions import load_regions
from exports.tables import compare_download, county_download, trend_download
from metrics.model import build_model
from metrics.views import compare_table
from tests.known_dataset import known_frame

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def model():
    return build_model(known_frame(), load_regions())


def shown(styler) -> list[list[str]]:
    """The display strings of a Styler, row by row."""
    body = styler._translate(False, False)["body"]
    return [[cell["display_value"].replace(NBSP, " ") for cell in row[1:]] for row in body]


def test_county_rows_rank_mark_and_classify_the_kommuner(model):
    rows = county_rows(county_download(model.county_kommuner("24", 2024)), highlight=("2417",))
    assert list(rows.columns[:4]) == [
        "Plats i länet",
        "Kommun",
        "Totalt (%)",
        "Jämfört med landets kommuner",
    ]
    assert rows["Plats i länet"].tolist() == [1, 2, 3]
    assert rows["Kommun"].tolist() == ["▶ Norsjö", "Skellefteå", "Umeå"]
    assert rows["Totalt (%)"].tolist() == [12.5, 10.0, 8.0]
    # 2024, five kommuner: q25 = 10,0 and q75 = 12,5
    assert rows["Jämfört med landets kommuner"].tolist() == [
        "▲ Högsta 25 %",
        "▼ Lägsta 25 %",
        "▼ Lägsta 25 %",
    ]
    assert rows["Sjukpenning (%)"].tolist() == [2.5, 2.0, 1.6]
    assert rows["Folkmängd 20–64 år"].tolist() == [2000, 40000, 80000]


def test_styled_table_shows_swedish_formats_and_keeps_numbers(model):
    rows = county_rows(county_download(model.county_kommuner("24", 2024)), highlight=("2417",))
    styler = styled(rows, rows["Kommun"].str.startswith("▶"))
    first, second = shown(styler)[:2]
    assert first[:4] == ["1", "▶ Norsjö", "12,5 %", "▲ Högsta 25 %"]
    assert second[-2] == "40 000"
    assert styler.data["Totalt (%)"].dtype == "float64"
    css = styler._compute().ctx
    assert ("font-weight", "bold") in css[(0, 1)]
    assert (1, 1) not in css


def test_missing_values_show_as_a_dash():
    table = pd.DataFrame(
        {"Kommun": ["A", "B"], "Andel (%)": [1.26, None], "Folkmängd": pd.array([None, 5], "Int64")}
    )
    assert shown(styled(table)) == [["A", "1,3 %", "–"], ["B", "–", "5"]]


def test_latest_rows_take_each_areas_last_share_with_its_notes(model):
    download = compare_download(compare_table(model.tables("year"), model.regions, ["2417", "00"]))
    rows = latest_rows(download)
    assert rows["Område"].tolist() == ["Norsjö", "Riket"]
    assert rows["Senaste period"].tolist() == ["2025", "2025"]
    assert rows["Andel av befolkningen (%)"].tolist() == [12.5, round(75_150 / 752_000 * 100, 3)]
    assert rows["Jämfört med landets kommuner"].tolist()[0] == "▲ Högsta 25 %"
    assert rows["Anmärkning"].tolist()[0] == "Ofullständigt år: 6 av 12 månader"


def test_compare_download_has_one_row_per_area_and_period(model):
    download = compare_download(
        compare_table(model.tables("month"), model.regions, ["2417", "24"]), "month"
    )
    assert len(download) == 2 * 30
    first = download.iloc[0]
    assert (first["Område"], first["Områdeskod"], first["Period"]) == (
        "Norsjö",
        "2417",
        "januari 2023",
    )
    assert first["Andel av befolkningen (%)"] == 11.5
    assert first["Helårsekvivalenter"] == 230.0
    assert first["Folkmängd"] == 2000


def test_chart_view_files_carry_the_table_title_notes_and_source(model):
    trend = model.trend("2417")
    view = ChartView(trend_chart(trend, area_name="Norsjö"), partial(trend_download, trend))
    assert view.filename("csv") == "Summa-helarsekvivalenter-Norsjo.csv"
    assert view.csv().startswith(b"\xef\xbb\xbf")
    assert "2024;Totalt;12,5;" in view.csv().decode("utf-8-sig")
    sheet = load_workbook(BytesIO(view.xlsx()))["Data"]
    values = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert values[1:4] == ["2023", "2024", "2025"]
    assert "Summa helårsekvivalenter – Norsjö" in values
    assert "* Ofullständig period: medelvärde av de månader som finns." in values
    assert any(str(v).startswith("Källa: SCB") for v in values)


def test_tables_on_pages_show_swedish_numbers_whatever_the_browser():
    table = pd.DataFrame(
        {
            "Andel av befolkningen (%)": [12.345],
            "Folkmängd": [1234.4],
            "Rang": [3],
            "Helårsekvivalenter": [1234.56],
            "Osäker": [True],
            "Kommun": ["Norsjö"],
        }
    )
    shown = {h: number_format(h, table[h]) for h in table.columns}
    assert shown["Andel av befolkningen (%)"](12.345) == "12,3\u00a0%"
    assert shown["Folkmängd"](1234.4) == "1\u00a0234"
    assert shown["Rang"](3) == "3"
    assert shown["Helårsekvivalenter"](1234.56) == "1\u00a0234,6"
    assert shown["Osäker"] is None and shown["Kommun"] is None


def test_a_tables_rank_and_short_name_are_pinned_and_long_names_are_not() -> None:
    kommuner = pd.DataFrame({"Plats": [1, 2], "Kommun": ["Norsjö", "Upplands Väsby"], "x": [1, 2]})
    assert naming_columns(kommuner) == ["Plats", "Kommun"]
    # a pinned column never scrolls: a förbund's long name would hide the other columns
    forbund = kommuner.assign(Kommun=["Samordningsförbundet Huddinge, Botkyrka och Salem", "A"])
    assert naming_columns(forbund) == []
    assert naming_columns(pd.DataFrame({"a": [1.0], "b": [2]})) == []
