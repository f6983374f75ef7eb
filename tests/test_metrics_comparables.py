"""Jämförbara kommuner (nearest in size) and the lines of an area's own kommuner."""

from __future__ import annotations

import pandas as pd
import pytest

from data.areas import forbund_regions
from metrics.comparables import (
    COMPARISON_CODE,
    comparison_shares,
    comparison_trend,
    kommun_populations,
    member_trends,
    nearest_in_size,
    suggest_comparables,
)
from metrics.model import Model, build_model
from tests.factories import (
    BODEN,
    KIRUNA,
    LULEA,
    MALA,
    NORSJO,
    PITEA,
    SKELLEFTEA,
    UMEA,
    VASTERBOTTEN,
    two_counties,
)

SN = "skelleftea-norsjo"


@pytest.fixture(scope="module")
def model() -> Model:
    return build_model(two_counties(), forbund_regions())


def test_nearest_in_size_compares_ratios_and_breaks_ties_by_code():
    populations = pd.Series(
        {"0001": 1000.0, "0002": 2000.0, "0003": 500.0, "0004": 4000.0, "0005": 1100.0, "0006": 0}
    )
    assert nearest_in_size(populations, 1000.0, exclude=["0001"], count=4) == [
        "0005",
        "0002",
        "0003",
        "0004",
    ]
    assert nearest_in_size(populations, 1000.0, count=2) == ["0001", "0005"]
    assert nearest_in_size(populations, 0.0) == []


def test_kommun_populations_are_the_annual_population_20_64(model: Model):
    populations = kommun_populations(model, 2018)
    assert populations[UMEA] == pytest.approx(4000.0)
    assert populations[NORSJO] == pytest.approx(1000.0)
    assert len(populations) == 8


def test_suggestions_for_a_forbund_leave_out_its_own_kommuner(model: Model):
    # Skellefteå-Norsjö has 2 000 inhabitants; every other kommun 1 000 except Umeå 4 000:
    # all at ratio 2, so the lowest codes win.
    assert suggest_comparables(model, SN, 2018) == [MALA, UMEA, LULEA, PITEA, BODEN]
    assert suggest_comparables(model, UMEA, 2018, count=2) == [NORSJO, MALA]
    assert suggest_comparables(model, VASTERBOTTEN, 2018) == []
    assert suggest_comparables(model, "00", 2018) == []


def test_a_comparison_set_is_pooled_like_an_area(model: Model):
    shares = comparison_shares(model.yearly, [LULEA, PITEA])
    row = shares.loc[
        (shares["period"] == 2018)
        & (shares["sex"] == "T")
        & (shares["age_group"] == "20-64")
        & (shares["measure"] == "summa")
    ].iloc[0]
    assert row["region_code"] == COMPARISON_CODE
    assert row["share"] == pytest.approx((40 + 50) / 2000 * 100)
    with_umea = comparison_trend(model.yearly, [UMEA, KIRUNA])
    assert with_umea["period"].tolist() == [2018, 2019]
    assert with_umea["share"].iloc[0] == pytest.approx((120 + 60) / 5000 * 100)
    kvinnor = comparison_trend(model.yearly, [LULEA, PITEA], sex="K")
    assert kvinnor["share"].iloc[0] == pytest.approx((24 + 30) / 1000 * 100)


def test_member_lines_follow_the_forbund_order_of_kommuner(model: Model):
    members = member_trends(model, SN)
    assert members.columns.tolist() == ["region_code", "name", "period", "share"]
    assert members["name"].tolist() == ["Skellefteå", "Skellefteå", "Norsjö", "Norsjö"]
    assert members["share"].tolist() == pytest.approx([2.0, 2.0, 8.0, 8.0])
    monthly = member_trends(model, SN, frequency="month")
    assert len(monthly) == 2 * 15
    assert member_trends(model, NORSJO).empty
    assert set(member_trends(model, VASTERBOTTEN)["region_code"]) == {
        MALA,
        NORSJO,
        SKELLEFTEA,
        UMEA,
    }
