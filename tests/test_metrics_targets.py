"""Målgrupper: the matrix, excess HE, the ranking, sentences and the decomposition.

The hand-made frame (one period, 2024):

| group | system | area HE / population → share | riket → share | points | excess HE |
|---|---|---|---|---|---|
| 20–29 år | sjukpenning | 6 / 200 → 3 % | 500 / 10 000 → 5 % | −2 | −4 (few HE) |
| 20–29 år | ekonomiskt bistånd | 12 / 200 → 6 % | 500 / 10 000 → 5 % | +1 | +2 |
| kvinnor | sjukpenning | 40 / 1 000 → 4 % | 300 / 10 000 → 3 % | +1 | +10 |
| kvinnor | ekonomiskt bistånd | 20 / 1 000 → 2 % | 200 / 10 000 → 2 % | 0 | 0 |
| män | sjukpenning | 9 / 50 → 18 % | 300 / 10 000 → 3 % | +15 | +7,5 (few HE) |
| män | ekonomiskt bistånd | 0 / 50 → 0 % | 200 / 10 000 → 2 % | −2 | −1 (few HE) |

Ranked by excess HE, certain cells first: kvinnor sjukpenning, 20–29 ek. bistånd,
kvinnor ek. bistånd, then the uncertain: män sjukpenning (+7,5 would be second by
size, but rests on 9 HE), män ek. bistånd, 20–29 sjukpenning.
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


def test_ranking_puts_the_largest_excess_first_and_uncertain_cells_after(matrix):
    ranking = rank_needs(matrix)
    cells = [(r.group, r.measure) for r in ranking.itertuples()]
    assert cells == [
        ("Kvinnor 20–64 år", "sjukpenning"),
        ("20–29 år", "ekonomiskt_bistand"),
        ("Kvinnor 20–64 år", "ekonomiskt_bistand"),
        ("Män 20–64 år", "sjukpenning"),
        ("Män 20–64 år", "ekonomiskt_bistand"),
        ("20–29 år", "sjukpenning"),
    ]
    assert ranking["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert ranking["excess_he"].tolist() == pytest.approx([10.0, 2.0, 0.0, 7.5, -1.0, -4.0])
    assert ranking["uncertain"].tolist() == [False, False, False, True, True, True]
    assert "summa" not in set(ranking["measure"])


def test_an_uncertain_cell_is_never_first_but_first_if_nothing_else_is(matrix):
    only_uncertain = matrix.loc[matrix["sex"] == "M"]
    ranking = rank_needs(only_uncertain)
    assert ranking.iloc[0]["uncertain"]
    assert ranking.iloc[0]["measure"] == "sjukpenning"


def test_ranking_against_the_county_uses_the_county_columns(matrix):
    ranking = rank_needs(matrix, COUNTY)
    assert len(ranking) == 2
    assert ranking.iloc[0]["excess_he"] == pytest.approx(5.0)
    assert ranking.iloc[0]["reference_share"] == pytest.approx(3.5)
    assert ranking.iloc[1]["excess_he"] == pytest.approx(0.0)


def test_top_needs_in_plain_swedish(matrix):
    sentences = need_sentences(rank_needs(matrix), area_name="Testområdet", reference_name="riket")
    assert [s.replace(NBSP, " ") for s in sentences] == [
        "Bland kvinnor 20–64 år i Testområdet försörjs motsvarande 4,0 % av sjukpenning, "
        "1,0 procentenheter mer än i riket (3,0 %). Det motsvarar cirka 10 "
        "helårsekvivalenter fler än om andelen hade varit densamma som i riket.",
        "Bland invånarna 20–29 år i Testområdet försörjs motsvarande 6,0 % av ekonomiskt "
        "bistånd, 1,0 procentenheter mer än i riket (5,0 %). Det motsvarar cirka 2 "
        "helårsekvivalenter fler än om andelen hade varit densamma som i riket.",
        "Bland män 20–64 år i Testområdet försörjs motsvarande 18,0 % av sjukpenning, "
        "15,0 procentenheter mer än i riket (3,0 %). Det motsvarar cirka 8 "
        "helårsekvivalenter fler än om andelen hade varit densamma som i riket. Osäkert: "
        "siffran vilar på färre än 10 helårsekvivalenter.",
    ]


def test_sentences_for_small_and_missing_excess():
    row = {
        "sex": "T",
        "age_group": "60-64",
        "measure": "arbetsloshetsersattning",
        "share": 1.2,
        "reference_share": 1.1,
        "points": 0.1,
        "excess_he": 0.4,
        "uncertain": False,
    }
    text = need_sentence(row, area_name="X", reference_name="Västerbottens län").replace(NBSP, " ")
    assert "0,1 procentenheter mer än i Västerbottens län (1,1 %)" in text
    assert "Det motsvarar mindre än en helårsekvivalent fler" in text
    one = need_sentence({**row, "excess_he": 1.2}, area_name="X", reference_name="riket")
    assert "cirka 1 helårsekvivalent fler" in one
    nothing = need_sentences(
        rank_needs(group_matrix(AREA.iloc[:0], {RIKET: RIKET_ROWS}, GROUPS, 2024)),
        area_name="X",
        reference_name="riket",
    )
    assert nothing == [
        "Ingen grupp i X har en högre andel i något ersättningssystem än samma grupp i riket."
    ]


def test_small_shares_and_differences_get_two_decimals():
    row = {
        "sex": "K",
        "age_group": "20-64",
        "measure": "etableringsersattning",
        "share": 0.114,
        "reference_share": 0.081,
        "points": 0.033,
        "excess_he": 6.9,
        "uncertain": False,
    }
    text = need_sentence(row, area_name="X", reference_name="riket").replace(NBSP, " ")
    assert text.startswith(
        "Bland kvinnor 20–64 år i X försörjs motsvarande 0,11 % av etableringsersättning, "
        "0,03 procentenheter mer än i riket (0,08 %)."
    )
    assert "cirka 7 helårsekvivalenter fler" in text


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
