"""The numbers of a map: each kommun of a scope with its share and quartile class.

A map colours every kommun of a scope (all Sweden, or one county) by the same quartile
class as its försörjningsprofil: the class of the kommun's share among all kommuner for
one measure, period, kön and age group (see :mod:`metrics.ranking`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from data.regions import LEVEL_FORBUND, LEVEL_KOMMUN, Regions
from metrics.periods import PERIOD
from metrics.tables import PeriodTables

MAP_COLUMNS: tuple[str, ...] = ("region_code", "name", "share", "he", "population", "quartile")


def map_table(
    tables: PeriodTables,
    regions: Regions,
    kommuner: Sequence[str],
    period: object,
    measure: str,
    sex: str,
    age_group: str,
) -> pd.DataFrame:
    """One row per kommun of `kommuner` (in that order), with its share and class.

    A kommun without a row keeps one with the share and class missing, so a map still
    draws it (grey, "uppgift saknas").
    """
    codes = list(dict.fromkeys(kommuner))
    rows = tables.areas_rows(codes)
    # compared as they are stored (categories): turning ~200 000 rows of all Sweden into
    # text first took ~25 ms for each of the three columns (#18)
    mask = (
        (rows["measure"] == measure)
        & (rows["sex"] == sex)
        & (rows["age_group"] == age_group)
        & (rows[PERIOD] == period)
    )
    found = rows.loc[mask].assign(region_code=lambda t: t["region_code"].astype(str))
    grid = pd.DataFrame({"region_code": codes})
    table = grid.merge(
        found.loc[:, ["region_code", "share", "he", "population", "quartile"]],
        on="region_code",
        how="left",
    )
    table["name"] = table["region_code"].map(lambda code: regions.name(code))
    return table.loc[:, list(MAP_COLUMNS)]


SWEDEN = "Sverige"


@dataclass(frozen=True)
class MapScope:
    """What a map shows: its kommuner, their scope's name and the chosen area's outline."""

    kommuner: tuple[str, ...]
    scope_name: str
    outline: tuple[str, ...]
    outline_name: str


def map_scope(regions: Regions, area_code: str, county_code: str | None = None) -> MapScope:
    """All Sweden's kommuner (or `county_code`'s), with `area_code` outlined: a kommun by
    itself, a förbund by its members; a county or riket is not outlined (it is the map)."""
    scope = regions.kommuner_in(county_code) if county_code else regions.kommuner
    area = regions[area_code]
    outlined = area.level in (LEVEL_KOMMUN, LEVEL_FORBUND)
    return MapScope(
        kommuner=tuple(k.code for k in scope),
        scope_name=regions.name(county_code) if county_code else SWEDEN,
        outline=area.members if outlined else (),
        outline_name=area.name if outlined else "",
    )
