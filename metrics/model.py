"""Everything the pages need, derived once from a dataset: the *model*.

Building the model is the expensive step (pivoting, annual means, pooling every county
and riket); the app caches it once per process and pages only filter it. Everything
here is pure: a validated long frame and the region registry in, tables out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from data.contract import AGE_TOTAL, SEX_TOTAL, isin_text
from data.regions import LEVEL_KOMMUN, Regions
from metrics.labels import SUMMA
from metrics.periods import PERIOD, annual, monthly
from metrics.shares import pooled_shares, share_table


@dataclass(frozen=True)
class Model:
    """Share tables for every area (kommuner, län, riket, förbund), per year and month.

    `annual` is built eagerly; `monthly` (ten times larger) on first use. Both are
    share tables (see :mod:`metrics.shares`) whose `region_code` is any area code of
    `regions`.
    """

    regions: Regions
    frame: pd.DataFrame
    annual: pd.DataFrame

    @cached_property
    def monthly(self) -> pd.DataFrame:
        kommuner = share_table(monthly(_kommun_rows(self.frame, self.regions)))
        return _with_aggregates(kommuner, self.regions)

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.annual[PERIOD].unique())

    @property
    def complete_years(self) -> list[int]:
        full = self.annual.loc[~self.annual["partial"], PERIOD].unique()
        return sorted(int(y) for y in full)

    @property
    def latest_month(self) -> pd.Timestamp:
        return pd.Timestamp(self.monthly[PERIOD].max())

    @property
    def first_month(self) -> pd.Timestamp:
        return pd.Timestamp(self.monthly[PERIOD].min())

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
        rows = self.annual_rows(region_code, measure=measure, sex=sex, age_group=age_group)
        value = rows.loc[rows[PERIOD] == year, "share"]
        if value.empty or pd.isna(value.iloc[0]):
            return None
        return float(value.iloc[0])

    def annual_rows(
        self,
        region_code: str,
        measure: str | None = None,
        sex: str | None = None,
        age_group: str | None = None,
    ) -> pd.DataFrame:
        """The annual share rows of one area, optionally for one measure, sex, age group."""
        table = self.annual
        mask = table["region_code"] == region_code
        for column, value in (("measure", measure), ("sex", sex), ("age_group", age_group)):
            if value is not None:
                mask &= table[column] == value
        return table.loc[mask]


def _kommun_rows(frame: pd.DataFrame, regions: Regions) -> pd.DataFrame:
    """The dataset without riket's own rows: every aggregate is pooled from kommuner."""
    return frame.loc[isin_text(frame["region_code"], regions.kommun_codes())]


def _with_aggregates(kommun_shares: pd.DataFrame, regions: Regions) -> pd.DataFrame:
    """Kommun share rows plus pooled rows for every area that is not a kommun."""
    aggregates = {a.code: a.members for a in regions.all() if a.level != LEVEL_KOMMUN}
    pooled = pooled_shares(kommun_shares, aggregates)
    return pd.concat([_as_text(kommun_shares), _as_text(pooled)], ignore_index=True)


def build_model(frame: pd.DataFrame, regions: Regions) -> Model:
    """Derive the model from a validated dataset frame and the region registry.

    Every area that is not a kommun (riket, län, förbund) is pooled from its member
    kommuner, so riket is recomputed from the kommuner like any other area.
    """
    kommuner = share_table(annual(_kommun_rows(frame, regions)))
    return Model(regions=regions, frame=frame, annual=_with_aggregates(kommuner, regions))


def _as_text(table: pd.DataFrame) -> pd.DataFrame:
    """Code columns as plain strings, so tables from different sources concatenate."""
    return table.astype({c: str for c in ("region_code", "sex", "age_group", "measure")})
