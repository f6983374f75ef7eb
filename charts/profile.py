"""The försörjningsprofil: a table of shares coloured by the area's class among kommuner.

:func:`profile_chart` is the report's grid for one period: rows summa and the six
systems in the report's order, columns Totalt, Kvinnor, Män. :func:`profile_periods_chart`
shows one sex over several periods (periods as columns). Each cell holds the share and
the class glyph (▲ highest 25 %, ● middle 50 %, ▼ lowest 25 %) on the class colour, so
the ranking reads without colour; a missing share is an empty white cell. Both take a
profile table (:func:`metrics.views.profile_table`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.texts import Row, flag_marks, flag_notes, is_missing, period_tick, records
from charts.theme import (
    BACKGROUND,
    DEFAULT_SOURCE,
    HEIGHT,
    QUARTILE_STYLES,
    TEXT_COLOUR,
    WIDTH,
    class_legend_text,
    finish,
    table,
)
from metrics.labels import (
    MEASURE_LABELS,
    QUARTILE_PHRASES,
    REPORT_ORDER,
    SEX_LABELS,
    SUMMA,
    age_label,
    period_label,
)
from metrics.periods import YEAR
from metrics.swedish import NBSP, format_percent

HEADER_FILL = "#3A3A3A"
HEADER_TEXT = "#FFFFFF"
ROW_HEIGHT = 38
FIRST_COLUMN_WIDTH = 2.2
"""The measure column's width relative to a value column."""
WIDE_COLUMNS = 6
"""Up to this many value columns the cells use the large font."""


def cell_text(row: Row) -> str:
    """'12,3 % ▲' plus the marks † and ‡; empty when the share is missing.

    An incomplete period is marked once, in the title or the column header.
    """
    if is_missing(row["share"]):
        return ""
    glyph = (
        "" if is_missing(row["quartile"]) else NBSP + QUARTILE_STYLES[str(row["quartile"])].glyph
    )
    return f"{format_percent(row['share'])}{glyph}{flag_marks(row, partial=False)}"


def cell_fill(row: Row) -> str:
    """The class colour of a cell, or white without a share or class."""
    if is_missing(row["share"]) or is_missing(row["quartile"]):
        return BACKGROUND
    return QUARTILE_STYLES[str(row["quartile"])].fill


def _grid(
    profile: pd.DataFrame,
    column: str,
    keys: Sequence,
    headers: Sequence[str],
    *,
    first_header: str = "Ersättningssystem",
) -> dict:
    """A table with one row per measure and one column per value of `column`."""
    cells = {(row["measure"], row[column]): row for row in records(profile)}
    values: list[list[str]] = [
        [f"<b>{MEASURE_LABELS[m]}</b>" if m == SUMMA else MEASURE_LABELS[m] for m in REPORT_ORDER]
    ]
    fills: list[list[str]] = [[BACKGROUND] * len(REPORT_ORDER)]
    for key in keys:
        texts, colours = [], []
        for measure in REPORT_ORDER:
            row = cells.get((measure, key))
            texts.append("" if row is None else cell_text(row))
            colours.append(BACKGROUND if row is None else cell_fill(row))
        values.append(texts)
        fills.append(colours)
    return table(
        columnwidth=[FIRST_COLUMN_WIDTH, *([1.0] * len(keys))],
        header={
            "values": [f"<b>{first_header}</b>", *(f"<b>{h}</b>" for h in headers)],
            "fill": {"color": HEADER_FILL},
            "font": {"color": HEADER_TEXT, "size": 16},
            "align": ["left", *(["center"] * len(keys))],
            "height": ROW_HEIGHT,
            "line": {"color": BACKGROUND, "width": 2},
        },
        cells={
            "values": values,
            "fill": {"color": fills},
            "font": {"color": TEXT_COLOUR, "size": 17 if len(keys) <= WIDE_COLUMNS else 14},
            "align": ["left", *(["center"] * len(keys))],
            "height": ROW_HEIGHT,
            "line": {"color": BACKGROUND, "width": 2},
        },
    )


