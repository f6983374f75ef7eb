"""The numbers behind a report as one workbook: "Om data" first, a sheet per chart with
Swedish headers and number formats. Expected numbers: `tests/known_dataset.py`."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from data.provenance import Provenance
from data.regions import load_regions
from exports.report import ReportOptions, plan_report
from exports.workbook import report_workbook
from metrics.model import build_model
from tests.factories import SYNTHETIC
from tests.known_dataset import known_frame


@pytest.fixture(scope="module")
def report():
    model = build_model(known_frame(), load_regions())
    return plan_report(model, SYNTHETIC, ReportOptions("2417", 2023, 2024), date(2026, 6, 8))


@pytest.fixture(scope="module")
def workbook(report):
    return load_workbook(io.BytesIO(report_workbook(report)))


def test_one_sheet_per_chart_after_om_data(report, workbook):
    assert workbook.sheetnames[0] == "Om data"
    assert workbook.active.title == "Om data"
    assert workbook.sheetnames[1:4] == ["Profil 2024", "Totalt", "Totalt K-M"]
    assert workbook.sheetnames[-3:] == ["Länet 20-64 år", "Karta 2024", "Tratt Totalt 2024"]
    assert len(workbook.sheetnames) == len(report.charts) + 1 == 20


def test_om_data_has_provenance_definitions_and_a_list_of_sheets(workbook):
    rows = {row[0]: row[1] for row in workbook["Om data"].iter_rows(values_only=True) if row[0]}
    assert rows["Offentlig försörjning"] == "Norsjö 2023–2024 (Kommun i Västerbottens län)"
    assert rows["Obs!"].startswith("Exempeldata – inte SCB:s siffror")
    assert rows["Generatorversion (exempeldata)"] == "test"
    assert rows["Totalt"] == "Summa helårsekvivalenter – Norsjö"
    assert rows["Länet 20-64 år"].startswith("Ersättningssystemens användning")
    texts = [row[1] for row in workbook["Om data"].iter_rows(values_only=True) if row[1]]
    assert any(t.startswith("En helårsekvivalent är") for t in texts)


def test_a_trend_sheet_has_swedish_headers_values_formats_and_notes(report, workbook):
    sheet = workbook["Totalt"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == [
        "Period",
        "Kön",
        "Andel av befolkningen (%)",
        "Jämfört med landets kommuner",
        "Helårsekvivalenter",
        "Folkmängd",
    ]
    assert [c.value for c in sheet[3]][:6] == ["2024", "Totalt", 12.5, "Högsta 25 %", 250.0, 2000]
    formats = {header[i]: cell.number_format for i, cell in enumerate(sheet[3])}
    assert formats["Andel av befolkningen (%)"] == "0.0"
    assert formats["Riket (%)"] == "0.0"
    assert formats["Helårsekvivalenter"] == "#,##0.0"
    assert formats["Folkmängd"] == "#,##0"
    notes = [row[0] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]]
    trend = report.slides[2]
    assert notes == [trend.title, trend.reading, trend.scope.source]


def test_county_sheet_is_sorted_like_the_chart(workbook):
    sheet = workbook["Länet 20-64 år"]
    names = [row[0] for row in sheet.iter_rows(min_row=2, max_row=4, values_only=True)]
    assert names == ["Norsjö", "Skellefteå", "Umeå"]


def test_om_data_names_scb_stamp_and_fetch_in_swedish():
    """The report carries the dataset's Provenance (not its raw metadata): SCB's stamp
    and the fetch as Swedish dates."""
    scb = Provenance.from_metadata(
        {"source": "scb", "updated": "2026-02-20T07:00:00Z", "fetched_at": "2026-02-21T06:30:00Z"}
    )
    model = build_model(known_frame(), load_regions())
    report = plan_report(model, scb, ReportOptions("2417", 2023, 2024), date(2026, 6, 8))
    assert report.provenance is scb and not report.is_synthetic
    sheet = load_workbook(io.BytesIO(report_workbook(report)))["Om data"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["SCB uppdaterade tabellen"] == "20 februari 2026"
    assert rows["Hämtad"] == "21 februari 2026 kl. 07.30"
    assert rows["Källa"] == "Källa: SCB, helårsekvivalenter (TAB1386). Bearbetning: egen."
    assert "Obs!" not in rows and "Generatorversion (exempeldata)" not in rows
