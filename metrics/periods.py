"""From the long monthly dataset to per-period tables: months, years, rolling 12 months.

All tables here are *wide*: one row per (region_code, period, sex, age_group) and one
column per measure of the data contract (six HE measures and `population`), plus
`months` (how many months the row is built on) and `partial` (fewer than 12 months).
An annual value is the mean of the months' HE and the mean of the months' population;
a month whose value is missing is left out of that mean.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from data.contract import MEASURES

PERIOD = "period"
GROUP_KEYS: tuple[str, ...] = ("region_code", "sex", "age_group")
ROW_KEYS: tuple[str, ...] = ("region_code", PERIOD, "sex", "age_group")
MONTHS_IN_YEAR = 12

YEAR = "year"
MONTH = "month"
ROLLING_12 = "rolling12"
FREQUENCIES: tuple[str, ...] = (YEAR, MONTH, ROLLING_12)
"""The kinds of period a table can have: calendar years, single months, and the 12
months ending at each month (`period` is then the window's last month)."""


class UnknownFrequencyError(ValueError):
    """A kind of period other than those in :data:`FREQUENCIES`."""

    def __init__(self, frequency: str) -> None:
        super().__init__(
            f"unknown frequency {frequency!r}; expected one of {', '.join(FREQUENCIES)}"
        )
        self.frequency = frequency


def check_frequency(frequency: str) -> str:
    """`frequency` itself if it is known, else :class:`UnknownFrequencyError`."""
    if frequency not in FREQUENCIES:
        raise UnknownFrequencyError(frequency)
    return frequency


def month_number(months: pd.Series) -> np.ndarray:
    """Months counted from year 0 (2018-01 → 2018 × 12), so consecutive months differ by 1."""
    return (months.dt.year * MONTHS_IN_YEAR + months.dt.month - 1).to_numpy(dtype=np.int64)


def _widen(values: pd.Series, months: pd.Series) -> pd.DataFrame:
    """Unstack `measure` into columns and attach the month counts."""
    wide = values.unstack("measure").reindex(columns=list(MEASURES))
    wide.columns.name = None
    wide["months"] = months.groupby(level=list(ROW_KEYS), observed=True).max()
    wide = wide.reset_index()
    wide["partial"] = wide["months"] < MONTHS_IN_YEAR
    return wide.loc[:, [*ROW_KEYS, *MEASURES, "months", "partial"]]


def monthly(frame: pd.DataFrame) -> pd.DataFrame:
    """The long dataset with one column per measure; `period` is the month.

    A single month is never `partial`: `months` is 1 and the flag is about years.
    """
    keyed = frame.rename(columns={"month": PERIOD}).set_index([*ROW_KEYS, "measure"])
    wide = keyed["value"].unstack("measure").reindex(columns=list(MEASURES))
    wide.columns.name = None
    wide = wide.reset_index()
    wide["months"] = 1
    wide["partial"] = False
    return wide


def annual(frame: pd.DataFrame) -> pd.DataFrame:
    """Calendar-year means from the long dataset; `period` is the year (int).

    A year with fewer than 12 months in the data is kept and flagged `partial`.
    Missing monthly values are left out of the mean.
    """
    year = frame["month"].dt.year.astype("int64").rename(PERIOD)
    keys = [frame["region_code"], year, frame["sex"], frame["age_group"], frame["measure"]]
    grouped = frame.groupby(keys, observed=True, sort=True)["value"]
    return _widen(grouped.mean(), grouped.size())


def annual_from_monthly(monthly_table: pd.DataFrame) -> pd.DataFrame:
    """Calendar-year means of a :func:`monthly` table (e.g. one already pooled)."""
    year = monthly_table[PERIOD].dt.year.astype("int64")
    table = monthly_table.assign(**{PERIOD: year})
    grouped = table.groupby(list(ROW_KEYS), observed=True, sort=True)
    means = grouped[list(MEASURES)].mean()
    means["months"] = grouped["months"].sum()
    means = means.reset_index()
    means["partial"] = means["months"] < MONTHS_IN_YEAR
    return means.loc[:, [*ROW_KEYS, *MEASURES, "months", "partial"]]


def trailing_sums(values: np.ndarray, window: int) -> np.ndarray:
    """Sums over the last `window` columns up to and including each column, per row.

    `values` is 2-D (series × consecutive months); the first columns sum what there is.
    """
    padded = np.pad(values, ((0, 0), (window - 1, 0)))
    return sliding_window_view(padded, window, axis=1).sum(axis=-1)


def rolling_12(monthly_table: pd.DataFrame) -> pd.DataFrame:
    """Means over the 12 calendar months ending at each month; `period` is the last month.

    The window is calendar months, not rows: a month absent from the data inside a
    window is simply not there. `months` counts the months of the window present in the
    data and a row with fewer than 12 is `partial` (the start of a series, or a gap).
    Missing values are left out of each measure's mean, as in :func:`annual`.
    """
    group_codes, groups = pd.MultiIndex.from_frame(
        monthly_table.loc[:, list(GROUP_KEYS)]
    ).factorize()
    number = month_number(monthly_table[PERIOD])
    first = int(number.min())
    span = int(number.max()) - first + 1
    cell = (group_codes, number - first)
    result = monthly_table.loc[:, list(ROW_KEYS)].copy()
    for column in MEASURES:
        values = np.zeros((len(groups), span))
        present = np.zeros((len(groups), span))
        observed = monthly_table[column].to_numpy(dtype=float)
        valid = ~np.isnan(observed)
        values[group_codes[valid], (number - first)[valid]] = observed[valid]
        present[group_codes[valid], (number - first)[valid]] = 1.0
        sums = trailing_sums(values, MONTHS_IN_YEAR)[cell]
        counts = trailing_sums(present, MONTHS_IN_YEAR)[cell]
        with np.errstate(invalid="ignore", divide="ignore"):
            result[column] = np.where(counts > 0, sums / counts, np.nan)
    rows = np.zeros((len(groups), span))
    rows[cell] = monthly_table["months"].to_numpy(dtype=float)
    result["months"] = trailing_sums(rows, MONTHS_IN_YEAR)[cell].astype(np.int64)
    result["partial"] = result["months"] < MONTHS_IN_YEAR
    return result
