"""The plotly figure of a planned slide, drawn by the app's own chart builders.

Images and the PDF report use these, so a chart looks the same in the app, in a PNG
and on a printed page; the PowerPoint report draws native charts from the same tables
instead (see :mod:`exports.slide_charts`).
"""

from __future__ import annotations

import plotly.graph_objects as go

from charts.county import county_chart
from charts.distribution import distribution_chart
from charts.profile import profile_chart, profile_periods_chart
from charts.targets import change_chart, matrix_chart, needs_chart
from charts.theme import HEIGHT, WIDTH
from charts.trend import gender_trend_chart, trend_chart
from exports.report import (
    CHANGE,
    COUNTY,
    DISTRIBUTION,
    GENDER,
    MATRIX,
    NEEDS,
    PROFILE,
    TREND,
    Slide,
)
from metrics.targets import TOTAL


class NoChartError(ValueError):
    """A slide without a chart (a text page) was asked for its figure."""


def slide_figure(slide: Slide, width: int = WIDTH, height: int | None = HEIGHT) -> go.Figure:
    """The figure of one slide, with the slide's title, at `width` × `height` pixels.

    `height=None` lets the county chart grow with the number of kommuner.
    """
    scope = slide.scope
    common = {
        "source": scope.source,
        "title": slide.title,
        "width": width,
        "age_group": slide.age_group,
    }
    fixed = height or HEIGHT
    if slide.kind == PROFILE:
        if slide.year is None:
            return profile_periods_chart(
                slide.table, area_name=scope.area.name, sex=slide.sex, height=fixed, **common
            )
        return profile_chart(
            slide.table, area_name=scope.area.name, period=slide.year, height=fixed, **common
        )
    if slide.kind == TREND:
        return trend_chart(
            slide.table,
            area_name=scope.area.name,
            measure=slide.measure,
            county_name=scope.county_name,
            compare_riket=scope.compare_riket,
            height=fixed,
            **common,
        )
    if slide.kind == GENDER:
        return gender_trend_chart(
            slide.table,
            area_name=scope.area.name,
            measure=slide.measure,
            compare_riket=scope.compare_riket,
            height=fixed,
            **common,
        )
    if slide.kind == DISTRIBUTION:
        return distribution_chart(
            slide.table, area_name=scope.area.name, period=slide.year, height=fixed, **common
        )
    if slide.kind in (NEEDS, MATRIX, CHANGE):
        return _target_figure(slide, width, fixed)
    if slide.kind == COUNTY and scope.county is not None:
        return county_chart(
            slide.table,
            county_name=scope.county.name,
            period=slide.year,
            highlight=scope.members,
            height=height,
            **common,
        )
    raise NoChartError(f"the slide {slide.title!r} has no chart")


def _target_figure(slide: Slide, width: int, height: int) -> go.Figure:
    """A Målgrupper chart of :mod:`charts.targets`, as on the app's page."""
    scope = slide.scope
    common = {
        "area_name": scope.area.name,
        "source": scope.source,
        "title": slide.title,
        "width": width,
        "height": height,
    }
    if slide.kind == NEEDS:
        return needs_chart(
            slide.table,
            reference_name=slide.reference_name,
            period_text=str(slide.year),
            **common,
        )
    if slide.kind == MATRIX:
        return matrix_chart(
            slide.table,
            reference=slide.reference,
            reference_name=slide.reference_name,
            period_text=str(slide.year),
            **common,
        )
    return change_chart(
        slide.table,
        group_label=TOTAL.label,
        from_label=str(scope.first_year),
        to_label=str(scope.last_year),
        **common,
    )
