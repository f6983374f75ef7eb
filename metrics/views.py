"""The tidy tables behind each chart, cut from :class:`~metrics.tables.PeriodTables`.

Every function here is a filter and a small join on precomputed tables, so a page can
call it on every rerun. The tables are the inputs of the builders in `charts/`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from data.contract import AGE_TOTAL, HE_MEASURES, SEX_TOTAL, SEXES
from data.regions import LEVEL_FORBUND, LEVEL_KOMMUN, LEVEL_LAN, Regions
from metrics.labels import REPORT_ORDER, SUMMA
from metrics.periods import PERIOD
from metrics.ranking import CONTEXT_KEYS
from metrics.tables import PeriodTables

TREND_COLUMNS: tuple[str, ...] = (
    PERIOD,
    "sex",
    "share",
    "he",
    "population",
    "quartile",
    "q25",
    "q75",
    "months",
    "partial",
    "unreported",
    "few_he",
    "county_mean",
    "riket",
    "band_min",
    "band_max",
)
PROFILE_COLUMNS: tuple[str, ...] = (
    "measure",
    "sex",
    PERIOD,
    "share",
    "quartile",
    "he",
    "population",
    "months",
    "partial",
    "unreported",
    "few_he",
)
COUNTY_COLUMNS: tuple[str, ...] = (
    "region_code",
    "name",
    "measure",
    "share",
    "quartile",
    "he",
    "population",
    "partial",
    "unreported",
    "few_he",
)
DISTRIBUTION_COLUMNS: tuple[str, ...] = ("sex", "measure", "he", "share", "fraction")
COMPARE_COLUMNS: tuple[str, ...] = (
    "region_code",
    "name",
    PERIOD,
    "share",
    "quartile",
    "he",
    "population",
    "months",
    "partial",
    "unreported",
    "few_he",
)


def county_code_of(regions: Regions, area_code: str) -> str | None:
    """The county whose kommuner an area is compared with, or None.

    A kommun's own county; a county itself; a förbund whose kommuner all lie in one
    county, that county; riket, and a förbund across counties, none.
    """
    area = regions[area_code]
    if area.level == LEVEL_KOMMUN:
        return area.county_code
    if area.level == LEVEL_LAN:
        return area.code
    if area.level == LEVEL_FORBUND:
        counties = {regions[m].county_code for m in area.members if m in regions}
        return counties.pop() if len(counties) == 1 else None
    return None


def _select(
    rows: pd.DataFrame,
    measures: Sequence[str] | None = None,
    sexes: Sequence[str] | None = None,
    age_group: str | None = None,
    periods: Sequence | None = None,
) -> pd.DataFrame:
    mask = pd.Series(True, index=rows.index)
    if measures is not None:
        mask &= rows["measure"].isin(measures)
    if sexes is not None:
        mask &= rows["sex"].isin(sexes)
    if age_group is not None:
        mask &= rows["age_group"] == age_group
    if periods is not None:
        mask &= rows[PERIOD].isin(list(periods))
    return rows.loc[mask]


@dataclass(frozen=True)
class AreaTrends:
    """Every trend of one area (all measures, sexes and age groups), built in one go.

    `table` holds the rows of :func:`trend_table` for all groups at once, ordered by
    measure, age group, sex and period; `groups` says where each (measure, age group,
    sex) is. A page that draws several systems of one area (Ersättningssystem with all
    systems, a report) joins the context and county means once instead of once per
    chart, and then only slices. A selected table may share memory with `table`
    (pandas copies on write, so changing it leaves `table` as it is).
    """

    table: pd.DataFrame
    groups: dict[tuple[str, str, str], slice]

    def select(
        self, measure: str = SUMMA, sexes: Sequence[str] = (SEX_TOTAL,), age_group: str = AGE_TOTAL
    ) -> pd.DataFrame:
        """The trend table of one measure, age group and sexes (in the order T, K, M)."""
        parts = [
            self.groups[(measure, age_group, sex)]
            for sex in SEXES
            if sex in sexes and (measure, age_group, sex) in self.groups
        ]
        if parts and all(a.stop == b.start for a, b in pairwise(parts)):  # e.g. K, M
            return self.table.iloc[parts[0].start : parts[-1].stop].reset_index(drop=True)
        positions = np.concatenate([np.arange(p.start, p.stop) for p in parts] or [[]])
        return self.table.take(positions.astype(np.int64)).reset_index(drop=True)


def area_trends(tables: PeriodTables, area_code: str, county_code: str | None) -> AreaTrends:
    """All trend tables of one area (see :func:`trend_table` and :class:`AreaTrends`)."""
    keys = list(CONTEXT_KEYS)
    rows = tables.area_rows(area_code).drop(columns=["region_code", "q25", "q75"])
    table = tables.context.merge(rows, on=keys, how="left")
    if county_code is None:
        table["county_mean"] = float("nan")
    else:
        means = tables.county_means
        means = means.loc[means["region_code"] == county_code, [*keys, "county_mean"]]
        table = table.merge(means, on=keys, how="left")
    table = table.sort_values(["measure", "age_group", "sex", PERIOD], ignore_index=True)
    table = _with_flag_dtypes(table)
    groups = _group_slices(table, ("measure", "age_group", "sex"))
    table["sex"] = table["sex"].astype(str)
    return AreaTrends(table=table.loc[:, list(TREND_COLUMNS)], groups=groups)


def _group_slices(table: pd.DataFrame, keys: Sequence[str]) -> dict[tuple[str, ...], slice]:
    """Where each run of equal `keys` is in a table sorted by them."""
    if table.empty:
        return {}
    columns = [table[k].astype(str).to_numpy() for k in keys]
    changes = np.zeros(len(table), dtype=bool)
    changes[0] = True
    for column in columns:
        changes[1:] |= column[1:] != column[:-1]
    starts = np.flatnonzero(changes)
    ends = [*starts[1:], len(table)]
    return {
        tuple(str(column[start]) for column in columns): slice(int(start), int(end))
        for start, end in zip(starts, ends, strict=True)
    }


def _with_flag_dtypes(table: pd.DataFrame) -> pd.DataFrame:
    """Flags as plain bools and counts after a left join (a missing row has no flag)."""
    return table.assign(
        partial=table["partial"].fillna(False).astype(bool),
        unreported=table["unreported"].fillna(0).astype(int),
        few_he=table["few_he"].fillna(False).astype(bool),
    )


def trend_table(
    tables: PeriodTables,
    area_code: str,
    county_code: str | None,
    measure: str = SUMMA,
    sexes: Sequence[str] = (SEX_TOTAL,),
    age_group: str = AGE_TOTAL,
) -> pd.DataFrame:
    """One area's share over all periods, beside the county mean, riket and the band.

    One row per (sex, period) with the area's `share` and `quartile`, the flags, the
    unweighted mean of the county's kommuner (`county_mean`, NaN without a county),
    `riket` (pooled) and the lowest and highest kommun share (`band_min`, `band_max`).
    Periods where the area has no row still appear when riket has one, with a missing
    share, so a chart shows the gap. (To draw several trends of one area, build
    :func:`area_trends` once and select from it.)
    """
    return area_trends(tables, area_code, county_code).select(measure, sexes, age_group)


def profile_table(
    tables: PeriodTables,
    area_code: str,
    periods: Sequence,
    sexes: Sequence[str] = ("T", "K", "M"),
    age_group: str = AGE_TOTAL,
) -> pd.DataFrame:
    """The försörjningsprofil: one area's shares and classes per measure, sex and period.

    Rows come in the report's measure order, then sex in the order of `sexes`, then
    period. A measure without data keeps its row with a missing share.
    """
    rows = _select(tables.area_rows(area_code), None, sexes, age_group, periods)
    grid = pd.MultiIndex.from_product(
        [list(REPORT_ORDER), list(sexes), list(periods)], names=["measure", "sex", PERIOD]
    ).to_frame(index=False)
    found = rows.assign(measure=rows["measure"].astype(str), sex=rows["sex"].astype(str))
    table = grid.merge(found.drop(columns=["region_code", "age_group"]), how="left")
    table = _with_flag_dtypes(table)
    return table.loc[:, list(PROFILE_COLUMNS)]


def county_table(
    tables: PeriodTables,
    regions: Regions,
    county_code: str,
    period,
    age_group: str = AGE_TOTAL,
    sex: str = SEX_TOTAL,
) -> pd.DataFrame:
    """Each kommun of a county in one period: shares of summa and the six systems.

    Only kommuner with rows in the data appear; `name` is the kommun's name.
    """
    names = {k.code: k.name for k in regions.kommuner_in(county_code)}
    rows = _select(tables.areas_rows(list(names)), None, [sex], age_group, [period])
    table = rows.assign(region_code=rows["region_code"].astype(str))
    table["name"] = table["region_code"].map(names)
    return table.loc[:, list(COUNTY_COLUMNS)].reset_index(drop=True)


def distribution_table(
    tables: PeriodTables,
    area_code: str,
    period,
    sexes: Sequence[str] = ("K", "M"),
    age_group: str = AGE_TOTAL,
) -> pd.DataFrame:
    """How one area's HE split over the six systems, per sex, in one period.

    `fraction` is the system's HE in % of the sum of the six (`summa`); `share` is its
    share of the population as elsewhere. Rows in the report's order of systems.
    """
    rows = _select(tables.area_rows(area_code), None, sexes, age_group, [period])
    rows = rows.assign(measure=rows["measure"].astype(str), sex=rows["sex"].astype(str))
    totals = rows.loc[rows["measure"] == SUMMA].set_index("sex")["he"]
    systems = [m for m in REPORT_ORDER if m in HE_MEASURES]
    table = rows.loc[rows["measure"].isin(systems)].copy()
    total = table["sex"].map(totals).astype(float)  # float even when the area has no rows
    table["fraction"] = (table["he"] / total.where(total > 0) * 100.0).astype(float)
    order = {m: i for i, m in enumerate(systems)}
    sex_order = {s: i for i, s in enumerate(sexes)}
    table = table.sort_values(
        ["sex", "measure"], key=lambda c: c.map(sex_order if c.name == "sex" else order)
    )
    return table.loc[:, list(DISTRIBUTION_COLUMNS)].reset_index(drop=True)


def compare_table(
    tables: PeriodTables,
    regions: Regions,
    area_codes: Sequence[str],
    measure: str = SUMMA,
    sex: str = SEX_TOTAL,
    age_group: str = AGE_TOTAL,
) -> pd.DataFrame:
    """Several areas' share of one measure over all periods, area by area.

    One row per (area, period) in the order of `area_codes`, with the area's `name`.
    Every area gets every period of the tables: a period without a value keeps its row
    with a missing share, so a chart shows the gap.
    """
    codes = list(dict.fromkeys(c for c in area_codes if c in regions))
    periods = sorted(_select(tables.context, [measure], [sex], age_group)[PERIOD].unique())
    grid = pd.MultiIndex.from_product([codes, periods], names=["region_code", PERIOD]).to_frame(
        index=False
    )
    rows = _select(tables.areas_rows(codes), [measure], [sex], age_group)
    rows = rows.assign(region_code=rows["region_code"].astype(str))
    keep = [c for c in COMPARE_COLUMNS if c in rows.columns and c != "name"]
    table = grid.merge(rows.loc[:, keep], on=["region_code", PERIOD], how="left")
    table["name"] = table["region_code"].map({code: regions.name(code) for code in codes})
    table = _with_flag_dtypes(table)
    return table.loc[:, list(COMPARE_COLUMNS)]
