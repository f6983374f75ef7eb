"""The words on a chart: hover texts, period ticks, flag marks and the notes they need.

Numbers are formatted here with :mod:`metrics.swedish` (not by plotly), so hover texts
read the same in the app, in a PNG and in a slide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from charts.theme import (
    FEW_HE_MARK,
    FEW_HE_NOTE,
    PARTIAL_MARK,
    PARTIAL_NOTE,
    QUARTILE_STYLES,
    UNREPORTED_MARK,
    UNREPORTED_NOTE,
)
from metrics.labels import (
    FREQUENCY_LABELS,
    MEASURE_LABELS,
    QUARTILE_PHRASES,
    age_label,
    period_label,
)
from metrics.periods import MONTHS_IN_YEAR, YEAR
from metrics.swedish import format_number, format_percent

Row = Mapping[str, Any]
"""One row of a metrics table: a record dict (fast) or a pandas Series."""


def records(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a table as dicts of Python values, like `to_dict("records")` but
    built column by column (twice as fast; much faster to read in a loop than `iterrows`)."""
    columns = list(rows.columns)
    values = [rows[c].tolist() for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def is_missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def has_flag(row: Row, column: str) -> bool:
    """A row's flag column as a bool (missing counts as not flagged)."""
    value = row.get(column)
    return False if is_missing(value) else bool(value)


def unreported_months(row: Row) -> int:
    value = row.get("unreported")
    return 0 if is_missing(value) else int(value)


def period_tick(period: object, frequency: str, partial: bool) -> str:
    """An axis label for a period: '2018', or '2025*' for an incomplete year."""
    text = period_label(period, frequency) if frequency == YEAR else f"{period:%Y-%m}"
    return f"{text}{PARTIAL_MARK}" if partial else text


def flag_marks(row: Row, partial: bool = True) -> str:
    """The marks of a row's flags: '*' partial, '†' unreported, '‡' few HE.

    `partial=False` leaves out '*', for a chart whose title already says so.
    """
    marks = ""
    if partial and has_flag(row, "partial"):
        marks += PARTIAL_MARK
    if unreported_months(row) > 0:
        marks += UNREPORTED_MARK
    if has_flag(row, "few_he") and not is_missing(row.get("share")):
        marks += FEW_HE_MARK
    return marks


def flag_notes(rows: pd.DataFrame, partial: bool = True) -> list[str]:
    """The notes explaining the marks that occur in `rows` (in a fixed order)."""
    notes = []
    if partial and "partial" in rows and rows["partial"].fillna(False).astype(bool).any():
        notes.append(PARTIAL_NOTE)
    if "unreported" in rows and rows["unreported"].fillna(0).gt(0).any():
        notes.append(UNREPORTED_NOTE)
    if (
        "few_he" in rows
        and (rows["few_he"].fillna(False).astype(bool) & rows["share"].notna()).any()
    ):
        notes.append(FEW_HE_NOTE)
    return notes


def missing_note(labels: Iterable[str]) -> list[str]:
    """'Uppgift saknas: 2016, 2017.' for the periods without a value, or nothing."""
    shown = list(labels)
    if not shown:
        return []
    listed = ", ".join(shown[:8]) + (" …" if len(shown) > 8 else "")
    return [f"Uppgift saknas (visas som glapp): {listed}."]


def flag_lines(row: Row, frequency: str) -> list[str]:
    """The flags of a row in words, for a hover text."""
    lines = []
    if has_flag(row, "partial") and not is_missing(row.get("months")):
        whole = "år" if frequency == YEAR else "12-månadersperiod"
        lines.append(f"Ofullständigt {whole}: {int(row['months'])} av {MONTHS_IN_YEAR} månader")
    months = unreported_months(row)
    if months > 0:
        lines.append(
            f"Ekonomiskt bistånd uppskattat för {months} {'månad' if months == 1 else 'månader'}"
            " (senast rapporterade värde)"
        )
    if has_flag(row, "few_he") and not is_missing(row.get("share")):
        lines.append("Färre än 10 helårsekvivalenter – osäker andel")
    return lines


def class_line(quartile: object) -> str:
    """'▲ bland de 25 % av kommunerna med högst andel' (empty without a class)."""
    if is_missing(quartile):
        return ""
    return f"{QUARTILE_STYLES[str(quartile)].glyph} {QUARTILE_PHRASES[str(quartile)]}"


def share_hover(
    row: Row,
    *,
    who: str,
    measure: str,
    age_group: str,
    frequency: str,
) -> str:
    """The hover text of one point: who, when, the share in words, class, counts, flags."""
    when = period_label(row["period"], frequency)
    lines = [f"<b>{who}, {when}</b>"]
    if is_missing(row.get("share")):
        lines.append(f"{MEASURE_LABELS[measure]}: uppgift saknas")
    else:
        lines.append(
            f"{MEASURE_LABELS[measure]}: {format_percent(row['share'])} "
            f"av befolkningen {age_label(age_group)}"
        )
        klass = class_line(row.get("quartile"))
        if klass:
            lines.append(klass)
        if not is_missing(row.get("he")) and not is_missing(row.get("population")):
            lines.append(
                f"{format_number(row['he'])} helårsekvivalenter, "
                f"{format_number(row['population'])} invånare"
            )
    lines.extend(flag_lines(row, frequency))
    return "<br>".join(lines)


def value_hover(who: str, when: str, what: str, share: object) -> str:
    """A plain hover text for a comparison line: '<b>Riket, 2018</b><br>Summa: 12,3 %'."""
    return f"<b>{who}, {when}</b><br>{what}: {format_percent(None if is_missing(share) else share)}"


def x_values(periods: pd.Series, frequency: str) -> list:
    """The x coordinates of periods: years as ints, months as dates ('2018-01-01').

    Dates go in as text, which plotly reads the same on a date axis: a figure of text
    is copied and turned into JSON several times faster than one of timestamps, and
    Streamlit does both on every rerun of a page.
    """
    if frequency == YEAR:
        return [int(p) for p in periods]
    return [f"{pd.Timestamp(p):%Y-%m-%d}" for p in periods]


def frequency_axis_title(frequency: str) -> str:
    """The time axis title: 'År', 'Månad' or 'Rullande 12 månader'."""
    return FREQUENCY_LABELS[frequency]
