"""The shipped samordningsförbund (`data/areas.json`): every code a kommun of SCB's list,
no kommun twice, a source, an as-of date and a confidence for every förbund; and a file
that lacks one of them is refused."""

from __future__ import annotations

import csv
import json
import re

import pytest

from data.areas import (
    SHIPPED_AREAS,
    AreaError,
    forbund_regions,
    load_shipped,
    shipped_definitions,
    shipped_membership,
)
from data.regions import LEVEL_FORBUND, REGIONS_CSV, load_regions

ID = re.compile(r"^[a-z]+(-[a-z]+)*$")


def _kommun_codes() -> set[str]:
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["code"] for row in csv.DictReader(handle) if row["level"] == "kommun"}


def test_every_member_is_a_kommun_of_regions_csv_and_none_is_listed_twice():
    kommuner = _kommun_codes()
    assert len(kommuner) == 290
    for definition in shipped_definitions():
        assert definition.kommuner, definition.id
        assert set(definition.kommuner) <= kommuner, definition.id
        assert len(set(definition.kommuner)) == len(definition.kommuner), definition.id


def test_every_forbund_has_a_source_an_as_of_date_and_a_confidence():
    for definition in shipped_definitions():
        membership = definition.membership
        assert membership is not None, definition.id
        assert membership.source.strip(), definition.id
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", membership.as_of), definition.id
        assert membership.confidence in ("high", "medium"), definition.id


def test_ids_are_stable_slugs_and_names_unique():
    definitions = shipped_definitions()
    ids = [d.id for d in definitions]
    assert all(ID.fullmatch(i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert len({d.name.casefold() for d in definitions}) == len(definitions)
    assert {"skelleftea-norsjo", "umearegionen", "sodra-lappland", "goteborg"} <= set(ids)


def test_the_shipped_forbund_are_the_researched_high_and_medium_rows():
    """47 of the 53 researched rows: the 6 `low` rows (and those without members) stay out."""
    definitions = shipped_definitions()
    assert len(definitions) == 47
    names = {d.name for d in definitions}
    assert "Samordningsförbundet Helsingborg" not in names
    assert "Samordningsförbundet NNV Skåne" not in names
    assert "Fryksdalens samordningsförbund (Finsam)" not in names


def test_forbund_are_areas_of_the_registry_with_their_members():
    regions = forbund_regions()
    umea = regions["umearegionen"]
    assert umea.level == LEVEL_FORBUND
    assert umea.name == "Samordningsförbundet Umeåregionen"
    assert sorted(regions.name(k) for k in umea.members) == [
        "Bjurholm",
        "Nordmaling",
        "Robertsfors",
        "Umeå",
        "Vindeln",
        "Vännäs",
    ]
    assert regions["sodra-lappland"].members == (
        "2481",
        "2418",
        "2422",
        "2421",
        "2462",
        "2463",
        "2425",
    )
    assert len(regions.of_level(LEVEL_FORBUND)) == 47


def test_membership_is_known_for_shipped_forbund_only():
    membership = shipped_membership("sodra-vanern")
    assert membership is not None
    assert membership.as_of == "2022-01-01"
    assert "sofsv.se" in membership.source
    assert shipped_membership("2480") is None
    assert shipped_membership("mitt-forbund") is None


def _entry(**changes: object) -> dict:
    entry = {
        "id": "testforbundet",
        "name": "Testförbundet",
        "kommuner": ["2417"],
        "source": "testforbundet.se",
        "as_of": "2024-02-29",
        "confidence": "high",
    }
    entry.update(changes)
    return {key: value for key, value in entry.items() if value is not None}


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"source": "  "}, "no_source"),
        ({"source": None, "as_of": None, "confidence": None}, "no_source"),
        ({"as_of": "2023-02-29"}, "bad_as_of"),
        ({"as_of": "våren 2023"}, "bad_as_of"),
        ({"confidence": "low"}, "bad_confidence"),
        ({"source": None}, "format"),
        ({"kommuner": ["2417", "2417"]}, "duplicate_kommuner"),
        ({"kommuner": ["9999"]}, "unknown_kommuner"),
    ],
)
def test_a_shipped_file_without_a_good_source_or_members_is_refused(tmp_path, changes, problem):
    path = tmp_path / "areas.json"
    path.write_text(json.dumps({"format": 1, "areas": [_entry(**changes)]}), encoding="utf-8")
    with pytest.raises(AreaError) as caught:
        load_shipped(path, load_regions())
    assert caught.value.problem == problem
    assert caught.value.sv


def test_a_good_shipped_file_loads(tmp_path):
    path = tmp_path / "areas.json"
    path.write_text(json.dumps({"format": 1, "areas": [_entry()]}), encoding="utf-8")
    (definition,) = load_shipped(path, load_regions())
    assert definition.membership is not None
    assert definition.membership.as_of == "2024-02-29"


def test_the_shipped_file_round_trips_through_its_own_json():
    document = json.loads(SHIPPED_AREAS.read_text(encoding="utf-8"))
    assert [d.as_json() for d in shipped_definitions()] == document["areas"]
