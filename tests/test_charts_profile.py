"""The försörjningsprofil: shares and class colours in a table."""

from __future__ import annotations

import pytest

from charts.profile import profile_chart, profile_periods_chart
from charts.theme import BACKGROUND, QUARTILE_STYLES
from data.regions import load_regions
from metrics.model import Model, build_model
from tests.factories import MALA, NORSJO, two_counties


@pytest.fixture(scope="module")
def model() -> Model:
    return build_model(two_counties(), load_regions())


def test_rows_are_the_report_measures_and_columns_totalt_kvinnor_man(model: Model) -> None:
    fig = profile_chart(model.profile(NORSJO, [2018]), area_name="Norsjö", period=2018)
    table = fig.data[0]
    assert list(table.header.values) == [
        "<b>Ersättningssystem</b>",
        "<b>Totalt</b>",
        "<b>Kvinnor</b>",
        "<b>Män</b>",
    ]
    measures = list(table.cells.values[0])
    assert measures[0] == "<b>Summa helårsekvivalenter</b>"
    assert measures[1:] == [
        "Sjukpenning",
        "Sjuk- och aktivitetsersättning",
        "Etableringsersättning",
        "Arbetsmarknadsåtgärder",
        "Arbetslöshetsersättning",
        "Ekonomiskt bistånd",
    ]


def test_cells_show_share_and_glyph_on_the_class_colour(model: Model) -> None:
    fig = profile_chart(model.profile(MALA, [2018]), area_name="Malå", period=2018)
    table = fig.data[0]
    totalt, kvinnor, man = table.cells.values[1:4]
    assert totalt[0] == "1,0\u00a0%\u00a0▼"
    assert kvinnor[0] == "1,2\u00a0%\u00a0▼‡"  # 6 HE: few
    assert man[0] == "0,8\u00a0%\u00a0▼‡"
    fills = table.cells.fill.color
    assert fills[1][0] == QUARTILE_STYLES["low"].fill
    assert fills[1][1] == QUARTILE_STYLES["low"].fill  # sjukpenning = summa here
    assert any(note.startswith("‡ Färre än 10") for note in fig.layout.meta["notes"])


def test_a_missing_share_is_an_empty_uncoloured_cell(model: Model) -> None:
    fig = profile_chart(model.profile(NORSJO, [2018]), area_name="Norsjö", period=2018)
    table = fig.data[0]
    ekonomiskt = 6
    assert [column[ekonomiskt] for column in table.cells.values[1:]] == ["", "", ""]
    assert [column[ekonomiskt] for column in table.cells.fill.color[1:]] == [BACKGROUND] * 3


def test_an_incomplete_year_says_so_in_the_title(model: Model) -> None:
    fig = profile_chart(model.profile(NORSJO, [2019]), area_name="Norsjö", period=2019)
    assert fig.layout.title.text == (
        "Försörjningsprofil 2019 (ofullständigt år, 3 av 12 månader) – Norsjö"
    )


def test_several_years_for_one_sex_have_years_as_columns(model: Model) -> None:
    profile = model.profile(NORSJO, [2018, 2019], sexes=("K",))
    fig = profile_periods_chart(profile, area_name="Norsjö", sex="K")
    table = fig.data[0]
    assert list(table.header.values) == ["<b>Ersättningssystem</b>", "<b>2018</b>", "<b>2019*</b>"]
    assert table.cells.values[1][0] == "9,6\u00a0%\u00a0▲"
    assert table.cells.values[2][0] == "9,6\u00a0%\u00a0▲"
    assert fig.layout.title.text == "Försörjningsprofil 2018–2019 – Kvinnor i Norsjö"
    assert any(note.startswith("* Ofullständig period") for note in fig.layout.meta["notes"])


def test_the_class_legend_is_written_under_the_table(model: Model) -> None:
    fig = profile_chart(model.profile(NORSJO, [2018]), area_name="Norsjö", period=2018)
    legend = fig.layout.meta["notes"][0]
    assert "▲</span> Högsta 25 %" in legend
    assert "●</span> Mellersta 50 %" in legend
    assert "▼</span> Lägsta 25 %" in legend
