"""Lines to compare an area with: the kommuner nearest in size, and its own kommuner.

*Jämförbara kommuner.* Besides the county and riket, an area is compared with the
kommuner whose population 20–64 is closest to its own. Size is compared as a ratio
(`|log(kommun ÷ area)|`), so a kommun twice as large is as far off as one half as large;
ties go to the lower kommun code. The area's own kommuner are never among them. The set
is a suggestion that users can edit; :func:`comparison_shares` pools any set like an area
(sum of HE ÷ sum of population), never as a mean of the kommuners' shares.

*Member lines.* :func:`member_trends` gives the share of each kommun of an area over
time, for the thin lines of a förbund's trend chart.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

from data.contract import AGE_TOTAL, SEX_TOTAL, isin_text
from data.regions import LEVEL_FORBUND, LEVEL_KOMMUN
from metrics.labels import SUMMA
from metrics.model import Model
from metrics.periods import PERIOD, YEAR
from metrics.shares import pooled_shares
from metrics.tables import PeriodTables

DEFAULT_COUNT = 5
"""How many comparable kommuner are suggested."""
COMPARISON_CODE = "jamforbara"
"""The region code of the pooled comparison set in its share table."""
MEMBER_COLUMNS: tuple[str, ...] = ("region_code", "name", PERIOD, "share")
COMPARISON_COLUMNS: tuple[str, ...] = (PERIOD, "share", "he", "population")


def kommun_populations(model: Model, year: int) -> pd.Series:
    """Each kommun's population 20–64 (both sexes) in one year, by kommun code."""
    rows = model.yearly.shares
    selected = rows.loc[
        isin_text(rows["region_code"], model.regions.kommun_codes())
        & (rows[PERIOD] == year).to_numpy()
        & (rows["measure"] == SUMMA).to_numpy()
        & (rows["sex"] == SEX_TOTAL).to_numpy()
        & (rows["age_group"] == AGE_TOTAL).to_numpy()
    ]
    populations = selected.set_index(selected["region_code"].astype(str))["population"]
    return populations.dropna().rename("population")


def nearest_in_size(
    populations: pd.Series,
    size: float,
    exclude: Collection[str] = (),
    count: int = DEFAULT_COUNT,
) -> list[str]:
    """The codes of the `count` kommuner nearest to `size` by ratio, nearest first.

    `populations` maps kommun code → population 20–64; codes in `exclude` and kommuner
    without a positive population are left out.
    """
    candidates = populations.loc[
        ~populations.index.isin(list(exclude)) & populations.gt(0).to_numpy()
    ]
    if candidates.empty or not size > 0:
        return []
    distance = np.abs(np.log(candidates.to_numpy(dtype=float) / size))
    order = pd.DataFrame({"code": candidates.index.astype(str), "distance": distance})
    order = order.sort_values(["distance", "code"], kind="stable")
    return order["code"].head(count).tolist()


def suggest_comparables(
    model: Model, area_code: str, year: int, count: int = DEFAULT_COUNT
) -> list[str]:
    """The kommuner nearest in size to a kommun or förbund in `year` ([] for län, riket)."""
    area = model.regions[area_code]
    if area.level not in (LEVEL_KOMMUN, LEVEL_FORBUND):
        return []
    populations = kommun_populations(model, year)
    size = float(populations.reindex(list(area.members)).sum(min_count=1))
    return nearest_in_size(populations, size, exclude=area.members, count=count)


def comparison_shares(tables: PeriodTables, kommuner: Sequence[str]) -> pd.DataFrame:
    """The share table of a set of kommuner pooled as one area, code :data:`COMPARISON_CODE`.

    Every period, sex, age group and measure of `tables`; empty if `kommuner` is.
    """
    wide = tables.kommun_wide
    if wide is None:
        raise ValueError("these tables keep no kommun table to pool from")
    members = tuple(kommuner)

    def pool() -> pd.DataFrame:
        inside = wide.loc[isin_text(wide["region_code"], members)]
        return pooled_shares(inside, {COMPARISON_CODE: members})

    return tables.remember((COMPARISON_CODE, members), pool)


def comparison_trend(
    tables: PeriodTables,
    kommuner: Sequence[str],
    measure: str = SUMMA,
    sex: str = SEX_TOTAL,
    age_group: str = AGE_TOTAL,
) -> pd.DataFrame:
    """The pooled share of a set of kommuner over all periods: `period`, `share`, `he`,
    `population`, in period order."""
    shares = comparison_shares(tables, kommuner)
    rows = shares.loc[
        (shares["measure"] == measure) & (shares["sex"] == sex) & (shares["age_group"] == age_group)
    ]
    return rows.sort_values(PERIOD).loc[:, list(COMPARISON_COLUMNS)].reset_index(drop=True)


def member_trends(
    model: Model,
    area_code: str,
    measure: str = SUMMA,
    sex: str = SEX_TOTAL,
    age_group: str = AGE_TOTAL,
    frequency: str = YEAR,
) -> pd.DataFrame:
    """Each member kommun's share over time: `region_code`, `name`, `period`, `share`.

    Empty for a kommun (its only member is itself). Kommuner in the area's member order,
    periods in order.
    """
    area = model.regions[area_code]
    if area.is_kommun:
        return pd.DataFrame(columns=list(MEMBER_COLUMNS))
    rows = model.tables(frequency).areas_rows(list(area.members))
    rows = rows.loc[
        (rows["measure"] == measure) & (rows["sex"] == sex) & (rows["age_group"] == age_group)
    ]
    table = rows.assign(region_code=rows["region_code"].astype(str))
    table["name"] = [model.regions.name(code) for code in table["region_code"]]
    order = {code: i for i, code in enumerate(area.members)}
    table = table.sort_values(
        ["region_code", PERIOD], key=lambda c: c.map(order) if c.name == "region_code" else c
    )
    return table.loc[:, list(MEMBER_COLUMNS)].reset_index(drop=True)
