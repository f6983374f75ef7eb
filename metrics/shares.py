"""Shares of the population 20–64 supported by each benefit system, for any area.

A *share table* is long: one row per (region_code, period, sex, age_group, measure)
with `he` (helårsekvivalenter), `population` (the population the share is taken of),
`share` (= he ÷ population × 100, in %), `months` and `partial`. `measure` is one of
the six systems or `summa`, their sum.

Any area above a kommun is pooled: sum(HE) ÷ sum(population) over its member kommuner,
never an average of the kommuners' shares. A member whose HE for a measure is missing
is left out of both sums for that measure, so a gap does not bias the share downwards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from data.contract import HE_MEASURES, POPULATION
from metrics.labels import SUMMA
from metrics.periods import PERIOD, ROW_KEYS

SHARE_KEYS: tuple[str, ...] = (*ROW_KEYS, "measure")
SHARE_COLUMNS: tuple[str, ...] = (*SHARE_KEYS, "he", "population", "share", "months", "partial")


def share_table(wide: pd.DataFrame) -> pd.DataFrame:
    """A long share table from a wide period table (see :mod:`metrics.periods`).

    `summa` is the sum of the systems that have a value (NaN only if none has).
    """
    with_summa = wide.assign(**{SUMMA: wide[list(HE_MEASURES)].sum(axis=1, min_count=1)})
    long = with_summa.melt(
        id_vars=[*ROW_KEYS, POPULATION, "months", "partial"],
        value_vars=[SUMMA, *HE_MEASURES],
        var_name="measure",
        value_name="he",
    )
    long = long.rename(columns={POPULATION: "population"})
    long["measure"] = pd.Categorical(long["measure"], categories=[SUMMA, *HE_MEASURES])
    long["share"] = compute_share(long["he"], long["population"])
    return long.loc[:, list(SHARE_COLUMNS)]


def compute_share(he: pd.Series, population: pd.Series) -> pd.Series:
    """he ÷ population × 100; NaN where either is missing or population is not positive."""
    population = population.where(population > 0)
    return he / population * 100.0


def _join_members(shares: pd.DataFrame, members: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Each kommun row once per area it belongs to, with the area's code in `area_code`."""
    mapping = pd.DataFrame(
        [(area, kommun) for area, kommuner in members.items() for kommun in kommuner],
        columns=["area_code", "region_code"],
    )
    kommun_rows = shares.assign(region_code=shares["region_code"].astype(str))
    return kommun_rows.merge(mapping, on="region_code", how="inner")


def pooled_shares(
    shares: pd.DataFrame,
    members: Mapping[str, Sequence[str]],
) -> pd.DataFrame:
    """Share tables for areas made of kommuner, pooled from the kommuner's HE and population.

    `shares` is a kommun-level share table; `members` maps each area code to its member
    kommun codes. An area's row is partial if any member's row is; `months` is the
    fewest months among its members.
    """
    joined = _join_members(shares, members)
    if joined.empty:
        return pd.DataFrame(columns=list(SHARE_COLUMNS))
    usable = joined["he"].notna() & joined["population"].notna()
    joined["he"] = joined["he"].where(usable)
    joined["population"] = joined["population"].where(usable)
    keys = ["area_code", PERIOD, "sex", "age_group", "measure"]
    grouped = joined.groupby(keys, observed=True, sort=True)
    pooled = grouped[["he", "population"]].sum(min_count=1)
    pooled["months"] = grouped["months"].min()
    pooled["partial"] = grouped["partial"].any()
    pooled = pooled.reset_index()
    pooled = pooled.rename(columns={"area_code": "region_code"})
    pooled["share"] = compute_share(pooled["he"], pooled["population"])
    return pooled.loc[:, list(SHARE_COLUMNS)]


def kommun_mean_share(
    shares: pd.DataFrame,
    members: Mapping[str, Sequence[str]],
) -> pd.DataFrame:
    """The unweighted mean of the member kommuner's shares (the report's county line).

    This is *not* the county's share: a small kommun weighs as much as a large one.
    Returns one row per (area, period, sex, age_group, measure) with `share`.
    """
    joined = _join_members(shares, members)
    keys = ["area_code", PERIOD, "sex", "age_group", "measure"]
    means = joined.groupby(keys, observed=True, sort=True)["share"].mean()
    return means.reset_index().rename(columns={"area_code": "region_code"})
