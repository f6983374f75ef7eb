"""The start page's summary and the reading examples, built from hand-computed numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.narrative import (
    Comparison,
    SystemChange,
    change_base_year,
    chart_description,
    clearest_change,
    clearest_change_sentence,
    example_value,
    largest_system_sentence,
    level_sentence,
    members_sentence,
    reading_example,
    shares_by_measure,
    summary_sentences,
    system_changes,
)

NBSP = "\u00a0"


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


SHARES_2024 = {
    "summa": 12.5,
    "sjukpenning": 2.5,
    "sjuk_och_aktivitetsersattning": 4.0,
    "etableringsersattning": 0.5,
    "arbetsmarknadsatgarder": 2.0,
    "arbetsloshetsersattning": 1.5,
    "ekonomiskt_bistand": 2.0,
}


def test_level_sentence_is_one_sentence_with_county_and_riket():
    """Riket 13 % at 100 000 inhabitants: limits 13 ± 1,96·√(0,13·0,87/100 000) = 13 ±
    0,2084, so 12,5 % is lower; the county's 8,73 %: 8,73 ± 0,1750, so it is higher."""
    comparisons = [Comparison("Västerbottens län", 8.73), Comparison("riket", 13.0)]
    text = level_sentence("Norsjö", 2024, 12.5, comparisons, population=100_000)
    assert plain(text) == (
        "År 2024 försörjdes motsvarande 12,5 % av invånarna 20–64 år i Norsjö av offentliga "
        "ersättningar, vilket är högre än i Västerbottens län (8,7 %) och lägre än i riket "
        "(13,0 %)."
    )


def test_level_sentence_inside_the_limits_says_about_the_same():
    """Norsjö's 2 000 inhabitants: riket's 13 % ± 1,96·√(0,13·0,87/2 000) = 13 ± 1,474,
    so 12,5 % is within chance; the county's 8,73 % ± 1,237 is not (12,5 > 9,97)."""
    comparisons = [Comparison("Västerbottens län", 8.73), Comparison("riket", 13.0)]
    text = level_sentence("Norsjö", 2024, 12.5, comparisons, population=2000)
    assert plain(text).endswith(
        "vilket är högre än i Västerbottens län (8,7 %) och ungefär som i riket (13,0 %)."
    )
    assert "lägre" not in text


def test_level_sentence_without_comparisons_ends_after_the_level():
    text = level_sentence("Riket", 2024, 10.0, [Comparison("x", None)], population=None)
    assert plain(text) == (
        "År 2024 försörjdes motsvarande 10,0 % av invånarna 20–64 år i Riket av offentliga "
        "ersättningar."
    )


def test_largest_system_with_its_part_of_the_total():
    # sjuk- och aktivitetsersättning: 4,0 of 12,5 = 32 %
    assert plain(largest_system_sentence(SHARES_2024)) == (
        "Störst är sjuk- och aktivitetsersättning, som står för 32 % av den offentliga "
        "försörjningen (4,0 % av invånarna)."
    )


def test_largest_system_ignores_missing_systems_and_a_missing_total():
    shares = {"summa": None, "sjukpenning": 1.0, "ekonomiskt_bistand": None}
    assert plain(largest_system_sentence(shares)) == "Störst är sjukpenning (1,0 % av invånarna)."


def test_no_largest_system_without_any_positive_share():
    assert largest_system_sentence({"summa": 0.0, "sjukpenning": 0.0}) == ""
    assert largest_system_sentence({}) == ""


def test_clearest_change_is_the_largest_either_way_first_on_a_tie():
    changes = [
        SystemChange("sjukpenning", 2.0, 2.5),
        SystemChange("arbetsloshetsersattning", 3.1, 1.9),
        SystemChange("ekonomiskt_bistand", 2.0, 0.8),
    ]
    assert clearest_change(changes).measure == "arbetsloshetsersattning"
    assert clearest_change([]) is None


def test_clearest_change_sentence_says_the_direction_and_both_values():
    changes = [
        SystemChange("sjukpenning", 2.0, 2.1),
        SystemChange("arbetsloshetsersattning", 3.1, 1.9),
    ]
    assert plain(clearest_change_sentence(changes, 2019)) == (
        "Den tydligaste förändringen sedan 2019 gäller arbetslöshetsersättning, som har "
        "minskat från 3,1 % till 1,9 % av invånarna."
    )
    rising = [SystemChange("ekonomiskt_bistand", 1.0, 1.5)]
    assert "som har ökat från 1,0 % till 1,5 %" in plain(clearest_change_sentence(rising, 2020))


def test_no_clear_change_when_every_system_moved_less_than_a_twentieth_point():
    changes = [
        SystemChange("sjukpenning", 2.0, 2.04),
        SystemChange("ekonomiskt_bistand", 1.0, 0.97),
    ]
    assert clearest_change_sentence(changes, 2019) == (
        "Sedan 2019 har andelen inte ändrats nämnvärt i något ersättningssystem."
    )
    assert clearest_change_sentence([], 2019) == ""


def test_system_changes_skip_systems_missing_in_either_year():
    before = {"summa": 10.0, "sjukpenning": 2.0, "ekonomiskt_bistand": None}
    after = {"summa": 11.0, "sjukpenning": 2.5, "ekonomiskt_bistand": 1.0}
    assert system_changes(before, after) == [SystemChange("sjukpenning", 2.0, 2.5)]


