"""SCB's labels → our codes, by text: tolerant of spelling, dashes and case; strict else."""

from __future__ import annotations

from datetime import date

import pytest

from data.contract import HE_MEASURES, POPULATION
from loaders.scb.mapping import (
    CHECK_SHARE,
    CHECK_TOTAL,
    CONTENT_TEXTS,
    MappingError,
    age_group,
    assign_roles,
    content_name,
    is_contract_region,
    map_ages,
    map_contents,
    map_sex,
    month_of,
    normalize_label,
)

SCB_CONTENTS = [
    "Sjukpenning",
    "Sjuk- och aktivitetsersersättning",
    "Arbetslöshetsersättning",
    "Arbetsmarknadsåtgärder",
    "Ekonomiskt bistånd",
    "Etableringsersättning",
    "Summa helårsekvivalenter",
    "Folkmängd",
    "Andel av befolkningen",
]
CODES = [f"0000018{c}" for c in "JKLMNOPQR"]


def test_the_nine_contents_are_our_seven_measures_and_two_checks():
    assert set(CONTENT_TEXTS.values()) == {*HE_MEASURES, POPULATION, CHECK_TOTAL, CHECK_SHARE}


def test_scb_contents_map_by_text():
    assert map_contents(CODES, SCB_CONTENTS) == {
        "0000018J": "sjukpenning",
        "0000018K": "sjuk_och_aktivitetsersattning",
        "0000018L": "arbetsloshetsersattning",
        "0000018M": "arbetsmarknadsatgarder",
        "0000018N": "ekonomiskt_bistand",
        "0000018O": "etableringsersattning",
        "0000018P": CHECK_TOTAL,
        "0000018Q": POPULATION,
        "0000018R": CHECK_SHARE,
    }


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sjuk- och aktivitetsersättning", "sjuk_och_aktivitetsersattning"),
        ("SJUK– OCH AKTIVITETSERSERSÄTTNING", "sjuk_och_aktivitetsersattning"),
        ("Sjuk\u00ad och aktivitets\u00adersättning", "sjuk_och_aktivitetsersattning"),
        ("  ekonomiskt   bistånd ", "ekonomiskt_bistand"),
        ("Folkmängd 20-64 år", POPULATION),
        ("Andel av befolkningen 20–64 år", CHECK_SHARE),
        ("Sjukpenning, helårsekvivalenter", "sjukpenning"),
        ("Sjukersättning", None),
        ("Bostadsbidrag", None),
    ],
)
def test_content_names_tolerate_spelling_dashes_and_case(text, name):
    assert content_name(text) == name


def test_unknown_content_is_an_error_that_names_it():
    texts = [*SCB_CONTENTS[:-1], "Andel av befolkningen (ny)", "Bostadsbidrag"]
    with pytest.raises(MappingError, match="unknown content 'Bostadsbidrag' \\(code X\\)"):
        map_contents([*CODES, "X"], texts)


def test_missing_content_is_an_error_that_names_it():
    with pytest.raises(MappingError, match="missing content\\(s\\): 'Ekonomiskt bistånd'"):
        map_contents(CODES[:4] + CODES[5:], SCB_CONTENTS[:4] + SCB_CONTENTS[5:])


def test_two_contents_meaning_the_same_are_an_error():
    with pytest.raises(MappingError, match="both mean sjukpenning"):
        map_contents([*CODES, "X"], [*SCB_CONTENTS, "SJUKPENNING"])


def test_kon_maps_by_text_in_v2_and_v1_styles():
    assert map_sex(["TotSa", "1", "2"], ["totalt, samtliga män och kvinnor", "män", "kvinnor"]) == {
        "TotSa": "T",
        "1": "M",
        "2": "K",
    }
    assert map_sex(["1+2", "1", "2"], ["totalt", "Män", "Kvinnor"]) == {
        "1+2": "T",
        "1": "M",
        "2": "K",
    }
    assert map_sex(["TotSa"], ["?"]) == {"TotSa": "T"}


def test_unknown_or_repeated_kon_is_an_error():
    with pytest.raises(MappingError, match="unknown kön 'okänt' \\(code 9\\)"):
        map_sex(["9"], ["okänt"])
    with pytest.raises(MappingError, match="two kön values mean M"):
        map_sex(["1", "3"], ["män", "män"])


def test_age_groups_from_codes_or_texts():
    assert age_group("20-64", "20-64 år") == "20-64"
    assert age_group("2029", "20–29 år") == "20-29"
    assert age_group("tot", "totalt 20 - 64 år") == "20-64"
    assert age_group("65+", "65+ år") is None
    assert map_ages(["20-64", "20-65"], ["20-64 år", "20-65 år"]) == {
        "20-64": "20-64",
        "20-65": "20-65",
    }
    with pytest.raises(MappingError, match="unknown age group '65\\+ år'"):
        map_ages(["65+"], ["65+ år"])


def test_months():
    assert month_of("2014M01") == date(2014, 1, 1)
    assert month_of("2025M12") == date(2025, 12, 1)
    for bad in ("2014M13", "2014-01", "2014"):
        with pytest.raises(MappingError, match="unknown month"):
            month_of(bad)


def test_regions_in_the_contract_are_riket_and_kommuner():
    assert [c for c in ["00", "01", "0114", "2417", "24", "01L"] if is_contract_region(c)] == [
        "00",
        "0114",
        "2417",
    ]


def test_roles_by_code_and_api_roles():
    roles = assign_roles(
        {
            "Region": (False, False),
            "Kon": (False, False),
            "Aldersgrupp": (False, False),
            "ContentsCode": (False, True),
            "Tid": (True, False),
        }
    )
    assert roles == {
        "region": "Region",
        "sex": "Kon",
        "age": "Aldersgrupp",
        "contents": "ContentsCode",
        "time": "Tid",
    }
    with pytest.raises(MappingError, match="unknown variable 'Utbildning'"):
        assign_roles({"Region": (False, False), "Utbildning": (False, False)})
    with pytest.raises(MappingError, match="no variable for contents, time"):
        assign_roles({"Region": (False, False)})


def test_normalize_label():
    assert normalize_label(" Sjuk\u2013 och\u00a0Aktivitet ") == "sjuk- och aktivitet"