def _notes(profile: pd.DataFrame, partial: bool = True) -> list[str]:
    return [class_legend_text(), *flag_notes(profile, partial)]


def profile_chart(
    profile: pd.DataFrame,
    *,
    area_name: str,
    period: object,
    frequency: str = YEAR,
    age_group: str = "20-64",
    sexes: Sequence[str] = ("T", "K", "M"),
    source: str = DEFAULT_SOURCE,
    title: str | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> go.Figure:
    """The försörjningsprofil of one area and period: measures × Totalt/Kvinnor/Män."""
    rows = profile.loc[profile["period"] == period]
    grid = _grid(rows, "sex", list(sexes), [SEX_LABELS[s] for s in sexes])
    when = period_label(period, frequency)
    if rows["partial"].any():
        when += f" ({_incomplete(rows, frequency)})"
    return finish(
        [grid],
        {},
        title=title or f"Försörjningsprofil {when} – {area_name}",
        subtitle=(
            f"Andel av befolkningen {age_label(age_group)} som försörjs av varje "
            "ersättningssystem (helårsekvivalenter, %)"
        ),
        source=source,
        alt=_profile_alt(rows, area_name, when),
        notes=_notes(rows, partial=False),
        width=width,
        height=height,
        axis_space=8,
    )


def _incomplete(rows: pd.DataFrame, frequency: str) -> str:
    """'ofullständigt år, 9 av 12 månader' for an incomplete period."""
    whole = "år" if frequency == YEAR else "period"
    months = rows["months"].dropna()
    if months.empty:
        return f"ofullständigt {whole}"
    return f"ofullständigt {whole}, {int(months.max())} av 12 månader"


def _profile_alt(rows: pd.DataFrame, area_name: str, when: str) -> str:
    total = rows.loc[(rows["measure"] == SUMMA) & (rows["sex"] == "T")]
    text = (
        f"Tabell över andelen som försörjs av varje ersättningssystem i {area_name} {when}, "
        "totalt och för kvinnor och män, färgad efter placering bland landets kommuner."
    )
    if not total.empty and not is_missing(total.iloc[0]["share"]):
        row = total.iloc[0]
        text += f" Totalt {format_percent(row['share'])}"
        if not is_missing(row["quartile"]):
            text += f", {QUARTILE_PHRASES[str(row['quartile'])]}"
        text += "."
    return text


def profile_periods_chart(
    profile: pd.DataFrame,
    *,
    area_name: str,
    sex: str = "T",
    frequency: str = YEAR,
    age_group: str = "20-64",
    source: str = DEFAULT_SOURCE,
    title: str | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> go.Figure:
    """The försörjningsprofil of one area and sex over several periods (as columns)."""
    rows = profile.loc[profile["sex"] == sex]
    periods = rows.drop_duplicates("period").sort_values("period")
    keys = periods["period"].tolist()
    headers = [
        period_tick(p, frequency, bool(partial))
        for p, partial in zip(periods["period"], periods["partial"], strict=True)
    ]
    grid = _grid(rows, "period", keys, headers)
    span = f"{headers[0]}–{headers[-1]}".replace("*", "") if headers else ""
    who = area_name if sex == "T" else f"{SEX_LABELS[sex].lower()} i {area_name}"
    return finish(
        [grid],
        {},
        title=title or f"Försörjningsprofil {span} – {who[0].upper()}{who[1:]}",
        subtitle=(
            f"Andel av befolkningen {age_label(age_group)}"
            f"{'' if sex == 'T' else ' av samma kön'} som försörjs av varje "
            "ersättningssystem (helårsekvivalenter, %)"
        ),
        source=source,
        alt=(
            f"Tabell över andelen som försörjs av varje ersättningssystem för {who}, "
            f"{span}, färgad efter placering bland landets kommuner."
        ),
        notes=_notes(rows),
        width=width,
        height=height,
        axis_space=8,
    )
