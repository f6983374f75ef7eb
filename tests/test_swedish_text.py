"""Swedish number formats, dates, sorting, and the generated sentences."""

from __future__ import annotations

from datetime import date

import pytest

from metrics.narrative import Comparison, change_sentence, compare_word, level_sentence
from metrics.swedish import (
    format_date,
    format_month,
    format_number,
    format_percent,
    format_points,
    swedish_sort_key,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234, 0, f"1{NBSP}234"),
        (1234567.891, 1, f"1{NBSP}234{NBSP}567,9"),
        (0.05, 1, "0,1"),
        (-2.25, 2, "−2,25"),
        (-0.01, 1, "0,0"),
        (None, 1, "–"),
        (float("nan"), 1, "–"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_percent_and_points():
    assert format_percent(12.345) == f"12,3{NBSP}%"
    assert format_percent(None) == "–"
    assert format_points(0.44) == "+0,4 procentenheter"
    assert format_points(-1.25) == "−1,2 procentenheter"
    assert format_points(0.01) == "0,0 procentenheter"
    assert format_points(-1.25, short=True) == "−1,2 p.e."


def test_dates_in_swedish():
    assert format_date(date(2026, 6, 8)) == "8 juni 2026"
    assert format_month(date(2025, 9, 1)) == "september 2025"


def test_swedish_alphabetical_order():
    names = ["Örebro", "Åre", "Älmhult", "Arjeplog", "Zinkgruvan", "Östersund", "Ängelholm"]
    assert sorted(names, key=swedish_sort_key) == [
        "Arjeplog",
        "Zinkgruvan",
        "Åre",
        "Älmhult",
        "Ängelholm",
        "Örebro",
        "Östersund",
    ]


def test_compare_word_says_higher_or_lower_only_beyond_chance():
    """At 10 % and 900 inhabitants the 95 % limits are 10 ± 1,96·√(0,1·0,9/900) =
    10 ± 1,96 procentenheter: 8,04–11,96 %."""
    assert compare_word(12.0, 10.0, 900) == "högre än"
    assert compare_word(11.97, 10.0, 900) == "högre än"
    assert compare_word(11.9, 10.0, 900) == "ungefär som"
    assert compare_word(8.0, 10.0, 900) == "lägre än"
    assert compare_word(9.0, 10.0, 900) == "ungefär som"
    assert compare_word(10.02, 10.0, 900) == "ungefär som"
    assert compare_word(12.0, 10.0, None) == "ungefär som"


def test_level_sentence_names_county_and_riket():
    text = level_sentence(
        "Norsjö",
        2024,
        12.5,
        [Comparison("Västerbottens län", 8.7295), Comparison("riket", 12.5)],
        population=2000,
    )
    assert text == (
        f"År 2024 försörjdes motsvarande 12,5{NBSP}% av invånarna 20–64 år i Norsjö av "
        f"offentliga ersättningar, vilket är högre än i Västerbottens län (8,7{NBSP}%) och "
        f"ungefär som i riket (12,5{NBSP}%)."
    )


def test_level_sentence_without_data_says_so():
    assert (
        level_sentence("Norsjö", 2024, None, [], population=None)
        == "För Norsjö saknas uppgifter för 2024."
    )


def test_change_sentence():
    assert change_sentence(12.5, 11.5, 2023) == "Det är 1,0 procentenheter mer än 2023."
    assert change_sentence(11.0, 11.5, 2023) == "Det är 0,5 procentenheter mindre än 2023."
    assert change_sentence(11.5, 11.5, 2023) == "Det är ungefär samma nivå som 2023."
    assert change_sentence(11.5, None, 2023) == ""