@pytest.mark.parametrize(
    ("year", "years", "expected"),
    [
        (2024, list(range(2014, 2026)), 2019),
        (2024, [2023, 2024, 2025], 2023),
        (2023, [2023, 2024, 2025], None),
    ],
)
def test_change_base_year_is_five_years_back_or_the_first_there_is(year, years, expected):
    assert change_base_year(year, years) == expected


def _profile(rows: dict[int, dict[str, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"measure": m, "sex": "T", "period": year, "share": share}
            for year, shares in rows.items()
            for m, share in shares.items()
        ]
    )


def test_shares_by_measure_reads_one_period():
    profile = _profile({2023: {"summa": 11.5}, 2024: {"summa": 12.5, "sjukpenning": None}})
    assert shares_by_measure(profile, 2024) == {"summa": 12.5, "sjukpenning": None}


def test_summary_has_three_sentences_level_largest_and_change():
    before = {m: v * 11.5 / 12.5 for m, v in SHARES_2024.items()}
    profile = _profile({2023: before, 2024: SHARES_2024})
    sentences = summary_sentences(
        "Norsjö", 2024, profile, [Comparison("Västerbottens län", 8.7295)], 2023, population=2000
    )
    assert [plain(s) for s in sentences] == [
        "År 2024 försörjdes motsvarande 12,5 % av invånarna 20–64 år i Norsjö av offentliga "
        "ersättningar, vilket är högre än i Västerbottens län (8,7 %).",
        "Störst är sjuk- och aktivitetsersättning, som står för 32 % av den offentliga "
        "försörjningen (4,0 % av invånarna).",
        "Den tydligaste förändringen sedan 2023 gäller sjuk- och aktivitetsersättning, som "
        "har ökat från 3,7 % till 4,0 % av invånarna.",
    ]


def test_summary_without_an_earlier_year_or_data_leaves_sentences_out():
    profile = _profile({2024: {"summa": None}})
    assert summary_sentences("Norsjö", 2024, profile, [], None, population=None) == [
        "För Norsjö saknas uppgifter för 2024."
    ]


@pytest.mark.parametrize(
    ("share", "expected"), [(12.3, 12.0), (2.6, 3.0), (0.43, 0.4), (0.0, 1.0), (None, 1.0)]
)
def test_example_value_is_a_round_number_near_the_share(share, expected):
    assert example_value(share) == expected


@pytest.mark.parametrize(
    ("measure", "subject"),
    [
        ("sjukpenning", "utbetalningarna av sjukpenning"),
        ("arbetsloshetsersattning", "utbetalningarna av arbetslöshetsersättning"),
        ("ekonomiskt_bistand", "det utbetalda ekonomiska biståndet"),
        ("summa", "de samlade utbetalningarna från de sex ersättningssystemen"),
    ],
)
def test_reading_example_names_the_system_it_is_about(measure, subject):
    assert plain(reading_example(measure, 2.4)) == (
        f"Läsexempel: Ett värde på 2 % betyder att {subject} motsvarar en omfattning som "
        "skulle kunna försörja 2 % av befolkningen 20–64 år under ett helt år."
    )


def test_reading_example_for_programmes_counts_participants():
    text = plain(reading_example("arbetsmarknadsatgarder", 3.2))
    assert text == (
        "Läsexempel: Ett värde på 3 % betyder att deltagarna i arbetsmarknadspolitiska "
        "program, räknade som heltid under ett helt år, motsvarar 3 % av befolkningen "
        "20–64 år."
    )


def test_reading_example_for_kvinnor_and_an_age_band():
    assert "försörja 0,4 % av kvinnorna 20–64 år" in plain(
        reading_example("sjukpenning", 0.43, sex="K")
    )
    assert "av befolkningen 20–29 år" in reading_example("sjukpenning", 1.0, "20-29")


def test_chart_description_names_measure_area_and_age():
    assert chart_description("ekonomiskt_bistand", "Norsjö", "20-29") == (
        "Diagrammet visar antalet helårsekvivalenter för ekonomiskt bistånd i förhållande "
        "till folkmängden 20–29 år i Norsjö."
    )
    assert chart_description("summa", "Riket").startswith(
        "Diagrammet visar det totala antalet helårsekvivalenter"
    )


def test_members_sentence_names_each_kommun_and_the_population_together():
    assert members_sentence({"Umeå": 80_000.0, "Luleå": 45_500.0}, 2024) == (
        "Området får 2 kommuner: Umeå (80\u00a0000), Luleå (45\u00a0500). "
        "Tillsammans 125\u00a0500 invånare 20–64 år 2024."
    )
    assert members_sentence({"Malå": 1_500.0}, 2024) == (
        "Området får 1 kommun: Malå (1\u00a0500). Tillsammans 1\u00a0500 invånare 20–64 år 2024."
    )
    assert members_sentence({"Malå": None, "Norsjö": 2_000.0}, 2024) == (
        "Området får 2 kommuner: Malå, Norsjö (2\u00a0000). Folkmängden 2024 saknas för "
        "någon av dem."
    )
