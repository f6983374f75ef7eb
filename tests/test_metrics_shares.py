"""Shares, summa, pooling to areas and the unweighted kommun mean."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from metrics.flags import UNREPORTED
from metrics.periods import annual
from metrics.shares import (
    compute_share,
    disjoint_layers,
    kommun_mean_share,
    pooled_shares,
    share_table,
)
from tests.factories import LULEA, MALA, NORSJO, combine, dataset


def _share(table: pd.DataFrame, region: str, measure: str, period: int = 2018) -> pd.Series:
    rows = table.loc[
        (table["region_code"].astype(str) == region)
        & (table["measure"] == measure)
        & (table["period"] == period)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def test_compute_share_is_he_over_population_in_percent() -> None:
    shares = compute_share(pd.Series([5.0, 1.0, 1.0, None]), pd.Series([200.0, 0.0, None, 10.0]))
    assert shares.iloc[0] == pytest.approx(2.5)
    assert shares.iloc[1:].isna().all()


def test_share_table_has_summa_of_the_systems_in_report_order() -> None:
    frame = dataset({NORSJO: {"sjukpenning": 30, "ekonomiskt_bistand": 20, "population": 1000}})
    table = share_table(annual(frame))
    assert [str(m) for m in table["measure"]] == [
        "summa",
        "sjukpenning",
        "sjuk_och_aktivitetsersattning",
        "etableringsersattning",
        "arbetsmarknadsatgarder",
        "arbetsloshetsersattning",
        "ekonomiskt_bistand",
    ]
    summa = _share(table, NORSJO, "summa")
    assert summa["he"] == pytest.approx(50.0)
    assert summa["share"] == pytest.approx(5.0)
    assert _share(table, NORSJO, "sjukpenning")["share"] == pytest.approx(3.0)
    assert math.isnan(_share(table, NORSJO, "etableringsersattning")["share"])


def test_summa_is_missing_only_when_every_system_is() -> None:
    frame = dataset({NORSJO: {"sjukpenning": None, "population": 1000}})
    assert math.isnan(_share(share_table(annual(frame)), NORSJO, "summa")["he"])


def test_share_table_flags_few_he_and_keeps_partial() -> None:
    frame = dataset(
        {NORSJO: {"sjukpenning": 9.5, "ekonomiskt_bistand": 10, "population": 100}}, months=6
    )
    table = share_table(annual(frame))
    assert _share(table, NORSJO, "sjukpenning")["few_he"]
    assert not _share(table, NORSJO, "ekonomiskt_bistand")["few_he"]
    assert table["partial"].all()
    assert (table["months"] == 6).all()


def test_unreported_months_are_carried_only_on_ekonomiskt_bistand_and_summa() -> None:
    wide = annual(dataset({NORSJO: {"sjukpenning": 5, "ekonomiskt_bistand": 5, "population": 100}}))
    table = share_table(wide.assign(**{UNREPORTED: 2}))
    assert _share(table, NORSJO, "ekonomiskt_bistand")[UNREPORTED] == 2
    assert _share(table, NORSJO, "summa")[UNREPORTED] == 2
    assert _share(table, NORSJO, "sjukpenning")[UNREPORTED] == 0


def test_pooling_divides_summed_he_by_summed_population_not_a_mean_of_shares() -> None:
    # Norsjö 10 / 100 = 10 %, Malå 10 / 1000 = 1 %: pooled 20 / 1100 = 1.818 %, mean 5.5 %
    wide = annual(
        dataset(
            {
                NORSJO: {"sjukpenning": 10, "population": 100},
                MALA: {"sjukpenning": 10, "population": 1000},
            }
        )
    )
    pooled = pooled_shares(wide, {"24": [NORSJO, MALA]})
    row = _share(pooled, "24", "sjukpenning")
    assert row["he"] == pytest.approx(20.0)
    assert row["population"] == pytest.approx(1100.0)
    assert row["share"] == pytest.approx(20 / 1100 * 100)
    mean = kommun_mean_share(share_table(wide), {"24": [NORSJO, MALA]})
    mean_row = mean.loc[mean["measure"] == "sjukpenning"].iloc[0]
    assert mean_row["share"] == pytest.approx(5.5)
    assert mean_row["kommuner"] == 2


def test_a_member_missing_a_measure_is_left_out_of_both_sums() -> None:
    wide = annual(
        dataset(
            {
                NORSJO: {"sjukpenning": 10, "ekonomiskt_bistand": 3, "population": 100},
                MALA: {"sjukpenning": None, "ekonomiskt_bistand": 7, "population": 900},
            }
        )
    )
    pooled = pooled_shares(wide, {"24": [NORSJO, MALA]})
    sjukpenning = _share(pooled, "24", "sjukpenning")
    assert sjukpenning["population"] == pytest.approx(100.0)
    assert sjukpenning["share"] == pytest.approx(10.0)
    ekonomiskt = _share(pooled, "24", "ekonomiskt_bistand")
    assert ekonomiskt["share"] == pytest.approx(10 / 1000 * 100)
    summa = _share(pooled, "24", "summa")
    assert summa["he"] == pytest.approx(20.0)
    assert summa["population"] == pytest.approx(1000.0)


def test_pooled_rows_are_partial_if_any_member_is_and_count_the_fewest_months() -> None:
    wide = annual(
        combine(
            dataset({NORSJO: {"sjukpenning": 1, "population": 10}}, months=12),
            dataset({MALA: {"sjukpenning": 1, "population": 10}}, months=9),
        )
    )
    row = _share(pooled_shares(wide, {"24": [NORSJO, MALA]}), "24", "sjukpenning")
    assert row["partial"]
    assert row["months"] == 9


def test_overlapping_areas_are_pooled_each_from_all_their_members() -> None:
    wide = annual(
        dataset(
            {
                NORSJO: {"sjukpenning": 1, "population": 10},
                MALA: {"sjukpenning": 2, "population": 10},
                LULEA: {"sjukpenning": 4, "population": 10},
            }
        )
    )
    members = {"00": [NORSJO, MALA, LULEA], "24": [NORSJO, MALA], "F1": [MALA, LULEA]}
    pooled = pooled_shares(wide, members)
    assert _share(pooled, "00", "sjukpenning")["he"] == pytest.approx(7.0)
    assert _share(pooled, "24", "sjukpenning")["he"] == pytest.approx(3.0)
    assert _share(pooled, "F1", "sjukpenning")["he"] == pytest.approx(6.0)


def test_disjoint_layers_put_overlapping_areas_in_different_layers() -> None:
    layers = disjoint_layers({"00": ["a", "b", "c"], "24": ["a"], "25": ["b", "c"], "F": ["c"]})
    assert layers == [
        {"a": "00", "b": "00", "c": "00"},
        {"a": "24", "b": "25", "c": "25"},
        {"c": "F"},
    ]


def test_pooling_sums_the_unreported_months_of_the_members() -> None:
    wide = annual(
        dataset(
            {
                NORSJO: {"ekonomiskt_bistand": 1, "population": 10},
                MALA: {"ekonomiskt_bistand": 1, "population": 10},
            }
        )
    )
    wide[UNREPORTED] = [1, 2]
    row = _share(pooled_shares(wide, {"24": [NORSJO, MALA]}), "24", "ekonomiskt_bistand")
    assert row[UNREPORTED] == 3


def test_kommun_mean_share_skips_kommuner_without_a_share() -> None:
    wide = annual(
        dataset(
            {
                NORSJO: {"sjukpenning": 10, "population": 100},
                MALA: {"sjukpenning": None, "population": 100},
                LULEA: {"sjukpenning": 30, "population": 100},
            }
        )
    )
    mean = kommun_mean_share(share_table(wide), {"X": [NORSJO, MALA, LULEA]})
    row = mean.loc[mean["measure"] == "sjukpenning"].iloc[0]
    assert row["share"] == pytest.approx(20.0)
    assert row["kommuner"] == 2
