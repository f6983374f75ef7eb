"""URL parameters ⇄ the shared selection: round trips and bad parameters."""

from __future__ import annotations

import pytest

from data.regions import load_regions
from pages.ui.state import (
    Selection,
    default_selection,
    escape_markdown,
    parse_selection,
    selection_params,
)

YEARS = list(range(2014, 2026))
REGIONS = load_regions()
DEFAULT = default_selection(REGIONS, YEARS, 2025)


def parse(params):
    return parse_selection(params, REGIONS, YEARS, DEFAULT)


def test_default_is_norsjo_in_the_default_year():
    assert Selection(region="2417", year=2025, measure="summa", sex="T") == DEFAULT


@pytest.mark.parametrize(
    "selection",
    [
        Selection("2417", 2018),
        Selection("24", 2014, "ekonomiskt_bistand", "K"),
        Selection("00", 2025, "sjukpenning", "M"),
    ],
)
def test_round_trip_selection_to_url_and_back(selection):
    params = selection_params(selection, DEFAULT)
    assert parse(params) == (selection, [])


def test_url_holds_only_what_differs_from_default_besides_region_and_year():
    assert selection_params(Selection("2417", 2018), DEFAULT) == {"region": "2417", "year": "2018"}


def test_region_may_be_given_by_name_and_lists_take_the_first_value():
    assert parse({"region": ["Skellefteå", "2417"]})[0].region == "2482"


@pytest.mark.parametrize(
    ("params", "expected_in_note"),
    [
        ({"region": "9999"}, "Länkens område ”9999” finns inte – visar Norsjö i stället."),
        ({"year": "1999"}, "Året ”1999” finns inte i data (som täcker 2014–2025)"),
        ({"year": "20x8"}, "Året ”20x8” finns inte"),
        ({"measure": "pension"}, "Måttet ”pension” finns inte – visar summa helårsekvivalenter"),
        ({"sex": "X"}, "Könet ”X” finns inte – visar totalt i stället."),
    ],
)
def test_bad_parameters_fall_back_with_a_swedish_note(params, expected_in_note):
    selection, notes = parse(params)
    assert selection == DEFAULT
    assert len(notes) == 1
    assert expected_in_note in notes[0].replace("\\", "")


def test_hostile_values_are_shortened_and_cannot_inject_markup():
    selection, notes = parse({"region": "<script>alert(1)</script>" + "x" * 500})
    assert selection == DEFAULT
    note = notes[0]
    assert "<script>" not in note
    assert "\\<script\\>" in note
    assert len(note) < 200


def test_escape_markdown_escapes_links_and_emphasis():
    assert escape_markdown("[a](http://x) *b*") == "\\[a\\]\\(http\\://x\\) \\*b\\*"


def test_good_parameters_are_kept_while_bad_ones_fall_back():
    selection, notes = parse({"region": "0180", "year": "2031", "sex": "k"})
    assert selection == Selection("0180", 2025, "summa", "K")
    assert len(notes) == 1
