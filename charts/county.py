"""Ersättningssystemens användning i länets kommuner: one stacked bar per kommun.

Each bar is a kommun's share of the population supported by the six systems, stacked
in the report's order; the bars are sorted from the highest to the lowest total share
(the report's order) and the total is written at the end of each bar. The selected
kommun (or a förbund's kommuner) is highlighted: its name in bold with an arrow, its bar
outlined, the others paler — so it stands out without colour. Takes a county table
(:func:`metrics.views.county_table`), for any age group (20–64 or 20–29 as in the
report).
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd
import plotly.graph_objects as go

from charts.texts import Row, flag_marks, flag_notes, is_missing, records
from charts.theme import (
    DEFAULT_SOURCE,
    DIMMED_OPACITY,
    GRID_COLOUR,
    HEIGHT,
    HIGHLIGHT_OUTLINE,
    MUTED_COLOUR,
    PERCENT_SUFFIX,
    SYSTEM_COLOURS,
    WIDTH,
    bar,
    finish,
    scatter,
)
from metrics.labels import (
    MEASURE_LABELS,
    REPORT_ORDER,
    SUMMA,
    age_label,
    period_label,
)
from metrics.periods import YEAR
from metrics.swedish import format_number, format_percent, swedish_sort_key

SYSTEMS: tuple[str, ...] = tuple(m for m in REPORT_ORDER if m in SYSTEM_COLOURS)
HIGHLIGHT_ARROW = "▶ "
MANY_KOMMUNER = 20
"""Above this many bars the kommun names use a smaller font."""
FITS_DEFAULT_HEIGHT = 28
BAR_PIXELS = 19
"""Up to this many kommuner fit the 16:9 default; above it each bar gets this many px."""


def county_order(county: pd.DataFrame) -> pd.DataFrame:
    """One row per kommun with its total (`summa`) share, highest first.

    Kommuner without a total come last; equal totals are in Swedish alphabetical order.
    """
    totals = county.loc[county["measure"] == SUMMA].copy()
    totals["sort_name"] = totals["name"].map(swedish_sort_key)
    totals["no_total"] = totals["share"].isna()
    ordered = totals.sort_values(
        ["no_total", "share", "sort_name"], ascending=[True, False, True], kind="stable"
    )
    return ordered.drop(columns=["sort_name", "no_total"]).reset_index(drop=True)


def county_chart(
    county: pd.DataFrame,
    *,
    county_name: str,
    period: object,
    highlight: str | Collection[str] | None = None,
    frequency: str = YEAR,
    age_group: str = "20-64",
    source: str = DEFAULT_SOURCE,
    title: str | None = None,
    width: int = WIDTH,
    height: int | None = None,
) -> go.Figure:
    """Stacked bars of the county's kommuner by system, sorted by total share.

    `highlight` is the code of the kommun to bring forward, or the codes of several (a
    förbund's kommuner); codes outside the county are ignored. Without `height`, a
    county of up to 28 kommuner gets the 16:9 default and a larger one (Västra Götaland:
    49) a taller figure, so that every name stays readable.
    """
    totals = county_order(county)
    codes = totals["region_code"].tolist()
    chosen = highlighted(highlight)
    labels = [
        f"<b>{HIGHLIGHT_ARROW}{name}</b>" if code in chosen else name
        for code, name in zip(codes, totals["name"], strict=True)
    ]
    cells = {(row["region_code"], row["measure"]): row for row in records(county)}
    when = period_label(period, frequency)
    dim_others = bool(chosen & set(codes))
    opacity = [DIMMED_OPACITY if dim_others and code not in chosen else 1.0 for code in codes]
    outline = [2.5 if code in chosen else 0.5 for code in codes]
    many = len(codes) > MANY_KOMMUNER
    traces: list[dict] = []
    for measure in SYSTEMS:
        shares = []
        hover = []
        for code, name in zip(codes, totals["name"], strict=True):
            row = cells.get((code, measure))
            share = None if row is None or is_missing(row["share"]) else float(row["share"])
            shares.append(share)
            hover.append(_hover(name, when, measure, row, age_group))
        traces.append(
            bar(
                orientation="h",
                y=codes,
                x=[0.0 if s is None else s for s in shares],
                name=MEASURE_LABELS[measure],
                marker={
                    "color": SYSTEM_COLOURS[measure],
                    "opacity": opacity,
                    "line": {"color": HIGHLIGHT_OUTLINE, "width": outline},
                },
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    total_text = [
        "uppgift saknas"
        if is_missing(row["share"])
        else f"{format_percent(row['share'])}{flag_marks(row)}"
        for row in records(totals)
    ]
    traces.append(
        scatter(
            y=codes,
            x=totals["share"].fillna(0).tolist(),
            mode="text",
            text=total_text,
            textposition="middle right",
            textfont={"size": 11 if many else 13, "color": MUTED_COLOUR},
            showlegend=False,
            hoverinfo="skip",
            cliponaxis=False,
            name="Summa",
        )
    )
    top = totals["share"].max()
    layout = dict(
        barmode="stack",
        bargap=0.25,
        xaxis={
            "title": {"text": f"Andel av befolkningen {age_label(age_group)} (%)"},
            "ticksuffix": PERCENT_SUFFIX,
            "showgrid": True,
            "gridcolor": GRID_COLOUR,
            "range": [0, (0 if is_missing(top) else top) * 1.15 or 1],
        },
        yaxis={
            "type": "category",
            "autorange": "reversed",
            "tickvals": codes,
            "ticktext": labels,
            "tickfont": {"size": 12 if many else 15},
        },
    )
    return finish(
        traces,
        layout,
        title=title or f"Ersättningssystemens användning i {county_name}s kommuner {when}",
        subtitle=(
            f"Andel av befolkningen {age_label(age_group)} per ersättningssystem; "
            "kommunerna sorterade efter total andel"
        ),
        source=source,
        alt=_alt(totals, chosen, county_name, when, age_group),
        notes=flag_notes(county),
        width=width,
        height=height or _auto_height(len(codes)),
        legend_right=False,
    )


def highlighted(highlight: str | Collection[str] | None) -> set[str]:
    """The highlighted codes as a set: one code, several, or none."""
    if highlight is None:
        return set()
    return {highlight} if isinstance(highlight, str) else set(highlight)


def _auto_height(bars: int) -> int:
    if bars <= FITS_DEFAULT_HEIGHT:
        return HEIGHT
    return BAR_PIXELS * bars + HEIGHT - BAR_PIXELS * FITS_DEFAULT_HEIGHT


def _hover(name: str, when: str, measure: str, row: Row | None, age_group: str) -> str:
    head = f"<b>{name}, {when}</b><br>{MEASURE_LABELS[measure]}: "
    if row is None or is_missing(row["share"]):
        return head + "uppgift saknas"
    return (
        f"{head}{format_percent(row['share'])} av befolkningen {age_label(age_group)}<br>"
        f"{format_number(row['he'])} helårsekvivalenter"
    )


def _alt(
    totals: pd.DataFrame, chosen: set[str], county_name: str, when: str, age_group: str
) -> str:
    text = (
        f"Liggande staplar per kommun i {county_name} {when}: andelen av befolkningen "
        f"{age_label(age_group)} som försörjs av varje ersättningssystem, sorterade efter "
        "total andel."
    )
    known = totals.loc[totals["share"].notna()]
    if known.empty:
        return text + " Uppgifter saknas."
    first, last = known.iloc[0], known.iloc[-1]
    text += (
        f" Högst: {first['name']} ({format_percent(first['share'])}); "
        f"lägst: {last['name']} ({format_percent(last['share'])})."
    )
    codes = known["region_code"].tolist()
    for code in (c for c in codes if c in chosen):
        place = codes.index(code) + 1
        row = known.iloc[place - 1]
        text += f" {row['name']} har {format_percent(row['share'])}, plats {place} av {len(known)}."
    return text
