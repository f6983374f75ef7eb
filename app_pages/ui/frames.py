"""Tables on a page with Swedish numbers (12,5 %; 1 234; 12,3) that still sort as numbers."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from exports.tables import POPULATION_HEADER
from metrics.swedish import format_number, format_percent

MISSING = "–"


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


def show_table(table: pd.DataFrame) -> None:
    """`st.dataframe` without the index, numbers shown in Swedish whatever the browser's
    language (the values stay numbers, so a click on a header sorts them right)."""
    styler = table.style.hide(axis="index")
    for header in table.columns:
        shown = number_format(str(header), table[header])
        if shown is not None:
            styler = styler.format(shown, subset=[header], na_rep=MISSING)
    st.dataframe(styler, hide_index=True)
