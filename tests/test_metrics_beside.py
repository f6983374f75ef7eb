"""What goes beside an area: one rule for the pages, the report and Målgrupper."""

from __future__ import annotations

from data.areas import forbund_regions
from metrics.beside import beside_of

NORSJO, SKELLEFTEA, VASTERBOTTEN, LULEA = "2417", "2482", "24", "2580"


def test_a_kommun_is_drawn_beside_its_county_and_riket_and_marked_in_its_county():
    regions = forbund_regions()
    beside = beside_of(regions, NORSJO, "Källa: SCB")
    assert beside.county_name == "Västerbottens län"
    assert beside.compare_riket
    assert beside.members == (NORSJO,)
    assert beside.marked_in(regions["25"]) == ()
    assert beside.source == "Källa: SCB"


def test_a_county_is_drawn_beside_its_own_kommuner_mean_and_marks_none():
    beside = beside_of(forbund_regions(), VASTERBOTTEN, "")
    assert beside.county_name == "Västerbottens län"
    assert beside.members == ()


def test_riket_has_no_county_and_no_riket_line():
    regions = forbund_regions()
    beside = beside_of(regions, regions.riket.code, "")
    assert beside.county is None
    assert not beside.compare_riket
    assert beside.members == ()


def test_a_forbund_marks_its_kommuner_in_its_county():
    beside = beside_of(forbund_regions(), "skelleftea-norsjo", "")
    assert beside.county_name == "Västerbottens län"
    assert sorted(beside.members) == [NORSJO, SKELLEFTEA]
