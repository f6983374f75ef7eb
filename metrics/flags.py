"""Figures that must not be read as ordinary values: missing reports and very small counts.

*Unreported months.* Where a kommun did not report ekonomiskt bistånd for a month, SCB
shows 0 (not imputed). A 0 between non-zero months in the kommun's own series (totalt,
20–64 år) is taken as such a missing report. The report is missing for the kommun-month
as a whole, so every kön and age group of that kommun-month is affected. With
carry-forward off (below) we treat the 0 as missing (NaN) in every computation — an
annual mean is then the mean of the reported months instead of being pulled towards 0,
and a pooled area leaves the kommun out of that month. Either way the affected months
are counted in the column `unreported` so that charts and tables can mark them. A 0 at
the very start or end of a series is kept: it cannot be told apart from a true 0.

*Carry-forward (the default).* SCB's own published tables do not show the 0: they carry
the kommun's last reported value forward. :func:`carried_forward` does the same, per kön
and age group, so a county, förbund or riket sum keeps the kommun instead of dropping it
that month; the months stay counted in `unreported` and are marked as estimates
("uppskattat"). `he.parquet` keeps SCB's raw 0 (the model never writes it back). With
`carry_forward=False` (see :func:`metrics.model.build_model`) the 0 is treated as missing
as described above.

*Few HE.* A share built on fewer than :data:`FEW_HE` helårsekvivalenter moves a lot
from one period to the next; such rows get `few_he = True`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.contract import AGE_TOTAL, SEX_TOTAL, isin_text
from metrics.periods import MONTH, MONTHS_IN_YEAR, PERIOD, YEAR, check_frequency, month_number

UNREPORTED_MEASURE = "ekonomiskt_bistand"
UNREPORTED = "unreported"
FEW_HE = 10.0
"""Below this many helårsekvivalenter a share is marked as built on few HE."""


def unreported_months(frame: pd.DataFrame) -> pd.DataFrame:
    """Kommun-months whose ekonomiskt bistånd is reported as 0 between non-zero months.

    `frame` is the long dataset; the kommun's total series (sex T, age 20–64) decides.
    Returns the columns `region_code` (str) and `month`, one row per flagged kommun-month.
    """
    selected = (
        isin_text(frame["measure"], (UNREPORTED_MEASURE,))
        & isin_text(frame["sex"], (SEX_TOTAL,))
        & isin_text(frame["age_group"], (AGE_TOTAL,))
    )
    series = frame.loc[selected, ["region_code", "month", "value"]]
    series = series.assign(region_code=series["region_code"].astype(str))
    series = series.sort_values(["region_code", "month"], ignore_index=True)
    nonzero = series["value"].gt(0)
    by_region = nonzero.groupby(series["region_code"])
    seen_before = by_region.cummax()
    seen_after = nonzero[::-1].groupby(series["region_code"][::-1]).cummax()[::-1]
    flagged = series["value"].eq(0) & seen_before & seen_after
    return series.loc[flagged, ["region_code", "month"]].reset_index(drop=True)


def without_unreported(frame: pd.DataFrame, unreported: pd.DataFrame) -> pd.DataFrame:
    """The long dataset with ekonomiskt bistånd set to NaN in the unreported kommun-months."""
    if unreported.empty:
        return frame
    candidates = np.flatnonzero(isin_text(frame["measure"], (UNREPORTED_MEASURE,)))
    rows = frame.iloc[candidates]
    hit = np.isin(
        _region_month_keys(rows["region_code"], rows["month"]),
        _region_month_keys(unreported["region_code"], unreported["month"]),
    )
    values = frame["value"].to_numpy(copy=True)
    values[candidates[hit]] = np.nan
    return frame.assign(value=values)


def carried_forward(frame: pd.DataFrame, unreported: pd.DataFrame) -> pd.DataFrame:
    """The long dataset with ekonomiskt bistånd in the unreported kommun-months replaced
    by the kommun's last reported value of the same kön and age group (SCB's practice).

    Unreported months are between reported ones (see :func:`unreported_months`), so there
    is always an earlier value; several unreported months in a row all get the last one.
    Only the rows of kommuner with an unreported month are grouped (a few of 290: the
    whole column grouped by text keys was a quarter of a cold start, #18).
    """
    if unreported.empty:
        return frame
    regions = tuple(str(code) for code in unreported["region_code"].unique())
    candidates = np.flatnonzero(
        isin_text(frame["measure"], (UNREPORTED_MEASURE,))
        & isin_text(frame["region_code"], regions)
    )
    picked = frame.iloc[candidates]
    raw = picked["value"].to_numpy()
    hit = np.isin(
        _region_month_keys(picked["region_code"], picked["month"]),
        _region_month_keys(unreported["region_code"], unreported["month"]),
    ) & ~np.isnan(raw)
    rows = pd.DataFrame(
        {
            "region_code": picked["region_code"].to_numpy(),
            "sex": picked["sex"].to_numpy(),
            "age_group": picked["age_group"].to_numpy(),
            "month": picked["month"].to_numpy(),
            "value": np.where(hit, np.nan, raw),
            "hit": hit,
            "position": candidates,
        }
    ).sort_values("month", kind="stable")
    filled = rows.groupby(["region_code", "sex", "age_group"], sort=False)["value"].ffill()
    hit = rows["hit"].to_numpy()
    values = frame["value"].to_numpy(copy=True)
    values[rows["position"].to_numpy()[hit]] = filled.to_numpy()[hit]
    return frame.assign(value=values)


def _region_month_keys(region_codes: pd.Series, months: pd.Series) -> np.ndarray:
    """One integer per (region, month); region codes are digits by the data contract."""
    categories = region_codes.astype("category")
    numeric = categories.cat.categories.astype(str).astype(np.int64).to_numpy()
    region = numeric[categories.cat.codes.to_numpy()]
    return region * 100_000 + month_number(months)


def unreported_counts(unreported: pd.DataFrame, frequency: str) -> pd.DataFrame:
    """How many unreported months each kommun has per period of `frequency`.

    Returns `region_code`, `period` and `unreported` (only periods with at least one).
    A rolling 12-month period counts the unreported months inside its window.
    """
    check_frequency(frequency)
    number = month_number(unreported["month"])
    codes = unreported["region_code"].to_numpy()
    if frequency == YEAR:
        periods: pd.Series | np.ndarray = number // MONTHS_IN_YEAR
    elif frequency == MONTH:
        periods = unreported["month"].to_numpy()
    else:
        shifts = np.arange(MONTHS_IN_YEAR)
        codes = np.repeat(codes, MONTHS_IN_YEAR)
        periods = _months_from_numbers((number[:, None] + shifts).ravel())
    counted = pd.DataFrame({"region_code": codes, PERIOD: periods})
    counts = counted.groupby(["region_code", PERIOD], sort=True).size()
    return counts.rename(UNREPORTED).reset_index()


def _months_from_numbers(numbers: np.ndarray) -> pd.DatetimeIndex:
    years, months = np.divmod(numbers, MONTHS_IN_YEAR)
    return pd.to_datetime(pd.DataFrame({"year": years, "month": months + 1, "day": 1}))


def with_unreported(wide: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """A wide period table with the column `unreported` (0 where nothing is flagged)."""
    keyed = counts.astype({PERIOD: wide[PERIOD].dtype})
    keyed["region_code"] = keyed["region_code"].astype(wide["region_code"].dtype)
    merged = wide.merge(keyed, on=["region_code", PERIOD], how="left", sort=False)
    merged[UNREPORTED] = merged[UNREPORTED].fillna(0).astype(np.int64)
    return merged


def few_he(he: pd.Series) -> pd.Series:
    """True where a share rests on fewer than :data:`FEW_HE` helårsekvivalenter."""
    return he.lt(FEW_HE)
