"""Control limits, Spiegelhalter's over-dispersion and the funnel, against hand computation.

The hand-made funnel: eleven kommuner of 900 inhabitants each around riket's 10 %, so
s² = 0,1·0,9/900 = 0,0001 (s = 1 procentenhet) and each kommun's z-score is its
difference from 10 % in procentenheter:

    z = −5, −2, −1, −1, 0, 0, 0, 1, 1, 2, 5   (shares 5 %, 8 %, …, 15 %)

Winsorised 10 % each tail (10th percentile at position 0,1·10 = 1 → −2; 90th at
position 9 → 2): −2, −2, −1, −1, 0, 0, 0, 1, 1, 2, 2; Σz² = 20, φ = 20/11, Nφ = 20 >
N − 1 = 10: over-dispersed. w = 1/s² = 10 000 each: Σw = 110 000, Σw²/Σw = 10 000,
so τ² = (20 − 10) / (110 000 − 10 000) = 0,0001. The limits at n = 900 are then
10 ± z·√(0,0001 + 0,0001) = 10 ± z·1,41421 procentenheter: 95 % ± 2,77186, 99,8 %
± 4,36992. 5 % and 15 % lie outside the 99,8 % limits; 8 % and 12 % inside.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from exports.tables import FUNNEL_DOWNLOAD_COLUMNS, funnel_download
from metrics.chance import (
    BINOMIAL,
    HIGHER,
    LOWER,
    OVERDISPERSED,
    SIMILAR,
    Z_95,
    Z_998,
    compare,
    compare_groups,
    control_limits,
    dispersion,
    signal,
    winsorise,
    z_scores,
)
from metrics.funnel import funnel_of, kommun_funnel, pooled_share

Z = [-5, -2, -1, -1, 0, 0, 0, 1, 1, 2, 5]
CODES = [f"k{i:02d}" for i in range(len(Z))]


def kommuner(z: list[float] = Z, population: float = 900) -> pd.DataFrame:
    shares = [10.0 + v for v in z]
    return pd.DataFrame(
        {
            "region_code": CODES[: len(z)],
            "he": [s * population / 100 for s in shares],
            "population": [population] * len(z),
            "share": shares,
        }
    )


def test_binomial_limits_by_hand():
    lower, upper = control_limits(10.0, 900, Z_95)
    assert (float(lower), float(upper)) == pytest.approx((8.04, 11.96))
    lower, upper = control_limits(10.0, 900, Z_998)
    assert (float(lower), float(upper)) == pytest.approx((6.91, 13.09))
    lower, upper = control_limits(10.0, 900, Z_95, tau2=0.0003)
    assert (float(lower), float(upper)) == pytest.approx((6.08, 13.92))
    lower, upper = control_limits(np.array([10.0, 10.0]), np.array([900, 0]), Z_95)
    assert lower[0] == pytest.approx(8.04)
    assert math.isnan(upper[1])


def test_z_scores_and_winsorising_by_hand():
    frame = kommuner()
    assert z_scores(frame["share"], frame["population"], 10.0).tolist() == pytest.approx(Z)
    assert winsorise(np.array(Z, dtype=float)).tolist() == [-2, -2, -1, -1, 0, 0, 0, 1, 1, 2, 2]


def test_tau2_by_hand():
    frame = kommuner()
    found = dispersion(frame["share"], frame["population"], 10.0)
    assert found.count == 11
    assert found.phi == pytest.approx(20 / 11)
    assert found.tau2 == pytest.approx(0.0001)
    assert found.overdispersed
    assert found.method == OVERDISPERSED


def test_no_overdispersion_when_the_spread_is_what_chance_gives():
    """z = −1, 0, 1: winsorised at positions 0,2 and 1,8 → −0,8, 0, 0,8; φ = 1,28/3,
    Nφ = 1,28 < N − 1 = 2: binomial limits, τ² = 0."""
    frame = kommuner([-1, 0, 1])
    found = dispersion(frame["share"], frame["population"], 10.0)
    assert found.phi == pytest.approx(1.28 / 3)
    assert not found.overdispersed
    assert found.tau2 == 0.0
    assert found.method == BINOMIAL


def test_signals_against_limits():
    shares = np.array([12.0, 11.96, 8.0, float("nan")])
    assert signal(shares, 900, 10.0).tolist() == ["high", "", "low", ""]
    assert signal(np.array([13.0, 13.1]), 900, 10.0, Z_998).tolist() == ["", "high"]


def test_one_rule_for_sentences_inside_and_outside_the_limits():
    assert compare(12.0, 900, 10.0) == HIGHER
    assert compare(11.9, 900, 10.0) == SIMILAR
    assert compare(8.0, 900, 10.0) == LOWER
    assert compare(12.0, None, 10.0) == SIMILAR
    assert compare(10.01, 2400, 10.0) == SIMILAR


def test_funnel_table_by_hand():
    frame = kommuner()
    funnel = funnel_of(frame, {"k00": "Åsele"})
    assert funnel.reference_share == pytest.approx(10.0)
    assert funnel.tau2 == pytest.approx(0.0001)
    table = funnel.table
    assert table["name"].tolist()[:2] == ["Åsele", "k01"]
    assert table["lower_95"].tolist() == pytest.approx([10 - 2.771859] * 11, abs=1e-6)
    assert table["upper_998"].tolist() == pytest.approx([10 + 4.369920] * 11, abs=1e-6)
    assert table["signal"].tolist() == ["low", *[""] * 9, "high"]
    assert set(table["method"]) == {"overdispersed"}


def test_funnel_download_has_exactly_the_method_columns_unrounded():
    frame = kommuner()
    frame.loc[3, "share"] = 9.123456789
    frame.loc[3, "he"] = 9.123456789 * 9
    table = funnel_download(funnel_of(frame))
    assert (
        tuple(table.columns)
        == FUNNEL_DOWNLOAD_COLUMNS
        == (
            "region_code",
            "population",
            "share",
            "lower_95",
            "upper_95",
            "lower_998",
            "upper_998",
            "signal",
            "method",
        )
    )
    assert len(table) == 11
    assert table.loc[3, "share"] == 9.123456789
    assert table.loc[0, "signal"] == "low"
    assert table.loc[0, "method"] == "overdispersed"


def test_pooled_share_leaves_out_rows_without_both_numbers():
    he = pd.Series([10.0, float("nan"), 30.0])
    population = pd.Series([100.0, 100.0, 100.0])
    assert pooled_share(he, population) == pytest.approx(20.0)


def test_kommun_funnel_picks_one_measure_period_sex_and_age():
    frame = kommuner()
    rows = []
    for period, measure in ((2024, "summa"), (2024, "sjukpenning"), (2023, "summa")):
        rows.append(frame.assign(period=period, measure=measure, sex="T", age_group="20-64"))
    shares = pd.concat(rows, ignore_index=True)
    shares.loc[shares["measure"] == "sjukpenning", "share"] = 1.0
    names = {code: code.upper() for code in CODES}
    funnel = kommun_funnel(shares, names, 2024, "summa", "T", "20-64")
    assert len(funnel.table) == 11
    assert funnel.table["share"].tolist() == pytest.approx([10.0 + v for v in Z])
    assert funnel.table["name"].iloc[0] == "K00"


def test_two_groups_by_the_same_rule():
    """Kvinnor 15 % and män 10 %, 1 000 each: p̄ = 12,5 %, n = 500, limits 12,5 ±
    1,96·√(0,125·0,875/500) = 12,5 ± 2,899, and 12,5 + 5 = 17,5 lies above. At 11 % and
    10 %: p̄ = 10,5, limits 10,5 ± 2,687, and 10,5 + 1 = 11,5 lies within."""
    assert compare_groups(15.0, 1000, 10.0, 1000) == HIGHER
    assert compare_groups(10.0, 1000, 15.0, 1000) == LOWER
    assert compare_groups(11.0, 1000, 10.0, 1000) == SIMILAR
    assert compare_groups(11.0, 1000, 10.0, None) == SIMILAR
