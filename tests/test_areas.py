"""Förbund areas: the shipped file, checks with one message per problem, saving and links."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from data.areas import (
    AreaDefinition,
    AreaError,
    Membership,
    add_user_area,
    area_id,
    check_definition,
    forbund_regions,
    link_text,
    load_user_definitions,
    new_definition,
    parse_link,
    read_definitions,
    remove_user_area,
    resolve_link,
    shipped_definitions,
    user_areas_path,
)
from data.regions import LEVEL_FORBUND

REGIONS = forbund_regions()


def _problem(name: str, kommuner: list[str]) -> AreaError:
    with pytest.raises(AreaError) as caught:
        check_definition(new_definition(name, kommuner), REGIONS)
    return caught.value


def test_the_project_ships_samordningsforbundet_skelleftea_norsjo():
    shipped = {d.id: d for d in shipped_definitions()}
    assert shipped["skelleftea-norsjo"] == AreaDefinition(
        "skelleftea-norsjo",
        "Samordningsförbundet Skellefteå-Norsjö",
        ("2482", "2417"),
    )
    assert shipped["skelleftea-norsjo"].membership == Membership(
        "förbundets kallelse 2015-03-05; förbundet sedan 2014-01-01", "2015-03-05", "high"
    )
    area = REGIONS["skelleftea-norsjo"]
    assert area.level == LEVEL_FORBUND
    assert area.members == ("2482", "2417")
    assert REGIONS.find("samordningsförbundet skellefteå-norsjö") == area
    assert len(REGIONS.kommuner) == 290


def test_ids_are_derived_from_names_in_plain_ascii():
    assert area_id("Skellefteå–Norsjö 2") == "skelleftea-norsjo-2"
    assert area_id("  Östra Norrbotten!! ") == "ostra-norrbotten"
    assert new_definition("  Mitt   förbund ", ["2417"]) == AreaDefinition(
        "mitt-forbund", "Mitt förbund", ("2417",)
    )


def test_a_good_area_passes():
    check_definition(new_definition("Mitt förbund", ["2417", "2418"]), REGIONS)


@pytest.mark.parametrize(
    "name",
    ["Finsam S:t Eriks", "Umeå/Vindeln (Norr) & Co", "Nedre Dalälven m.fl.", "Norsjö̈-Malå"],
)
def test_names_may_hold_the_punctuation_of_real_forbund(name):
    check_definition(new_definition(name, ["2417"]), REGIONS)


@pytest.mark.parametrize(
    ("name", "kommuner", "problem", "sv"),
    [
        ("", ["2417"], "empty_name", "Ge området ett namn."),
        ("   ", ["2417"], "empty_name", "Ge området ett namn."),
        ("x" * 61, ["2417"], "long_name", "Namnet är för långt (61 tecken); det får vara högst 60"),
        ("123", ["2417"], "bad_name", "Namnet måste innehålla minst en bokstav"),
        ("Mitt\x00förbund", ["2417"], "bad_name", "får inte innehålla radbrytningar"),
        ("<img src=x onerror=alert(1)>", ["2417"], "name_characters", "Ta bort < = >."),
        ("[Logga in](https", ["2417"], "name_characters", "Ta bort [ ]."),
        ("Förbund *fet* `kod` #1", ["2417"], "name_characters", "Ta bort # * `."),
        ("Se https://e.se", ["2417"], "name_characters", "får inte se ut som en webbadress"),
        ("Besök WWW.e.se", ["2417"], "name_characters", "får inte se ut som en webbadress"),
        ("Mitt förbund", [], "no_kommuner", "Välj minst en kommun till området."),
        (
            "Mitt förbund",
            ["2417", "2418", "2417"],
            "duplicate_kommuner",
            "Kommunen Norsjö (2417) finns med mer än en gång.",
        ),
        ("Mitt förbund", ["2417", "9999"], "unknown_kommuner", "Okänd kommunkod: 9999."),
        ("Mitt förbund", ["24", "9999"], "unknown_kommuner", "Okända kommunkoder: 24 och 9999."),
        ("Norsjö", ["2417"], "name_taken", "Namnet ”Norsjö” används redan av en kommun."),
        ("västerbottens län", ["2417"], "name_taken", "används redan av ett län."),
        ("Riket", ["2417"], "name_taken", "används redan av riket."),
        (
            "Skellefteå Norsjö",
            ["2482"],
            "id_taken",
            "Namnet ger samma kortnamn (”skelleftea-norsjo”) som området "
            "”Samordningsförbundet Skellefteå-Norsjö”.",
        ),
        (
            "SAMORDNINGSFÖRBUNDET skellefteå-norsjö",
            ["2482"],
            "name_taken",
            "används redan av ett annat område.",
        ),
    ],
)
def test_each_bad_area_has_its_own_swedish_message(name, kommuner, problem, sv):
    error = _problem(name, kommuner)
    assert error.problem == problem
    assert sv in error.sv
    assert str(error)
    assert str(error) != error.sv


def test_a_file_id_that_is_a_kommun_code_or_malformed_is_refused():
    with pytest.raises(AreaError) as caught:
        check_definition(AreaDefinition("2417", "Mitt förbund", ("2417",)), REGIONS)
    assert caught.value.problem == "code_clash"
    assert caught.value.sv == "Kortnamnet ”2417” är redan koden för Norsjö."
    with pytest.raises(AreaError) as caught:
        check_definition(AreaDefinition("Mitt förbund", "Mitt förbund", ("2417",)), REGIONS)
    assert caught.value.problem == "bad_id"


def test_saved_areas_survive_and_are_checked_against_each_other(tmp_path):
    path = user_areas_path(tmp_path)
    assert path == tmp_path / "areas_user.json"
    assert load_user_definitions(path, REGIONS) == []
    first = new_definition("Mitt förbund", ["2417", "2418"])
    add_user_area(first, REGIONS, path)
    second = new_definition("Östra förbundet", ["2480"])
    add_user_area(second, REGIONS, path)
    assert load_user_definitions(path, REGIONS) == [first, second]
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document == {
        "format": 1,
        "areas": [
            {"id": "mitt-forbund", "name": "Mitt förbund", "kommuner": ["2417", "2418"]},
            {"id": "ostra-forbundet", "name": "Östra förbundet", "kommuner": ["2480"]},
        ],
    }
    with pytest.raises(AreaError) as caught:
        add_user_area(new_definition("mitt förbund", ["2482"]), REGIONS, path)
    assert caught.value.problem == "id_taken"
    remove_user_area("mitt-forbund", REGIONS, path)
    assert load_user_definitions(path, REGIONS) == [second]
    with pytest.raises(AreaError) as caught:
        remove_user_area("mitt-forbund", REGIONS, path)
    assert caught.value.problem == "not_found"


def _snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


def test_a_refused_save_leaves_the_file_exactly_as_it_was(tmp_path):
    path = user_areas_path(tmp_path)
    add_user_area(new_definition("Mitt förbund", ["2417"]), REGIONS, path)
    before = _snapshot(path)
    for bad in (
        new_definition("", ["2417"]),
        new_definition("Nytt", []),
        new_definition("Nytt", ["9999"]),
        new_definition("Nytt", ["2417", "2417"]),
        new_definition("Mitt förbund", ["2418"]),
        new_definition("Norsjö", ["2418"]),
    ):
        with pytest.raises(AreaError):
            add_user_area(bad, REGIONS, path)
        assert _snapshot(path) == before


def test_a_save_that_fails_while_writing_leaves_the_old_file(tmp_path, monkeypatch):
    path = user_areas_path(tmp_path)
    add_user_area(new_definition("Mitt förbund", ["2417"]), REGIONS, path)
    before = _snapshot(path)

    def broken_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(AreaError) as caught:
        add_user_area(new_definition("Nytt förbund", ["2418"]), REGIONS, path)
    assert caught.value.problem == "write_failed"
    assert caught.value.sv.startswith("Ändringen kunde inte sparas: datakatalogen går inte")
    assert _snapshot(path) == before


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "unreadable"),
        ('{"format": 2, "areas": []}', "format"),
        ('{"format": 1, "areas": [{"id": "x", "name": "X"}]}', "format"),
        (
            '{"format": 1, "areas": [{"id": "a", "name": "A", "kommuner": ["2417"]},'
            ' {"id": "a", "name": "B", "kommuner": ["2418"]}]}',
            "id_taken",
        ),
    ],
)
def test_a_broken_user_file_is_reported_and_never_overwritten(tmp_path, content, problem):
    path = user_areas_path(tmp_path)
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AreaError) as caught:
        load_user_definitions(path, REGIONS)
    assert caught.value.problem == problem
    assert caught.value.sv.startswith("Filen med områden (areas_user.json) går inte att använda")
    with pytest.raises(AreaError):
        add_user_area(new_definition("Nytt förbund", ["2418"]), REGIONS, path)
    assert path.read_text(encoding="utf-8") == content


def test_read_definitions_of_a_missing_file_is_empty(tmp_path):
    assert read_definitions(tmp_path / "none.json") == []


def test_an_area_round_trips_through_its_link_parameter():
    definition = new_definition("Mitt förbund", ["2482", "2417", "2418"])
    text = link_text(definition)
    assert text == "2482.2417.2418~Mitt förbund"
    assert parse_link(text) == definition
    assert resolve_link(text, REGIONS) == definition


def test_a_link_to_a_known_area_is_that_area():
    shipped = shipped_definitions()[0]
    assert resolve_link("2417.2482~samordningsförbundet skellefteå-norsjö", REGIONS) == shipped
    assert resolve_link("2482.2417~Skellefteå-Norsjö", REGIONS) == shipped


def test_a_link_whose_name_is_taken_here_by_another_area_gets_its_own_name():
    regions = REGIONS.with_areas([new_definition("Mitt förbund", ["2480"]).to_area()])
    linked = resolve_link("2417.2418~Mitt förbund", regions)
    assert linked == AreaDefinition("mitt-forbund-lank", "Mitt förbund (länk)", ("2417", "2418"))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2417.2418", "link_format"),
        ("~Mitt förbund", "no_kommuner"),
        ("2417.abc~Mitt förbund", "unknown_kommuner"),
        ("2417.2417~Mitt förbund", "duplicate_kommuner"),
        ("2417~", "empty_name"),
        ("2417~Norsjö", "name_taken"),
        ("2417." * 400 + "~x", "link_too_long"),
    ],
)
def test_bad_links_are_refused_with_a_reason(text, problem):
    with pytest.raises(AreaError) as caught:
        resolve_link(text, REGIONS)
    assert caught.value.problem == problem
    assert caught.value.sv
