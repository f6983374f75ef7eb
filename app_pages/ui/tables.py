"""Tables on a page: Swedish number formats (12,5 %; 1 234; 12,3) that still sort as numbers.

A page shows a table with :func:`show_table`: the values stay numbers (so a click on a
header sorts 9,5 before 10,0), while a pandas Styler supplies what is shown (`12,5 %`,
`2 000`, `–` for a missing value), whatever the browser's language. The tables themselves are the
download tables of :mod:`exports.tables`, reshaped for reading. On a phone a table
scrolls sideways inside its box, a short name column pinned (a stacked layout for
narrow screens would need the page's own CSS, which the app does not inject).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from charts.theme import QUARTILE_STYLES
from exports.tables import (
    CLASS_HEADER,
    NOTE_HEADER,
    PERIOD_HEADER,
    POPULATION_HEADER,
    SHARE_HEADER,
)
from metrics.labels import MEASURE_LABELS, MEASURE_SHORT_LABELS, QUARTILE_LABELS, REPORT_ORDER
from metrics.swedish import format_number, format_percent

MISSING = "–"
SELECTED_MARK = "▶ "
SELECTED_STYLE = "font-weight: bold; background-color: #FFF1B8"
RANK_HEADER = "Plats i länet"
NAME_HEADER = "Kommun"
AREA_HEADER = "Område"
CLASS_GLYPHS: dict[str, str] = {
    label: f"{QUARTILE_STYLES[klass].glyph} {label}" for klass, label in QUARTILE_LABELS.items()
}
"""'Högsta 25 %' → '▲ Högsta 25 %': the class in symbol and words, never colour alone."""


def number_format(header: str, column: pd.Series) -> Callable[[float], str] | None:
    """How a column's values are shown: shares ('(%)' headers) as '12,5 %', counts of
    people and whole numbers as '1 234', other numbers (HE, percentage points) with one
    decimal; None for a column that is not numeric."""
    if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return None
    if header.endswith("(%)"):
        return format_percent
    if header.startswith(POPULATION_HEADER) or pd.api.types.is_integer_dtype(column):
        return format_number
    return partial(format_number, decimals=1)


def show_table(table: pd.DataFrame, selected: pd.Series | None = None, **options: Any) -> None:
    """`st.dataframe` of :func:`styled` without the index, the columns that name a row
    pinned: on a phone the other columns scroll past the name, which stays in view.
    `options` go to `st.dataframe` (`alt`, `width`, `height`)."""
    pinned = {header: st.column_config.Column(pinned=True) for header in naming_columns(table)}
    st.dataframe(styled(table, selected), hide_index=True, column_config=pinned, **options)


PINNED_NAME_CHARS = 24
"""The longest name a pinned column holds: a pinned column never scrolls, so one of long
names (a förbund's "Samordningsförbundet Huddinge, Botkyrka och Salem (HBS)") would
fill a phone's screen and hide every other column."""


def naming_columns(table: pd.DataFrame) -> list[str]:
    """The columns that say which row is which: those up to the first column of text (a
    rank and a name, or only a name); none when no column is text or a name is longer
    than :data:`PINNED_NAME_CHARS`."""
    for place, header in enumerate(table.columns):
        if not pd.api.types.is_numeric_dtype(table[header]):
            longest = table[header].astype(str).str.len().max()
            if pd.isna(longest) or longest <= PINNED_NAME_CHARS:
                return [str(h) for h in table.columns[: place + 1]]
            return []
    return []


def styled(table: pd.DataFrame, selected: pd.Series | None = None) -> Styler:
    """`table` with Swedish display formats; rows where `selected` is True stand out.

    Each numeric column is shown as :func:`number_format` says; missing values as '–'.
    A selected row is bold on a pale yellow ground (and, in the tables below, marked '▶'
    in its name).
    """
    styler = table.style.hide(axis="index")
    for header in table.columns:
        shown = number_format(str(header), table[header])
        if shown is not None:
            styler = styler.format(shown, subset=[header], na_rep=MISSING)
    if selected is not None and bool(selected.any()):
        rows = table.index[selected.to_numpy()]
        styler = styler.set_properties(subset=pd.IndexSlice[rows, :], **_css(SELECTED_STYLE))
    return styler


def _css(style: str) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in style.split(";") if part.strip())
    return {key.strip(): value.strip() for key, value in pairs}


def county_rows(download: pd.DataFrame, highlight: Collection[str]) -> pd.DataFrame:
    """The county's kommuner for reading: place, name, total, class, the six systems.

    `download` is :func:`exports.tables.county_download` (sorted by the total share,
    highest first); `highlight` holds the codes of the kommuner to mark (one, a
    förbund's, or none). Places run 1, 2, … over the kommuner with a total; a kommun
    without one has no place.
    """
    total_header = f"{MEASURE_LABELS[REPORT_ORDER[0]]} (%)"
    known = download[total_header].notna()
    places = pd.Series(pd.NA, index=download.index, dtype="Int64")
    places[known] = range(1, int(known.sum()) + 1)
    names = [
        f"{SELECTED_MARK}{name}" if code in highlight else name
        for name, code in zip(download["Kommun"], download["Kommunkod"], strict=True)
    ]
    table = pd.DataFrame({RANK_HEADER: places, NAME_HEADER: names}, index=download.index)
    table[f"{MEASURE_SHORT_LABELS[REPORT_ORDER[0]]} (%)"] = download[total_header]
    table[CLASS_HEADER] = download[CLASS_HEADER].map(lambda t: CLASS_GLYPHS.get(t, MISSING))
    for measure in REPORT_ORDER[1:]:
        header = f"{MEASURE_LABELS[measure]} (%)"
        if header in download:
            table[f"{MEASURE_SHORT_LABELS[measure]} (%)"] = download[header]
    table["Folkmängd 20–64 år"] = download["Folkmängd"]
    table[NOTE_HEADER] = download[NOTE_HEADER]
    return table.reset_index(drop=True)


def latest_rows(download: pd.DataFrame) -> pd.DataFrame:
    """Each area's latest period with a share, from :func:`exports.tables.compare_download`.

    An area without any share keeps a row with the share missing.
    """
    rows = []
    for _, area in download.groupby("Områdeskod", sort=False):
        known = area.loc[area[SHARE_HEADER].notna()]
        row = (known if not known.empty else area).iloc[-1]
        rows.append(
            {
                AREA_HEADER: row[AREA_HEADER],
                "Senaste period": row[PERIOD_HEADER] if not known.empty else MISSING,
                SHARE_HEADER: row[SHARE_HEADER],
                CLASS_HEADER: CLASS_GLYPHS.get(row[CLASS_HEADER], MISSING),
                NOTE_HEADER: row[NOTE_HEADER],
            }
        )
    return pd.DataFrame(rows)
