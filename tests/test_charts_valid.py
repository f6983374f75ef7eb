"""Every kind of chart against plotly's schema.

`charts.theme.finish` builds figures without plotly's validation (it cost a third of a
chart's time on the pages), so this is where a misspelt property or a bad value is
caught: each chart is rebuilt from its dict *with* validation, which raises on anything
plotly does not know, and must serialise to the same JSON.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from charts.compare import compare_chart
from charts.county import county_chart
from charts.distribution import distribution_chart
from charts.forbund_ranking import forbund_ranking_chart
from charts.funnel import funnel_chart
from charts.map import map_chart
from charts.profile import profile_chart, profile_periods_chart
from charts.targets import change_chart, matrix_chart, needs_chart
from charts.theme import for_screen
from charts.trend import gender_trend_chart, trend_chart
from data.areas import forbund_regions
from metrics.comparables import comparison_trend, member_trends
from metrics.forbund_ranking import forbund_ranking
from metrics.funnel import kommun_funnel
from metrics.maps import map_table
from metrics.model import Model, build_model
from metrics.targets import RIKET, TOTAL, group_change, rank_needs, target_matrix
from metrics.views import compare_table
from tests.factories import MALA, NORSJO, SKELLEFTEA, UMEA, VASTERBOTTEN, two_counties

SN = "skelleftea-norsjo"


@pytest.fixture(scope="module")
def model() -> Model:
    return build_model(two_counties(), forbund_regions())


def _charts(model: Model) -> dict[str, go.Figure]:
    regions = model.regions
    matrix = target_matrix(model, SN, 2018, [MALA, UMEA])
    return {
        "trend": trend_chart(
            model.trend(NORSJO, "sjukpenning"), area_name="Norsjö", county_name="Västerbotten"
        ),
        "trend, months, members and comparison": trend_chart(
            model.trend(SN, "sjukpenning", frequency="month"),
            area_name="Skellefteå-Norsjö",
            frequency="month",
            member_lines=member_trends(model, SN, "sjukpenning", "T", "20-64", frequency="month"),
            comparison=comparison_trend(
                model.tables("month"), [MALA, UMEA], "sjukpenning", "T", "20-64"
            ),
        ),
        "gender trend, rolling": gender_trend_chart(
            model.trend(NORSJO, "summa", ("K", "M"), frequency="rolling12"),
            area_name="Norsjö",
            frequency="rolling12",
        ),
        "profile": profile_chart(model.profile(NORSJO, [2018]), area_name="Norsjö", period=2018),
        "profile over periods": profile_periods_chart(
            model.profile(NORSJO, [2018, 2019], sexes=("T",)), area_name="Norsjö"
        ),
        "distribution": distribution_chart(
            model.distribution(NORSJO, 2018), area_name="Norsjö", period=2018
        ),
        "county": county_chart(
            model.county_kommuner(VASTERBOTTEN, 2018),
            county_name="Västerbottens län",
            period=2018,
            highlight=NORSJO,
        ),
        "compare": compare_chart(
            compare_table(model.tables(), regions, [NORSJO, VASTERBOTTEN, "00"])
        ),
        "needs": needs_chart(
            rank_needs(matrix, RIKET),
            area_name="Skellefteå-Norsjö",
            reference_name="riket",
            period_text="2018",
        ),
        "matrix": matrix_chart(
            matrix,
            area_name="Skellefteå-Norsjö",
            reference=RIKET,
            reference_name="riket",
            period_text="2018",
        ),
        "change": change_chart(
            group_change(model, SN, TOTAL, 2018, 2019),
            area_name="Skellefteå-Norsjö",
            group_label=TOTAL.label,
            from_label="2018",
            to_label="2019",
        ),
        "funnel": funnel_chart(
            kommun_funnel(
                model.annual,
                {k.code: k.name for k in regions.kommuner},
                2018,
                "summa",
                "T",
                "20-64",
            ),
            measure="summa",
            period_text="2018",
            highlight=(NORSJO, SKELLEFTEA),
        ),
        "map of a county": map_chart(
            map_table(
                model.yearly,
                regions,
                [k.code for k in regions.kommuner_in(VASTERBOTTEN)],
                2018,
                "summa",
                "T",
                "20-64",
            ),
            scope_name="Västerbottens län",
            period=2018,
            measure="summa",
            outline=regions[SN].members,
            outline_name="Skellefteå-Norsjö",
        ),
        "all förbund": forbund_ranking_chart(
            forbund_ranking(model.yearly, regions, [SN, "umearegionen", "sodra-lappland"], 2018),
            year=2018,
            highlight=SN,
        ),
    }


def test_every_kind_of_chart_passes_plotlys_validation_unchanged(model: Model) -> None:
    charts = _charts(model)
    assert len(charts) == 14
    for name, figure in charts.items():
        as_dict = figure.to_dict()
        validated = go.Figure(as_dict)  # raises ValueError on an invalid property or value
        assert json.loads(pio.to_json(validated)) == json.loads(pio.to_json(figure)), name
        assert figure.layout.meta["alt"], name


def test_every_kind_of_chart_on_a_page_passes_plotlys_validation_unchanged(model: Model) -> None:
    """The page's layout (`for_screen`) is made on the figure's dict without validation
    too (it was most of a page's server time): each must still be a valid figure."""
    for name, figure in _charts(model).items():
        screen = for_screen(figure)
        validated = go.Figure(screen.to_dict())
        assert json.loads(pio.to_json(validated)) == json.loads(pio.to_json(screen)), name
        assert screen.layout.legend.orientation == "h", name


def test_validation_would_catch_a_misspelt_property() -> None:
    with pytest.raises(ValueError, match="colour"):
        go.Figure({"data": [{"type": "scatter", "line": {"colour": "red"}}]})
