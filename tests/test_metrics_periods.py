"""Annual, monthly and rolling 12-month tables from the long dataset."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from metrics.periods import annual, annual_from_monthly, monthly, rolling_12, trailing_sums
from tests.factories import MALA, NORSJO, combine, dataset


def _row(table: pd.DataFrame, region: str, period) -> pd.Series:
    rows = table.loc[(table["region_code"] == region) & (table["period"] == period)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_annual_is_the_mean_of_the_months_he_and_population() -> None:
    frame = dataset(
        {NORSJO: {"sjukpenning": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "population": 1000}}
    )
    frame = combine(
        frame.loc[frame["measure"] != "population"],
        dataset({NORSJO: {"population": [1000] * 6 + [1200] * 6}}),
    )
    row = _row(annual(frame), NORSJO, 2018)
    assert row["sjukpenning"] == pytest.approx(6.5)
    assert row["population"] == pytest.approx(1100.0)
    assert row["months"] == 12
    assert not row["partial"]


def test_a_year_with_fewer_than_12_months_is_kept_and_flagged_partial() -> None:
    frame = combine(
        dataset({NORSJO: {"sjukpenning": 12, "population": 1000}}, start="2018-01", months=12),
        dataset({NORSJO: {"sjukpenning": [3, 6, 9], "population": 900}}, start="2019-01", months=3),
    )
    table = annual(frame)
    assert list(table["period"]) == [2018, 2019]
    partial = _row(table, NORSJO, 2019)
    assert partial["months"] == 3
    assert partial["partial"]
    assert partial["sjukpenning"] == pytest.approx(6.0)
    assert partial["population"] == pytest.approx(900.0)


def test_a_missing_month_is_left_out_of_the_mean_not_counted_as_zero() -> None:
    values = [10.0, None, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0]
    frame = dataset({NORSJO: {"sjukpenning": values, "population": 1000}})
    row = _row(annual(frame), NORSJO, 2018)
    assert row["sjukpenning"] == pytest.approx(10.0)
    assert row["months"] == 12


def test_a_measure_missing_from_the_data_is_a_missing_column_value() -> None:
    frame = dataset({NORSJO: {"sjukpenning": 5, "population": 1000}})
    row = _row(annual(frame), NORSJO, 2018)
    assert math.isnan(row["ekonomiskt_bistand"])


def test_monthly_has_one_row_per_month_and_is_never_partial() -> None:
    frame = dataset({NORSJO: {"sjukpenning": [1, 2, 3], "population": 100}}, months=3)
    table = monthly(frame)
    assert list(table["sjukpenning"]) == [1.0, 2.0, 3.0]
    assert list(table["months"]) == [1, 1, 1]
    assert not table["partial"].any()
    assert table["period"].iloc[0] == pd.Timestamp("2018-01-01")


def test_annual_from_monthly_equals_annual() -> None:
    frame = combine(
        dataset({NORSJO: {"sjukpenning": list(range(12)), "population": 50}}),
        dataset({MALA: {"sjukpenning": [4, 8], "population": 10}}, start="2019-01", months=2),
    )
    direct = annual(frame)
    via_months = annual_from_monthly(monthly(frame))
    pd.testing.assert_frame_equal(
        direct.reset_index(drop=True),
        via_months.reset_index(drop=True),
        check_dtype=False,
        check_categorical=False,
    )


def test_trailing_sums_add_the_last_window_columns() -> None:
    values = np.array([[1.0, 2.0, 3.0, 4.0]])
    assert trailing_sums(values, 2).tolist() == [[1.0, 3.0, 5.0, 7.0]]


def test_rolling_12_averages_the_12_months_ending_at_each_month() -> None:
    frame = dataset({NORSJO: {"sjukpenning": list(range(1, 15)), "population": 100}}, months=14)
    table = rolling_12(monthly(frame))
    by_month = table.set_index("period")
    first_full = by_month.loc[pd.Timestamp("2018-12-01")]
    assert first_full["sjukpenning"] == pytest.approx(6.5)  # mean of 1..12
    assert first_full["months"] == 12
    assert not first_full["partial"]
    last = by_month.loc[pd.Timestamp("2019-02-01")]
    assert last["sjukpenning"] == pytest.approx(8.5)  # mean of 3..14
    start = by_month.loc[pd.Timestamp("2018-03-01")]
    assert start["sjukpenning"] == pytest.approx(2.0)  # mean of 1..3, partial
    assert start["months"] == 3
    assert start["partial"]


def test_rolling_12_windows_are_calendar_months_across_a_gap() -> None:
    before = dataset({NORSJO: {"sjukpenning": 10, "population": 100}}, months=12)
    after = dataset({NORSJO: {"sjukpenning": 40, "population": 100}}, start="2019-03", months=1)
    table = rolling_12(monthly(combine(before, after))).set_index("period")
    after_gap = table.loc[pd.Timestamp("2019-03-01")]
    # window April 2018–March 2019: nine months of 10 and one of 40 are in the data
    assert after_gap["months"] == 10
    assert after_gap["partial"]
    assert after_gap["sjukpenning"] == pytest.approx((9 * 10 + 40) / 10)


def test_rolling_12_keeps_series_apart() -> None:
    frame = dataset(
        {
            NORSJO: {"sjukpenning": 10, "population": 100},
            MALA: {"sjukpenning": 20, "population": 50},
        }
    )
    table = rolling_12(monthly(frame))
    last = table.loc[table["period"] == pd.Timestamp("2018-12-01")].set_index("region_code")
    assert last.loc[NORSJO, "sjukpenning"] == pytest.approx(10.0)
    assert last.loc[MALA, "sjukpenning"] == pytest.approx(20.0)
    assert last.loc[MALA, "population"] == pytest.approx(50.0)
