"""The words on a chart: hover texts, period ticks, flag marks and the notes they need.

Numbers are formatted here with :mod:`metrics.swedish` (not by plotly), so hover texts
read the same in the app, in a PNG and in a slide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
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
    period_labels,
)
from metrics.periods import MONTHS_IN_YEAR, YEAR
from metrics.swedish import format_numbers, format_percents

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


def flag_marks_of(rows: pd.DataFrame, partial: bool = True) -> list[str]:
    """:func:`flag_marks` of every row, taken column-wise."""
    share = _column(rows, "share")
    marked = [
        ((_column(rows, "partial", 0) != 0) & partial, PARTIAL_MARK),
        (_column(rows, "unreported", 0) > 0, UNREPORTED_MARK),
        ((_column(rows, "few_he", 0) != 0) & ~np.isnan(share), FEW_HE_MARK),
    ]
    marks = np.full(len(rows), "", dtype=object)
    for flagged, mark in marked:
        marks[flagged] = marks[flagged] + mark
    return marks.tolist()


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


FEW_HE_LINE = "Färre än 10 helårsekvivalenter – osäker andel"


def _partial_line(months: int, frequency: str) -> str:
    whole = "år" if frequency == YEAR else "12-månadersperiod"
    return f"Ofullständigt {whole}: {months} av {MONTHS_IN_YEAR} månader"


def _unreported_line(months: int) -> str:
    return (
        f"Ekonomiskt bistånd uppskattat för {months} {'månad' if months == 1 else 'månader'}"
        " (senast rapporterade värde)"
    )


def flag_lines(row: Row, frequency: str) -> list[str]:
    """The flags of a row in words, for a hover text."""
    lines = []
    if has_flag(row, "partial") and not is_missing(row.get("months")):
        lines.append(_partial_line(int(row["months"]), frequency))
    months = unreported_months(row)
    if months > 0:
        lines.append(_unreported_line(months))
    if has_flag(row, "few_he") and not is_missing(row.get("share")):
        lines.append(FEW_HE_LINE)
    return lines


def _column(rows: pd.DataFrame, column: str, missing: float = np.nan) -> np.ndarray:
    """A column as floats (`missing` where absent or NaN)."""
    if column not in rows:
        return np.full(len(rows), missing)
    values = rows[column].to_numpy(dtype=float, na_value=np.nan)
    return values if np.isnan(missing) else np.where(np.isnan(values), missing, values)


def flag_lines_of(rows: pd.DataFrame, frequency: str) -> list[list[str]]:
    """:func:`flag_lines` of every row, taken column-wise."""
    share = _column(rows, "share")
    partial = (_column(rows, "partial", 0) != 0) & ~np.isnan(_column(rows, "months"))
    months = _column(rows, "months", 0).astype(int).tolist()
    unreported = _column(rows, "unreported", 0).astype(int).tolist()
    few = ((_column(rows, "few_he", 0) != 0) & ~np.isnan(share)).tolist()
    lines_of = []
    for is_partial, count, missing, is_few in zip(
        partial.tolist(), months, unreported, few, strict=True
    ):
        lines = []
        if is_partial:
            lines.append(_partial_line(count, frequency))
        if missing > 0:
            lines.append(_unreported_line(missing))
        if is_few:
            lines.append(FEW_HE_LINE)
        lines_of.append(lines)
    return lines_of


def class_line(quartile: object) -> str:
    """'▲ bland de 25 % av kommunerna med högst andel' (empty without a class)."""
    if is_missing(quartile):
        return ""
    return f"{QUARTILE_STYLES[str(quartile)].glyph} {QUARTILE_PHRASES[str(quartile)]}"


def share_hovers(
    rows: pd.DataFrame,
    *,
    who: str,
    measure: str,
    age_group: str,
    frequency: str,
) -> list[str]:
    """The hover text of each row's point: who, when, the share in words, class, counts,
    flags. Built column by column, one trace at a time (per point, the formatting calls
    were a quarter of the time of a page with fourteen month charts)."""
    label = MEASURE_LABELS[measure]
    of = f" av befolkningen {age_label(age_group)}"
    share = _column(rows, "share")
    shares = format_percents(share.tolist())
    classes = (
        [class_line(q) for q in rows["quartile"].tolist()]
        if "quartile" in rows
        else [""] * len(rows)
    )
    he, population = _column(rows, "he"), _column(rows, "population")
    counted = ~np.isnan(he) & ~np.isnan(population)
    counts = [
        f"{h} helårsekvivalenter, {p} invånare" if ok else ""
        for h, p, ok in zip(
            format_numbers(he.tolist()), format_numbers(population.tolist()), counted, strict=True
        )
    ]
    texts = []
    for when, value, known, klass, count, flags in zip(
        period_labels(rows["period"], frequency),
        shares,
        (~np.isnan(share)).tolist(),
        classes,
        counts,
        flag_lines_of(rows, frequency),
        strict=True,
    ):
        lines = [f"<b>{who}, {when}</b>"]
        if known:
            lines.append(f"{label}: {value}{of}")
            if klass:
                lines.append(klass)
            if count:
                lines.append(count)
        else:
            lines.append(f"{label}: uppgift saknas")
        lines.extend(flags)
        texts.append("<br>".join(lines))
    return texts


def value_hovers(who: str, whens: Sequence[str], what: str, shares: pd.Series) -> list[str]:
    """The hover texts of a plain line (county mean, riket, a kommun):
    '<b>Riket, 2018</b><br>Summa: 12,3 %' for each point."""
    values = format_percents(_column(shares.to_frame("share"), "share").tolist())
    return [f"<b>{who}, {w}</b><br>{what}: {v}" for w, v in zip(whens, values, strict=True)]


def x_values(periods: pd.Series, frequency: str) -> list:
    """The x coordinates of periods: years as ints, months as dates ('2018-01-01').

    Dates go in as text, which plotly reads the same on a date axis: a figure of text
    is copied and turned into JSON several times faster than one of timestamps, and
    Streamlit does both on every rerun of a page.
    """
    if frequency == YEAR:
        return [int(p) for p in periods]
    days = pd.DatetimeIndex(periods).to_numpy(dtype="datetime64[D]")
    return np.datetime_as_string(days, unit="D").tolist()


def frequency_axis_title(frequency: str) -> str:
    """The time axis title: 'År', 'Månad' or 'Rullande 12 månader'."""
    return FREQUENCY_LABELS[frequency]
