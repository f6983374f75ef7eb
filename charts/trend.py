"""The report's two line charts over time.

*Diagramtyp 1* (:func:`trend_chart`): the area's share as a line whose markers show
its class among the kommuner (colour and symbol), the unweighted mean of the county's
kommuner as a thin dashed line, riket as a thick line, and the grey band from the
lowest to the highest kommun.

*Diagramtyp 2* (:func:`gender_trend_chart`): kvinnor (light blue) and män (dark blue)
of the area with class markers, and riket's kvinnor and män as plain solid lines.

Both take a trend table (:func:`metrics.views.trend_table`). An incomplete period is
drawn with an open marker and a '*'; unreported and few-HE periods get '†'/'‡' above
the marker; a missing value is a gap in the line and is listed under the chart.
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
    share_hovers,
    value_hovers,
    x_values,
)
from charts.theme import (
    AREA_COLOUR,
    BAND_COLOUR,
    COMPARISON_COLOUR,
    COUNTY_COLOUR,
    DEFAULT_SOURCE,
    HEIGHT,
    MARKER_OUTLINE,
    MEMBER_COLOURS,
    MEMBER_LINE_WIDTH,
    NO_CLASS_COLOUR,
    QUARTILE_STYLES,
    RIKET_COLOUR,
    SEX_COLOURS,
    WIDTH,
    class_legend_traces,
    finish,
    line_legend_trace,
    scatter,
    style_share_axis,
)
from metrics.labels import (
    MEASURE_LABELS,
    QUARTILE_PHRASES,
    SEX_LABELS,
    SUMMA,
    age_label,
    period_label,
    period_labels,
    share_axis_label,
)
from metrics.periods import MONTH, YEAR
from metrics.swedish import format_percent, format_percents

YEAR_MARKER_SIZE = 14
MONTH_MARKER_SIZE = 8
MARK_SIZE = 17
"""Font size of the flag marks (*, †, ‡) above the markers."""
PARTIAL_STROKE = 3


COUNTY_MEAN_HOVER = (
    "<br>Varje kommun väger lika; inte länets sammanräknade andel<br>"
    "(alla kommuners helårsekvivalenter ÷ deras folkmängd)"
)
"""Under the county-mean line's hover: the county's pooled share (cards, Jämför) is a
different number, and both are shown, so each is named where it appears."""


def _marker_size(frequency: str) -> int:
    return YEAR_MARKER_SIZE if frequency == YEAR else MONTH_MARKER_SIZE


def class_markers(
    rows: pd.DataFrame, frequency: str, outline: str = MARKER_OUTLINE, outline_width: float = 1
) -> dict:
    """Marker settings coloured and shaped by each row's class.

    An incomplete period gets the open variant of its symbol, drawn with a thick stroke
    in the class colour (plotly strokes open symbols with the marker colour).
    """
    colours, symbols, widths = [], [], []
    for quartile, partial in zip(rows["quartile"], rows["partial"], strict=True):
        style = None if is_missing(quartile) else QUARTILE_STYLES[str(quartile)]
        colours.append(style.colour if style else NO_CLASS_COLOUR)
        symbol = style.symbol if style else "circle"
        symbols.append(f"{symbol}-open" if partial else symbol)
        widths.append(PARTIAL_STROKE if partial else outline_width)
    return {
        "color": colours,
        "symbol": symbols,
        "size": _marker_size(frequency),
        "line": {"color": outline, "width": widths},
    }


def _x_axis(rows: pd.DataFrame, frequency: str) -> dict:
    axis: dict = {"title": {"text": frequency_axis_title(frequency)}, "showgrid": False}
    if frequency == YEAR:
        periods = rows.drop_duplicates("period")
        axis["tickvals"] = x_values(periods["period"], frequency)
        axis["ticktext"] = [
            period_tick(p, frequency, bool(partial))
            for p, partial in zip(periods["period"], periods["partial"], strict=True)
        ]
    else:
        first, last = x_values(rows["period"].iloc[[0, -1]], frequency)
        axis.update(
            {
                "type": "date",
                "tickformat": "%Y",
                "dtick": "M12",
                "ticklabelmode": "period",
                "range": [first, last],
            }
        )
    return axis


def _missing_periods(rows: pd.DataFrame, frequency: str) -> list[str]:
    missing = rows.loc[rows["share"].isna(), "period"]
    return [period_label(p, frequency) for p in missing]


def partial_segments(shares: pd.Series, partial: pd.Series) -> tuple[list, list]:
    """The y values of the solid line and of the dotted line into incomplete periods.

    The solid line joins complete periods only; the dotted one joins each run of
    incomplete periods and the complete period just before it, so an incomplete
    period is never drawn as if it were a full one.
    """
    values = [None if is_missing(v) else float(v) for v in shares]
    flags = [bool(p) for p in partial]
    solid = [None if flag else v for v, flag in zip(values, flags, strict=True)]
    dotted = [
        v if flags[i] or (i + 1 < len(flags) and flags[i + 1]) else None
        for i, v in enumerate(values)
    ]
    return solid, dotted


def _area_traces(
    rows: pd.DataFrame,
    *,
    name: str,
    who: str,
    measure: str,
    age_group: str,
    frequency: str,
    line_colour: str,
    dash: str = "solid",
    outline: str = MARKER_OUTLINE,
    outline_width: float = 1,
) -> list[dict]:
    """The area's line (solid, dotted into incomplete periods) and its class markers."""
    x = x_values(rows["period"], frequency)
    solid, dotted = partial_segments(rows["share"], rows["partial"])
    common = {"x": x, "legendgroup": name, "showlegend": False, "connectgaps": False}
    lines = [
        scatter(
            y=solid,
            mode="lines",
            name=name,
            line={"color": line_colour, "width": 3, "dash": dash},
            hoverinfo="skip",
            **common,
        )
    ]
    if any(v is not None for v in dotted) and rows["partial"].any():
        lines.append(
            scatter(
                y=dotted,
                mode="lines",
                name=f"{name} (ofullständig period)",
                line={"color": line_colour, "width": 3, "dash": "dot"},
                hoverinfo="skip",
                **common,
            )
        )
    marks = flag_marks_of(rows, partial=frequency == YEAR)
    hover = share_hovers(rows, who=who, measure=measure, age_group=age_group, frequency=frequency)
    markers = scatter(
        y=rows["share"].tolist(),
        mode="markers+text" if any(marks) else "markers",
        name=name,
        marker=class_markers(rows, frequency, outline, outline_width),
        text=marks,
        textposition="top center",
        textfont={"size": MARK_SIZE, "color": line_colour},
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        cliponaxis=False,
        **common,
    )
    return [*lines, markers]


