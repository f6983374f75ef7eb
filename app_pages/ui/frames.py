"""Tables on a page with numbers in the reader's own format (decimal comma in Swedish)."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def show_table(table: pd.DataFrame) -> None:
    """`st.dataframe` without the index, numbers formatted by the browser's locale."""
    numeric = [
        c
        for c in table.columns
        if pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])
    ]
    config = {c: st.column_config.NumberColumn(format="localized") for c in numeric}
    st.dataframe(table, hide_index=True, column_config=config)
