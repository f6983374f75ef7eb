"""How an area's helårsekvivalenter split over the six systems, for kvinnor and män.

The report does not say which form its chart has; we draw one 100 % bar per sex
(stacked horizontally, systems in the report's order) rather than two pies: bars side
by side compare kvinnor and män segment by segment, and each segment carries its
percentage (and the system's name when it is wide enough), so the chart reads without
colour. Takes a distribution table (:func:`metrics.views.distribution_table`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.texts import Row, is_missing, records
from charts.theme import (
    DEFAULT_SOURCE,
    GRID_COLOUR,
    HEIGHT,
    PERCENT_SUFFIX,
    SYSTEM_COLOURS,
    SYSTEM_TEXT_COLOURS,
    WIDTH,
    bar,
    finish,
)
from metrics.labels import (
    MEASURE_LABELS,
    MEASURE_SHORT_LABELS,
    REPORT_ORDER,
    SEX_LABELS,
    age_label,
    period_label,
)
from metrics.periods import YEAR
from metrics.swedish import format_number, format_percent

SYSTEMS: tuple[str, ...] = tuple(m for m in REPORT_ORDER if m in SYSTEM_COLOURS)
LABEL_MIN = 4.0
"""Segments narrower than this (in %) get no text inside."""
NAME_MIN = 14.0
"""Segments at least this wide also show the system's short name."""


def segment_text(measure: str, fraction: object) -> str:
    """The text inside a segment: '34 %', with the system's name when there is room."""
    if is_missing(fraction) or fraction < LABEL_MIN:
        return ""
    percent = format_percent(fraction, 0)
    return f"{MEASURE_SHORT_LABELS[measure]}<br>{percent}" if fraction >= NAME_MIN else percent


def distribution_chart(
    distribution: pd.DataFrame,
    *,
    area_name: str,
    period: object,
    frequency: str = YEAR,
    age_group: str = "20-64",
    sexes: Sequence[str] = ("K", "M"),
    source: str = DEFAULT_SOURCE,
    title: str | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> go.Figure:
    """One 100 % bar per sex: each system's part of the sex's helårsekvivalenter."""
    cells = {(row["sex"], row["measure"]): row for row in records(distribution)}
    labels = [SEX_LABELS[s] for s in sexes]
    when = period_label(period, frequency)
    traces: list[dict] = []
    for measure in SYSTEMS:
        fractions, he, hover = [], [], []
        for sex in sexes:
            row = cells.get((sex, measure))
            fraction = None if row is None or is_missing(row["fraction"]) else row["fraction"]
            fractions.append(fraction)
            he.append(None if row is None else row["he"])
            hover.append(
                _hover(SEX_LABELS[sex], area_name, when, measure, fraction, row, age_group)
            )
        traces.append(
            bar(
                orientation="h",
                y=labels,
                x=[0.0 if f is None else f for f in fractions],
                name=MEASURE_LABELS[measure],
                marker={"color": SYSTEM_COLOURS[measure], "line": {"color": "#FFFFFF", "width": 1}},
                text=[segment_text(measure, f) for f in fractions],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"color": SYSTEM_TEXT_COLOURS[measure], "size": 15},
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    layout = dict(
        barmode="stack",
        bargap=0.35,
        uniformtext={"minsize": 11, "mode": "hide"},
        xaxis={
            "title": {"text": "Andel av helårsekvivalenterna (%)"},
            "range": [0, 100],
            "ticksuffix": PERCENT_SUFFIX,
            "showgrid": True,
            "gridcolor": GRID_COLOUR,
            # five steps: ten printed over each other (or on end, into the notes) on a phone
            "dtick": 20,
        },
        yaxis={"autorange": "reversed", "tickfont": {"size": 17}},
    )
    missing = [SEX_LABELS[s].lower() for s in sexes if not _has_values(distribution, s)]
    notes = [f"Uppgift saknas för {' och '.join(missing)}."] if missing else []
    return finish(
        traces,
        layout,
        title=title or f"Fördelning på ersättningssystem {when} – {area_name}",
        subtitle=(
            f"Varje systems del av helårsekvivalenterna, {age_label(age_group)}, "
            "för kvinnor och män"
        ),
        source=source,
        alt=_alt(distribution, sexes, area_name, when),
        notes=notes,
        width=width,
        height=height,
        legend_right=False,
    )


def _has_values(distribution: pd.DataFrame, sex: str) -> bool:
    return bool(distribution.loc[distribution["sex"] == sex, "fraction"].notna().any())


def _hover(
    sex_label: str,
    area_name: str,
    when: str,
    measure: str,
    fraction: float | None,
    row: Row | None,
    age_group: str,
) -> str:
    head = f"<b>{sex_label} i {area_name}, {when}</b><br>{MEASURE_LABELS[measure]}: "
    if fraction is None or row is None:
        return head + "uppgift saknas"
    return (
        f"{head}{format_percent(fraction)} av helårsekvivalenterna<br>"
        f"{format_number(row['he'])} helårsekvivalenter = {format_percent(row['share'])} "
        f"av befolkningen {age_label(age_group)}"
    )


def _alt(distribution: pd.DataFrame, sexes: Sequence[str], area_name: str, when: str) -> str:
    text = (
        f"Liggande 100-procentsstaplar över hur helårsekvivalenterna i {area_name} {when} "
        "fördelas på ersättningssystemen, för kvinnor och män."
    )
    for sex in sexes:
        rows = distribution.loc[(distribution["sex"] == sex) & distribution["fraction"].notna()]
        if rows.empty:
            continue
        largest = rows.loc[rows["fraction"].idxmax()]
        text += (
            f" Största systemet för {SEX_LABELS[sex].lower()}: "
            f"{MEASURE_LABELS[str(largest['measure'])].lower()} "
            f"({format_percent(largest['fraction'], 0)})."
        )
    return text
