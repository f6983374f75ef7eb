"""Shares of the population 20–64 supported by each benefit system, for any area.

A *share table* is long: one row per (region_code, period, sex, age_group, measure)
with `he` (helårsekvivalenter), `population` (the population the share is taken of),
`share` (= he ÷ population × 100, in %), `months`, `partial`, `unreported` (months with
a missing report of ekonomiskt bistånd, on the rows of that measure and of `summa`) and
`few_he`. `measure` is `summa` (the sum of the six systems) or one of the six, as a
categorical in the report's order. Rows follow the order of the wide table they come
from, each followed by its seven measures.

Any area above a kommun is pooled: sum(HE) ÷ sum(population) over its member kommuner,
never an average of the kommuners' shares. A member whose HE for a measure is missing
is left out of both sums for that measure, so a gap does not bias the share downwards.
The unweighted mean of the kommuner's shares (the report's county line) is a different
number and has its own function, :func:`kommun_mean_share`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from data.contract import HE_MEASURES, POPULATION
from metrics.flags import UNREPORTED, UNREPORTED_MEASURE, few_he
from metrics.labels import REPORT_ORDER, SUMMA
from metrics.periods import PERIOD, ROW_KEYS

SHARE_KEYS: tuple[str, ...] = (*ROW_KEYS, "measure")
SHARE_COLUMNS: tuple[str, ...] = (
    *SHARE_KEYS,
    "he",
    "population",
    "share",
    "months",
    "partial",
    UNREPORTED,
    "few_he",
)
MEASURE_DTYPE = pd.CategoricalDtype(list(REPORT_ORDER))
_FLAGGED_MEASURES: tuple[str, ...] = (UNREPORTED_MEASURE, SUMMA)


def compute_share(he: pd.Series, population: pd.Series) -> pd.Series:
    """he ÷ population × 100; NaN where either is missing or population is not positive."""
    population = population.where(population > 0)
    return he / population * 100.0


def with_summa(wide: pd.DataFrame) -> pd.DataFrame:
    """A wide period table with `summa`: the sum of the systems that have a value.

    `summa` is NaN only if all six systems are missing. A table without the column
    `unreported` (no months flagged) gets it, as 0.
    """
    summed = wide.assign(**{SUMMA: wide[list(HE_MEASURES)].sum(axis=1, min_count=1)})
    if UNREPORTED not in summed:
        summed[UNREPORTED] = 0
    return summed


def share_table(wide: pd.DataFrame) -> pd.DataFrame:
    """A long share table from a wide period table (see :mod:`metrics.periods`).

    Every row keeps its own population; `unreported` is taken from the wide table's
    column of that name when there is one (see :mod:`metrics.flags`).
    """
    summed = with_summa(wide)
    population = summed[POPULATION].to_numpy(dtype=float)
    return _stack(summed, {m: population for m in REPORT_ORDER})


def pooled_shares(wide: pd.DataFrame, members: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Share tables for areas made of kommuner, pooled from the kommuner's HE and population.

    `wide` is a kommun-level wide period table; `members` maps each area code to its
    member kommun codes. An area's row is partial if any member's row is; `months` is
    the fewest months among its members; `unreported` is the members' total.
    """
    summed = with_summa(wide)
    pooled = [_pool_layer(summed, layer) for layer in disjoint_layers(members)]
    pooled = [table for table in pooled if not table.empty]
    if not pooled:
        return _stack(summed.iloc[:0], {m: np.empty(0) for m in REPORT_ORDER})
    table = pd.concat(pooled, ignore_index=True)
    populations = {m: table[_population_column(m)].to_numpy(dtype=float) for m in REPORT_ORDER}
    return _stack(table, populations)


def disjoint_layers(members: Mapping[str, Sequence[str]]) -> list[dict[str, str]]:
    """Split areas into layers of disjoint areas: kommun code → area code per layer.

    Riket and the counties make two layers; samordningsförbund go into the first layer
    where none of their kommuner is taken yet. Pooling one layer is a single group-by.
    """
    layers: list[dict[str, str]] = []
    for area, kommuner in members.items():
        layer = next((lay for lay in layers if not any(k in lay for k in kommuner)), None)
        if layer is None:
            layer = {}
            layers.append(layer)
        layer.update(dict.fromkeys(kommuner, area))
    return layers


