"""All samordningsförbund side by side: each pooled from its kommuner, ranked by share.

A förbund's share is pooled like a county's (sum of HE ÷ sum of population of its
member kommuner, see :mod:`metrics.shares`), never a mean of its kommuners' shares. The
ranking places every förbund by its total share (summa, 20–64 år, both sexes) in one
year, highest first, beside its share for kvinnor and for män, the change since five
years before, its county (when all its kommuner lie in one) and riket, the two
references a board compares with.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from data.contract import AGE_TOTAL, RIKET_CODE, SEX_TOTAL
from data.regions import Regions
from metrics.labels import SUMMA
from metrics.periods import PERIOD
from metrics.tables import PeriodTables
from metrics.views import county_code_of

CHANGE_YEARS = 5
RANKING_COLUMNS: tuple[str, ...] = (
    "rank",
    "region_code",
    "name",
    "county_code",
    "county_name",
    "share",
    "quartile",
    "share_k",
    "share_m",
    "share_before",
    "change",
    "county_share",
    "riket_share",
    "he",
    "population",
)


def forbund_ranking(
    tables: PeriodTables,
    regions: Regions,
    forbund: Sequence[str],
    year: int,
    measure: str = SUMMA,
) -> pd.DataFrame:
    """One row per förbund of `forbund`, ranked by its total share in `year`.

    `rank` runs 1, 2, … over the förbund with a share (highest first); a förbund
    without one comes last, unranked. `change` is the share in `year` minus the share
    `CHANGE_YEARS` years before, in percentage points (missing if either is).
    `county_share` is the pooled share of the förbund's county, missing for a förbund
    across counties.
    """
    codes = list(dict.fromkeys(forbund))
    counties = {code: county_code_of(regions, code) for code in codes}
    wanted = [*codes, *{c for c in counties.values() if c}, RIKET_CODE]
    rows = tables.areas_rows(wanted)
    rows = rows.loc[
        (rows["measure"].astype(str) == measure)
        & (rows["age_group"].astype(str) == AGE_TOTAL)
        & rows[PERIOD].isin([year, year - CHANGE_YEARS])
    ]
    keyed = rows.assign(region_code=rows["region_code"].astype(str), sex=rows["sex"].astype(str))
    lookup = keyed.set_index(["region_code", "sex", PERIOD])

    def value(code: str | None, sex: str, period: int, column: str = "share") -> float:
        if code is None or (code, sex, period) not in lookup.index:
            return np.nan
        return float(lookup.loc[(code, sex, period), column])

    def quartile(code: str) -> object:
        key = (code, SEX_TOTAL, year)
        return lookup.loc[key, "quartile"] if key in lookup.index else pd.NA

    table = pd.DataFrame(
        {
            "region_code": codes,
            "name": [regions.name(c) for c in codes],
            "county_code": [counties[c] for c in codes],
            "county_name": [regions.name(counties[c]) if counties[c] else "" for c in codes],
            "share": [value(c, SEX_TOTAL, year) for c in codes],
            "quartile": [quartile(c) for c in codes],
            "share_k": [value(c, "K", year) for c in codes],
            "share_m": [value(c, "M", year) for c in codes],
            "share_before": [value(c, SEX_TOTAL, year - CHANGE_YEARS) for c in codes],
            "county_share": [value(counties[c], SEX_TOTAL, year) for c in codes],
            "riket_share": value(RIKET_CODE, SEX_TOTAL, year),
            "he": [value(c, SEX_TOTAL, year, "he") for c in codes],
            "population": [value(c, SEX_TOTAL, year, "population") for c in codes],
        }
    )
    table["change"] = table["share"] - table["share_before"]
    table = table.sort_values(
        ["share", "name"], ascending=[False, True], na_position="last", kind="stable"
    ).reset_index(drop=True)
    known = table["share"].notna()
    table["rank"] = pd.array([pd.NA] * len(table), dtype="Int64")
    table.loc[known, "rank"] = np.arange(1, int(known.sum()) + 1)
    return table.loc[:, list(RANKING_COLUMNS)]
