"""Karta: the kommuner of Sweden or of one county, coloured by their quartile class.

Each kommun is filled with the colour of its class for the chosen measure, period and
kön (the classes of the försörjningsprofil: ▲ högsta 25 %, ● mellersta 50 %, ▼ lägsta
25 %; grey without a value); its hover (near a point inside it) says the kommun, the
class in symbol and words and the share. The chosen area is outlined in black: a kommun
by its border, a förbund by the union of its kommuner. In a county the class symbol
also stands in each kommun, so the map can be read without telling colours apart.

Drawn as filled polygons on plain axes (one Scatter trace per class, each kommun's
border a ring of it; the hover on a point inside each kommun), longitude
against latitude with the latitude stretched by 1/cos(latitude) at the map's middle:
no map tiles and no topojson, so nothing is fetched from the network, in the browser or
in kaleido. Takes :func:`metrics.maps.map_table` and the borders of
:mod:`data.geometry`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.texts import is_missing, records
from charts.theme import (
    DEFAULT_SOURCE,
    HIGHLIGHT_OUTLINE,
    MARKER_OUTLINE,
    NO_CLASS_COLOUR,
    QUARTILE_STYLES,
    class_legend_traces,
    finish,
    scatter,
)
from data.geometry import inner_point, joined, kommun_shapes, union_shape
from metrics.labels import MEASURE_LABELS, QUARTILE_LABELS, group_label
from metrics.swedish import format_percent

MAP_WIDTH = 980
SWEDEN_HEIGHT = 1000
COUNTY_HEIGHT = 760
BORDER_COLOUR = "#FFFFFF"
MAP_HOVER_REACH = 40
"""Pixels from a kommun's inner point within which its hover shows."""
PADDING = 0.03
"""Room around the scope, as a fraction of its extent."""


def map_chart(
    table: pd.DataFrame,
    *,
    scope_name: str,
    period: object,
    measure: str,
    sex: str = "T",
    age_group: str = "20-64",
    outline: Sequence[str] = (),
    outline_name: str = "",
    source: str = DEFAULT_SOURCE,
    title: str | None = None,
    width: int = MAP_WIDTH,
    height: int | None = None,
) -> go.Figure:
    """A choropleth of the kommuner in `table` (:func:`metrics.maps.map_table`).

    `scope_name` is 'Sverige' or a county's name; `outline` the kommun codes of the
    chosen area (one kommun, or a förbund's members) drawn as one black outline named
    `outline_name`; codes outside the scope still draw. Without `height`, all Sweden
    gets a tall figure and a county a squarer one.
    """
    shapes = kommun_shapes()
    rows = [row for row in records(table) if row["region_code"] in shapes]
    county = len(rows) < len(shapes)
    traces: list[dict] = [_class_fill(klass, members, shapes) for klass, members in _classes(rows)]
    traces.append(_kommun_points(rows, measure, county))
    chosen = [code for code in outline if code in shapes]
    if chosen:
        xs, ys = union_shape(chosen).coordinates()
        traces.append(
            scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": HIGHLIGHT_OUTLINE, "width": 3},
                name=outline_name or "Valt område",
                hoverinfo="skip",
                showlegend=True,
                legendrank=800,
            )
        )
    traces.extend(class_legend_traces())
    west, south, east, north = _bounds([shapes[row["region_code"]] for row in rows])
    pad_x, pad_y = (east - west) * PADDING, (north - south) * PADDING
    middle = (south + north) / 2
    layout = dict(
        # "domain": the plot shrinks to the map's shape and the ranges stay the map's; with
        # plotly's default ("range") every redraw at a new width (a phone turned, a page
        # laid out) widened the ranges again, leaving a small Sweden in a wide margin
        xaxis={
            "visible": False,
            "range": [west - pad_x, east + pad_x],
            "fixedrange": True,
            "constrain": "domain",
        },
        yaxis={
            "visible": False,
            "range": [south - pad_y, north + pad_y],
            "scaleanchor": "x",
            "scaleratio": 1 / math.cos(math.radians(middle)),
            "fixedrange": True,
            "constrain": "domain",
            "constraintoward": "top",
        },
        hovermode="closest",
        # the hover lives on one point inside each kommun: a wider reach than plotly's
        # 20 px lets a pointer (or a finger) over most of a large kommun find its point
        hoverdistance=MAP_HOVER_REACH,
    )
    return finish(
        traces,
        layout,
        title=title or f"{MEASURE_LABELS[measure]} i {scope_name}s kommuner {period}",
        subtitle=f"{group_label(sex, age_group)}: andel av befolkningen, klass bland landets "
        "kommuner",
        source=source,
        alt=_alt(rows, scope_name, period, measure, outline_name if chosen else ""),
        width=width,
        height=height or (COUNTY_HEIGHT if county else SWEDEN_HEIGHT),
        axis_space=20,
    )


