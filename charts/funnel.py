"""Trattdiagram (funnel plot): where each kommun stands once chance is accounted for.

Every kommun's share (one measure, period, kön, age group) against its population,
around riket's pooled share, with the 95 % and 99,8 % control limits as lines that
narrow as the population grows (a :class:`metrics.funnel.Funnel`). A small kommun far
from riket may still be within chance; a kommun outside the 99,8 % lines differs more
than chance (and the usual spread among kommuner) explains. Kommuner outside are drawn
as ▲ (above) or ▼ (below) and named in the hover and the text alternative; the chosen
area (or a förbund's kommuner) is outlined and labelled. The population axis is
logarithmic: kommuner range from about 1 000 to 600 000 inhabitants 20–64 år.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import plotly.graph_objects as go

from charts.texts import is_missing, records
from charts.theme import (
    AREA_COLOUR,
    DEFAULT_SOURCE,
    HEIGHT,
    HIGHLIGHT_OUTLINE,
    MUTED_COLOUR,
    NO_CLASS_COLOUR,
    PERCENT_SUFFIX,
    QUARTILE_STYLES,
    RIKET_COLOUR,
    WIDTH,
    finish,
    scatter,
)
from metrics.chance import HIGH, LOW, OVERDISPERSED, Z_95, Z_998
from metrics.funnel import Funnel
from metrics.labels import MEASURE_LABELS, SEX_LABELS, age_label
from metrics.ranking import HIGH as HIGH_CLASS
from metrics.ranking import LOW as LOW_CLASS
from metrics.swedish import format_number, format_percent

LINE_POINTS = 200
"""Points along each limit line (on the logarithmic population axis)."""
SIGNAL_STYLES: dict[str, tuple[str, str, str]] = {
    HIGH: ("triangle-up", QUARTILE_STYLES[HIGH_CLASS].colour, "över 99,8 %-gränsen"),
    LOW: ("triangle-down", QUARTILE_STYLES[LOW_CLASS].colour, "under 99,8 %-gränsen"),
}
"""Marker symbol, colour and words of a kommun outside the 99,8 % limits."""
METHOD_NOTES: dict[str, str] = {
    OVERDISPERSED: (
        "Kommunerna skiljer sig mer än slumpen förklarar, så gränserna är vidgade med "
        "spridningen mellan kommunerna (Spiegelhalter 2005). Se Om data."
    ),
    "binomial": "Gränserna visar slumpens variation vid kommunens folkmängd. Se Om data.",
}


def who_text(sex: str, age_group: str) -> str:
    """'befolkningen 20–64 år', 'kvinnor 20–64 år'."""
    who = "befolkningen" if sex == "T" else SEX_LABELS[sex].lower()
    return f"{who} {age_label(age_group)}"


def limit_grid(populations: Collection[float], points: int = LINE_POINTS) -> np.ndarray:
    """The populations at which the limit lines are drawn: evenly spaced on the
    logarithmic axis from just left of the smallest kommun to just right of the largest."""
    return np.geomspace(min(populations) * 0.9, max(populations) * 1.1, points)


def funnel_chart(
    funnel: Funnel,
    *,
    measure: str,
    period_text: str,
    sex: str = "T",
    age_group: str = "20-64",
    highlight: Collection[str] = (),
    source: str = DEFAULT_SOURCE,
    title: str | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> go.Figure:
    """The funnel plot of `funnel` (:func:`metrics.funnel.kommun_funnel`).

    `highlight` holds the kommun codes to bring forward (a kommun, or a förbund's
    kommuner); codes not in the table are ignored.
    """
    table = funnel.table
    rows = [r for r in records(table) if not is_missing(r["share"])]
    chosen = set(highlight)
    p0 = funnel.reference_share
    traces: list[dict] = []
    populations = [float(r["population"]) for r in rows]
    if populations and not is_missing(p0):
        grid = limit_grid(populations)
        for z, name, dash in ((Z_998, "99,8 %-gränser", "dot"), (Z_95, "95 %-gränser", "dash")):
            lower, upper = funnel.limits(grid, z)
            for part, values in (("övre", upper), ("undre", lower)):
                traces.append(
                    scatter(
                        x=grid.tolist(),
                        y=values.tolist(),
                        mode="lines",
                        name=name,
                        legendgroup=name,
                        showlegend=part == "övre",
                        line={"color": MUTED_COLOUR, "width": 1.5, "dash": dash},
                        hoverinfo="skip",
                    )
                )
        traces.append(
            scatter(
                x=[grid[0], grid[-1]],
                y=[p0, p0],
                mode="lines",
                name=f"Riket (sammanräknat): {format_percent(p0)}",
                line={"color": RIKET_COLOUR, "width": 2},
                hoverinfo="skip",
            )
        )
    groups = (
        ("Kommuner inom gränserna", "", "circle", NO_CLASS_COLOUR),
        ("Över 99,8 %-gränsen", HIGH, *SIGNAL_STYLES[HIGH][:2]),
        ("Under 99,8 %-gränsen", LOW, *SIGNAL_STYLES[LOW][:2]),
    )
    for name, kind, symbol, colour in groups:
        members = [r for r in rows if r["signal"] == kind]
        if not members:
            continue
        traces.append(
            scatter(
                x=[r["population"] for r in members],
                y=[r["share"] for r in members],
                mode="markers",
                name=name,
                marker={
                    "symbol": symbol,
                    "color": colour,
                    "size": 9,
                    "opacity": 0.85,
                    "line": {"color": "#333333", "width": 0.5},
                },
                hovertext=[_hover(r, p0) for r in members],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    marked = [r for r in rows if r["region_code"] in chosen]
    if marked:
        traces.append(
            scatter(
                x=[r["population"] for r in marked],
                y=[r["share"] for r in marked],
                mode="markers+text",
                name="Valt område" if len(marked) == 1 else "Områdets kommuner",
                text=[f"<b>{r['name']}</b>" for r in marked],
                textposition="top center",
                textfont={"size": 14, "color": AREA_COLOUR},
                marker={
                    "symbol": [
                        SIGNAL_STYLES[r["signal"]][0] if r["signal"] else "circle" for r in marked
                    ],
                    "color": AREA_COLOUR,
                    "size": 15,
                    "line": {"color": HIGHLIGHT_OUTLINE, "width": 2},
                },
                hovertext=[_hover(r, p0) for r in marked],
                hovertemplate="%{hovertext}<extra></extra>",
                cliponaxis=False,
            )
        )
    who = who_text(sex, age_group)
    layout = dict(
        xaxis={
            "type": "log",
            "title": {"text": f"Folkmängd {age_label(age_group)} (logaritmisk skala)"},
            "tickformat": ",d",
            "showgrid": True,
        },
        yaxis={
            "title": {"text": f"Andel av {who} (%)"},
            "ticksuffix": PERCENT_SUFFIX,
            "showgrid": True,
            "hoverformat": ".1f",
        },
        hovermode="closest",
    )
    label = MEASURE_LABELS[measure]
    return finish(
        traces,
        layout,
        title=title or f"{label} – kommunerna jämfört med riket {period_text}",
        subtitle=(
            f"Andel av {who} per kommun mot folkmängd; linjerna visar hur långt från riket "
            "slumpen kan föra en kommun av den storleken"
        ),
        source=source,
        alt=_alt(rows, marked, label, period_text, p0),
        notes=[METHOD_NOTES[funnel.method]],
        width=width,
        height=height,
    )


def _hover(row, p0: float) -> str:
    lines = [
        f"<b>{row['name']}</b>",
        f"Andel: {format_percent(row['share'])} (riket: {format_percent(p0)})",
        f"Folkmängd: {format_number(row['population'])}",
        f"95 %-gränser: {format_percent(row['lower_95'])}–{format_percent(row['upper_95'])}",
        f"99,8 %-gränser: {format_percent(row['lower_998'])}–{format_percent(row['upper_998'])}",
    ]
    if row["signal"]:
        lines.append(f"<b>{row['name']} ligger {SIGNAL_STYLES[row['signal']][2]}</b>")
    else:
        lines.append("Inom gränserna: skillnaden mot riket kan vara slumpens")
    return "<br>".join(lines)


def _names(rows: list[dict]) -> str:
    names = [str(r["name"]) for r in rows]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


def _alt(rows: list[dict], marked: list[dict], label: str, period_text: str, p0: float) -> str:
    text = (
        f"Trattdiagram över {label.lower()} {period_text}: {len(rows)} kommuners andel mot "
        f"deras folkmängd, runt rikets andel {format_percent(p0)}, med 95 %- och "
        "99,8 %-gränser."
    )
    above = [r for r in rows if r["signal"] == HIGH]
    below = [r for r in rows if r["signal"] == LOW]
    if not above and not below:
        text += " Ingen kommun ligger utanför 99,8 %-gränserna."
    if above:
        text += f" Över 99,8 %-gränsen: {_names(above)}."
    if below:
        text += f" Under 99,8 %-gränsen: {_names(below)}."
    for row in marked:
        where = SIGNAL_STYLES[row["signal"]][2] if row["signal"] else "inom gränserna"
        text += f" {row['name']}: {format_percent(row['share'])}, {where}."
    return text
