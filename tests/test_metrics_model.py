"""The model: every area's shares and classes, and the tables each chart needs."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from data.regions import LEVEL_FORBUND, Area, load_regions
from metrics.model import TRENDS_KEPT, Model, build_model
from metrics.periods import MONTH, ROLLING_12, UnknownFrequencyError
from metrics.tables import build_period_tables
from tests.factories import (
    BODEN,
    KIRUNA,
    LULEA,
    MALA,
    NORRBOTTEN,
    NORSJO,
    PITEA,
    SKELLEFTEA,
    UMEA,
    VASTERBOTTEN,
    dataset,
    two_counties,
)

FORBUND = Area(
    code="F01",
    name="Samordningsförbundet Skellefteå-Norsjö",
    level=LEVEL_FORBUND,
    members=(SKELLEFTEA, NORSJO),
)


@pytest.fixture(scope="module")
def model() -> Model:
    return build_model(two_counties(), load_regions().with_areas([FORBUND]))


def _annual(model: Model, code: str, sex: str = "T", measure: str = "summa") -> pd.Series:
    rows = model.annual_rows(code, measure=measure, sex=sex, age_group="20-64")
    return rows.loc[rows["period"] == 2018].iloc[0]


def test_years_complete_years_and_default_year(model: Model) -> None:
    assert model.years == [2018, 2019]
    assert model.complete_years == [2018]
    assert model.default_year() == 2018
    assert model.age_groups == ["20-64", "20-29"]
    assert model.first_month == pd.Timestamp("2018-01-01")
    assert model.latest_month == pd.Timestamp("2019-03-01")


def test_share_of_a_kommun_a_county_riket_and_a_forbund(model: Model) -> None:
    assert model.share(NORSJO, 2018) == pytest.approx(8.0)
    assert model.share(UMEA, 2018) == pytest.approx(3.0)
    assert model.share(VASTERBOTTEN, 2018) == pytest.approx(230 / 7000 * 100)
    assert model.share(NORRBOTTEN, 2018) == pytest.approx(5.5)
    assert model.share("00", 2018) == pytest.approx(450 / 11000 * 100)
    assert model.share("F01", 2018) == pytest.approx(100 / 2000 * 100)
    assert model.share(NORSJO, 2018, sex="K") == pytest.approx(9.6)
    assert model.share(NORSJO, 2018, age_group="20-29") == pytest.approx(10.0)
    assert model.share(NORSJO, 2018, measure="ekonomiskt_bistand") is None
    assert model.share("0114", 2018) is None


def test_population_behind_a_share(model: Model) -> None:
    assert model.population(VASTERBOTTEN, 2018) == pytest.approx(7000)
    assert model.population("00", 2018) == pytest.approx(11000)
    assert model.population("F01", 2018) == pytest.approx(2000)
    assert model.population("0114", 2018) is None


def test_every_row_of_every_area_carries_its_quartile_class(model: Model) -> None:
    expected = {
        NORSJO: "high",
        BODEN: "high",
        MALA: "low",
        SKELLEFTEA: "low",
        UMEA: "mid",
        LULEA: "mid",
        PITEA: "mid",
        KIRUNA: "mid",
        VASTERBOTTEN: "mid",
        NORRBOTTEN: "mid",
        "00": "mid",
        "F01": "mid",
    }
    found = {code: str(_annual(model, code)["quartile"]) for code in expected}
    assert found == expected
    row = _annual(model, NORSJO)
    assert row["q25"] == pytest.approx(2.75)
    assert row["q75"] == pytest.approx(6.25)


def test_kvinnor_are_classed_among_kvinnor(model: Model) -> None:
    row = _annual(model, MALA, sex="K")
    assert row["share"] == pytest.approx(1.2)
    assert row["q25"] == pytest.approx(2.75 * 1.2)
    assert str(row["quartile"]) == "low"


def test_partial_year_is_flagged_on_every_area(model: Model) -> None:
    rows = model.annual.loc[model.annual["period"] == 2019]
    assert rows["partial"].all()
    assert (rows["months"] == 3).all()


def test_trend_table_has_county_mean_riket_and_band(model: Model) -> None:
    trend = model.trend(NORSJO)
    assert trend["period"].tolist() == [2018, 2019]
    first = trend.iloc[0]
    assert first["share"] == pytest.approx(8.0)
    assert first["quartile"] == "high"
    assert first["county_mean"] == pytest.approx(3.5)
    assert first["riket"] == pytest.approx(450 / 11000 * 100)
    assert first["band_min"] == pytest.approx(1.0)
    assert first["band_max"] == pytest.approx(8.0)
    assert not first["partial"]
    assert trend.iloc[1]["partial"]


def test_gender_trend_table_has_riket_per_sex(model: Model) -> None:
    trend = model.trend(NORSJO, sexes=("K", "M"))
    assert trend["sex"].tolist() == ["K", "K", "M", "M"]
    kvinnor = trend.iloc[0]
    assert kvinnor["share"] == pytest.approx(9.6)
    assert kvinnor["riket"] == pytest.approx(450 * 0.6 / 5500 * 100)
    man = trend.iloc[2]
    assert man["riket"] == pytest.approx(450 * 0.4 / 5500 * 100)


def test_trend_sexes_come_in_the_order_t_k_m_whatever_the_order_asked(model: Model) -> None:
    assert model.trend(NORSJO, sexes=("M", "T", "K"))["sex"].tolist() == [
        *["T"] * 2,
        *["K"] * 2,
        *["M"] * 2,
    ]


def test_trends_of_an_area_are_joined_once_and_kept_for_recent_areas(model: Model) -> None:
    fresh = build_model(model.frame, model.regions)
    first = fresh.area_trends(NORSJO)
    assert fresh.area_trends(NORSJO) is first
    assert set(first.groups) >= {("summa", "20-64", "T"), ("sjukpenning", "20-64", "K")}
    sjukpenning = first.select("sjukpenning", ("T",))
    assert sjukpenning["share"].tolist() == pytest.approx([8.0, 8.0])
    others = [k.code for k in fresh.regions.kommuner][: TRENDS_KEPT + 1]
    for code in others:
        fresh.area_trends(code)
    assert fresh.area_trends(NORSJO) is not first
    assert fresh.area_trends(NORSJO, "month") is not fresh.area_trends(NORSJO)


def test_a_redefined_area_never_gets_the_trend_of_its_old_definition(model: Model) -> None:
    before = model.with_areas([Area("mitt", "Mitt", LEVEL_FORBUND, (NORSJO,))])
    after = model.with_areas([Area("mitt", "Mitt", LEVEL_FORBUND, (MALA,))])
    assert before.trend("mitt")["share"].iloc[0] == pytest.approx(8.0)
    assert after.trend("mitt")["share"].iloc[0] == pytest.approx(model.trend(MALA)["share"].iloc[0])


def test_trend_of_riket_has_no_county_and_of_a_county_its_own_mean(model: Model) -> None:
    assert model.trend("00")["county_mean"].isna().all()
    assert model.trend(NORRBOTTEN).iloc[0]["county_mean"] == pytest.approx(5.5)
    assert model.trend("F01").iloc[0]["county_mean"] == pytest.approx(3.5)


def test_trend_keeps_periods_where_the_area_has_no_value(model: Model) -> None:
    trend = model.trend(NORSJO, measure="ekonomiskt_bistand")
    assert trend["period"].tolist() == [2018, 2019]
    assert trend["share"].isna().all()
    assert trend["quartile"].isna().all()


def test_profile_table_is_in_report_order_with_missing_rows_kept(model: Model) -> None:
    profile = model.profile(NORSJO, [2018])
    assert len(profile) == 7 * 3
    assert profile["measure"].tolist()[:3] == ["summa"] * 3
    assert profile["sex"].tolist()[:3] == ["T", "K", "M"]
    assert profile["measure"].tolist()[3] == "sjukpenning"
    summa = profile.iloc[0]
    assert summa["share"] == pytest.approx(8.0)
    assert summa["quartile"] == "high"
    ekonomiskt = profile.loc[profile["measure"] == "ekonomiskt_bistand"]
    assert ekonomiskt["share"].isna().all()


def test_profile_over_several_years_for_one_sex(model: Model) -> None:
    profile = model.profile(NORSJO, [2018, 2019], sexes=("K",))
    summa = profile.loc[profile["measure"] == "summa"]
    assert summa["period"].tolist() == [2018, 2019]
    assert summa["partial"].tolist() == [False, True]
    assert summa["share"].tolist() == pytest.approx([9.6, 9.6])


def test_county_kommuner_for_one_year_and_age_group(model: Model) -> None:
    county = model.county_kommuner(VASTERBOTTEN, 2018)
    summa = county.loc[county["measure"] == "summa"].set_index("name")["share"]
    assert summa.to_dict() == pytest.approx(
        {"Norsjö": 8.0, "Malå": 1.0, "Skellefteå": 2.0, "Umeå": 3.0}
    )
    young = model.county_kommuner(VASTERBOTTEN, 2018, age_group="20-29")
    assert set(young["region_code"]) == {NORSJO, MALA}
    assert young.loc[young["measure"] == "summa", "share"].tolist() == pytest.approx([10.0, 1.0])


def test_distribution_splits_he_over_the_six_systems(model: Model) -> None:
    distribution = model.distribution(NORSJO, 2018)
    assert distribution["sex"].tolist() == ["K"] * 6 + ["M"] * 6
    kvinnor = distribution.loc[distribution["sex"] == "K"].set_index("measure")
    assert kvinnor.loc["sjukpenning", "fraction"] == pytest.approx(100.0)
    assert kvinnor.loc["sjukpenning", "he"] == pytest.approx(48.0)
    assert math.isnan(kvinnor.loc["ekonomiskt_bistand", "fraction"])


def test_monthly_and_rolling_tables_are_classed_too(model: Model) -> None:
    month = model.trend(NORSJO, frequency=MONTH)
    assert len(month) == 15
    assert month["share"].tolist() == pytest.approx([8.0] * 15)
    assert set(month["quartile"]) == {"high"}
    assert not month["partial"].any()
    rolling = model.trend(NORSJO, frequency=ROLLING_12)
    assert rolling["months"].tolist() == [*range(1, 13), 12, 12, 12]
    assert rolling["partial"].tolist() == [True] * 11 + [False] * 4
    assert rolling.iloc[-1]["county_mean"] == pytest.approx(3.5)


def test_an_unknown_frequency_is_refused(model: Model) -> None:
    with pytest.raises(UnknownFrequencyError, match="week"):
        model.trend(NORSJO, frequency="week")


def test_riket_is_recomputed_from_the_kommuner_not_read(model: Model) -> None:
    riket = model.annual_rows("00", measure="sjukpenning", sex="T", age_group="20-64")
    assert riket["population"].iloc[0] == pytest.approx(11000.0)


UNREPORTED_MARCH = dataset(
    {
        NORSJO: {
            "ekonomiskt_bistand": [5, 5, 0, 5, 5, 5, 5, 5, 5, 5, 5, 5],
            "sjukpenning": 10,
            "population": 1000,
        },
        MALA: {"ekonomiskt_bistand": 1, "sjukpenning": 10, "population": 1000},
    }
)


def test_unreported_months_are_marked_and_left_out_of_the_year() -> None:
    """The option carry_forward=False: the unreported month is missing."""
    model = build_model(UNREPORTED_MARCH, load_regions(), carry_forward=False)
    assert model.unreported["month"].tolist() == [pd.Timestamp("2018-03-01")]
    norsjo = model.annual_rows(NORSJO).set_index("measure")
    assert norsjo.loc["ekonomiskt_bistand", "he"] == pytest.approx(5.0)
    assert norsjo.loc["ekonomiskt_bistand", "unreported"] == 1
    assert norsjo.loc["summa", "unreported"] == 1
    assert norsjo.loc["sjukpenning", "unreported"] == 0
    county = model.annual_rows(VASTERBOTTEN).set_index("measure")
    assert county.loc["ekonomiskt_bistand", "unreported"] == 1
    march = model.trend(NORSJO, "ekonomiskt_bistand", frequency=MONTH).iloc[2]
    assert math.isnan(march["share"])
    assert march["unreported"] == 1
    county_march = model.trend(VASTERBOTTEN, "ekonomiskt_bistand", frequency=MONTH).iloc[2]
    assert county_march["share"] == pytest.approx(100 * 1 / 1000)  # Norsjö left out


def test_unreported_months_carry_the_last_value_forward_by_default() -> None:
    """SCB's practice: Norsjö's March is February's 5 HE, marked as an estimate, and the
    county keeps Norsjö that month: (5 + 1) / (1 000 + 1 000) = 0,3 % (summa: 26 / 2 000)."""
    model = build_model(UNREPORTED_MARCH, load_regions())
    march = pd.Timestamp("2018-03-01")
    norsjo = model.trend(NORSJO, "ekonomiskt_bistand", frequency=MONTH).iloc[2]
    assert (norsjo["period"], norsjo["he"], norsjo["unreported"]) == (march, 5.0, 1)
    assert norsjo["share"] == pytest.approx(0.5)
    county = model.trend(VASTERBOTTEN, "ekonomiskt_bistand", frequency=MONTH).iloc[2]
    assert (county["he"], county["unreported"]) == (6.0, 1)
    assert county["share"] == pytest.approx(100 * 6 / 2000)
    summa = model.trend(VASTERBOTTEN, "summa", frequency=MONTH).iloc[2]
    assert summa["share"] == pytest.approx(100 * 26 / 2000)
    year = model.annual_rows(VASTERBOTTEN).set_index("measure")
    assert year.loc["ekonomiskt_bistand", "he"] == pytest.approx(6.0)
    assert year.loc["ekonomiskt_bistand", "unreported"] == 1
    riket = model.annual_rows("00").set_index("measure")
    assert riket.loc["ekonomiskt_bistand", "he"] == pytest.approx(6.0)
    # the raw 0 stays in the dataset; only the model's kommun table carries forward
    raw = UNREPORTED_MARCH
    cell = (raw["region_code"] == NORSJO) & (raw["measure"] == "ekonomiskt_bistand")
    assert raw.loc[cell & (raw["month"] == march), "value"].tolist() == [0.0]
    assert model.frame.loc[
        (model.frame["region_code"] == NORSJO)
        & (model.frame["measure"] == "ekonomiskt_bistand")
        & (model.frame["month"] == march),
        "value",
    ].tolist() == [0.0]


def test_few_he_is_marked(model: Model) -> None:
    young = model.annual_rows(MALA, measure="summa", age_group="20-29")
    assert young["few_he"].all()
    assert not _annual(model, MALA)["few_he"]


def test_profile_and_county_tables_work_for_months_and_rolling_windows(model: Model) -> None:
    march = pd.Timestamp("2019-03-01")
    month = model.profile(NORSJO, [march], frequency=MONTH)
    assert month.iloc[0]["share"] == pytest.approx(8.0)
    rolling = model.profile(NORSJO, [march], frequency=ROLLING_12)
    assert rolling.iloc[0]["months"] == 12
    county = model.county_kommuner(VASTERBOTTEN, march, frequency=MONTH)
    assert set(county["region_code"]) == {NORSJO, MALA, SKELLEFTEA, UMEA}
    distribution = model.distribution(NORSJO, march, frequency=MONTH)
    assert distribution.iloc[0]["fraction"] == pytest.approx(100.0)


@pytest.mark.parametrize("frequency", [MONTH, ROLLING_12])
def test_period_rows_made_per_area_equal_those_built_for_every_area(
    model: Model, frequency: str
) -> None:
    on_demand = model.tables(frequency)
    assert on_demand.shares is None  # months and rolling months keep no table of all areas
    every_area = build_period_tables(on_demand.kommun_wide, model.regions, frequency)
    for code in (NORSJO, UMEA, VASTERBOTTEN, NORRBOTTEN, "00", FORBUND.code, "9999"):
        pd.testing.assert_frame_equal(
            on_demand.area_rows(code).reset_index(drop=True),
            every_area.area_rows(code).reset_index(drop=True),
        )
    several = [BODEN, NORSJO, VASTERBOTTEN, KIRUNA, LULEA, PITEA, MALA]
    pd.testing.assert_frame_equal(
        on_demand.areas_rows(several).reset_index(drop=True),
        every_area.areas_rows(several).reset_index(drop=True),
    )


def test_period_rows_made_per_area_are_kept_for_the_most_recent_areas_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("metrics.tables.AREAS_KEPT", 2)
    tables = build_model(two_counties(), load_regions()).tables(MONTH)
    first = tables.area_rows(NORSJO)
    assert tables.area_rows(NORSJO) is first
    tables.areas_rows([UMEA, MALA, VASTERBOTTEN])
    assert tables.area_rows(NORSJO) is not first
    pd.testing.assert_frame_equal(tables.area_rows(NORSJO), first)


def test_the_dataset_frame_is_released_once_the_monthly_tables_exist() -> None:
    """The server lets go of the dataset after the monthly tables (#18): what it still
    shows (months, rows, the month span, a förbund added later) is unchanged."""
    kept = build_model(two_counties(), load_regions())
    released = build_model(two_counties(), load_regions())
    released.release_frame()
    with pytest.raises(RuntimeError):
        _ = released.frame
    assert released.rows == len(kept.frame)
    assert (released.first_month, released.latest_month) == (kept.first_month, kept.latest_month)
    for frequency in (MONTH, ROLLING_12):
        pd.testing.assert_frame_equal(
            released.trend(NORSJO, frequency=frequency), kept.trend(NORSJO, frequency=frequency)
        )
    added = released.with_areas([FORBUND])
    assert added.latest_month == kept.latest_month
    pd.testing.assert_frame_equal(
        added.trend(FORBUND.code, frequency=MONTH),
        kept.with_areas([FORBUND]).trend(FORBUND.code, frequency=MONTH),
    )
