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

Months and rolling 12 months are twelve times the rows of years: their share rows of
every area would hold about 350 MiB. Tables built `on_demand` keep only the kommun
table, the context and the county means, and make an area's share rows when they are
asked for (a few milliseconds: a slice of the kommun table, or a pool of its members),
keeping the most recently used areas (:data:`AREAS_KEPT`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from data.contract import MEASURES, RIKET_CODE, isin_text
from data.regions import Area, Regions
from metrics.flags import UNREPORTED
from metrics.periods import PERIOD
from metrics.ranking import CONTEXT_KEYS, kommun_context, with_quartiles
from metrics.recent import Recent
from metrics.shares import SHARE_COLUMNS, kommun_mean_share, pooled_shares, share_table

TABLES_KEPT = 16
"""Derived tables kept per :class:`PeriodTables` (see :meth:`PeriodTables.remember`)."""
AREAS_KEPT = 16
"""Areas whose share rows tables built on demand keep, the most recently used (about
0.4 MiB each for months or rolling months on the full dataset, made again in tens of
milliseconds: 16 areas, ~7 MiB per kind of period; 64 held ~26 MiB each, measured #18)."""
TABLE_COLUMNS: tuple[str, ...] = (*SHARE_COLUMNS, "q25", "q75", "quartile")


@dataclass(frozen=True)
class PeriodTables:
    """The share tables of one frequency (`year`, `month` or `rolling12`).

    `kommun_wide` is the kommun-level wide table everything was built from (kept to pool
    areas added later), its rows grouped by kommun (`kommun_slices`); `added` holds the
    share rows of those areas, grouped by area like `shares`, and `added_slices` where
    each one's rows are. `shares` itself never changes; it is None when the tables are
    built on demand (see the module's docstring), and `aggregates` then maps every area
    that is not a kommun to its member kommuner.
    """

    frequency: str
    shares: pd.DataFrame | None
    context: pd.DataFrame
    county_means: pd.DataFrame
    slices: dict[str, slice] = field(repr=False)
    kommun_wide: pd.DataFrame | None = field(default=None, repr=False)
    added: pd.DataFrame | None = field(default=None, repr=False)
    added_slices: dict[str, slice] = field(default_factory=dict, repr=False)
    kommun_slices: dict[str, slice] = field(default_factory=dict, repr=False)
    aggregates: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    area_dtype: pd.CategoricalDtype | None = field(default=None, repr=False)
    _recent: Recent[pd.DataFrame] = field(
        default_factory=lambda: Recent(TABLES_KEPT), init=False, repr=False, compare=False
    )
    _areas: Recent[pd.DataFrame] = field(
        default_factory=lambda: Recent(AREAS_KEPT), init=False, repr=False, compare=False
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
        if self.shares is None:
            return self._on_demand([region_code])
        return self.shares.iloc[self.slices.get(region_code, slice(0, 0))]

    def areas_rows(self, region_codes: Sequence[str]) -> pd.DataFrame:
        """All share rows of several areas, area by area, in one cheap take."""
        if any(code in self.added_slices for code in region_codes):
            return pd.concat([self.area_rows(code) for code in region_codes], ignore_index=True)
        if self.shares is None:
            return self._on_demand(region_codes)
        parts = [self.slices[code] for code in region_codes if code in self.slices]
        positions = np.concatenate([np.arange(p.start, p.stop) for p in parts] or [[]])
        return self.shares.take(positions.astype(np.int64))

    def _on_demand(self, region_codes: Sequence[str]) -> pd.DataFrame:
        """The rows of `region_codes` from the kept areas, the others made in one go."""
        known = [c for c in region_codes if c in self.kommun_slices or c in self.aggregates]
        found = {code: self._areas.find(code) for code in dict.fromkeys(known)}
        missing = [code for code, rows in found.items() if rows is None]
        if missing:
            for code, rows in self._make_areas(missing).items():
                found[code] = self._areas.put(code, rows)
        parts = [found[code] for code in known]
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return self._make_rows(self.kommun_wide.iloc[:0], {})
        return pd.concat(parts, ignore_index=True)

    def _make_areas(self, region_codes: Sequence[str]) -> dict[str, pd.DataFrame]:
        kommuner = [c for c in region_codes if c in self.kommun_slices]
        aggregates = {c: self.aggregates[c] for c in region_codes if c in self.aggregates}
        members = dict.fromkeys([*kommuner, *(m for ms in aggregates.values() for m in ms)])
        parts = [self.kommun_slices[k] for k in members if k in self.kommun_slices]
        positions = np.concatenate([np.arange(p.start, p.stop) for p in parts] or [[]])
        rows = self.kommun_wide.take(positions.astype(np.int64))
        own = isin_text(rows["region_code"], tuple(kommuner))
        table = self._make_rows(rows.loc[own], aggregates, rows)
        slices = _area_slices(table["region_code"])
        if len(slices) == 1:
            return {code: table for code in slices}
        return {code: table.iloc[part].reset_index(drop=True) for code, part in slices.items()}

    def _make_rows(
        self,
        kommun_rows: pd.DataFrame,
        aggregates: dict[str, tuple[str, ...]],
        member_rows: pd.DataFrame | None = None,
    ) -> pd.DataFrame:
        """Share rows of kommuner (their wide rows) and of aggregates (pooled from the
        wide rows of their members), classed and grouped by area like `shares`."""
        parts = [share_table(kommun_rows)]
        if aggregates:
            parts.append(pooled_shares(member_rows, aggregates))
        shares = pd.concat(
            [part.astype({"region_code": self.area_dtype}) for part in parts], ignore_index=True
        )
        return _grouped_by_area(with_quartiles(shares, self.context)).loc[:, list(TABLE_COLUMNS)]

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
        added = _grouped_by_area(added.loc[:, list(TABLE_COLUMNS)])
        return replace(self, added=added, added_slices=_area_slices(added["region_code"]))

    @property
    def periods(self) -> list:
        """The periods in the table, in order (ints for years, Timestamps for months)."""
        return sorted(self.context[PERIOD].unique())


def build_period_tables(
    wide_kommuner: pd.DataFrame, regions: Regions, frequency: str, on_demand: bool = False
) -> PeriodTables:
    """Shares, classes, band, riket and county means from a kommun-level wide table.

    `wide_kommuner` is a wide period table (:mod:`metrics.periods`) of kommun rows,
    with an `unreported` column (:mod:`metrics.flags`). Every area of `regions` that is
    not a kommun is pooled from its member kommuner; riket too, so riket is always the
    sum of the kommuner shown beside it. With `on_demand` the share rows of each area
    are made when asked for (see the module's docstring); the context is the same.
    """
    wide_kommuner = _grouped_by_kommun(wide_kommuner)
    if on_demand:
        wide_kommuner = _compact(wide_kommuner)
    kommun_shares = share_table(wide_kommuner)
    aggregates = {a.code: a.members for a in regions.all() if not a.is_kommun}
    if on_demand:
        riket = {code: kommuner for code, kommuner in aggregates.items() if code == RIKET_CODE}
        pooled = pooled_shares(wide_kommuner, riket)
    else:
        pooled = pooled_shares(wide_kommuner, aggregates)
    area_dtype = pd.CategoricalDtype([a.code for a in regions.all()])
    context = _with_riket(kommun_context(kommun_shares), pooled)
    counties = {c.code: c.members for c in regions.counties}
    county_means = kommun_mean_share(kommun_shares, counties).rename(
        columns={"share": "county_mean"}
    )
    if on_demand:
        shares = None
    else:
        shares = pd.concat(
            [
                kommun_shares.astype({"region_code": area_dtype}),
                pooled.astype({"region_code": area_dtype}),
            ],
            ignore_index=True,
        )
        shares = _grouped_by_area(with_quartiles(shares, context))
    return PeriodTables(
        frequency=frequency,
        shares=shares,
        context=context,
        county_means=county_means.astype({"region_code": str}),
        slices={} if shares is None else _area_slices(shares["region_code"]),
        kommun_wide=wide_kommuner,
        kommun_slices=_area_slices(wide_kommuner["region_code"]),
        aggregates=aggregates if on_demand else {},
        area_dtype=area_dtype,
    )


def _compact(wide: pd.DataFrame) -> pd.DataFrame:
    """A kommun table kept for long in compact types: HE and population as float32 (7
    significant digits: a kommun's HE to the hundredth; riket's pooled population of
    ~6 million to ±0.5, a share off by less than 1e-7 %), the month counts as int8.
    Shares are computed in float64 from it. Years stay float64 throughout (small)."""
    types = {m: np.float32 for m in MEASURES if m in wide}
    types.update({c: np.int8 for c in ("months", UNREPORTED) if c in wide})
    return wide.astype(types)


def _grouped_by_kommun(wide: pd.DataFrame) -> pd.DataFrame:
    """A wide table with categorical region codes, its rows grouped by kommun (stable)."""
    if not isinstance(wide["region_code"].dtype, pd.CategoricalDtype):
        wide = wide.astype({"region_code": "category"})
    return _grouped_by_area(wide)


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
