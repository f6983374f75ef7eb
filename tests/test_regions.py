"""The project's copy of SCB's regions and the areas built from it."""

from __future__ import annotations

import pytest

from data.regions import REGIONS_CSV, Area, UnknownRegionError, build_regions, load_regions


def test_sweden_has_290_kommuner_in_21_counties():
    regions = load_regions()
    assert len(regions.kommuner) == 290
    assert len(regions.counties) == 21
    assert regions.riket.members == regions.kommun_codes()
    assert sum(len(c.members) for c in regions.counties) == 290


def test_norsjo_belongs_to_vasterbotten():
    regions = load_regions()
    norsjo = regions["2417"]
    assert norsjo.name == "Norsjö"
    assert norsjo.members == ("2417",)
    assert regions.county_of("2417").name == "Västerbottens län"
    assert "2417" in regions["24"].members
    assert len(regions.kommuner_in("24")) == 15


def test_find_by_code_or_name_case_insensitively():
    regions = load_regions()
    assert regions.find("norsjö").code == "2417"
    assert regions.find(" 2482 ").name == "Skellefteå"
    assert regions.find("Västerbottens län").code == "24"
    assert regions.find("Atlantis") is None


def test_unknown_code_raises_with_swedish_text():
    with pytest.raises(UnknownRegionError) as caught:
        load_regions()["9999"]
    assert "9999" in str(caught.value)
    assert caught.value.sv == "Okänt område: '9999'."


def test_extra_areas_can_be_added_but_codes_stay_unique():
    regions = load_regions()
    forbund = Area("skelleftea-norsjo", "Skellefteå-Norsjö", "forbund", ("2482", "2417"))
    extended = regions.with_areas([forbund])
    assert extended["skelleftea-norsjo"].members == ("2482", "2417")
    assert "skelleftea-norsjo" not in regions
    with pytest.raises(ValueError, match="duplicate"):
        regions.with_areas([Area("2417", "Norsjö igen", "forbund", ("2417",))])


def test_riket_is_written_lowercase_inside_sentences():
    regions = load_regions()
    assert regions.riket.name_in_text == "riket"
    assert regions["2417"].name_in_text == "Norsjö"


def test_unknown_level_is_refused():
    with pytest.raises(ValueError, match="unknown level"):
        build_regions([{"code": "99", "name": "X", "level": "planet", "county_code": ""}])


def test_the_product_carries_its_own_region_file():
    assert REGIONS_CSV.parent.name == "data"
    assert "shared" not in REGIONS_CSV.parts
