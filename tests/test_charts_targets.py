"""Målgrupper charts (needs, matrix, waterfall) and the trend chart's member lines."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from charts.targets import (
    WITHIN_CHANCE_NOTE,
    WITHIN_CHANCE_OPACITY,
    change_chart,
    matrix_chart,
    needs_chart,
    waterfall_range,
)
from charts.theme import (
    AREA_COLOUR,
    COMPARISON_COLOUR,
    DECREASE_COLOUR,
    FEW_HE_NOTE,
    INCREASE_COLOUR,
    MEMBER_LINE_WIDTH,
    SYSTEM_COLOURS,
)
from charts.trend import trend_chart
from data.areas import forbund_regions
from metrics.comparables import comparison_trend, member_trends
from metrics.model import Model, build_model
from metrics.swedish import NBSP, format_signed
from metrics.targets import RIKET, TOTAL, group_change, group_matrix, rank_needs, target_matrix
from tests.factories import LULEA, PITEA, two_counties
from tests.test_metrics_targets import AREA, COUNTY_ROWS, GROUPS, RIKET_ROWS

SN = "skelleftea-norsjo"


@pytest.fixture(scope="module")
def model() -> Model:
    return build_model(two_counties(), forbund_regions())


@pytest.fixture(scope="module")
def matrix():
    return group_matrix(AREA, {RIKET: RIKET_ROWS, "county": COUNTY_ROWS}, GROUPS, 2024)


def _plain(text: str) -> str:
    return text.replace(NBSP, " ")


def test_needs_chart_draws_the_ranking_top_down_coloured_by_system(matrix):
    fig = needs_chart(
        rank_needs(matrix), area_name="Testområdet", reference_name="riket", period_text="2024"
    )
    assert isinstance(fig, go.Figure)
    order = list(fig.layout.yaxis.categoryarray)
    assert order == [
        "Män 20–64 år · Sjukpenning ‡",
        "Kvinnor 20–64 år · Sjukpenning",
        "20–29 år · Ekonomiskt bistånd",
        "Kvinnor 20–64 år · Ekonomiskt bistånd",
        "Män 20–64 år · Ekonomiskt bistånd ‡",
        "20–29 år · Sjukpenning ‡",
    ]
    assert fig.layout.yaxis.autorange == "reversed"
    sick = next(t for t in fig.data if t.name == "Sjukpenning")
    assert sick.marker.color == SYSTEM_COLOURS["sjukpenning"]
    assert list(sick.x) == pytest.approx([7.5, 10.0, -4.0])
    assert list(sick.marker.pattern.shape) == ["/", "", "/"]
    assert list(sick.marker.opacity) == [1.0, WITHIN_CHANCE_OPACITY, WITHIN_CHANCE_OPACITY]
    assert [_plain(t) for t in sick.text] == ["+8 HE", "+10 HE", "−4 HE"]
    assert "Tydligt högre" in sick.hovertext[0]
    assert "Inom slumpens marginal (95 %-gränsen 4,06 %)" in _plain(sick.hovertext[1])
    assert FEW_HE_NOTE in fig.layout.meta["notes"]
    assert WITHIN_CHANCE_NOTE in fig.layout.meta["notes"]
    assert fig.layout.meta["title"] == "Var är behoven störst? Testområdet 2024"
    assert "Störst: män 20–64 år, sjukpenning, +8 HE." in _plain(fig.layout.meta["alt"])


def test_needs_chart_says_when_no_group_stands_out(matrix):
    ranking = rank_needs(matrix.loc[matrix["measure"] != "sjukpenning"])
    fig = needs_chart(ranking, area_name="X", reference_name="riket", period_text="2024")
    assert fig.layout.meta["title"] == "Ingen grupp har en tydligt högre andel än i riket 2024"
    assert fig.layout.meta["subtitle"].startswith("X: helårsekvivalenter fler (+)")
    assert "Ingen grupp har en tydligt högre andel än i riket" in fig.layout.meta["alt"]
    assert "Störst:" not in fig.layout.meta["alt"]


def test_needs_chart_shows_only_the_first_cells(matrix):
    fig = needs_chart(
        rank_needs(matrix.loc[matrix["sex"] != "M"]),
        area_name="X",
        reference_name="riket",
        period_text="2024",
        limit=2,
    )
    assert len(fig.layout.yaxis.categoryarray) == 2
    assert FEW_HE_NOTE not in fig.layout.meta["notes"]


def test_matrix_chart_colours_the_difference_and_writes_the_values(matrix):
    fig = matrix_chart(
        matrix, area_name="X", reference=RIKET, reference_name="riket", period_text="2024"
    )
    heatmap = fig.data[0]
    assert heatmap.type == "heatmap"
    assert list(heatmap.y) == ["20–29 år", "Kvinnor 20–64 år", "Män 20–64 år"]
    assert heatmap.x[0] == "Totalt"
    kvinnor = heatmap.z[1]
    assert kvinnor[0] == pytest.approx(1.0)
    assert kvinnor[1] == pytest.approx(1.0)
    assert kvinnor[2] is None
    assert _plain(heatmap.text[1][1]) == "4,0 %<br>+1,0"
    assert _plain(heatmap.text[2][1]) == "18,0 % ‡<br>+15,0"
    assert "Inom slumpens marginal" in heatmap.hovertext[1][1]
    assert "Tydligt högre" in heatmap.hovertext[2][1]
    assert heatmap.zmin == -heatmap.zmax
    assert heatmap.zmax == pytest.approx(15.0)
    separator = fig.layout.shapes[0]
    assert separator.y0 == pytest.approx(0.5)


def test_matrix_chart_in_he(matrix):
    fig = matrix_chart(
        matrix,
        area_name="X",
        reference="county",
        reference_name="Västerbottens län",
        period_text="2024",
        value="he",
    )
    heatmap = fig.data[0]
    assert heatmap.z[1][1] == pytest.approx(5.0)
    assert _plain(heatmap.text[1][1]) == "4,0 %<br>+5 HE"
    assert heatmap.z[0][1] is None
    with pytest.raises(ValueError, match="value must be"):
        matrix_chart(
            matrix, area_name="X", reference=RIKET, reference_name="r", period_text="", value="%"
        )


def test_waterfall_steps_add_up_to_the_end_total(model: Model):
    change = group_change(model, SN, TOTAL, 2018, 2019)
    fig = change_chart(
        change,
        area_name="Skellefteå-Norsjö",
        group_label="Totalt 20–64 år",
        from_label="2018",
        to_label="2019",
    )
    waterfall = fig.data[0]
    assert waterfall.type == "waterfall"
    assert list(waterfall.measure) == ["absolute", *["relative"] * 6, "total"]
    assert waterfall.x[0] == "2018"
    assert waterfall.x[-1] == "2019"
    start, *steps, end = waterfall.y
    assert start + sum(steps) == pytest.approx(end, abs=1e-12)
    assert waterfall.increasing.marker.color == INCREASE_COLOUR
    assert waterfall.decreasing.marker.color == DECREASE_COLOUR
    assert waterfall.totals.marker.color == AREA_COLOUR
    assert waterfall.textposition == "none"
    ticks = [_plain(t) for t in fig.layout.xaxis.ticktext]
    assert ticks[0] == "2018<br><b>5,0 %</b>"
    assert all("<b>" in t and t.count(",") == 1 for t in ticks)
    assert (
        ticks[2] == "Sjuk- och<br>aktivitetsers.<br><b>" + _plain(format_signed(steps[1])) + "</b>"
    )
    low, high = fig.layout.yaxis.range
    levels = [start, *(start + sum(steps[: i + 1]) for i in range(len(steps))), end]
    assert low <= min(levels) and high >= max(levels)
    assert high - low < max(levels)
    assert (
        fig.layout.meta["title"] == "Förändring 2018–2019 per ersättningssystem – Skellefteå-Norsjö"
    )


def test_waterfall_range_is_fitted_to_the_levels():
    """Start 10 %, steps +1 and −3 → levels 10, 11, 8, end 8: span 3, room 0,75."""
    assert waterfall_range([10.0, 1.0, -3.0, 8.0]) == pytest.approx([7.25, 11.75])
    assert waterfall_range([0.5, 0.0, 0.5]) == pytest.approx([0.4, 0.6])
    assert waterfall_range([]) is None


def test_trend_chart_draws_member_kommuner_as_thin_lines_on_request(model: Model):
    plain = trend_chart(model.trend(SN), area_name="Skellefteå-Norsjö")
    members = member_trends(model, SN)
    fig = trend_chart(model.trend(SN), area_name="Skellefteå-Norsjö", member_lines=members)
    names = {t.name for t in fig.data}
    assert {"Skellefteå", "Norsjö"} <= names
    assert not {"Skellefteå", "Norsjö"} & {t.name for t in plain.data}
    norsjo = next(t for t in fig.data if t.name == "Norsjö")
    assert list(norsjo.y) == pytest.approx([8.0, 8.0])
    assert norsjo.line.width == MEMBER_LINE_WIDTH
    assert norsjo.line.width < next(t for t in fig.data if t.name == "Riket").line.width
    assert norsjo.legendgroup == "members"
    assert fig.layout.meta["alt"].endswith("Tunna linjer: områdets kommuner (Skellefteå, Norsjö).")


def test_trend_chart_draws_a_comparison_line_on_request(model: Model):
    comparison = comparison_trend(model.yearly, [LULEA, PITEA])
    fig = trend_chart(
        model.trend(SN),
        area_name="Skellefteå-Norsjö",
        comparison=comparison,
        comparison_name="Jämförbara kommuner (2)",
    )
    line = next(t for t in fig.data if t.name == "Jämförbara kommuner (2)")
    assert list(line.y) == pytest.approx([4.5, 4.5])
    assert line.line.dash == "dot"
    assert line.line.color == COMPARISON_COLOUR


def test_trend_chart_of_a_month_series_with_members(model: Model):
    members = member_trends(model, SN, frequency="month")
    fig = trend_chart(
        model.trend(SN, frequency="month"),
        area_name="Skellefteå-Norsjö",
        frequency="month",
        member_lines=members,
    )
    skelleftea = next(t for t in fig.data if t.name == "Skellefteå")
    assert len(skelleftea.x) == 15


def test_charts_from_a_model_matrix(model: Model):
    matrix = target_matrix(model, SN, 2018)
    fig = matrix_chart(
        matrix, area_name="SN", reference=RIKET, reference_name="riket", period_text="2018"
    )
    assert len(fig.data[0].y) == 3
