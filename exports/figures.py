"""The plotly figure of a planned slide, drawn by the app's own chart builders.

Images and the PDF report use these, so a chart looks the same in the app, in a PNG
and on a printed page; the PowerPoint report draws native charts from the same tables
instead (see :mod:`exports.slide_charts`). Which builder draws a slide is its kind's
business (:data:`exports.kinds.KINDS`).
"""

from __future__ import annotations

import plotly.graph_objects as go

from charts.theme import HEIGHT, WIDTH
from exports.kinds import NoChartError, kind_of
from exports.report import Slide


def slide_figure(slide: Slide, width: int = WIDTH, height: int | None = HEIGHT) -> go.Figure:
    """The figure of one slide, with the slide's title, at `width` × `height` pixels.

    `height=None` lets a kind that grows with its rows (the county chart) take the
    height it needs; other kinds then take the default height.
    """
    kind = kind_of(slide)
    if kind is None:
        raise NoChartError(f"the slide {slide.title!r} has no chart")
    return kind.figure(slide, width, height if kind.grows else (height or HEIGHT))