def _class(quartile: object) -> str:
    return "" if is_missing(quartile) else str(quartile)


def _colour(quartile: object) -> str:
    klass = _class(quartile)
    return QUARTILE_STYLES[klass].colour if klass else NO_CLASS_COLOUR


def _hover(row: dict, measure: str) -> str:
    klass = _class(row["quartile"])
    if is_missing(row["share"]):
        return f"<b>{row['name']}</b><br>{MEASURE_LABELS[measure]}: uppgift saknas"
    style = QUARTILE_STYLES[klass] if klass else None
    mark = f"{style.glyph} {style.label}" if style else "ingen klass"
    return f"<b>{row['name']}</b><br>{mark}<br>{MEASURE_LABELS[measure]}: " + format_percent(
        row["share"]
    )


CLASS_ORDER = ("high", "mid", "low", "")
"""The classes' fills in drawing order ("": no value, grey)."""


def _classes(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    """The rows of each class that has any, in :data:`CLASS_ORDER`."""
    grouped: dict[str, list[dict]] = {klass: [] for klass in CLASS_ORDER}
    for row in rows:
        grouped[_class(row["quartile"])].append(row)
    return [(klass, members) for klass, members in grouped.items() if members]


def _class_fill(klass: str, rows: list[dict], shapes: dict) -> dict:
    """One filled trace for all kommuner of a class: their rings as one path, None between.

    One trace per class, not per kommun: plotly's copies of a figure cost by the trace, and
    the map of Sweden's 290 traces were most of Översikt's server time (#18). The hover is
    on :func:`_kommun_points`, since a fill's hover can only name its whole trace.
    """
    xs, ys = joined(shapes[row["region_code"]] for row in rows).coordinates()
    return scatter(
        x=xs,
        y=ys,
        mode="lines",
        fill="toself",
        fillcolor=_colour(klass),
        line={"color": BORDER_COLOUR, "width": 0.6},
        hoverinfo="skip",
        name=QUARTILE_STYLES[klass].label if klass else "Uppgift saknas",
        showlegend=False,
        meta={"quartile": klass, "codes": [row["region_code"] for row in rows]},
    )


def _kommun_points(rows: list[dict], measure: str, county: bool) -> dict:
    """A point inside each kommun carrying its hover (name, class, share).

    In a county the point shows the class glyph, so the map reads without telling colours
    apart; on the map of Sweden it is invisible (only its hover shows), its hover label in
    the kommun's class colour.
    """
    points = [inner_point(row["region_code"]) for row in rows]
    if county:
        marker = {
            "symbol": [
                QUARTILE_STYLES[_class(r["quartile"])].symbol if _class(r["quartile"]) else "x"
                for r in rows
            ],
            "color": "#FFFFFF",
            "size": 9,
            "line": {"color": MARKER_OUTLINE, "width": 1.2},
        }
    else:
        marker = {"color": "rgba(0,0,0,0)", "size": 8, "line": {"width": 0}}
    return scatter(
        x=[p[0] for p in points],
        y=[p[1] for p in points],
        mode="markers",
        marker=marker,
        text=[_hover(row, measure) for row in rows],
        hoverinfo="text",
        hoverlabel={"bgcolor": [_colour(row["quartile"]) for row in rows]},
        showlegend=False,
        name="Kommun",
        meta={"codes": [row["region_code"] for row in rows]},
    )


def _bounds(shapes: Sequence) -> tuple[float, float, float, float]:
    if not shapes:
        return 10.0, 55.0, 25.0, 69.0
    boxes = [shape.bounds() for shape in shapes]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _alt(rows: list[dict], scope_name: str, period: object, measure: str, outlined: str) -> str:
    text = (
        f"Karta över {scope_name}s {len(rows)} kommuner {period}, färgade efter klass för "
        f"{MEASURE_LABELS[measure].lower()} jämfört med landets kommuner."
    )
    if outlined:
        text += f" {outlined} är inramat."
    for klass in ("high", "mid", "low"):
        names = [r["name"] for r in rows if _class(r["quartile"]) == klass]
        if names:
            glyph = QUARTILE_STYLES[klass].glyph
            text += f" {glyph} {QUARTILE_LABELS[klass]} ({len(names)}): {', '.join(names)}."
    missing = [r["name"] for r in rows if not _class(r["quartile"])]
    if missing:
        text += f" Uppgift saknas ({len(missing)}): {', '.join(missing)}."
    return text
