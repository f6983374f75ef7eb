"""The report's content plan and its one-line readings, on datasets with known answers.

Expected numbers are hand-computed in `tests/known_dataset.py` (five kommuner, 2023 and
2024 complete, 2025 January–June) and `tests/factories.py` (`two_counties`).
"""

from __future__ import annotations

from datetime import date

import pytest

from data.regions import Area, load_regions
from exports.report import (
    ABOUT,
    COUNTY,
    DISTRIBUTION,
    FUNNEL,
    GENDER,
    MAP,
    PROFILE,
    TREND,
    ReportError,
    ReportOptions,
    kommun_codes_of_county,
    plan_report,
)
from metrics.model import build_model
from tests.factories import SYNTHETIC, two_counties
from tests.known_dataset import known_frame

FORBUND = Area("skelleftea-norsjo", "Skellefteå-Norsjö", "forbund", ("2482", "2417"))
TODAY = date(2026, 6, 8)
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def model():
    return build_model(known_frame(), load_regions().with_areas([FORBUND]))


def plan(model, code="2417", first=2023, last=2024, **options):
    return plan_report(model, SYNTHETIC, ReportOptions(code, first, last, **options), TODAY)


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def test_a_kommun_report_follows_the_report_order(model):
    report = plan(model)
    assert [s.kind for s in report.slides] == [
        PROFILE,
        ABOUT,
        *[TREND, GENDER] * 7,
        DISTRIBUTION,
        COUNTY,
        MAP,
        FUNNEL,
    ]
    titles = [s.title for s in report.slides]
    assert titles[0] == "Försörjningsprofil 2024 – Norsjö"
    assert titles[2:6] == [
        "Summa helårsekvivalenter – Norsjö",
        "Summa helårsekvivalenter för kvinnor och män – Norsjö",
        "Sjukpenning – Norsjö",
        "Sjukpenning för kvinnor och män – Norsjö",
    ]
    assert titles[-4:] == [
        "Fördelning på ersättningssystem 2024 – Norsjö",
        "Ersättningssystemens användning i Västerbottens läns kommuner 2024",
        "Karta: Summa helårsekvivalenter i Västerbottens läns kommuner 2024",
        "Summa helårsekvivalenter 2024 – kommunerna jämfört med riket",
    ]
    assert report.subtitle == "Norsjö 2023–2024"
    assert report.description == "Kommun i Västerbottens län"
    assert report.is_synthetic
    assert report.data_note.endswith("Rapporten skapad 8 juni 2026.")


def test_trend_slides_cover_the_span_only(model):
    trend = plan(model).slides[2]
    assert trend.table["period"].tolist() == [2023, 2024]
    assert trend.table["share"].tolist() == pytest.approx([11.5, 12.5])


def test_readings_are_computed_from_the_numbers(model):
    slides = plan(model).slides
    readings = {s.title: plain(s.reading) for s in slides}
    assert readings["Försörjningsprofil 2024 – Norsjö"] == (
        "2024 försörjdes motsvarande 12,5 % av invånarna 20–64 år i Norsjö – bland de 25 % av "
        "kommunerna med högst andel. Störst: sjuk- och aktivitetsersättning (4,0 %)."
    )
    assert readings["Summa helårsekvivalenter – Norsjö"] == (
        "2024: 12,5 % i Norsjö mot 10,0 % i riket och 10,2 % i snitt för kommunerna i "
        "Västerbottens län – bland de 25 % av kommunerna med högst andel. Det är 1,0 "
        "procentenheter mer än 2023."
    )
    assert readings["Summa helårsekvivalenter för kvinnor och män – Norsjö"] == (
        "2024: kvinnor 15,0 % och män 10,0 % i Norsjö (riket: 12,0 % och 8,0 %). "
        "Andelen är högre bland kvinnor."
    )
    assert readings["Fördelning på ersättningssystem 2024 – Norsjö"] == (
        "2024 var sjuk- och aktivitetsersättning det största systemet för både kvinnor "
        "(32 % av helårsekvivalenterna) och män (32 %)."
    )
    assert readings["Ersättningssystemens användning i Västerbottens läns kommuner 2024"] == (
        "Norsjö har 12,5 %, plats 1 av 3 kommuner i Västerbottens län (plats 1 = högst "
        "andel). Högst: Norsjö 12,5 %; lägst: Umeå 8,0 %."
    )


def test_an_incomplete_last_year_is_said_to_be_incomplete(model):
    slides = plan(model, last=2025).slides
    assert slides[0].title == "Försörjningsprofil 2025 (ofullständigt år) – Norsjö"
    assert plain(slides[2].reading).startswith("2025 (ofullständigt år): 12,5 % i Norsjö")


