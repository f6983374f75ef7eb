"""Several areas on one line chart: kommuner, counties and riket side by side.

Each area has its own colour, line dash and marker symbol, so the lines can be told
apart without colour; riket, when shown, is the thick black line used in every chart.
An incomplete period has an open marker (and a '*' on the year axis); unreported and
few-HE periods get '†'/'‡' above the marker; a missing value is a gap in the line and
is listed under the chart. Takes a compare table (:func:`metrics.views.compare_table`).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.texts import (
    flag_marks_of,
    flag_notes,
    frequency_axis_title,
    is_missing,
    missing_note,
    period_tick,
    records,
    share_hovers,
    x_values,
)
from charts.theme import (
    DEFAULT_SOURCE,
    HEIGHT,
    RIKET_COLOUR,
    WIDTH,
    finish,
    scatter,
    style_share_axis,
)
from data.contract import AGE_TOTAL, RIKET_CODE, SEX_TOTAL
from data.text import swedish_list
from metrics.labels import MEASURE_LABELS, SUMMA, age_label, period_label, share_axis_label
from metrics.periods import MONTH, YEAR
from metrics.swedish import format_percent

COLOURS: tuple[str, ...] = ("#1F4E79", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
"""One colour per area in order (Okabe–Ito hues; riket is always black instead)."""
DASHES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS: tuple[str, ...] = ("circle", "square", "diamond", "triangle-up", "x", "star")
YEAR_MARKER_SIZE = 11
MONTH_MARKER_SIZE = 6
MARK_SIZE = 15
GROUPS: dict[str, str] = {"T": "befolkningen", "K": "kvinnorna", "M": "männen"}
"""Whom a share is taken of, by kön: 'Andel av kvinnorna 20–64 år'."""
FOR_SEX: dict[str, str] = {"T": "", "K": " för kvinnor", "M": " för män"}


def area_styles(codes: list[str]) -> dict[str, dict[str, str]]:
    """Colour, dash and symbol of each area, by position; riket black and solid."""
    styles = {}
    for index, code in enumerate(codes):
        position = index % len(COLOURS)
        styles[code] = {
            "colour": RIKET_COLOUR if code == RIKET_CODE else COLOURS[position],
            "dash": "solid" if code == RIKET_CODE else DASHES[position],
            "symbol": SYMBOLS[position],
        }
    return styles


def _x_axis(rows: pd.DataFrame, frequency: str) -> dict:
    axis: dict = {"title": {"text": frequency_axis_title(frequency)}, "showgrid": False}
    if rows.empty:
        return axis
    if frequency == YEAR:
        periods = rows.groupby("period", sort=True)["partial"].any()
        axis["tickvals"] = [int(p) for p in periods.index]
        axis["ticktext"] = [
            period_tick(p, frequency, bool(partial)) for p, partial in periods.items()
        ]
        return axis
    first, last = x_values(rows["period"].agg(["min", "max"]), frequency)
    axis.update({"type": "date", "tickformat": "%Y", "dtick": "M12", "ticklabelmode": "period"})
    axis["range"] = [first, last]
    return axis


def _area_traces(
    rows: pd.DataFrame, style: dict[str, str], *, measure: str, age_group: str, frequency: str
) -> list[dict]:
    name = str(rows["name"].iloc[0])
    riket = str(rows["region_code"].iloc[0]) == RIKET_CODE
    as_dicts = records(rows)
    marks = flag_marks_of(rows, partial=frequency == YEAR)
    size = YEAR_MARKER_SIZE if frequency == YEAR else MONTH_MARKER_SIZE
    symbols = [
        f"{style['symbol']}-open" if bool(row["partial"]) else style["symbol"] for row in as_dicts
    ]
    return [
        scatter(
            x=x_values(rows["period"], frequency),
            y=[None if is_missing(v) else float(v) for v in rows["share"]],
            mode="lines+markers+text" if any(marks) else "lines+markers",
            name=name,
            line={"color": style["colour"], "width": 4 if riket else 2.5, "dash": style["dash"]},
            marker={
                "color": style["colour"],
                "symbol": symbols,
                "size": size,
                "line": {"color": style["colour"], "width": 2},
            },
            text=marks,
            textposition="top center",
            textfont={"size": MARK_SIZE, "color": style["colour"]},
            connectgaps=False,
            cliponaxis=False,
            hovertext=share_hovers(
                rows, who=name, measure=measure, age_group=age_group, frequency=frequency
            ),
            hovertemplate="%{hovertext}<extra></extra>",
        )
    ]


def _title_names(names: list[str]) -> str:
    if len(names) > 3:
        return f"{len(names)} områden"
    shown = [n if n != "Riket" else "riket" for n in names]
    return swedish_list(shown)


def _span_text(rows: pd.DataFrame, frequency: str) -> str:
    if rows.empty:
        return "inga perioder"
    first, last = rows["period"].min(), rows["period"].max()
    if frequency == YEAR:
        return f"{first}–{last}"
    months = f"{period_label(first, MONTH)} – {period_label(last, MONTH)}"
    return months if frequency == MONTH else f"rullande 12 månader, {months}"


def _alt(
    by_area: list[pd.DataFrame], measure_label: str, frequency: str, span: str, sex: str
) -> str:
    names = [str(rows["name"].iloc[0]) for rows in by_area]
    text = (
        f"Linjediagram som jämför {measure_label.lower()}{FOR_SEX[sex]} i "
        f"{_title_names(names)}, {span}."
    )
    latest = []
    for rows in by_area:
        known = rows.loc[rows["share"].notna()]
        if known.empty:
            latest.append(f"{rows['name'].iloc[0]}: uppgift saknas")
            continue
        last = known.iloc[-1]
        latest.append(
            f"{last['name']} {format_percent(last['share'])} "
            f"({period_label(last['period'], frequency)})"
        )
    return f"{text} Senaste värden: {'; '.join(latest)}."


def compare_chart(
    table: pd.DataFrame,
    *,
    measure: str = SUMMA,
    sex: str = SEX_TOTAL,
    age_group: str = AGE_TOTAL,
    frequency: str = YEAR,
    source: str = DEFAULT_SOURCE,
    title: str | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> go.Figure:
    """One line per area for one measure, kön and age group, over all periods."""
    rows = table.sort_values(["period"], kind="stable")
    codes = list(dict.fromkeys(str(c) for c in table["region_code"]))
    styles = area_styles(codes)
    by_area = [rows.loc[rows["region_code"].astype(str) == code] for code in codes]
    by_area = [area_rows for area_rows in by_area if not area_rows.empty]
    measure_label = MEASURE_LABELS[measure]
    traces: list[dict] = []
    for area_rows in by_area:
        code = str(area_rows["region_code"].iloc[0])
        traces.extend(
            _area_traces(
                area_rows, styles[code], measure=measure, age_group=age_group, frequency=frequency
            )
        )
    missing = [
        f"{area_rows['name'].iloc[0]} {period_label(p, frequency)}"
        for area_rows in by_area
        for p in area_rows.loc[area_rows["share"].isna(), "period"]
    ]
    span = _span_text(rows, frequency)
    names = [str(area_rows["name"].iloc[0]) for area_rows in by_area]
    layout = dict(
        xaxis=_x_axis(rows, frequency),
        yaxis=style_share_axis({"title": {"text": share_axis_label(age_group)}}),
        hovermode="closest",
    )
    return finish(
        traces,
        layout,
        title=title or f"{measure_label} – {_title_names(names) if names else 'inga områden'}",
        subtitle=f"Andel av {GROUPS[sex]} {age_label(age_group)}, {span}",
        source=source,
        alt=_alt(by_area, measure_label, frequency, span, sex),
        notes=[*flag_notes(rows), *missing_note(missing)],
        width=width,
        height=height,
        legend_right=False,
    )
