"""Målgrupper tables for people, and the parts a report takes."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from data.areas import forbund_regions
from exports.files import csv_bytes, xlsx_bytes
from exports.readings import matrix_reading, needs_reading
from exports.targets import (
    comparables_download,
    decomposition_download,
    matrix_download,
    ranking_download,
    target_report,
)
from metrics.model import Model, build_model
from metrics.swedish import NBSP
from metrics.targets import RIKET, TOTAL, change_by_system, group_matrix, rank_needs
from tests.factories import LULEA, PITEA, two_counties
from tests.test_metrics_targets import AREA, COUNTY_ROWS, GROUPS, RIKET_ROWS

SN = "skelleftea-norsjo"


@pytest.fixture(scope="module")
def matrix() -> pd.DataFrame:
    return group_matrix(AREA, {RIKET: RIKET_ROWS, "county": COUNTY_ROWS}, GROUPS, 2024)


@pytest.fixture(scope="module")
def model() -> Model:
    return build_model(two_counties(), forbund_regions())


def test_matrix_table_has_swedish_headers_and_one_block_per_reference(matrix):
    table = matrix_download(matrix, {"county": "Västerbottens län", RIKET: "Riket"})
    assert table.columns.tolist() == [
        "Indelning",
        "Grupp",
        "Ersättningssystem",
        "Andel av gruppens befolkning (%)",
        "Jämfört med landets kommuner",
        "Helårsekvivalenter",
        "Folkmängd",
        "Västerbottens län (%)",
        "Västerbottens län: skillnad (procentenheter)",
        "Västerbottens län: skillnad (helårsekvivalenter)",
        "Riket (%)",
        "Riket: skillnad (procentenheter)",
        "Riket: skillnad (helårsekvivalenter)",
        "Anmärkning",
    ]
    kvinnor = table.loc[(table["Grupp"] == "Kvinnor 20–64 år")].iloc[1]
    assert kvinnor["Ersättningssystem"] == "Sjukpenning"
    assert kvinnor["Indelning"] == "Kön (20–64 år)"
    assert kvinnor["Riket: skillnad (helårsekvivalenter)"] == pytest.approx(10.0)
    assert kvinnor["Folkmängd"] == 1000
    young = table.iloc[1]
    assert young["Indelning"] == "Ålder (kvinnor och män)"
    assert young["Anmärkning"] == "Färre än 10 helårsekvivalenter – osäker andel"


def test_ranking_table_keeps_the_order_and_flags_uncertain_cells(matrix):
    table = ranking_download(rank_needs(matrix), "Riket")
    assert table["Rang"].tolist() == [1, 2, 3, 4, 5, 6]
    assert table.iloc[1]["Grupp"] == "Kvinnor 20–64 år"
    assert table.iloc[1]["Riket: skillnad (helårsekvivalenter)"] == pytest.approx(10.0)
    assert table.iloc[0]["Anmärkning"].startswith("Färre än 10")
    assert table.iloc[1]["Anmärkning"] == ""
    assert table["Bedömning"].tolist() == [
        "Tydligt högre",
        *["Inom slumpens marginal"] * 5,
    ]
    assert table.iloc[1]["Riket: övre 95 %-gräns (%)"] == pytest.approx(4.057, abs=1e-3)


def test_decomposition_table_names_the_years():
    rows = pd.concat(
        [
            AREA.assign(period=2019),
            AREA.assign(period=2024, he=AREA["he"] * 2),
        ]
    )
    table = decomposition_download(change_by_system(rows, GROUPS[1], 2019, 2024), "2019", "2024")
    assert table.columns.tolist() == [
        "Ersättningssystem",
        "Helårsekvivalenter 2019",
        "Helårsekvivalenter 2024",
        "Förändring (helårsekvivalenter)",
        "Andel 2019 (%)",
        "Andel 2024 (%)",
        "Bidrag till förändringen (procentenheter)",
    ]
    assert table.iloc[0]["Ersättningssystem"] == "Summa helårsekvivalenter"
    assert table.iloc[0]["Förändring (helårsekvivalenter)"] == pytest.approx(60.0)
    assert table.iloc[1]["Bidrag till förändringen (procentenheter)"] == pytest.approx(4.0)


def test_comparables_table_lists_kommun_county_and_population(model):
    table = comparables_download(model, [LULEA, PITEA], 2018)
    assert table.to_dict("records") == [
        {
            "Kommun": "Luleå",
            "Kommunkod": LULEA,
            "Län": "Norrbottens län",
            "Folkmängd 20–64 år": 1000,
        },
        {
            "Kommun": "Piteå",
            "Kommunkod": PITEA,
            "Län": "Norrbottens län",
            "Folkmängd 20–64 år": 1000,
        },
    ]


def test_target_report_has_sentences_tables_and_the_tidy_tables_for_a_forbund(model):
    report = target_report(model, SN, 2018, comparables=[LULEA, PITEA], from_year=2018)
    assert report.area_name == "Samordningsförbundet Skellefteå-Norsjö"
    assert report.reference_name == "riket"
    assert list(report.tables) == [
        "Störst behov",
        "Grupper och system",
        "Förändring 2018–2018",
        "Jämförbara kommuner",
    ]
    # the report draws its charts by kind (exports.kinds) from these tidy tables
    pd.testing.assert_frame_equal(report.ranking, rank_needs(report.matrix, RIKET))
    assert str(report.change["measure"].iloc[0]) == "summa"
    assert report.sentences[0].startswith("Bland ")
    assert "Riket (%)" in report.share_columns
    matrix = report.tables["Grupper och system"]
    assert "Västerbottens län (%)" in matrix.columns
    assert "Jämförbara kommuner (%)" in matrix.columns
    workbook = load_workbook(io.BytesIO(xlsx_bytes(report.tables, report.share_columns)))
    assert workbook.sheetnames == list(report.tables)
    assert csv_bytes(report.tables["Störst behov"]).startswith("\ufeffRang;".encode())


def test_target_report_falls_back_to_riket_for_a_reference_the_area_lacks(model):
    report = target_report(model, "24", 2018, reference="county")
    assert report.reference_name == "riket"
    assert "Jämförbara kommuner" not in report.tables
    default = target_report(model, SN, 2019, group=TOTAL)
    assert "Förändring 2018–2019" in default.tables


def test_readings_count_only_differences_beyond_chance(matrix):
    """Summa against riket: 20–29 år 9 % vs 10 % (n 200, ± 4,16) and kvinnor 6 % vs 5 %
    (n 1 000, ± 1,351) lie within chance; män 18 % vs 5 % (n 50, upper 11,04 %) is
    clearly higher. Without sjukpenning no cell is a need."""
    assert plain(matrix_reading(matrix, RIKET, "riket")) == (
        "Summan är tydligt högre än i riket för 1 av 3 grupper. Störst skillnad: män 20–64 "
        "år, +13,0 procentenheter (cirka 6 helårsekvivalenter fler)."
    )
    ranking = rank_needs(matrix.loc[matrix["measure"] != "sjukpenning"])
    assert needs_reading(ranking, "X", "riket") == (
        "Ingen av 3 grupper och ersättningssystem har en tydligt högre andel än i riket: där "
        "andelen är högre ligger skillnaden inom slumpens marginal."
    )
    assert plain(needs_reading(rank_needs(matrix), "X", "riket")) == (
        "1 av 6 grupper och ersättningssystem har en tydligt högre andel än i riket. Störst: "
        "sjukpenning för män 20–64 år, cirka 8 helårsekvivalenter fler."
    )


def plain(text: str) -> str:
    return text.replace(NBSP, " ")