def _population_column(measure: str) -> str:
    return f"{POPULATION}:{measure}"


def _area_codes(region_codes: pd.Series, layer: Mapping[str, str]) -> pd.Series:
    """Each row's area in `layer` (NaN where the kommun is in none of its areas)."""
    regions = region_codes.astype("category")
    areas = sorted(set(layer.values()))
    position = {area: i for i, area in enumerate(areas)}
    # one entry per region category, and a last one for code -1 (a missing region code)
    lookup = np.array(
        [position.get(layer.get(str(code), ""), -1) for code in regions.cat.categories] + [-1]
    )
    codes = lookup[regions.cat.codes.to_numpy()]
    return pd.Series(pd.Categorical.from_codes(codes, categories=areas), index=region_codes.index)


def _pool_layer(wide: pd.DataFrame, layer: Mapping[str, str]) -> pd.DataFrame:
    """Sum the HE and population of each area of one layer of disjoint areas."""
    area = _area_codes(wide["region_code"], layer)
    inside = area.notna().to_numpy()
    rows = wide.loc[inside]
    population = rows[POPULATION]
    sums = {}
    for measure in REPORT_ORDER:
        usable = rows[measure].notna() & population.notna()
        sums[measure] = rows[measure].where(usable)
        sums[_population_column(measure)] = population.where(usable)
    keys = [area[inside].rename("region_code"), rows[PERIOD], rows["sex"], rows["age_group"]]
    grouped_sums = pd.DataFrame(sums).groupby(keys, observed=True, sort=True)
    pooled = grouped_sums.sum(min_count=1)
    flags = rows.loc[:, ["months", "partial", UNREPORTED]].groupby(keys, observed=True, sort=True)
    pooled["months"] = flags["months"].min()
    pooled["partial"] = flags["partial"].any()
    pooled[UNREPORTED] = flags[UNREPORTED].sum()
    return pooled.reset_index()


def _stack(wide: pd.DataFrame, populations: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Melt the measure columns of `wide` into rows: each row followed by its measures."""
    count = len(REPORT_ORDER)
    rows = np.repeat(np.arange(len(wide)), count)
    long = wide.loc[:, list(ROW_KEYS)].take(rows).reset_index(drop=True)
    long["measure"] = pd.Categorical.from_codes(
        np.tile(np.arange(count), len(wide)), dtype=MEASURE_DTYPE
    )
    long["he"] = np.column_stack([wide[m].to_numpy(dtype=float) for m in REPORT_ORDER]).ravel()
    long["population"] = np.column_stack([populations[m] for m in REPORT_ORDER]).ravel()
    long["share"] = compute_share(long["he"], long["population"])
    long["months"] = wide["months"].to_numpy().repeat(count)
    long["partial"] = wide["partial"].to_numpy(dtype=bool).repeat(count)
    unreported = wide[UNREPORTED].to_numpy(dtype=np.int64)
    flagged = np.isin(np.array(REPORT_ORDER), _FLAGGED_MEASURES)
    long[UNREPORTED] = (unreported[:, None] * flagged).ravel()
    long["few_he"] = few_he(long["he"]).to_numpy()
    return long.loc[:, list(SHARE_COLUMNS)]


def kommun_mean_share(shares: pd.DataFrame, members: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """The unweighted mean of the member kommuner's shares (the report's county line).

    This is *not* the county's share: a small kommun weighs as much as a large one.
    `shares` is a kommun-level share table. Returns one row per (area, period, sex,
    age_group, measure) with `share` (the mean over the members that have a share) and
    `kommuner` (how many members that is).
    """
    means = []
    for layer in disjoint_layers(members):
        area = _area_codes(shares["region_code"], layer)
        inside = area.notna().to_numpy()
        rows = shares.loc[inside]
        keys = [area[inside].rename("region_code"), *(rows[k] for k in SHARE_KEYS[1:])]
        grouped = rows["share"].groupby(keys, observed=True, sort=True)
        means.append(pd.DataFrame({"share": grouped.mean(), "kommuner": grouped.count()}))
    if not means:
        return pd.DataFrame(columns=[*SHARE_KEYS, "share", "kommuner"])
    return pd.concat(means).reset_index()