def _last_known(rows: pd.DataFrame) -> pd.Series | None:
    known = rows.loc[rows["share"].notna()]
    return None if known.empty else known.iloc[-1]


def trend_chart(
    trend: pd.DataFrame,
    *,
    area_name: str,
    measure: str = SUMMA,
    county_name: str | None = None,
    age_group: str = "20-64",
    frequency: str = YEAR,
    compare_riket: bool = True,
    member_lines: pd.DataFrame | None = None,
    comparison: pd.DataFrame | None = None,
    comparison_name: str = "Jämförbara kommuner",
    source: str = DEFAULT_SOURCE,
    title: str | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> go.Figure:
    """Diagramtyp 1: one area's share over time against its county, riket and the band.

    `trend` is a trend table of one sex. `county_name` labels the county-mean line
    (drawn when given and the table has values); `compare_riket=False` leaves riket out
    (for riket itself). On request, `member_lines` (`name`, `period`, `share`, e.g. from
    :func:`metrics.comparables.member_trends`) draws each kommun of the area as a thin
    line, and `comparison` (`period`, `share`) one dotted line named `comparison_name`.
    """
    rows = trend.sort_values("period", ignore_index=True)
    x = x_values(rows["period"], frequency)
    measure_label = MEASURE_LABELS[measure]
    traces: list[dict] = []
    when = period_labels(rows["period"], frequency)
    traces.append(
        scatter(
            x=x,
            y=rows["band_min"].tolist(),
            mode="lines",
            line={"width": 0},
            showlegend=False,
            hoverinfo="skip",
            name="Lägsta kommun",
        )
    )
    band_hover = [
        f"<b>Landets kommuner, {w}</b><br>Lägsta: {lo}<br>Högsta: {hi}"
        for w, lo, hi in zip(
            when,
            format_percents(rows["band_min"].tolist()),
            format_percents(rows["band_max"].tolist()),
            strict=True,
        )
    ]
    traces.append(
        scatter(
            x=x,
            y=rows["band_max"].tolist(),
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor=BAND_COLOUR,
            name="Spridning: lägsta–högsta kommun",
            hovertext=band_hover,
            hovertemplate="%{hovertext}<extra></extra>",
            legendrank=4,
        )
    )
    if county_name and rows["county_mean"].notna().any():
        traces.append(
            scatter(
                x=x,
                y=rows["county_mean"].tolist(),
                mode="lines",
                name=f"Medelvärde för kommunerna<br>i {county_name}",
                line={"color": COUNTY_COLOUR, "width": 1.5, "dash": "dash"},
                hovertext=[
                    hover + COUNTY_MEAN_HOVER
                    for hover in value_hovers(
                        f"Medelvärde för kommunerna i {county_name}",
                        when,
                        measure_label,
                        rows["county_mean"],
                    )
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                legendrank=3,
            )
        )
    if member_lines is not None and not member_lines.empty:
        traces.extend(_member_traces(member_lines, measure_label, frequency))
    if comparison is not None and comparison["share"].notna().any():
        traces.append(_comparison_trace(comparison, comparison_name, measure_label, frequency))
    if compare_riket and rows["riket"].notna().any():
        traces.append(
            scatter(
                x=x,
                y=rows["riket"].tolist(),
                mode="lines",
                name="Riket",
                line={"color": RIKET_COLOUR, "width": 4},
                hovertext=value_hovers("Riket", when, measure_label, rows["riket"]),
                hovertemplate="%{hovertext}<extra></extra>",
                legendrank=2,
            )
        )
    traces.extend(
        _area_traces(
            rows,
            name=area_name,
            who=area_name,
            measure=measure,
            age_group=age_group,
            frequency=frequency,
            line_colour=AREA_COLOUR,
        )
    )
    traces.append(line_legend_trace(name=area_name, colour=AREA_COLOUR, group=area_name, rank=1))
    traces.extend(class_legend_traces(_marker_size(frequency)))
    layout = dict(
        xaxis=_x_axis(rows, frequency),
        yaxis=style_share_axis({"title": {"text": share_axis_label(age_group)}}),
        hovermode="closest",
    )
    span = _span_text(rows, frequency)
    notes = [*flag_notes(rows), *missing_note(_missing_periods(rows, frequency))]
    return finish(
        traces,
        layout,
        title=title or f"{measure_label} – {area_name}",
        subtitle=f"Andel av befolkningen {age_label(age_group)}, {span}",
        source=source,
        alt=_trend_alt(rows, area_name, measure_label, frequency, span) + _member_alt(member_lines),
        notes=notes,
        width=width,
        height=height,
    )


def _member_traces(members: pd.DataFrame, measure_label: str, frequency: str) -> list[dict]:
    """One thin line per kommun of the area, in the legend under 'Kommunerna i området'."""
    traces = []
    names = list(dict.fromkeys(members["name"]))
    for index, name in enumerate(names):
        rows = members.loc[members["name"] == name].sort_values("period")
        when = period_labels(rows["period"], frequency)
        traces.append(
            scatter(
                x=x_values(rows["period"], frequency),
                y=[None if is_missing(v) else float(v) for v in rows["share"]],
                mode="lines",
                name=name,
                line={
                    "color": MEMBER_COLOURS[index % len(MEMBER_COLOURS)],
                    "width": MEMBER_LINE_WIDTH,
                },
                opacity=0.9,
                connectgaps=False,
                legendgroup="members",
                legendgrouptitle={"text": "Kommunerna i området" if index == 0 else ""},
                legendrank=500 + index,
                hovertext=value_hovers(name, when, measure_label, rows["share"]),
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    return traces


def _comparison_trace(
    comparison: pd.DataFrame, name: str, measure_label: str, frequency: str
) -> dict:
    rows = comparison.sort_values("period")
    when = period_labels(rows["period"], frequency)
    return scatter(
        x=x_values(rows["period"], frequency),
        y=[None if is_missing(v) else float(v) for v in rows["share"]],
        mode="lines",
        name=name,
        line={"color": COMPARISON_COLOUR, "width": 2.5, "dash": "dot"},
        connectgaps=False,
        hovertext=value_hovers(name, when, measure_label, rows["share"]),
        hovertemplate="%{hovertext}<extra></extra>",
        legendrank=3,
    )


def _member_alt(members: pd.DataFrame | None) -> str:
    if members is None or members.empty:
        return ""
    names = list(dict.fromkeys(members["name"]))
    return f" Tunna linjer: områdets kommuner ({', '.join(names)})."


def _span_text(rows: pd.DataFrame, frequency: str) -> str:
    if rows.empty:
        return "inga perioder"
    first, last = rows["period"].iloc[0], rows["period"].iloc[-1]
    if frequency == YEAR:
        return f"{first}–{last}"
    months = f"{period_label(first, MONTH)} – {period_label(last, MONTH)}"
    return months if frequency == MONTH else f"rullande 12 månader, {months}"


def _trend_alt(
    rows: pd.DataFrame, area_name: str, measure_label: str, frequency: str, span: str
) -> str:
    text = f"Linjediagram över {measure_label.lower()} i {area_name}, {span}."
    last = _last_known(rows)
    if last is None:
        return f"{text} Uppgifter saknas."
    when = period_label(last["period"], frequency)
    text += f" Senaste värde {format_percent(last['share'])} ({when})"
    if not is_missing(last["quartile"]):
        text += f", {QUARTILE_PHRASES[str(last['quartile'])]}"
    if not is_missing(last["riket"]):
        text += f"; riket {format_percent(last['riket'])}"
    if not is_missing(last["band_min"]):
        text += (
            f"; kommunerna från {format_percent(last['band_min'])} "
            f"till {format_percent(last['band_max'])}"
        )
    return text + "."


def gender_trend_chart(
    trend: pd.DataFrame,
    *,
    area_name: str,
    measure: str = SUMMA,
    age_group: str = "20-64",
    frequency: str = YEAR,
    compare_riket: bool = True,
    source: str = DEFAULT_SOURCE,
    title: str | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> go.Figure:
    """Diagramtyp 2: kvinnor and män of one area with class markers, beside riket's.

    `trend` is a trend table with the sexes `K` and `M`. The area's lines carry markers
    filled by class and outlined in the sex's colour; riket's are plain solid lines.
    """
    measure_label = MEASURE_LABELS[measure]
    traces: list[dict] = []
    by_sex = {
        sex: trend.loc[trend["sex"] == sex].sort_values("period", ignore_index=True)
        for sex in ("K", "M")
    }
    if compare_riket:
        for sex, rows in by_sex.items():
            if rows["riket"].notna().any():
                when = period_labels(rows["period"], frequency)
                traces.append(
                    scatter(
                        x=x_values(rows["period"], frequency),
                        y=rows["riket"].tolist(),
                        mode="lines",
                        name=f"{SEX_LABELS[sex]}, riket",
                        line={"color": SEX_COLOURS[sex], "width": 2},
                        opacity=0.8,
                        hovertext=value_hovers(
                            f"{SEX_LABELS[sex]} i riket", when, measure_label, rows["riket"]
                        ),
                        hovertemplate="%{hovertext}<extra></extra>",
                        legendrank=10 + len(traces),
                    )
                )
    for sex, rows in by_sex.items():
        name = f"{SEX_LABELS[sex]}, {area_name}"
        traces.extend(
            _area_traces(
                rows,
                name=name,
                who=f"{SEX_LABELS[sex]} i {area_name}",
                measure=measure,
                age_group=age_group,
                frequency=frequency,
                line_colour=SEX_COLOURS[sex],
                dash="dash",
                outline=SEX_COLOURS[sex],
                outline_width=2.5,
            )
        )
        traces.append(
            line_legend_trace(name=name, colour=SEX_COLOURS[sex], group=name, rank=1, dash="dash")
        )
    traces.extend(class_legend_traces(_marker_size(frequency)))
    rows = pd.concat(by_sex.values(), ignore_index=True).sort_values("period", kind="stable")
    layout = dict(
        xaxis=_x_axis(rows, frequency),
        yaxis=style_share_axis({"title": {"text": share_axis_label(age_group)}}),
        hovermode="closest",
    )
    span = _span_text(rows, frequency)
    missing = [
        f"{SEX_LABELS[sex].lower()} {label}"
        for sex, sex_rows in by_sex.items()
        for label in _missing_periods(sex_rows, frequency)
    ]
    return finish(
        traces,
        layout,
        title=title or f"{measure_label} för kvinnor och män – {area_name}",
        subtitle=f"Andel av befolkningen {age_label(age_group)} av samma kön, {span}",
        source=source,
        alt=_gender_alt(by_sex, area_name, measure_label, frequency, span),
        notes=[*flag_notes(rows), *missing_note(missing)],
        width=width,
        height=height,
    )


def _gender_alt(
    by_sex: dict[str, pd.DataFrame],
    area_name: str,
    measure_label: str,
    frequency: str,
    span: str,
) -> str:
    text = f"Linjediagram över {measure_label.lower()} för kvinnor och män i {area_name}, {span}."
    for sex, rows in by_sex.items():
        last = _last_known(rows)
        if last is not None:
            text += (
                f" {SEX_LABELS[sex]} {period_label(last['period'], frequency)}: "
                f"{format_percent(last['share'])} (riket {format_percent(last['riket'])})."
            )
    return text
