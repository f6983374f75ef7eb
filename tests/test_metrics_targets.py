"""Målgrupper: the matrix, excess HE, the ranking, sentences and the decomposition.

The hand-made frame (one period, 2024):

| group | system | area HE / population → share | riket → share | points | excess HE | 95 % limits |
|---|---|---|---|---|---|---|
| 20–29 år | sjukpenning | 6 / 200 → 3 % | 500 / 10 000 → 5 % | −2 | −4 (few HE) | 5 ± 3,0206 |
| 20–29 år | ekonomiskt bistånd | 12 / 200 → 6 % | 500 / 10 000 → 5 % | +1 | +2 | 5 ± 3,0206 |
| kvinnor | sjukpenning | 40 / 1 000 → 4 % | 300 / 10 000 → 3 % | +1 | +10 | 3 ± 1,0573 |
| kvinnor | ekonomiskt bistånd | 20 / 1 000 → 2 % | 200 / 10 000 → 2 % | 0 | 0 | 2 ± 0,8677 |
| män | sjukpenning | 9 / 50 → 18 % | 300 / 10 000 → 3 % | +15 | +7,5 (few HE) | 3 ± 4,7284 |
| män | ekonomiskt bistånd | 0 / 50 → 0 % | 200 / 10 000 → 2 % | −2 | −1 (few HE) | 2 ± 3,8806 |

The 95 % limits are p0 ± 1,96·√(p0(1−p0)/n) in %, e.g. kvinnor sjukpenning:
1,96·√(0,03·0,97/1000) = 1,96·0,0053944 = 0,010573 → ± 1,0573 procentenheter. Only män
sjukpenning (18 % > 7,7284 %) lies beyond its limit, so it is the one need. Kvinnor
sjukpenning (+10 HE) is within chance for a group of 1 000.

Ranked: the need first (män sjukpenning), then by excess HE, certain cells first:
kvinnor sjukpenning, 20–29 ek. bistånd, kvinnor ek. bistånd, then the uncertain: män
ek. bistånd, 20–29 sjukpenning.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from data.regions import LEVEL_FORBUND, Area, load_regions
from metrics.model import build_model
from metrics.swedish import NBSP, format_signed
from metrics.targets import (
    COMPARABLES,
    COUNTY,
    KVINNOR,
    MAN,
    RIKET,
    TOTAL,
    Group,
    change_by_system,
    excess_he,
    group_change,
    group_matrix,
    need_sentence,
    need_sentences,
    needs_heading,
    points_text,
    rank_needs,
    references_of,
    target_groups,
    target_matrix,
)
from tests.factories import LULEA, MALA, NORSJO, PITEA, SKELLEFTEA, VASTERBOTTEN, two_counties

YOUNG = Group("T", "20-29")
GROUPS = [YOUNG, KVINNOR, MAN]


def share_rows(code: str, period, cells: list[tuple]) -> pd.DataFrame:
    """A share table from (sex, age_group, measure, he, population) cells."""
    frame = pd.DataFrame(cells, columns=["sex", "age_group", "measure", "he", "population"])
    frame.insert(0, "region_code", code)
    frame.insert(1, "period", period)
    frame["share"] = frame["he"] / frame["population"] * 100
    frame["quartile"] = pd.Categorical(["mid"] * len(frame), categories=["low", "mid", "high"])
    frame["few_he"] = frame["he"] < 10
    frame["partial"] = False
    frame["unreported"] = 0
    return frame


def _group_cells(group: Group, he: dict[str, float], population: float) -> list[tuple]:
    summa = sum(he.values())
    return [
        (group.sex, group.age_group, "summa", summa, population),
        *((group.sex, group.age_group, m, v, population) for m, v in he.items()),
    ]


AREA = share_rows(
    "omr",
    2024,
    [
        *_group_cells(YOUNG, {"sjukpenning": 6, "ekonomiskt_bistand": 12}, 200),
        *_group_cells(KVINNOR, {"sjukpenning": 40, "ekonomiskt_bistand": 20}, 1000),
        *_group_cells(MAN, {"sjukpenning": 9, "ekonomiskt_bistand": 0}, 50),
    ],
)
RIKET_ROWS = share_rows(
    "00",
    2024,
    [
        *_group_cells(YOUNG, {"sjukpenning": 500, "ekonomiskt_bistand": 500}, 10_000),
        *_group_cells(KVINNOR, {"sjukpenning": 300, "ekonomiskt_bistand": 200}, 10_000),
        *_group_cells(MAN, {"sjukpenning": 300, "ekonomiskt_bistand": 200}, 10_000),
    ],
)
COUNTY_ROWS = share_rows(
    "24", 2024, _group_cells(KVINNOR, {"sjukpenning": 70, "ekonomiskt_bistand": 40}, 2000)
)


@pytest.fixture(scope="module")
def matrix() -> pd.DataFrame:
    return group_matrix(AREA, {RIKET: RIKET_ROWS, COUNTY: COUNTY_ROWS}, GROUPS, 2024)


def _cell(table: pd.DataFrame, group: Group, measure: str) -> pd.Series:
    rows = table.loc[
        (table["sex"] == group.sex)
        & (table["age_group"] == group.age_group)
        & (table["measure"] == measure)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def test_excess_he_is_the_difference_in_share_times_population():
    assert excess_he(4.0, 3.0, 1000) == pytest.approx(10.0)
    assert excess_he(3.0, 5.0, 200) == pytest.approx(-4.0)
    shares = pd.Series([18.0, 0.0])
    assert excess_he(shares, pd.Series([3.0, 2.0]), pd.Series([50, 50])).tolist() == [7.5, -1.0]


def test_groups_are_age_bands_then_kvinnor_and_man_never_crossed():
    groups = target_groups(["20-64", "30-39", "20-29", "20-65"])
    assert groups == [Group("T", "20-29"), Group("T", "30-39"), KVINNOR, MAN]
    assert [g.label for g in groups] == ["20–29 år", "30–39 år", "Kvinnor 20–64 år", "Män 20–64 år"]
    assert [g.dimension for g in groups] == ["age", "age", "sex", "sex"]
    assert target_groups(["20-64"]) == [KVINNOR, MAN]


def test_matrix_has_every_group_and_measure_against_each_reference(matrix):
    assert len(matrix) == 3 * 7
    assert matrix["group"].unique().tolist() == ["20–29 år", "Kvinnor 20–64 år", "Män 20–64 år"]
    kvinnor = _cell(matrix, KVINNOR, "sjukpenning")
    assert kvinnor["share"] == pytest.approx(4.0)
    assert kvinnor["riket_share"] == pytest.approx(3.0)
    assert kvinnor["riket_points"] == pytest.approx(1.0)
    assert kvinnor["riket_he"] == pytest.approx(10.0)
    assert kvinnor["county_share"] == pytest.approx(3.5)
    assert kvinnor["county_he"] == pytest.approx(5.0)
    assert math.isnan(kvinnor["comparables_share"])
    young = _cell(matrix, YOUNG, "sjukpenning")
    assert young["riket_he"] == pytest.approx(-4.0)
    assert young["few_he"]
    assert math.isnan(young["county_share"])
    summa = _cell(matrix, YOUNG, "summa")
    assert summa["share"] == pytest.approx(9.0)
    assert summa["riket_points"] == pytest.approx(-1.0)
    missing = _cell(matrix, MAN, "etableringsersattning")
    assert math.isnan(missing["share"])
    assert math.isnan(missing["riket_he"])


def test_ranking_puts_needs_first_then_the_largest_excess_and_uncertain_cells_after(matrix):
    ranking = rank_needs(matrix)
    cells = [(r.group, r.measure) for r in ranking.itertuples()]
    assert cells == [
        ("Män 20–64 år", "sjukpenning"),
        ("Kvinnor 20–64 år", "sjukpenning"),
        ("20–29 år", "ekonomiskt_bistand"),
        ("Kvinnor 20–64 år", "ekonomiskt_bistand"),
        ("Män 20–64 år", "ekonomiskt_bistand"),
        ("20–29 år", "sjukpenning"),
    ]
    assert ranking["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert ranking["excess_he"].tolist() == pytest.approx([7.5, 10.0, 2.0, 0.0, -1.0, -4.0])
    assert ranking["need"].tolist() == [True, False, False, False, False, False]
    assert ranking["uncertain"].tolist() == [True, False, False, False, True, True]
    assert ranking["upper_95"].tolist() == pytest.approx(
        [7.7284, 4.0573, 8.0206, 2.8677, 5.8806, 8.0206], abs=1e-4
    )
    assert ranking["lower_95"].tolist() == pytest.approx(
        [-1.7284, 1.9427, 1.9794, 1.1323, -1.8806, 1.9794], abs=1e-4
    )
    assert "summa" not in set(ranking["measure"])


def test_an_uncertain_cell_is_never_first_among_its_kind(matrix):
    ranking = rank_needs(matrix.loc[matrix["measure"] != "sjukpenning"])
    assert not ranking["need"].any()
    assert ranking["uncertain"].tolist() == [False, False, True]
    assert ranking.iloc[0]["group"] == "20–29 år"


def test_ranking_against_the_county_uses_the_county_columns(matrix):
    ranking = rank_needs(matrix, COUNTY)
    assert len(ranking) == 2
    assert ranking.iloc[0]["excess_he"] == pytest.approx(5.0)
    assert ranking.iloc[0]["reference_share"] == pytest.approx(3.5)
    assert ranking.iloc[1]["excess_he"] == pytest.approx(0.0)


def test_only_needs_beyond_chance_are_said_as_needs(matrix):
    ranking = rank_needs(matrix)
    sentences = need_sentences(ranking, area_name="Testområdet", reference_name="riket")
    assert [s.replace(NBSP, " ") for s in sentences] == [
        "Bland män 20–64 år i Testområdet försörjs motsvarande 18,0 % av sjukpenning, "
        "15,0 procentenheter mer än i riket (3,0 %). Det motsvarar cirka 8 "
        "helårsekvivalenter fler än om andelen hade varit densamma som i riket. Osäkert: "
        "siffran vilar på färre än 10 helårsekvivalenter.",
    ]
    assert needs_heading(ranking, "riket", "2024") == "Störst behov 2024"
    within = need_sentence(
        ranking.iloc[1].to_dict(), area_name="Testområdet", reference_name="riket"
    ).replace(NBSP, " ")
    assert within == (
        "Bland kvinnor 20–64 år i Testområdet försörjs motsvarande 4,0 % av sjukpenning, "
        "ungefär som i riket (3,0 %): skillnaden ligger inom slumpens marginal för en grupp "
        "av den storleken."
    )
    assert "mer än" not in within


def test_groups_a_hundredth_of_a_point_above_the_reference_are_no_need():
    """An area of about 2 400 inhabitants (like Norsjö) whose every group is 0,01
    procentenheter above riket: chance explains that, so no group stands out."""
    he = {"sjukpenning": 0.0301 * 2400, "ekonomiskt_bistand": 0.0201 * 2400}
    area = share_rows("omr", 2024, [c for g in GROUPS for c in _group_cells(g, he, 2400)])
    reference = share_rows(
        "00",
        2024,
        [
            c
            for g in GROUPS
            for c in _group_cells(g, {"sjukpenning": 3000, "ekonomiskt_bistand": 2000}, 100_000)
        ],
    )
    ranking = rank_needs(group_matrix(area, {RIKET: reference}, GROUPS, 2024))
    assert ranking["points"].tolist() == pytest.approx([0.01] * 6)
    assert not ranking["need"].any()
    assert needs_heading(ranking, "riket", "2024") == (
        "Ingen grupp har en tydligt högre andel än i riket 2024"
    )
    sentences = need_sentences(ranking, area_name="Norsjö", reference_name="riket")
    assert sentences == [
        "Ingen grupp i Norsjö har en tydligt högre andel än samma grupp i riket i något "
        "ersättningssystem: där andelen är högre ligger skillnaden inom slumpens marginal "
        "för gruppens storlek."
    ]
    for row in ranking.to_dict("records"):
        text = need_sentence(row, area_name="Norsjö", reference_name="riket")
        assert "inom slumpens marginal" in text
        assert "mer än" not in text
        assert "0,00" not in text


def test_sentences_for_small_and_missing_excess():
    row = {
        "sex": "T",
        "age_group": "60-64",
        "measure": "arbetsloshetsersattning",
        "share": 1.2,
        "reference_share": 1.1,
        "points": 0.1,
        "excess_he": 0.4,
        "population": 1_000_000,
        "uncertain": False,
    }
    text = need_sentence(row, area_name="X", reference_name="Västerbottens län").replace(NBSP, " ")
    assert "0,1 procentenheter mer än i Västerbottens län (1,1 %)" in text
    assert "Det motsvarar mindre än en helårsekvivalent fler" in text
    one = need_sentence({**row, "excess_he": 1.2}, area_name="X", reference_name="riket")
    assert "cirka 1 helårsekvivalent fler" in one
    tiny = need_sentence(
        {**row, "share": 1.104, "points": 0.004, "population": 100_000_000},
        area_name="X",
        reference_name="riket",
    ).replace(NBSP, " ")
    assert "mindre än 0,01 procentenheter mer än i riket" in tiny
    nothing = need_sentences(
        rank_needs(group_matrix(AREA.iloc[:0], {RIKET: RIKET_ROWS}, GROUPS, 2024)),
        area_name="X",
        reference_name="riket",
    )
    assert nothing == [
        "Ingen grupp i X har en tydligt högre andel än samma grupp i riket i något "
        "ersättningssystem: där andelen är högre ligger skillnaden inom slumpens marginal "
        "för gruppens storlek."
    ]


def test_points_are_never_written_as_zero():
    assert points_text(0.004) == "mindre än 0,01"
    assert points_text(-0.033) == "0,03"
    assert points_text(1.26) == "1,3"


def test_small_shares_and_differences_get_two_decimals():
    row = {
        "sex": "K",
        "age_group": "20-64",
        "measure": "etableringsersattning",
        "share": 0.114,
        "reference_share": 0.081,
        "points": 0.033,
        "excess_he": 66.0,
        "population": 200_000,
        "uncertain": False,
    }
    text = need_sentence(row, area_name="X", reference_name="riket").replace(NBSP, " ")
    assert text.startswith(
        "Bland kvinnor 20–64 år i X försörjs motsvarande 0,11 % av etableringsersättning, "
        "0,03 procentenheter mer än i riket (0,08 %)."
    )
    assert "cirka 66 helårsekvivalenter fler" in text


def test_group_labels_and_signed_numbers():
    assert [g.label for g in (TOTAL, KVINNOR, YOUNG)] == [
        "Totalt 20–64 år",
        "Kvinnor 20–64 år",
        "20–29 år",
    ]
    assert [g.phrase for g in (KVINNOR, MAN, YOUNG)] == [
        "kvinnor 20–64 år",
        "män 20–64 år",
        "invånarna 20–29 år",
    ]
    assert format_signed(1.26) == "+1,3"
    assert format_signed(-0.31, 2) == "−0,31"
    assert format_signed(-0.001) == "0,0"
    assert format_signed(None) == "–"


def test_the_change_by_system_adds_up_exactly_to_the_total():
    before = share_rows(
        "omr",
        2019,
        _group_cells(TOTAL, {"sjukpenning": 30, "ekonomiskt_bistand": 20}, 1000),
    )
    after = share_rows(
        "omr",
        2024,
        _group_cells(
            TOTAL, {"sjukpenning": 50, "ekonomiskt_bistand": 25, "etableringsersattning": 5}, 1250
        ),
    )
    change = change_by_system(pd.concat([before, after]), TOTAL, 2019, 2024)
    by_measure = change.set_index("measure")
    assert by_measure.loc["summa", "from_share"] == pytest.approx(5.0)
    assert by_measure.loc["summa", "to_share"] == pytest.approx(6.4)
    assert by_measure.loc["summa", "points"] == pytest.approx(1.4)
    assert by_measure.loc["sjukpenning", "points"] == pytest.approx(1.0)
    assert by_measure.loc["ekonomiskt_bistand", "points"] == pytest.approx(0.0)
    assert by_measure.loc["etableringsersattning", "points"] == pytest.approx(0.4)
    assert by_measure.loc["etableringsersattning", "from_he"] == 0.0
    assert by_measure.loc["arbetsloshetsersattning", "points"] == 0.0
    systems = change.loc[change["measure"] != "summa"]
    assert systems["points"].sum() == pytest.approx(by_measure.loc["summa", "points"], abs=1e-12)
    assert systems["he_change"].sum() == pytest.approx(30.0, abs=1e-12)
    assert change["measure"].tolist()[0] == "summa"


def test_the_change_adds_up_for_a_pooled_area_with_a_gap():
    """A förbund whose member lacks one system: contributions still sum to the total."""
    area = Area("omr", "Område", LEVEL_FORBUND, (NORSJO, MALA, SKELLEFTEA))
    model = build_model(two_counties(), load_regions().with_areas([area]))
    change = group_change(model, "omr", TOTAL, 2018, 2019)
    systems = change.loc[change["measure"] != "summa", "points"]
    total = change.loc[change["measure"] == "summa", "points"].iloc[0]
    assert systems.sum() == pytest.approx(total, abs=1e-12)


def test_target_matrix_of_a_forbund_from_the_model():
    forbund = Area("sn", "Skellefteå-Norsjö", LEVEL_FORBUND, (SKELLEFTEA, NORSJO))
    model = build_model(two_counties(), load_regions().with_areas([forbund]))
    kinds = [r.kind for r in references_of(model, "sn", [LULEA, PITEA])]
    assert kinds == [COUNTY, RIKET, COMPARABLES]
    matrix = target_matrix(model, "sn", 2018, comparables=[LULEA, PITEA])
    assert matrix["group"].unique().tolist() == ["20–29 år", "Kvinnor 20–64 år", "Män 20–64 år"]
    kvinnor = _cell(matrix, KVINNOR, "sjukpenning")
    assert kvinnor["share"] == pytest.approx(6.0)
    assert kvinnor["riket_share"] == pytest.approx(270 / 5500 * 100)
    assert kvinnor["riket_he"] == pytest.approx(60 - 270 / 5500 * 1000)
    assert kvinnor["county_he"] == pytest.approx(60 - 138 / 3500 * 1000)
    assert kvinnor["comparables_he"] == pytest.approx(60 - 54 / 1000 * 1000)
    young = _cell(matrix, YOUNG, "summa")
    assert young["share"] == pytest.approx(10.0)
    assert young["riket_share"] == pytest.approx(22 / 400 * 100)
    assert [r.kind for r in references_of(model, VASTERBOTTEN)] == [RIKET]
