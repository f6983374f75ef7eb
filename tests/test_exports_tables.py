"""Downloads: the tables behind charts, CSV for Swedish Excel, workbooks, file names."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from data.regions import load_regions
from exports.files import csv_bytes, safe_filename, sheet_name, xlsx_bytes
from exports.tables import (
    SHARE_HEADERS,
    county_download,
    distribution_download,
    profile_download,
    trend_download,
)
from metrics.model import build_model
from tests.known_dataset import known_frame


@pytest.fixture(scope="module")
def model():
    return build_model(known_frame(), load_regions())


def test_trend_download_has_swedish_headers_and_hand_computed_values(model):
    table = trend_download(model.trend("2417"))
    rows = table.set_index("Period")
    assert rows.loc["2024", "Andel av befolkningen (%)"] == 12.5
    assert rows.loc["2023", "Riket (%)"] == round(71_230 / 752_000 * 100, 3)
    assert rows.loc["2024", "Medelvärde för länets kommuner (%)"] == round((12.5 + 10 + 8) / 3, 3)
    assert rows.loc["2024", "Lägsta kommun (%)"] == 8.0
    assert rows.loc["2024", "Högsta kommun (%)"] == 15.0
    assert rows.loc["2024", "Folkmängd"] == 2000
    assert rows.loc["2025", "Anmärkning"] == "Ofullständigt år: 6 av 12 månader"
    assert rows.loc["2024", "Kön"] == "Totalt"


def test_profile_download_lists_systems_in_report_order(model):
    table = profile_download(model.profile("2417", [2024], sexes=("T",)))
    assert table["Ersättningssystem"].tolist()[:3] == [
        "Summa helårsekvivalenter",
        "Sjukpenning",
        "Sjuk- och aktivitetsersättning",
    ]
    sjukpenning = table.set_index("Ersättningssystem").loc["Sjukpenning"]
    assert sjukpenning["Andel av befolkningen (%)"] == 2.5
    assert sjukpenning["Helårsekvivalenter"] == 50.0


def test_county_download_is_one_row_per_kommun_sorted_by_total(model):
    table = county_download(model.county_kommuner("24", 2024))
    assert table["Kommun"].tolist() == ["Norsjö", "Skellefteå", "Umeå"]
    assert table["Summa helårsekvivalenter (%)"].tolist() == [12.5, 10.0, 8.0]
    assert table.loc[0, "Ekonomiskt bistånd (%)"] == 2.0
    assert table["Folkmängd"].tolist() == [2000, 40000, 80000]


def test_distribution_download_sums_to_hundred_per_sex(model):
    table = distribution_download(model.distribution("2417", 2024))
    sums = table.groupby("Kön")["Andel av summan (%)"].sum()
    assert sums.round(6).to_dict() == {"Kvinnor": 100.0, "Män": 100.0}


def test_csv_opens_in_swedish_excel():
    table = pd.DataFrame({"Kommun": ["Norsjö"], "Andel (%)": [12.5], "Folkmängd": [2000]})
    data = csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text == "Kommun;Andel (%);Folkmängd\r\nNorsjö;12,5;2000\r\n"


def test_workbook_has_sheets_formats_and_notes():
    table = pd.DataFrame(
        {"Kommun": ["Norsjö"], "Riket (%)": [10.25], "Folkmängd": [2000], "HE": [1234.5]}
    )
    data = xlsx_bytes({"Länet: 2024/25": table}, SHARE_HEADERS, {"Länet: 2024/25": ["Källa: X"]})
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[workbook.sheetnames[0]]
    assert workbook.sheetnames == ["Länet- 2024-25"]
    assert [c.value for c in sheet[1]] == ["Kommun", "Riket (%)", "Folkmängd", "HE"]
    assert sheet["B2"].value == 10.25
    assert sheet["B2"].number_format == "0.0"
    assert sheet["C2"].number_format == "#,##0"
    assert sheet["D2"].number_format == "#,##0.0"
    assert sheet["A4"].value == "Källa: X"
    assert sheet.freeze_panes == "A2"


def test_sheet_names_are_unique_and_short():
    taken = ["A" * 31]
    assert sheet_name("A" * 40, taken) == "A" * 27 + " (2)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Skellefteå-Norsjö 2024", "Skelleftea-Norsjo-2024.csv"),
        ("Offentlig försörjning Norsjö 2014–2018", "Offentlig-forsorjning-Norsjo-2014-2018.csv"),
        ("../../etc/passwd", "etc-passwd.csv"),
        ("<script>", "script.csv"),
        ("....", "export.csv"),
        ("x" * 300, "x" * 80 + ".csv"),
    ],
)
def test_file_names_from_user_text_are_safe(text, expected):
    assert safe_filename(text, "csv") == expected
