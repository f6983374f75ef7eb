"""Quartile thresholds, classes and the kommun band."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from metrics.ranking import HIGH, LOW, MID, kommun_context, quartile_class, with_quartiles


def _kommun_shares(
    shares: list[float | None], sex: str = "T", measure: str = "summa"
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_code": [f"{2400 + i}" for i in range(len(shares))],
            "period": 2018,
            "sex": sex,
            "age_group": "20-64",
            "measure": measure,
            "share": [math.nan if s is None else float(s) for s in shares],
        }
    )


def _classes(shares: pd.DataFrame) -> list[str | None]:
    classed = with_quartiles(shares, kommun_context(shares))
    return [None if pd.isna(q) else str(q) for q in classed["quartile"]]


def test_thresholds_are_linearly_interpolated_percentiles() -> None:
    context = kommun_context(_kommun_shares([1, 2, 3, 4, 5, 6, 7, 8]))
    row = context.iloc[0]
    assert row["q25"] == pytest.approx(2.75)
    assert row["q75"] == pytest.approx(6.25)
    assert row["band_min"] == 1.0
    assert row["band_max"] == 8.0
    assert row["kommuner"] == 8


def test_classes_split_lowest_25_middle_50_highest_25() -> None:
    shares = _kommun_shares([8, 1, 7, 2, 6, 3, 5, 4])
    assert _classes(shares) == [HIGH, LOW, HIGH, LOW, MID, MID, MID, MID]


def test_a_share_on_a_threshold_belongs_to_the_outer_class() -> None:
    # five kommuner: q25 = 2 and q75 = 4 exactly
    assert _classes(_kommun_shares([1, 2, 3, 4, 5])) == [LOW, LOW, MID, HIGH, HIGH]


def test_ties_when_q25_equals_q75_go_to_low() -> None:
    assert _classes(_kommun_shares([0, 0, 0, 0, 1])) == [LOW, LOW, LOW, LOW, HIGH]


def test_a_missing_share_has_no_class_and_does_not_move_the_thresholds() -> None:
    shares = _kommun_shares([1, 2, 3, 4, 5, None])
    context = kommun_context(shares)
    assert context.iloc[0]["q25"] == pytest.approx(2.0)
    assert context.iloc[0]["kommuner"] == 5
    assert _classes(shares) == [LOW, LOW, MID, HIGH, HIGH, None]


def test_kvinnor_are_ranked_among_kvinnor_and_man_among_man() -> None:
    kvinnor = _kommun_shares([1, 2, 3, 4, 5], sex="K")
    man = _kommun_shares([5, 6, 7, 8, 9], sex="M")
    shares = pd.concat([kvinnor, man], ignore_index=True)
    classes = _classes(shares)
    assert classes[4] == HIGH  # kvinnor 5 is the highest among kvinnor
    assert classes[5] == LOW  # män 5 is the lowest among män


def test_measures_are_ranked_separately() -> None:
    shares = pd.concat(
        [_kommun_shares([1, 2, 3, 4, 5]), _kommun_shares([50, 40, 30, 20, 10], measure="x")],
        ignore_index=True,
    )
    assert _classes(shares) == [LOW, LOW, MID, HIGH, HIGH, HIGH, HIGH, MID, LOW, LOW]


def test_another_area_is_placed_against_the_kommun_thresholds() -> None:
    kommuner = _kommun_shares([1, 2, 3, 4, 5])
    county = _kommun_shares([4.5]).assign(region_code="24")
    classed = with_quartiles(county, kommun_context(kommuner))
    assert str(classed["quartile"].iloc[0]) == HIGH
    assert classed["q75"].iloc[0] == pytest.approx(4.0)


def test_quartile_class_without_thresholds_is_missing() -> None:
    classes = quartile_class(
        pd.Series([1.0, 2.0]), pd.Series([math.nan, 1.0]), pd.Series([math.nan, 3.0])
    )
    assert classes.isna().tolist() == [True, False]
    assert str(classes.iloc[1]) == MID
