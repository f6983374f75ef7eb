"""From the long monthly dataset to per-period tables: months, years, rolling 12 months.

All tables here are *wide*: one row per (region_code, period, sex, age_group) and one
column per measure of the data contract (six HE measures and `population`), plus
`months` (how many months the row is built on) and `partial` (fewer than 12 months).
An annual value is the mean of the months' HE and the mean of the months' population.
"""

from __future__ import annotations

import pandas as pd

from data.contract import MEASURES

PERIOD = "period"
GROUP_KEYS: tuple[str, ...] = ("region_code", "sex", "age_group")
ROW_KEYS: tuple[str, ...] = ("region_code", PERIOD, "sex", "age_group")
MONTHS_IN_YEAR = 12


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


def rolling_12(monthly_table: pd.DataFrame) -> pd.DataFrame:
    """Means over the 12 months ending at each month; `period` is the last month.

    `months` counts the months in the window; a row whose window is not 12
    consecutive months (the start of the series, or a gap) is flagged `partial`.
    """
    ordered = monthly_table.sort_values(list(ROW_KEYS)).reset_index(drop=True)
    group_keys = [ordered[k] for k in GROUP_KEYS]
    grouped = ordered.groupby(group_keys, observed=True, sort=False)
    rolled = grouped[list(MEASURES)].rolling(MONTHS_IN_YEAR, min_periods=1).mean()
    rolled = rolled.reset_index(level=list(range(len(GROUP_KEYS))), drop=True).sort_index()
    month_number = ordered[PERIOD].dt.year * MONTHS_IN_YEAR + ordered[PERIOD].dt.month
    span = month_number.groupby(group_keys, observed=True).diff(MONTHS_IN_YEAR - 1)
    result = ordered.loc[:, list(ROW_KEYS)].copy()
    result[list(MEASURES)] = rolled[list(MEASURES)].to_numpy()
    result["months"] = (grouped.cumcount() + 1).clip(upper=MONTHS_IN_YEAR).to_numpy()
    result["partial"] = span.ne(MONTHS_IN_YEAR - 1).to_numpy()
    return result
