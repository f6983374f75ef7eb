"""Unreported months of ekonomiskt bistånd and shares built on few HE."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.flags import (
    carried_forward,
    few_he,
    unreported_counts,
    unreported_months,
    with_unreported,
    without_unreported,
)
from metrics.periods import MONTH, ROLLING_12, YEAR, annual
from tests.factories import MALA, NORSJO, combine, dataset


def _flagged(values: list[float | None], months: int | None = None) -> list[str]:
    frame = dataset(
        {NORSJO: {"ekonomiskt_bistand": values, "population": 100}}, months=months or len(values)
    )
    return [f"{m:%Y-%m}" for m in unreported_months(frame)["month"]]


def test_a_zero_between_non_zero_months_is_unreported() -> None:
    assert _flagged([5, 0, 5]) == ["2018-02"]


def test_consecutive_zeros_between_non_zero_months_are_all_unreported() -> None:
    assert _flagged([5, 0, 0, 5]) == ["2018-02", "2018-03"]


def test_zeros_at_the_start_or_end_of_a_series_are_kept() -> None:
    assert _flagged([0, 5, 5, 0]) == []


def test_a_missing_month_between_does_not_hide_the_zero() -> None:
    assert _flagged([5, None, 0, 5]) == ["2018-03"]


def test_only_the_kommun_total_series_decides() -> None:
    total = dataset({NORSJO: {"ekonomiskt_bistand": [5, 5, 5]}}, months=3)
    kvinnor = dataset({NORSJO: {"ekonomiskt_bistand": [5, 0, 5]}}, months=3, sex="K")
    assert unreported_months(combine(total, kvinnor)).empty


def test_without_unreported_blanks_every_slice_of_that_kommun_month_only() -> None:
    values = {"ekonomiskt_bistand": [5, 0, 5], "sjukpenning": [1, 1, 1]}
    frame = combine(
        dataset({NORSJO: values, MALA: {"ekonomiskt_bistand": [0, 0, 0]}}, months=3),
        dataset({NORSJO: {"ekonomiskt_bistand": [3, 0, 3]}}, months=3, sex="K"),
        dataset({NORSJO: {"ekonomiskt_bistand": [2, 1, 2]}}, months=3, age_group="20-29"),
    )
    cleaned = without_unreported(frame, unreported_months(frame))
    blank = cleaned.loc[cleaned["value"].isna()]
    assert sorted(zip(blank["sex"], blank["age_group"], strict=True)) == [
        ("K", "20-64"),
        ("T", "20-29"),
        ("T", "20-64"),
    ]
    assert set(blank["region_code"]) == {NORSJO}
    assert set(blank["measure"]) == {"ekonomiskt_bistand"}
    assert (blank["month"] == pd.Timestamp("2018-02-01")).all()
    assert cleaned["value"].notna().sum() == len(frame) - 3


def test_unreported_counts_per_year_month_and_rolling_window() -> None:
    unreported = pd.DataFrame(
        {
            "region_code": [NORSJO, NORSJO, NORSJO],
            "month": pd.to_datetime(["2018-02-01", "2018-03-01", "2019-01-01"]),
        }
    )
    years = unreported_counts(unreported, YEAR)
    assert years.to_dict("list") == {
        "region_code": [NORSJO, NORSJO],
        "period": [2018, 2019],
        "unreported": [2, 1],
    }
    months = unreported_counts(unreported, MONTH)
    assert months["unreported"].tolist() == [1, 1, 1]
    rolling = unreported_counts(unreported, ROLLING_12).set_index("period")["unreported"]
    assert rolling[pd.Timestamp("2018-02-01")] == 1
    assert rolling[pd.Timestamp("2018-03-01")] == 2
    assert rolling[pd.Timestamp("2019-01-01")] == 3
    assert rolling[pd.Timestamp("2019-02-01")] == 2  # window March 2018–February 2019
    assert rolling[pd.Timestamp("2019-12-01")] == 1
    assert pd.Timestamp("2020-01-01") not in rolling.index


def test_unreported_counts_rejects_an_unknown_frequency() -> None:
    with pytest.raises(ValueError, match="unknown frequency"):
        unreported_counts(pd.DataFrame({"region_code": [], "month": []}), "week")


def test_the_annual_mean_leaves_the_unreported_month_out() -> None:
    values = [6, 6, 0, 6, 6, 6, 6, 6, 6, 6, 6, 6]
    frame = dataset({NORSJO: {"ekonomiskt_bistand": values, "population": 100}})
    unreported = unreported_months(frame)
    wide = with_unreported(
        annual(without_unreported(frame, unreported)), unreported_counts(unreported, YEAR)
    )
    row = wide.iloc[0]
    assert row["ekonomiskt_bistand"] == pytest.approx(6.0)
    assert row["unreported"] == 1


def test_with_unreported_is_zero_where_nothing_is_flagged() -> None:
    wide = annual(dataset({NORSJO: {"population": 1}, MALA: {"population": 1}}))
    counts = pd.DataFrame({"region_code": [MALA], "period": [2018], "unreported": [4]})
    flagged = with_unreported(wide, counts).set_index("region_code")["unreported"]
    assert flagged[NORSJO] == 0
    assert flagged[MALA] == 4


def test_few_he_is_below_ten() -> None:
    assert few_he(pd.Series([9.99, 10.0, None])).tolist() == [True, False, False]


def test_carried_forward_fills_every_slice_with_its_own_last_value() -> None:
    frame = combine(
        dataset({NORSJO: {"ekonomiskt_bistand": [5, 0, 0, 7], "sjukpenning": 1}}, months=4),
        dataset({NORSJO: {"ekonomiskt_bistand": [3, 0, 0, None]}}, months=4, sex="K"),
        dataset({NORSJO: {"ekonomiskt_bistand": [4, 2, 0, 2]}}, months=4, age_group="20-29"),
        dataset({MALA: {"ekonomiskt_bistand": [0, 1, 0, 1]}}, months=4),
    )
    filled = carried_forward(frame, unreported_months(frame))

    def series(region: str, sex: str = "T", age: str = "20-64") -> list[float | None]:
        rows = filled[
            (filled["region_code"] == region)
            & (filled["sex"] == sex)
            & (filled["age_group"] == age)
            & (filled["measure"] == "ekonomiskt_bistand")
        ].sort_values("month")
        return [None if pd.isna(v) else v for v in rows["value"]]

    assert series(NORSJO) == [5, 5, 5, 7]
    assert series(NORSJO, sex="K") == [3, 3, 3, None]  # a missing cell stays missing
    # the kommun-month is unreported as a whole (its total decides): February's 2 too
    assert series(NORSJO, age="20-29") == [4, 4, 4, 2]
    assert series(MALA) == [0, 1, 1, 1]  # Malå's own unreported March
    assert filled.loc[filled["measure"] == "sjukpenning", "value"].tolist() == [1, 1, 1, 1]
    assert frame.loc[frame["measure"] == "ekonomiskt_bistand", "value"].eq(0).sum() == 7
