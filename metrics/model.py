"""Everything the pages need, derived once from a dataset: the *model*.

Building the model is the expensive step (annual means, pooling every county and
riket, quartile thresholds, county means); the app caches it once per process and
pages only slice it (see :mod:`metrics.views`). Everything here is pure: a validated
long frame and the region registry in, tables out. Years are built eagerly; months and
rolling 12 months (twelve times larger) on first use, and then only their kommun table,
context and county means: an area's rows are made when asked for (see
:mod:`metrics.tables`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from data.contract import AGE_TOTAL, SEX_TOTAL, SEXES, isin_text
from data.regions import Area, Regions
from metrics.flags import (
    UNREPORTED,
    carried_forward,
    unreported_counts,
    unreported_months,
    with_unreported,
    without_unreported,
)
from metrics.funnel import Funnel, kommun_funnel
from metrics.labels import SUMMA
from metrics.periods import (
    MONTH,
    PERIOD,
    ROLLING_12,
    YEAR,
    annual,
    check_frequency,
    monthly,
    rolling_12,
)
from metrics.recent import Recent
from metrics.tables import PeriodTables, build_period_tables
from metrics.views import (
    AreaTrends,
    area_trends,
    county_code_of,
    county_table,
    distribution_table,
    profile_table,
)

TRENDS_KEPT = 12
"""How many (area, kind of period) trend tables a model keeps: the most recently used.
A month's or rolling month's is ~0.76 MiB on the full dataset (a year's 0.11): 12 hold
at most ~9 MiB, and every chart of the area on the page being drawn shares one."""


CARRY_FORWARD = True
"""Ekonomiskt bistånd of a kommun that has not reported: the last known value, as in
SCB's published tables (see :mod:`metrics.flags`); False treats the month as missing."""


@dataclass
class Source:
    """The dataset a model was built from, released once its tables exist
    (:meth:`Model.release_frame`); `rows` is its length."""

    frame: pd.DataFrame | None = field(repr=False)
    rows: int


@dataclass(frozen=True)
class Model:
    """Share tables for every area (kommuner, län, riket, förbund), per year and month.

    `frame` is the dataset as given (held until :meth:`release_frame`: only the monthly
    tables are built from it, and it is the largest thing a model holds); every table
    is built from its kommun rows with unreported ekonomiskt bistånd carried forward
    from the last reported month (or, with `carry_forward` off, set to NaN:
    :meth:`kommun_frame`, see :mod:`metrics.flags`); `unreported` lists those
    kommun-months; `yearly` holds the annual tables. `annual` is the share table (see
    :mod:`metrics.shares`) of every area of `regions`, each row with its quartile class.

    A model made by :meth:`with_areas` keeps the model it was made from in `base` and
    the areas it added in `added`; its tables are the base's plus those areas.
    """

    regions: Regions
    source: Source
    unreported: pd.DataFrame
    yearly: PeriodTables
    carry_forward: bool = CARRY_FORWARD
    base: Model | None = field(default=None, repr=False, compare=False)
    added: tuple[Area, ...] = ()
    _trends: Recent[AreaTrends] = field(
        default_factory=lambda: Recent(TRENDS_KEPT), init=False, repr=False, compare=False
    )

    def with_areas(self, areas: Sequence[Area]) -> Model:
        """This model plus `areas` (e.g. förbund a user defined), pooled on top of it.

        Only the new areas are pooled: every existing table is shared, not copied, and
        the monthly tables are pooled on first use, from the base model's (built once).
        Areas added to a model made by `with_areas` join those it already added.
        Raises ValueError if an area's code is taken.
        """
        root = self.base or self
        added = (*self.added, *areas)
        return Model(
            regions=root.regions.with_areas(added),
            source=root.source,
            unreported=root.unreported,
            yearly=root.yearly.with_areas(added),
            carry_forward=root.carry_forward,
            base=root,
            added=added,
        )

    @property
    def annual(self) -> pd.DataFrame:
        return self.yearly.shares

    @property
    def frame(self) -> pd.DataFrame:
        """The dataset the model was built from (raises once it has been released)."""
        frame = self.source.frame
        if frame is None:
            raise RuntimeError("the model's dataset frame was released after its tables")
        return frame

    @property
    def rows(self) -> int:
        """The number of rows of the dataset (kept when the frame is released)."""
        return self.source.rows

    def release_frame(self) -> None:
        """Let go of the dataset frame once the monthly tables exist (built here if they
        are not): nothing else needs it, and on the full dataset it is ~47 MiB of a
        server that should fit in 350. The first and latest month are kept."""
        root = self.base or self
        root.tables(MONTH)
        _ = root._month_span
        root.source.frame = None

    def kommun_frame(self) -> pd.DataFrame:
        """The dataset's kommun rows with unreported months carried forward or NaN, as
        `carry_forward` says (made when asked: only the monthly tables are built from it,
        once)."""
        return _cleaned(_kommun_rows(self.frame, self.regions), self.unreported, self.carry_forward)

    @cached_property
    def monthly_tables(self) -> PeriodTables:
        if self.base is not None:
            return self.base.monthly_tables.with_areas(self.added)
        counts = unreported_counts(self.unreported, MONTH)
        wide = with_unreported(monthly(self.kommun_frame()), counts)
        return build_period_tables(wide, self.regions, MONTH, on_demand=True)

    @cached_property
    def rolling_tables(self) -> PeriodTables:
        """Means over the 12 months ending at each month (`period` = the last month)."""
        if self.base is not None:
            return self.base.rolling_tables.with_areas(self.added)
        counts = unreported_counts(self.unreported, ROLLING_12)
        months = self.monthly_tables.kommun_wide.drop(columns=[UNREPORTED])
        wide = with_unreported(rolling_12(months), counts)
        return build_period_tables(wide, self.regions, ROLLING_12, on_demand=True)

    def tables_ready(self, frequency: str) -> bool:
        """Whether the tables of `frequency` are built (the monthly and rolling ones take
        seconds on the full dataset; callers that must not wait ask first)."""
        root = self.base or self
        name = {MONTH: "monthly_tables", ROLLING_12: "rolling_tables"}.get(frequency)
        return name is None or name in vars(root)

    def tables(self, frequency: str = YEAR) -> PeriodTables:
        """The tables of one kind of period: `year`, `month` or `rolling12`."""
        if check_frequency(frequency) == MONTH:
            return self.monthly_tables
        if frequency == ROLLING_12:
            return self.rolling_tables
        return self.yearly

    @cached_property
    def years(self) -> list[int]:
        return [int(y) for y in self.yearly.periods]

    @cached_property
    def complete_years(self) -> list[int]:
        kommuner = self.annual.loc[
            isin_text(self.annual["region_code"], self.regions.kommun_codes())
        ]
        full = kommuner.loc[~kommuner["partial"], PERIOD].unique()
        return sorted(int(y) for y in full)

    @cached_property
    def age_groups(self) -> list[str]:
        """The age groups in the data, the total (20–64) first."""
        groups = sorted(str(a) for a in self.annual["age_group"].unique())
        return sorted(groups, key=lambda a: a != AGE_TOTAL)

    @cached_property
    def _month_span(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The first and latest month of the kommun rows (only the two are kept: the
        frame may be released, see :meth:`release_frame`)."""
        if self.base is not None:
            return self.base._month_span
        months = _kommun_rows(self.frame, self.regions)["month"]
        return pd.Timestamp(months.min()), pd.Timestamp(months.max())

    @property
    def latest_month(self) -> pd.Timestamp:
        return self._month_span[1]

    @property
    def first_month(self) -> pd.Timestamp:
        return self._month_span[0]

    def default_year(self) -> int:
        """The latest complete year, or the latest year if none is complete."""
        complete = self.complete_years
        return complete[-1] if complete else self.years[-1]

    def share(
        self,
        region_code: str,
        year: int,
        measure: str = SUMMA,
        sex: str = SEX_TOTAL,
        age_group: str = AGE_TOTAL,
    ) -> float | None:
        """One annual share in %, or None if it is missing."""
        return self._annual_value("share", region_code, year, measure, sex, age_group)

    def population(
        self,
        region_code: str,
        year: int,
        sex: str = SEX_TOTAL,
        age_group: str = AGE_TOTAL,
    ) -> float | None:
        """The population an annual share of the total is taken of, or None if missing."""
        return self._annual_value("population", region_code, year, SUMMA, sex, age_group)

    def _annual_value(
        self, column: str, region_code: str, year: int, measure: str, sex: str, age_group: str
    ) -> float | None:
        table = self.yearly.area_rows(region_code)
        mask = self._annual_mask(table, measure, sex, age_group)
        mask &= table[PERIOD].to_numpy() == year
        values = table[column].to_numpy(dtype=float)[mask]
        if not len(values) or np.isnan(values[0]):
            return None
        return float(values[0])

    def annual_rows(
        self,
        region_code: str,
        measure: str | None = None,
        sex: str | None = None,
        age_group: str | None = None,
    ) -> pd.DataFrame:
        """The annual share rows of one area, optionally for one measure, sex, age group."""
        table = self.yearly.area_rows(region_code)
        return table.loc[self._annual_mask(table, measure, sex, age_group)]

    @staticmethod
    def _annual_mask(
        table: pd.DataFrame, measure: str | None, sex: str | None, age_group: str | None
    ) -> np.ndarray:
        mask = np.ones(len(table), dtype=bool)
        for column, value in (("measure", measure), ("sex", sex), ("age_group", age_group)):
            if value is not None:
                mask &= table[column].to_numpy() == value
        return mask

    def county_code(self, area_code: str) -> str | None:
        """The county an area is compared with (see :func:`metrics.views.county_code_of`)."""
        return county_code_of(self.regions, area_code)

    def trend(
        self,
        area_code: str,
        measure: str = SUMMA,
        sexes: Sequence[str] = (SEX_TOTAL,),
        age_group: str = AGE_TOTAL,
        frequency: str = YEAR,
    ) -> pd.DataFrame:
        """The trend table of one area (see :func:`metrics.views.trend_table`)."""
        return self.area_trends(area_code, frequency).select(measure, sexes, age_group)

    def area_trends(self, area_code: str, frequency: str = YEAR) -> AreaTrends:
        """Every trend table of one area (see :class:`metrics.views.AreaTrends`), kept for
        the most recently used areas: the charts of one area share one join."""
        tables = self.tables(frequency)
        return self._trends.get(
            (frequency, area_code),
            lambda: area_trends(tables, area_code, self.county_code(area_code)),
        )

    def profile(
        self,
        area_code: str,
        periods: Sequence,
        sexes: Sequence[str] = SEXES,
        age_group: str = AGE_TOTAL,
        frequency: str = YEAR,
    ) -> pd.DataFrame:
        """The profile table of one area (see :func:`metrics.views.profile_table`)."""
        return profile_table(
            self.tables(frequency), area_code, periods, sexes=sexes, age_group=age_group
        )

    def county_kommuner(
        self,
        county_code: str,
        period,
        age_group: str = AGE_TOTAL,
        sex: str = SEX_TOTAL,
        frequency: str = YEAR,
    ) -> pd.DataFrame:
        """A county's kommuner in one period (see :func:`metrics.views.county_table`)."""
        return county_table(
            self.tables(frequency), self.regions, county_code, period, age_group, sex
        )

    def funnel(
        self, year: int, measure: str, sex: str = SEX_TOTAL, age_group: str = AGE_TOTAL
    ) -> Funnel:
        """Every kommun against riket in one year (see :func:`metrics.funnel.kommun_funnel`)."""
        names = {k.code: k.name for k in self.regions.kommuner}
        return kommun_funnel(self.annual, names, year, measure, sex, age_group)

    def distribution(
        self,
        area_code: str,
        period,
        sexes: Sequence[str] = ("K", "M"),
        age_group: str = AGE_TOTAL,
        frequency: str = YEAR,
    ) -> pd.DataFrame:
        """HE over the six systems (see :func:`metrics.views.distribution_table`)."""
        return distribution_table(
            self.tables(frequency), area_code, period, sexes=sexes, age_group=age_group
        )


def _kommun_rows(frame: pd.DataFrame, regions: Regions) -> pd.DataFrame:
    """The dataset's kommun rows (riket's own rows dropped: aggregates are pooled)."""
    return frame.loc[isin_text(frame["region_code"], regions.kommun_codes())]


def build_model(
    frame: pd.DataFrame, regions: Regions, carry_forward: bool = CARRY_FORWARD
) -> Model:
    """Derive the model from a validated dataset frame and the region registry.

    Every area that is not a kommun (riket, län, förbund) is pooled from its member
    kommuner, so riket is recomputed from the kommuner like any other area.
    Quartile thresholds are taken over the kommuner present in the data.
    """
    kommuner = _kommun_rows(frame, regions)
    unreported = unreported_months(kommuner)
    cleaned = _cleaned(kommuner, unreported, carry_forward)
    wide = with_unreported(annual(cleaned), unreported_counts(unreported, YEAR))
    return Model(
        regions=regions,
        source=Source(frame, len(frame)),
        unreported=unreported,
        yearly=build_period_tables(wide, regions, YEAR),
        carry_forward=carry_forward,
    )


def _cleaned(kommuner: pd.DataFrame, unreported: pd.DataFrame, carry_forward: bool) -> pd.DataFrame:
    """Kommun rows with unreported ekonomiskt bistånd carried forward, or set to NaN."""
    return (carried_forward if carry_forward else without_unreported)(kommuner, unreported)
