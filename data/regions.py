"""SCB's regions (riket, 21 län, 290 kommuner) and what each area is made of.

An *area* is anything we report on: riket, a län, a kommun, or a samordningsförbund.
Every area has member kommuner; figures for an area above kommun level are pooled from
its members (sum of HE ÷ sum of population). The project carries its own copy of SCB's
region list in `data/regions.csv` (from SCB's v2 metadata).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from data.contract import RIKET_CODE

REGIONS_CSV = Path(__file__).resolve().parent / "regions.csv"

LEVEL_RIKET = "riket"
LEVEL_LAN = "lan"
LEVEL_KOMMUN = "kommun"
LEVEL_FORBUND = "forbund"
LEVELS: tuple[str, ...] = (LEVEL_RIKET, LEVEL_LAN, LEVEL_KOMMUN, LEVEL_FORBUND)


class UnknownRegionError(KeyError):
    """A region code or name that is not in the region list."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
        self.sv = f"Okänt område: {code!r}."

    def __str__(self) -> str:
        return f"unknown region code {self.code!r}"


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str
    members: tuple[str, ...]
    county_code: str | None = None

    @property
    def is_kommun(self) -> bool:
        return self.level == LEVEL_KOMMUN

    @property
    def name_in_text(self) -> str:
        """The name as written inside a sentence ('i riket', not 'i Riket')."""
        return "riket" if self.level == LEVEL_RIKET else self.name


class Regions:
    """All areas, looked up by code; built once from `regions.csv` (plus förbund)."""

    def __init__(self, areas: Iterable[Area]) -> None:
        self._areas: dict[str, Area] = {}
        for area in areas:
            if area.code in self._areas:
                raise ValueError(f"duplicate area code {area.code!r}")
            self._areas[area.code] = area

    def __contains__(self, code: object) -> bool:
        return code in self._areas

    def __getitem__(self, code: str) -> Area:
        try:
            return self._areas[code]
        except KeyError:
            raise UnknownRegionError(code) from None

    def get(self, code: str) -> Area | None:
        return self._areas.get(code)

    def all(self) -> list[Area]:
        return list(self._areas.values())

    def of_level(self, level: str) -> list[Area]:
        return [a for a in self._areas.values() if a.level == level]

    @property
    def kommuner(self) -> list[Area]:
        return self.of_level(LEVEL_KOMMUN)

    @property
    def counties(self) -> list[Area]:
        return self.of_level(LEVEL_LAN)

    @property
    def riket(self) -> Area:
        return self._areas[RIKET_CODE]

    def kommun_codes(self) -> tuple[str, ...]:
        return tuple(a.code for a in self.kommuner)

    def county_of(self, code: str) -> Area | None:
        """The län a kommun belongs to (None for riket, län and förbund)."""
        area = self[code]
        return self._areas.get(area.county_code) if area.county_code else None

    def kommuner_in(self, county_code: str) -> list[Area]:
        return [a for a in self.kommuner if a.county_code == county_code]

    def members(self) -> dict[str, tuple[str, ...]]:
        """Area code → member kommun codes, for pooling."""
        return {code: area.members for code, area in self._areas.items()}

    def name(self, code: str) -> str:
        return self[code].name

    def with_areas(self, extra: Iterable[Area]) -> Regions:
        """A new registry with `extra` areas (e.g. samordningsförbund) added."""
        return Regions([*self._areas.values(), *extra])

    def find(self, text: str) -> Area | None:
        """An area by code or by name (case-insensitive), or None."""
        needle = text.strip()
        if needle in self._areas:
            return self._areas[needle]
        folded = needle.casefold()
        for area in self._areas.values():
            if area.name.casefold() == folded:
                return area
        return None


def _read_rows(path: Path) -> list[Mapping[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_regions(rows: Iterable[Mapping[str, str]]) -> Regions:
    """Build the registry from rows with `code,name,level,county_code`."""
    rows = list(rows)
    kommuner = [r for r in rows if r["level"] == LEVEL_KOMMUN]
    by_county: dict[str, list[str]] = {}
    for row in kommuner:
        by_county.setdefault(row["county_code"], []).append(row["code"])
    areas: list[Area] = []
    for row in rows:
        level = row["level"]
        if level == LEVEL_RIKET:
            members = tuple(r["code"] for r in kommuner)
        elif level == LEVEL_LAN:
            members = tuple(by_county.get(row["code"], ()))
        elif level == LEVEL_KOMMUN:
            members = (row["code"],)
        else:
            raise ValueError(f"unknown level {level!r} for region {row['code']}")
        areas.append(
            Area(
                code=row["code"],
                name=row["name"],
                level=level,
                members=members,
                county_code=row["county_code"] or None,
            )
        )
    return Regions(areas)


@lru_cache(maxsize=1)
def load_regions() -> Regions:
    """SCB's riket, län and kommuner from the project's own `regions.csv`."""
    return build_regions(_read_rows(REGIONS_CSV))
