"""What goes beside an area in every chart: its county, riket, its kommuner to mark, the
source.

One decision, used by every page (through `app_pages/ui/views.py`), the report
(:class:`exports.report.Scope`) and Målgrupper: an area is drawn beside the mean of the
kommuner of the county it is compared with (:func:`metrics.views.county_code_of`: a
kommun's own county, a county itself, a förbund's when all its kommuner lie in one),
beside riket unless it is riket, and in a county chart its own kommuner that lie in the
county shown are marked.
"""

from __future__ import annotations

from dataclasses import dataclass

from data.regions import LEVEL_FORBUND, LEVEL_KOMMUN, LEVEL_RIKET, Area, Regions
from metrics.views import county_code_of


@dataclass(frozen=True)
class Beside:
    """An area and what is drawn beside it."""

    area: Area
    county: Area | None
    """The county whose kommuner's mean is drawn beside the area (None: none)."""
    source: str
    """The sentence naming the data's source ('Källa: SCB …'), under every chart."""

    @property
    def compare_riket(self) -> bool:
        """Riket is drawn beside every area but riket itself."""
        return self.area.level != LEVEL_RIKET

    @property
    def county_name(self) -> str | None:
        return self.county.name if self.county else None

    def marked_in(self, county: Area | None) -> tuple[str, ...]:
        """The area's kommuner that a chart of `county`'s kommuner marks: a kommun itself,
        a förbund's kommuner in that county; none for a county or riket."""
        if county is None or self.area.level not in (LEVEL_KOMMUN, LEVEL_FORBUND):
            return ()
        return tuple(m for m in self.area.members if m in county.members)

    @property
    def members(self) -> tuple[str, ...]:
        """The kommuner marked in the chart of the area's own county."""
        return self.marked_in(self.county)


def beside_of(regions: Regions, area_code: str, source: str) -> Beside:
    """What is drawn beside the area `area_code` (see the module's rule)."""
    county_code = county_code_of(regions, area_code)
    return Beside(
        area=regions[area_code],
        county=regions[county_code] if county_code else None,
        source=source,
    )
