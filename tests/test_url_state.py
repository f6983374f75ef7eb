"""URL parameters ⇄ the shared selection: round trips and bad parameters."""

from __future__ import annotations

import pytest

from app_pages.ui.state import (
    Selection,
    clicked_region,
    compared_areas,
    default_selection,
    escape_markdown,
    parse_selection,
    selection_params,
    shown_county,
)
from data.regions import load_regions

YEARS = list(range(2014, 2026))
AGE_GROUPS = ["20-64", "20-29", "30-39", "40-49", "50-59", "60-64"]
REGIONS = load_regions()
DEFAULT = default_selection(REGIONS, YEARS, 2025)


def parse(params):
    return parse_selection(params, REGIONS, YEARS, DEFAULT, AGE_GROUPS)


def test_default_is_norsjo_in_the_default_year():
    assert Selection(region="2417", year=2025, measure="summa", sex="T") == DEFAULT
    assert (DEFAULT.freq, DEFAULT.age, DEFAULT.compare, DEFAULT.county, DEFAULT.systems) == (
        "year",
        "20-64",
        (),
        "",
        "one",
    )


@pytest.mark.parametrize(
    "selection",
    [
        Selection("2417", 2018),
        Selection("24", 2014, "ekonomiskt_bistand", "K"),
        Selection("00", 2025, "sjukpenning", "M"),
        Selection("2417", 2020, freq="month", age="20-29", systems="all"),
        Selection("2482", 2016, "ekonomiskt_bistand", "K", freq="rolling12"),
        Selection("00", 2019, compare=("2417", "2482", "24", "00"), county="25"),
        Selection("0180", 2025, compare=("0180",)),
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
        ({"freq": "week"}, "Perioden ”week” finns inte – visar år i stället."),
        ({"age": "18-19"}, "Åldersgruppen ”18-19” finns inte i data – visar 20–64 år i stället."),
        ({"systems": "some"}, "Visningen ”some” finns inte – visar ett system i taget."),
        ({"county": "2417"}, "Länet ”2417” finns inte – visar ett län ur listan."),
        ({"county": "Atlantis"}, "Länet ”Atlantis” finns inte"),
        ({"compare": "9999"}, "Jämförelseområdet ”9999” finns inte och visas inte."),
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


def test_url_holds_the_new_parameters_only_when_they_differ_from_default():
    selection = Selection("2417", 2018, freq="month", compare=("2417", "00"), systems="all")
    assert selection_params(selection, DEFAULT) == {
        "region": "2417",
        "year": "2018",
        "freq": "month",
        "compare": "2417,00",
        "systems": "all",
    }


def test_compared_areas_may_be_names_repeated_or_comma_separated_without_duplicates():
    selection, notes = parse({"compare": ["Norsjö,24", "00", "2417", " Skellefteå "]})
    assert selection.compare == ("2417", "24", "00", "2482")
    assert notes == []


def test_more_than_six_compared_areas_keep_the_first_six_with_a_note():
    codes = ["2417", "2418", "2482", "2480", "24", "25", "00", "0180"]
    selection, notes = parse({"compare": ",".join(codes)})
    assert selection.compare == tuple(codes[:6])
    assert notes == ["Högst 6 områden kan jämföras – visar de 6 första."]


def test_unknown_compared_areas_are_dropped_and_the_rest_kept():
    selection, notes = parse({"compare": "2417,nowhere,00"})
    assert selection.compare == ("2417", "00")
    assert len(notes) == 1


def test_kon_with_an_age_band_falls_back_to_totalt_with_a_note():
    selection, notes = parse({"sex": "K", "age": "20-29"})
    assert (selection.sex, selection.age) == ("T", "20-29")
    assert notes == ["Uppdelning på kön finns bara för 20–64 år – visar båda könen för 20–29 år."]


def test_county_may_be_given_by_name():
    assert parse({"county": "Norrbottens län"})[0].county == "25"


def test_compared_areas_default_to_the_area_its_county_and_riket():
    assert compared_areas(Selection("2417", 2024), REGIONS) == ["2417", "24", "00"]
    assert compared_areas(Selection("24", 2024), REGIONS) == ["24", "00"]
    assert compared_areas(Selection("00", 2024), REGIONS) == ["00"]
    assert compared_areas(Selection("00", 2024, compare=("0180",)), REGIONS) == ["0180"]


def test_shown_county_is_the_areas_own_else_the_chosen_else_the_first():
    assert shown_county(Selection("2417", 2024, county="25"), REGIONS) == "24"
    assert shown_county(Selection("24", 2024), REGIONS) == "24"
    assert shown_county(Selection("00", 2024, county="25"), REGIONS) == "25"
    assert shown_county(Selection("00", 2024), REGIONS) == REGIONS.counties[0].code


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ({"selection": {"points": [{"x": 12.5, "y": "2482", "curve_number": 2}]}}, "2482"),
        ({"selection": {"points": [{"y": "0180"}, {"y": "2480"}]}}, "2480"),
        ({"selection": {"points": [{"y": "0180"}]}}, None),
        ({"selection": {"points": []}}, None),
        ({"selection": {}}, None),
        (None, None),
    ],
)
def test_clicked_region_is_the_first_clicked_kommun_of_the_chart(event, expected):
    assert clicked_region(event, ["2417", "2480", "2482"]) == expected
