"""What is new, for the board (metrics/news.py), on hand-made months."""

from __future__ import annotations

import pandas as pd

from metrics.news import month_movement, news_sentences, year_movements

NBSP = "\u00a0"


def months(first: str, count: int, **he: list[float]) -> pd.DataFrame:
    """Rows of one area: each measure's HE per month, population 1 000 throughout."""
    periods = pd.date_range(first, periods=count, freq="MS")
    rows = [
        {"period": p, "measure": measure, "he": values[i], "population": 1000.0}
        for measure, values in he.items()
        for i, p in enumerate(periods)
    ]
    return pd.DataFrame(rows)


TWO_YEARS = months(
    "2024-01-01",
    24,
    summa=[100.0] * 12 + [110.0] * 12,
    sjukpenning=[40.0] * 12 + [42.0] * 12,
    ekonomiskt_bistand=[60.0] * 12 + [68.0] * 12,
)


def test_latest_month_against_the_same_month_a_year_earlier():
    latest, total = month_movement(TWO_YEARS)
    assert latest == pd.Timestamp("2025-12-01")
    assert (total.now, total.before) == (11.0, 10.0)


def test_twelve_months_are_pooled_as_sum_of_he_over_sum_of_population():
    # the population doubles in the last month: that month weighs twice
    frame = TWO_YEARS.copy()
    last = frame["period"] == pd.Timestamp("2025-12-01")
    frame.loc[last & (frame["measure"] == "summa"), "he"] = 330.0  # 330 / 2000 = 16.5 %
    frame.loc[last, "population"] = 2000.0
    _, movements = year_movements(frame)
    # (11 × 110 + 330) / (11 × 1000 + 2000) = 1540 / 13000
    assert abs(movements[0].now - 100 * 1540 / 13000) < 1e-12
    assert movements[0].before == 10.0


def test_the_sentences_name_the_total_and_the_system_that_moved_most():
    assert [t.replace(NBSP, " ") for t in news_sentences(TWO_YEARS, "Norsjö")] == [
        "Senaste månaden i data, december 2025, försörjdes 11,0 % av invånarna 20–64 år i "
        "Norsjö av offentliga ersättningar, mot 10,0 % i december 2024 "
        "(upp 1,0 procentenheter).",
        "De senaste tolv månaderna (januari 2025–december 2025) var andelen 11,0 %, "
        "upp 1,0 procentenheter mot de tolv månaderna före; mest förändrades "
        "ekonomiskt bistånd (upp 0,8 procentenheter).",
    ]


def test_a_fall_and_too_few_months():
    falling = months("2024-01-01", 24, summa=[100.0] * 12 + [90.0] * 12)
    assert "(ned 1,0 procentenheter)" in news_sentences(falling, "X")[0]
    # 13 months: the month a year earlier exists, but not 24 months for two years
    short = months("2024-12-01", 13, summa=[100.0] + [100.0] * 12)
    sentences = news_sentences(short, "X")
    assert len(sentences) == 1
    assert sentences[0].endswith("(ungefär oförändrat).")
    assert news_sentences(months("2025-01-01", 6, summa=[1.0] * 6), "X") == []
    assert news_sentences(TWO_YEARS.iloc[0:0], "X") == []
