"""All share tables of one kind of period, built once, sliced cheaply per request.

:class:`PeriodTables` holds, for years, months or rolling 12 months:

- `shares`: the share table of every area (kommuner, and pooled län, riket, förbund)
  with the quartile class of every row (see :mod:`metrics.ranking`), its rows grouped
  by area so that one area's rows are a slice;
- `context`: per (period, sex, age group, measure) the kommun thresholds `q25`/`q75`,
  the band `band_min`/`band_max`, the number of `kommuner` and `riket` (pooled);
- `county_means`: the unweighted mean of each county's kommuner (`county_mean`).

Areas added later (:meth:`PeriodTables.with_areas`, e.g. a förbund a user defines in the
app) are pooled on their own and kept beside `shares`, not inside it: adding one area
costs a group-by over its kommuner's rows instead of a copy of every table.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from data.contract import RIKET_CODE
from data.regions import Area, Regions
from metrics.periods import PERIOD
from metrics.ranking import CONTEXT_KEYS, kommun_context, with_quartiles
from metrics.recent import Recent
from metrics.shares import kommun_mean_share, pooled_shares, share_table

TABLES_KEPT = 16
"""Derived tables kept per :class:`PeriodTables` (see :meth:`PeriodTables.remember`)."""


@dataclass(frozen=True)
class PeriodTables:
    """The share tables of one frequency (`year`, `month` or `rolling12`).

    `kommun_wide` is the kommun-level wide table everything was built from (kept to pool
    areas added later); `added` holds the share rows of those areas, grouped by area like
    `shares`, and `added_slices` where each one's rows are. `shares` itself never changes.
    """

    frequency: str
    shares: pd.DataFrame
    context: pd.DataFrame
    county_means: pd.DataFrame
    slices: dict[str, slice] = field(repr=False)
    kommun_wide: pd.DataFrame | None = field(default=None, repr=False)
    added: pd.DataFrame | None = field(default=None, repr=False)
    added_slices: dict[str, slice] = field(default_factory=dict, repr=False)
    _recent: Recent[pd.DataFrame] = field(
        default_factory=lambda: Recent(TABLES_KEPT), init=False, repr=False, compare=False
    )

    def remember(self, key: Hashable, make: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """A table derived from these tables, made once and kept while it is among the
        most recently used (e.g. a set of comparable kommuner pooled as one area).
        It is shared: callers must not modify it."""
        return self._recent.get(key, make)

    def area_rows(self, region_code: str) -> pd.DataFrame:
        """All share rows of one area (empty if the area has none)."""
        if region_code in self.added_slices:
            return self.added.iloc[self.added_slices[region_code]]
        return self.shares.iloc[self.slices.get(region_code, slice(0, 0))]

    def areas_rows(self, region_codes: Sequence[str]) -> pd.DataFrame:
        """All share rows of several areas, area by area, in one cheap take."""
        if any(code in self.added_slices for code in region_codes):
            return pd.concat([self.area_rows(code) for code in region_codes], ignore_index=True)
        parts = [self.slices[code] for code in region_codes if code in self.slices]
        positions = np.concatenate([np.arange(p.start, p.stop) for p in parts] or [[]])
        return self.shares.take(positions.astype(np.int64))

    def with_areas(self, areas: Sequence[Area]) -> PeriodTables:
        """These tables plus `areas`, pooled from their kommuner and classed like the rest.

        Only the new areas are computed; `shares`, `context` and `county_means` are shared
        with this object. Areas added before are replaced by `areas`, not kept.
        """
        if self.kommun_wide is None:
            raise ValueError("these tables keep no kommun table to pool new areas from")
        pooled = pooled_shares(self.kommun_wide, {a.code: a.members for a in areas})
        area_dtype = pd.CategoricalDtype([a.code for a in areas])
        added = with_quartiles(pooled.astype({"region_code": area_dtype}), self.context)
        added = _grouped_by_area(added.loc[:, list(self.shares.columns)])
        return replace(self, added=added, added_slices=_area_slices(added["region_code"]))

    @property
    def periods(self) -> list:
        """The periods in the table, in order (ints for years, Timestamps for months)."""
        return sorted(self.context[PERIOD].unique())


def build_period_tables(
    wide_kommuner: pd.DataFrame, regions: Regions, frequency: str
) -> PeriodTables:
    """Shares, classes, band, riket and county means from a kommun-level wide table.

    `wide_kommuner` is a wide period table (:mod:`metrics.periods`) of kommun rows,
    with an `unreported` column (:mod:`metrics.flags`). Every area of `regions` that is
    not a kommun is pooled from its member kommuner; riket too, so riket is always the
    sum of the kommuner shown beside it.
    """
    kommun_shares = share_table(wide_kommuner)
    aggregates = {a.code: a.members for a in regions.all() if not a.is_kommun}
    pooled = pooled_shares(wide_kommuner, aggregates)
    area_dtype = pd.CategoricalDtype([a.code for a in regions.all()])
    shares = pd.concat(
        [
            kommun_shares.astype({"region_code": area_dtype}),
            pooled.astype({"region_code": area_dtype}),
        ],
        ignore_index=True,
    )
    context = _with_riket(kommun_context(kommun_shares), pooled)
    shares = _grouped_by_area(with_quartiles(shares, context))
    counties = {c.code: c.members for c in regions.counties}
    county_means = kommun_mean_share(kommun_shares, counties).rename(
        columns={"share": "county_mean"}
    )
    return PeriodTables(
        frequency=frequency,
        shares=shares,
        context=context,
        county_means=county_means.astype({"region_code": str}),
        slices=_area_slices(shares["region_code"]),
        kommun_wide=wide_kommuner,
    )


def _with_riket(context: pd.DataFrame, pooled: pd.DataFrame) -> pd.DataFrame:
    riket = pooled.loc[pooled["region_code"].astype(str) == RIKET_CODE]
    riket = riket.loc[:, [*CONTEXT_KEYS, "share"]].rename(columns={"share": "riket"})
    return context.merge(riket, on=list(CONTEXT_KEYS), how="left", sort=False)


def _grouped_by_area(shares: pd.DataFrame) -> pd.DataFrame:
    """Rows ordered by area (stable: each area keeps its own row order)."""
    order = np.argsort(shares["region_code"].cat.codes.to_numpy(), kind="stable")
    return shares.take(order).reset_index(drop=True)


def _area_slices(region_codes: pd.Series) -> dict[str, slice]:
    """Area code → the slice of its rows in a table ordered by area."""
    codes = region_codes.cat.codes.to_numpy()
    present, starts, counts = np.unique(codes, return_index=True, return_counts=True)
    categories = region_codes.cat.categories
    return {
        str(categories[code]): slice(int(start), int(start + count))
        for code, start, count in zip(present, starts, counts, strict=True)
        if code >= 0
    }
