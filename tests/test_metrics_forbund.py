"""A samordningsförbund in the model: pooled shares by hand, and areas added cheaply.

Hand computation on :func:`tests.factories.two_counties` (2018, every month alike):
Skellefteå 2 % of 1 000 (20 HE), Norsjö 8 % of 1 000 (80 HE). Skellefteå-Norsjö:
(20 + 80) / (1 000 + 1 000) = 5 %, between q25 = 2,75 and q75 = 6,25 → `mid`.
Kvinnor: (12 + 48) / (500 + 500) = 6 %; män: (8 + 32) / 1 000 = 4 %.
20–29 år: only Norsjö has the age table, 20 / 200 = 10 % (a member without rows is left
out of both sums). The mean of the two kommuners' shares would be 5 % only by accident:
with Umeå (3 % of 4 000 = 120 HE) the förbund is (20 + 80 + 120) / 6 000 = 3,667 %,
not (2 + 8 + 3) / 3 = 4,333 %.
"""

from __future__ import annotations

import pandas as pd
import pytest

from data.areas import forbund_regions, new_definition
from data.regions import LEVEL_FORBUND, Area, load_regions
from metrics.model import Model, build_model
from tests.factories import MALA, NORSJO, SKELLEFTEA, UMEA, VASTERBOTTEN, two_counties

SN = "skelleftea-norsjo"
WITH_UMEA = Area("sn-umea", "Skellefteå-Norsjö-Umeå", LEVEL_FORBUND, (SKELLEFTEA, NORSJO, UMEA))


@pytest.fixture(scope="module")
def base() -> Model:
    return build_model(two_counties(), forbund_regions())


def _row(model: Model, code: str, sex: str = "T", age: str = "20-64", measure: str = "summa"):
    rows = model.annual_rows(code, measure=measure, sex=sex, age_group=age)
    return rows.loc[rows["period"] == 2018].iloc[0]


def test_the_shipped_forbund_is_pooled_from_its_kommuner(base: Model) -> None:
    row = _row(base, SN)
    assert row["he"] == pytest.approx(100.0)
    assert row["population"] == pytest.approx(2000.0)
    assert row["share"] == pytest.approx(5.0)
    assert str(row["quartile"]) == "mid"
    assert row["q25"] == pytest.approx(2.75)
    assert _row(base, SN, sex="K")["share"] == pytest.approx(6.0)
    assert _row(base, SN, sex="M")["share"] == pytest.approx(4.0)
    assert _row(base, SN, age="20-29")["share"] == pytest.approx(10.0)
    assert _row(base, SN, measure="sjukpenning")["share"] == pytest.approx(5.0)
    assert base.county_code(SN) == VASTERBOTTEN


def test_pooling_is_a_ratio_of_sums_not_a_mean_of_shares(base: Model) -> None:
    model = base.with_areas([WITH_UMEA])
    assert model.share("sn-umea", 2018) == pytest.approx(220 / 6000 * 100)
    assert model.share("sn-umea", 2018) != pytest.approx((2 + 8 + 3) / 3)


def test_an_added_area_has_the_same_rows_as_one_built_in(base: Model) -> None:
    added = base.with_areas([WITH_UMEA])
    built = build_model(two_counties(), forbund_regions().with_areas([WITH_UMEA]))
    for frequency in ("year", "month", "rolling12"):
        mine = added.tables(frequency).area_rows("sn-umea").reset_index(drop=True)
        theirs = built.tables(frequency).area_rows("sn-umea").reset_index(drop=True)
        columns = ["period", "sex", "age_group", "he", "population", "share", "partial"]
        pd.testing.assert_frame_equal(mine[columns], theirs[columns], check_dtype=False)
        assert mine["quartile"].astype(str).tolist() == theirs["quartile"].astype(str).tolist()
        assert mine["measure"].astype(str).tolist() == theirs["measure"].astype(str).tolist()


def test_adding_areas_shares_the_base_tables_and_leaves_the_base_alone(base: Model) -> None:
    added = base.with_areas([WITH_UMEA])
    assert added.yearly.shares is base.yearly.shares
    assert added.monthly_tables.kommun_wide is base.monthly_tables.kommun_wide
    assert added.monthly_tables.context is base.monthly_tables.context
    assert "sn-umea" in added.regions
    assert "sn-umea" not in base.regions
    assert base.share("sn-umea", 2018) is None
    assert added.share(NORSJO, 2018) == pytest.approx(8.0)
    assert added.share(SN, 2018) == pytest.approx(5.0)


def test_areas_added_to_an_extended_model_join_the_earlier_ones(base: Model) -> None:
    first = base.with_areas([WITH_UMEA])
    mine = new_definition("Malå ensam", [MALA]).to_area()
    both = first.with_areas([mine])
    assert both.base is base
    assert [a.code for a in both.added] == ["sn-umea", "mala-ensam"]
    assert both.share("mala-ensam", 2018) == pytest.approx(1.0)
    assert both.share("sn-umea", 2018) == pytest.approx(220 / 6000 * 100)


def test_an_added_area_may_not_take_an_existing_code(base: Model) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        base.with_areas([Area(SN, "Igen", LEVEL_FORBUND, (MALA,))])


def test_views_work_for_an_added_area(base: Model) -> None:
    model = base.with_areas([WITH_UMEA])
    trend = model.trend("sn-umea")
    assert trend["share"].iloc[0] == pytest.approx(220 / 6000 * 100)
    assert trend["county_mean"].iloc[0] == pytest.approx(3.5)
    profile = model.profile("sn-umea", [2018])
    assert profile["share"].iloc[0] == pytest.approx(220 / 6000 * 100)
    rows = model.yearly.areas_rows(["sn-umea", NORSJO])
    assert set(rows["region_code"].astype(str)) == {"sn-umea", NORSJO}


def test_a_model_without_forbund_regions_can_still_add_one() -> None:
    model = build_model(two_counties(), load_regions()).with_areas(
        [Area(SN, "Skellefteå-Norsjö", LEVEL_FORBUND, (SKELLEFTEA, NORSJO))]
    )
    assert model.share(SN, 2018) == pytest.approx(5.0)
