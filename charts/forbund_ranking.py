"""Alla samordningsförbund: one bar per förbund, ranked by its pooled total share.

Bars are coloured by the förbund's class among the kommuner (▲ ● ▼ in the label too,
so colour is never the only cue), the chosen förbund is marked ▶ in bold and outlined,
and riket's share is a dashed vertical line. The hover gives kvinnor, män, the change
over five years and the county. Takes :func:`metrics.forbund_ranking.forbund_ranking`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.county import HIGHLIGHT_ARROW
from charts.texts import is_missing, records
from charts.theme import (
    DEFAULT_SOURCE,
    DIMMED_OPACITY,
    GRID_COLOUR,
    HEIGHT,
    HIGHLIGHT_OUTLINE,
    NO_CLASS_COLOUR,
    PERCENT_SUFFIX,
    QUARTILE_STYLES,
    RIKET_COLOUR,
    TEXT_HALO,
    WIDTH,
    bar,
    class_legend_traces,
    finish,
    scatter,
)
from metrics.forbund_ranking import CHANGE_YEARS
from metrics.swedish import format_percent, format_points

BAR_PIXELS = 22
FITS_DEFAULT_HEIGHT = 24


def forbund_ranking_chart(
    ranking: pd.DataFrame,
    *,
    year: int,
    highlight: str | None = None,
    source: str = DEFAULT_SOURCE,
    width: int = WIDTH,
    height: int | None = None,
) -> go.Figure:
    """Horizontal bars of every förbund's total share in `year`, highest on top."""
    rows = records(ranking)
    codes = [row["region_code"] for row in rows]
    labels = [_label(row, row["region_code"] == highlight) for row in rows]
    shares = [0.0 if is_missing(row["share"]) else float(row["share"]) for row in rows]
    colours = [_colour(row["quartile"]) for row in rows]
    chosen = highlight in codes
    traces: list[dict] = [
        bar(
            orientation="h",
            y=codes,
            x=shares,
            marker={
                "color": colours,
                "opacity": [
                    1.0 if not chosen or code == highlight else DIMMED_OPACITY for code in codes
                ],
                "line": {
                    "color": HIGHLIGHT_OUTLINE,
                    "width": [2.5 if code == highlight else 0.5 for code in codes],
                },
            },
            hovertext=[_hover(row, year) for row in rows],
            hovertemplate="%{hovertext}<extra></extra>",
            text=[
                "uppgift saknas" if is_missing(r["share"]) else format_percent(r["share"])
                for r in rows
            ],
            textposition="outside",
            outsidetextfont={"shadow": TEXT_HALO},
            cliponaxis=False,
            showlegend=False,
            name="Förbund",
        )
    ]
    riket = next((r["riket_share"] for r in rows if not is_missing(r["riket_share"])), None)
    riket_line = {"color": RIKET_COLOUR, "width": 2, "dash": "dash"}
    if riket is not None:
        # the legend's entry; the line itself is a shape under the bars (below)
        traces.append(
            scatter(
                x=[None],
                y=[None],
                mode="lines",
                line=riket_line,
                name=f"Riket {format_percent(riket)}",
                hoverinfo="skip",
            )
        )
    traces.extend(class_legend_traces())
    top = max(shares, default=0.0)
    layout = dict(
        xaxis={
            "title": {"text": "Andel av befolkningen 20–64 år (%)"},
            "ticksuffix": PERCENT_SUFFIX,
            "showgrid": True,
            "gridcolor": GRID_COLOUR,
            "range": [0, max(top, riket or 0) * 1.18 or 1],
        },
        yaxis={
            "type": "category",
            "autorange": "reversed",
            "tickvals": codes,
            "ticktext": labels,
            "tickfont": {"size": 12},
        },
        bargap=0.25,
        # under the bars and their values (which have a halo): a line drawn over them
        # crossed out the values of the förbund just below riket ("10,8 %")
        shapes=[_riket_shape(riket, riket_line)] if riket is not None else [],
    )
    bars = len(codes)
    return finish(
        traces,
        layout,
        title=f"Alla samordningsförbund {year}",
        subtitle=(
            "Summa helårsekvivalenter i % av befolkningen 20–64 år, varje förbund räknat "
            "ihop av sina kommuner"
        ),
        source=source,
        alt=_alt(rows, year, highlight),
        width=width,
        height=height
        or (HEIGHT if bars <= FITS_DEFAULT_HEIGHT else HEIGHT + BAR_PIXELS * (bars - 24)),
        legend_right=False,
    )


def _class(quartile: object) -> str:
    return "" if is_missing(quartile) else str(quartile)


def _colour(quartile: object) -> str:
    klass = _class(quartile)
    return QUARTILE_STYLES[klass].colour if klass else NO_CLASS_COLOUR


def _label(row: dict, chosen: bool) -> str:
    klass = _class(row["quartile"])
    glyph = f"{QUARTILE_STYLES[klass].glyph} " if klass else ""
    text = f"{glyph}{row['name']}"
    return f"<b>{HIGHLIGHT_ARROW}{text}</b>" if chosen else text


def _hover(row: dict, year: int) -> str:
    lines = [f"<b>{row['name']}</b>"]
    if row["county_name"]:
        lines.append(row["county_name"])
    if is_missing(row["share"]):
        lines.append(f"{year}: uppgift saknas")
        return "<br>".join(lines)
    lines.append(f"Totalt {year}: {format_percent(row['share'])} (plats {row['rank']})")
    lines.append(f"Kvinnor {format_percent(row['share_k'])}, män {format_percent(row['share_m'])}")
    if not is_missing(row["change"]):
        lines.append(f"Sedan {year - CHANGE_YEARS}: {format_points(row['change'])}")
    if not is_missing(row["county_share"]):
        lines.append(f"{row['county_name']}: {format_percent(row['county_share'])}")
    return "<br>".join(lines)


def _alt(rows: list[dict], year: int, highlight: str | None) -> str:
    known = [r for r in rows if not is_missing(r["share"])]
    text = (
        f"Liggande staplar för {len(rows)} samordningsförbund {year}, sorterade efter den "
        "totala andelen av befolkningen 20–64 år som försörjs av ersättningarna."
    )
    if not known:
        return text + " Uppgifter saknas."
    first, last = known[0], known[-1]
    text += (
        f" Högst: {first['name']} ({format_percent(first['share'])}); "
        f"lägst: {last['name']} ({format_percent(last['share'])})."
    )
    if not is_missing(known[0]["riket_share"]):
        text += f" Riket: {format_percent(known[0]['riket_share'])}."
    for row in known:
        if row["region_code"] == highlight:
            text += (
                f" {row['name']} har {format_percent(row['share'])}, plats {row['rank']} "
                f"av {len(known)}."
            )
    return text


def _riket_shape(riket: float, line: dict) -> dict:
    """Riket's share as a vertical line over the whole plot, drawn below the bars."""
    return {
        "type": "line",
        "layer": "below",
        "xref": "x",
        "yref": "paper",
        "x0": riket,
        "x1": riket,
        "y0": 0,
        "y1": 1,
        "line": line,
    }
