"""Diagramtyp 1 and 2: lines with class markers, county mean, riket and the band."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from charts.theme import (
    AREA_COLOUR,
    PARTIAL_NOTE,
    QUARTILE_STYLES,
    RIKET_COLOUR,
    SEX_COLOURS,
    UNREPORTED_NOTE,
)
from charts.trend import gender_trend_chart, partial_segments, trend_chart
from data.regions import load_regions
from metrics.model import Model, build_model
from metrics.periods import MONTH
from tests.factories import MALA, NORSJO, dataset, two_counties


@pytest.fixture(scope="module")
def model() -> Model:
    return build_model(two_counties(), load_regions())


def _trace(fig: go.Figure, name: str, mode: str | None = None) -> go.Scatter:
    found = [t for t in fig.data if t.name == name and (mode is None or t.mode == mode)]
    assert found, f"no trace {name!r} ({mode})"
    return found[0]


def _markers(fig: go.Figure, name: str) -> go.Scatter:
    return next(t for t in fig.data if t.name == name and "markers" in (t.mode or ""))


def test_markers_are_coloured_and_shaped_by_class(model: Model) -> None:
    fig = trend_chart(model.trend(MALA), area_name="Malå", county_name="Västerbottens län")
    markers = _markers(fig, "Malå")
    assert list(markers.y) == pytest.approx([1.0, 1.0])
    low = QUARTILE_STYLES["low"]
    assert list(markers.marker.color) == [low.colour, low.colour]
    assert list(markers.marker.symbol) == [low.symbol, f"{low.symbol}-open"]
    assert list(markers.x) == [2018, 2019]


def test_band_spans_the_lowest_to_the_highest_kommun(model: Model) -> None:
    fig = trend_chart(model.trend(NORSJO), area_name="Norsjö")
    lower = _trace(fig, "Lägsta kommun")
    upper = _trace(fig, "Spridning: lägsta–högsta kommun")
    assert list(lower.y) == pytest.approx([1.0, 1.0])
    assert list(upper.y) == pytest.approx([8.0, 8.0])
    assert upper.fill == "tonexty"
    assert fig.data.index(lower) + 1 == fig.data.index(upper)


def test_county_mean_is_thin_and_riket_thick(model: Model) -> None:
    fig = trend_chart(model.trend(NORSJO), area_name="Norsjö", county_name="Västerbottens län")
    county = _trace(fig, "Medelvärde för kommunerna<br>i Västerbottens län")
    riket = _trace(fig, "Riket")
    assert list(county.y) == pytest.approx([3.5, 3.5])
    assert "Medelvärde för kommunerna i Västerbottens län" in county.hovertext[0]
    assert "inte länets sammanräknade andel" in county.hovertext[0]
    assert list(riket.y) == pytest.approx([450 / 110, 450 / 110])
    assert riket.line.width > county.line.width
    assert riket.line.color == RIKET_COLOUR
    solid = _trace(fig, "Norsjö", "lines")
    assert solid.line.color == AREA_COLOUR


def test_riket_and_county_lines_can_be_left_out(model: Model) -> None:
    fig = trend_chart(model.trend("00"), area_name="Riket", compare_riket=False)
    names = {t.name for t in fig.data}
    assert "Riket" in names  # the area itself
    assert not any(str(n).startswith("Medelvärde") for n in names)
    assert len([t for t in fig.data if t.name == "Riket" and t.mode == "lines"]) == 1


def test_an_incomplete_year_is_marked_on_the_axis_with_a_dotted_line(model: Model) -> None:
    fig = trend_chart(model.trend(NORSJO), area_name="Norsjö")
    assert list(fig.layout.xaxis.ticktext) == ["2018", "2019*"]
    solid = next(t for t in fig.data if t.name == "Norsjö" and t.mode == "lines")
    dotted = _trace(fig, "Norsjö (ofullständig period)")
    assert list(solid.y) == [8.0, None]
    assert list(dotted.y) == [8.0, 8.0]
    assert dotted.line.dash == "dot"
    assert list(_markers(fig, "Norsjö").text) == ["", "*"]
    assert PARTIAL_NOTE in fig.layout.meta["notes"]


def test_partial_segments_join_each_run_to_the_complete_period_before() -> None:
    solid, dotted = partial_segments(
        pd.Series([1.0, 2.0, 3.0, 4.0, 5.0]), pd.Series([True, False, True, True, False])
    )
    assert solid == [None, 2.0, None, None, 5.0]
    assert dotted == [1.0, 2.0, 3.0, 4.0, None]


def test_a_missing_value_is_a_gap_and_is_listed() -> None:
    frame = dataset(
        {
            NORSJO: {"sjukpenning": [1, None, 1], "population": 100},
            MALA: {"sjukpenning": 2, "population": 100},
        },
        months=3,
    )
    model = build_model(frame, load_regions())
    trend = model.trend(NORSJO, "sjukpenning", frequency=MONTH)
    fig = trend_chart(trend, area_name="Norsjö", measure="sjukpenning", frequency=MONTH)
    markers = _markers(fig, "Norsjö")
    assert markers.y[1] is None or math.isnan(markers.y[1])
    assert markers.connectgaps is False
    assert "Uppgift saknas (visas som glapp): februari 2018." in fig.layout.meta["notes"]
    assert fig.layout.xaxis.type == "date"


def test_unreported_months_are_marked_with_a_dagger() -> None:
    frame = dataset(
        {
            NORSJO: {"ekonomiskt_bistand": [5, 0, 5, 5], "population": 100},
            MALA: {"ekonomiskt_bistand": 1, "population": 100},
        },
        months=4,
    )
    model = build_model(frame, load_regions())
    fig = trend_chart(model.trend(NORSJO, "ekonomiskt_bistand"), area_name="Norsjö")
    markers = _markers(fig, "Norsjö")
    assert "†" in markers.text[0]
    assert UNREPORTED_NOTE in fig.layout.meta["notes"]
    assert (
        "Ekonomiskt bistånd uppskattat för 1 månad (senast rapporterade värde)"
        in (markers.hovertext[0])
    )


def test_hover_text_says_what_a_point_is_in_words(model: Model) -> None:
    fig = trend_chart(model.trend(NORSJO), area_name="Norsjö")
    hover = _markers(fig, "Norsjö").hovertext[0]
    assert "<b>Norsjö, 2018</b>" in hover
    assert "Summa helårsekvivalenter: 8,0\u00a0% av befolkningen 20–64 år" in hover
    assert "▲ bland de 25 % av kommunerna med högst andel" in hover
    assert "80 helårsekvivalenter, 1\u00a0000 invånare" in hover


def test_gender_chart_has_light_blue_kvinnor_and_dark_blue_man(model: Model) -> None:
    fig = gender_trend_chart(model.trend(NORSJO, sexes=("K", "M")), area_name="Norsjö")
    kvinnor = _markers(fig, "Kvinnor, Norsjö")
    man = _markers(fig, "Män, Norsjö")
    assert list(kvinnor.y) == pytest.approx([9.6, 9.6])
    assert list(man.y) == pytest.approx([6.4, 6.4])
    assert kvinnor.marker.line.color == SEX_COLOURS["K"]
    assert man.marker.line.color == SEX_COLOURS["M"]
    high = QUARTILE_STYLES["high"].colour
    assert list(kvinnor.marker.color) == [high, high]
    riket_k = _trace(fig, "Kvinnor, riket")
    riket_m = _trace(fig, "Män, riket")
    assert riket_k.line.color == SEX_COLOURS["K"]
    assert riket_m.line.color == SEX_COLOURS["M"]
    assert riket_k.line.dash in (None, "solid")
    assert list(riket_k.y) == pytest.approx([270 / 55, 270 / 55])
    assert fig.layout.title.text == "Summa helårsekvivalenter för kvinnor och män – Norsjö"


def test_legend_shows_each_class_with_its_symbol(model: Model) -> None:
    fig = trend_chart(model.trend(NORSJO), area_name="Norsjö")
    legend = {t.name: t.marker.symbol for t in fig.data if t.legendgroup == "classes"}
    assert legend == {
        "Högsta 25 %": "triangle-up",
        "Mellersta 50 %": "circle",
        "Lägsta 25 %": "triangle-down",
    }