def test_a_forbund_is_pooled_and_its_kommuner_are_placed_in_the_county(model):
    slides = {}
    for slide in plan(model, "skelleftea-norsjo").slides:
        slides.setdefault(slide.kind, slide)
    assert plain(slides[TREND].reading) == (
        "2024: 10,1 % i Skellefteå-Norsjö mot 10,0 % i riket och 10,2 % i snitt för kommunerna "
        "i Västerbottens län – jämfört med landets kommuner: mellersta 50 %. Det är 0,5 "
        "procentenheter mer än 2023."
    )
    assert plain(slides[COUNTY].reading) == (
        "Bland 3 kommuner i Västerbottens län: Skellefteå 10,0 % (plats 2), Norsjö 12,5 % "
        "(plats 1). Högst: Norsjö 12,5 %; lägst: Umeå 8,0 %. Skellefteå-Norsjö som helhet: "
        "10,1 %."
    )
    assert slides[COUNTY].scope.members == ("2482", "2417")


def test_a_county_report_compares_with_its_own_kommuner(model):
    report = plan(model, "24")
    county = next(s for s in report.slides if s.kind == COUNTY)
    assert plain(county.reading) == (
        "3 kommuner i Västerbottens län. Högst: Norsjö 12,5 %; lägst: Umeå 8,0 %. "
        "Västerbottens län som helhet: 8,7 %."
    )
    assert report.description == "Län med 15 kommuner"


def test_riket_has_no_county_chart_and_no_riket_line(model):
    # riket 2024 is 9,993 %, at or below the kommuner's q25 of 10,0 %: lowest class
    report = plan(model, "00")
    assert COUNTY not in {s.kind for s in report.slides}
    trend = report.slides[2]
    assert not trend.scope.compare_riket
    assert plain(trend.reading) == (
        "2024: 10,0 % i riket – jämfört med landets kommuner: lägsta 25 %. "
        "Det är 0,5 procentenheter mer än 2023."
    )


def test_the_reading_guide_names_only_the_lines_the_charts_have(model):
    kommun = plan(model).slides[1].lines[3]
    assert kommun == (
        "I utvecklingsdiagrammen visar den streckade linjen medelvärdet av kommunerna i "
        "Västerbottens län (varje kommun väger lika), den tjocka svarta linjen riket och den "
        "grå ytan spridningen mellan kommunen med lägst och kommunen med högst andel."
    )
    riket = plan(model, "00").slides[1].lines[3]
    assert riket == (
        "I utvecklingsdiagrammen visar den grå ytan spridningen mellan kommunen med lägst "
        "och kommunen med högst andel."
    )


def test_sections_and_measures_can_be_chosen(model):
    report = plan(model, sections=(PROFILE, TREND), measures=("sjukpenning", "summa"))
    assert [s.title for s in report.slides] == [
        "Försörjningsprofil 2024 – Norsjö",
        "Summa helårsekvivalenter – Norsjö",
        "Sjukpenning – Norsjö",
    ]


def test_county_charts_for_20_29_when_the_data_has_that_age_group():
    model = build_model(two_counties(), load_regions())
    report = plan(model, first=2018, last=2018)
    county = [s for s in report.slides if s.kind == COUNTY]
    assert [s.age_group for s in county] == ["20-64", "20-29"]
    assert county[1].title.endswith("kommuner 2018, 20–29 år")
    assert plain(county[1].reading).startswith("Norsjö har 10,0 %, plats 1 av 2 kommuner")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ReportOptions("9999", 2023, 2024), "unknown region code '9999'"),
        (ReportOptions("2417", 2010, 2024), "no data for year 2010; the dataset has 2023–2025"),
        (ReportOptions("2417", 2024, 2023), "the first year (2024) is after the last (2023)"),
        (ReportOptions("2417", 2023, 2024, sections=()), "unknown section(s) (none given)"),
        (ReportOptions("2417", 2023, 2024, measures=("x",)), "unknown measure(s) x"),
    ],
)
def test_impossible_reports_are_refused_with_a_clear_message(model, options, message):
    with pytest.raises(ReportError) as caught:
        plan_report(model, SYNTHETIC, options, TODAY)
    assert message in str(caught.value)
    assert caught.value.sv


def test_a_county_batch_covers_the_kommuner_with_data(model):
    assert kommun_codes_of_county(model, "24") == ["2417", "2480", "2482"]
    with pytest.raises(ReportError, match="unknown county code '2417'"):
        kommun_codes_of_county(model, "2417")
