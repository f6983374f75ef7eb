"""The comparison chart: one line per area, told apart by colour, dash and symbol."""

from __future__ import annotations

import pandas as pd
import pytest

from charts.browser import SWEDISH_TOOLBAR, browser_config
from charts.compare import COLOURS, DASHES, SYMBOLS, area_styles, compare_chart
from charts.theme import PARTIAL_NOTE, RIKET_COLOUR, UNREPORTED_MARK, UNREPORTED_NOTE
from data.regions import load_regions
from metrics.model import build_model
from metrics.views import compare_table
from tests.factories import MALA, NORSJO, UMEA, VASTERBOTTEN, combine, dataset, two_counties

REGIONS = load_regions()
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def model():
    return build_model(two_counties(), REGIONS)


def table(model, codes, frequency="year", sex="T", measure="summa"):
    return compare_table(model.tables(frequency), REGIONS, codes, measure, sex)


def test_one_line_per_area_in_the_order_given(model):
    fig = compare_chart(table(model, [NORSJO, VASTERBOTTEN, "00"]))
    assert [t.name for t in fig.data] == ["Norsjö", "Västerbottens län", "Riket"]
    norsjo, county, riket = fig.data
    assert list(norsjo.x) == [2018, 2019]
    assert list(norsjo.y) == pytest.approx([8.0, 8.0])
    assert list(county.y) == pytest.approx([230 / 70, 230 / 70])
    assert list(riket.y) == pytest.approx([450 / 110, 450 / 110])


def test_areas_differ_in_colour_dash_and_symbol_and_riket_is_thick_black(model):
    norsjo, county, riket = compare_chart(table(model, [NORSJO, VASTERBOTTEN, "00"])).data
    assert (norsjo.line.color, norsjo.line.dash) == (COLOURS[0], DASHES[0])
    assert (county.line.color, county.line.dash) == (COLOURS[1], DASHES[1])
    assert (riket.line.color, riket.line.dash) == (RIKET_COLOUR, "solid")
    assert riket.line.width > norsjo.line.width
    assert norsjo.marker.symbol[0] == SYMBOLS[0]
    assert county.marker.symbol[0] == SYMBOLS[1]


def test_styles_repeat_after_six_areas():
    codes = ["2417", "2418", "2480", "2482", "2580", "2581", "2584"]
    styles = area_styles(codes)
    assert styles["2584"] == styles["2417"]
    assert len({s["symbol"] for s in styles.values()}) == 6


def test_an_incomplete_year_has_an_open_marker_a_star_and_a_note(model):
    fig = compare_chart(table(model, [NORSJO]))
    assert list(fig.data[0].marker.symbol) == [SYMBOLS[0], f"{SYMBOLS[0]}-open"]
    assert list(fig.layout.xaxis.ticktext) == ["2018", "2019*"]
    assert PARTIAL_NOTE in fig.layout.meta["notes"]


def test_a_period_without_data_is_a_gap_listed_under_the_chart():
    frame = combine(
        dataset({NORSJO: {"sjukpenning": 10, "population": 1000}}, start="2018-01", months=24),
        dataset({MALA: {"sjukpenning": 5, "population": 500}}, start="2019-01", months=12),
    )
    model = build_model(frame, REGIONS)
    fig = compare_chart(table(model, [NORSJO, MALA]))
    mala = fig.data[1]
    assert list(mala.y) == [None, pytest.approx(1.0)]
    assert fig.data[1].connectgaps is False
    assert "Uppgift saknas (visas som glapp): Malå 2018." in fig.layout.meta["notes"]


def test_unreported_ekonomiskt_bistand_is_marked_above_the_point():
    frame = dataset(
        {UMEA: {"ekonomiskt_bistand": [50, 0, 50], "population": 1000}}, start="2018-01", months=3
    )
    model = build_model(frame, REGIONS)
    fig = compare_chart(
        table(model, [UMEA], measure="ekonomiskt_bistand"), measure="ekonomiskt_bistand"
    )
    assert list(fig.data[0].text) == [f"*{UNREPORTED_MARK}"]
    assert UNREPORTED_NOTE in fig.layout.meta["notes"]


def test_monthly_lines_use_a_date_axis(model):
    fig = compare_chart(table(model, [NORSJO], frequency="month"), frequency="month")
    assert fig.layout.xaxis.type == "date"
    assert len(fig.data[0].x) == 15
    assert fig.layout.meta["subtitle"] == (
        "Andel av befolkningen 20–64 år, januari 2018 – mars 2019"
    )


def test_title_subtitle_and_text_alternative_name_areas_sex_and_values(model):
    fig = compare_chart(table(model, [NORSJO, "00"], sex="K"), sex="K")
    meta = fig.layout.meta
    assert meta["title"] == "Summa helårsekvivalenter – Norsjö och riket"
    assert meta["subtitle"] == "Andel av kvinnorna 20–64 år, 2018–2019"
    assert meta["alt"].replace(NBSP, " ") == (
        "Linjediagram som jämför summa helårsekvivalenter för kvinnor i Norsjö och riket, "
        "2018–2019. Senaste värden: Norsjö 9,6 % (2019); Riket 4,9 % (2019)."
    )


def test_more_than_three_areas_are_counted_in_the_title(model):
    fig = compare_chart(table(model, [NORSJO, MALA, UMEA, "00"]))
    assert fig.layout.meta["title"] == "Summa helårsekvivalenter – 4 områden"


def test_hover_says_who_when_and_the_share_in_swedish(model):
    fig = compare_chart(table(model, [NORSJO]))
    hover = fig.data[0].hovertext[0].replace(NBSP, " ")
    assert hover.startswith("<b>Norsjö, 2018</b><br>Summa helårsekvivalenter: 8,0 %")


def test_browser_config_is_a_swedish_toolbar_without_the_camera():
    config = browser_config()
    assert config["modeBarButtonsToRemove"] == ["toImage"]
    assert "toImageButtonOptions" not in config
    assert config["displaylogo"] is False
    assert config["locale"] == "sv"
    swedish = config["locales"]["sv"]
    assert (
        swedish["dictionary"]["Download plot as a PNG"] == SWEDISH_TOOLBAR["Download plot as a PNG"]
    )
    assert swedish["format"]["decimal"] == ","
    assert swedish["format"]["months"][0] == "januari"


def test_compare_table_keeps_every_period_for_every_area(model):
    rows = table(model, [NORSJO, "9999", VASTERBOTTEN])
    assert rows["region_code"].tolist() == [NORSJO, NORSJO, VASTERBOTTEN, VASTERBOTTEN]
    assert rows["name"].tolist() == ["Norsjö", "Norsjö", "Västerbottens län", "Västerbottens län"]
    assert rows["partial"].tolist() == [False, True, False, True]
    assert isinstance(rows, pd.DataFrame)
