"""What is new in the data, for the board: one or two plain Swedish sentences.

From one area's monthly rows (20–64, both sexes): the latest month against the same
month a year earlier, and the latest 12 months against the 12 before, for the total and
for the system that moved most. Twelve months are pooled like everything else: the sum
of HE over the sum of the population (the mean share weighted by population), so a
month with more people weighs more, as in SCB's annual figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.contract import HE_MEASURES
from metrics.labels import MEASURE_LABELS, SUMMA
from metrics.narrative import SAME_LEVEL_POINTS
from metrics.swedish import format_month, format_number, format_percent

MONTHS_IN_YEAR = 12


@dataclass(frozen=True)
class Movement:
    """A share (%) now and before, in a measure."""

    measure: str
    now: float
    before: float

    @property
    def points(self) -> float:
        return self.now - self.before


def _pooled(rows: pd.DataFrame, months: pd.DatetimeIndex) -> pd.Series:
    """Share (%) per measure over `months`: Σ HE ÷ Σ population; NaN unless every month
    is there."""
    chosen = rows[rows["period"].isin(months)]
    grouped = chosen.groupby("measure", observed=True)
    sums = grouped[["he", "population"]].sum()
    share = 100.0 * sums["he"] / sums["population"]
    return share.where(grouped["period"].nunique() == len(months))


def month_movement(rows: pd.DataFrame) -> tuple[pd.Timestamp, Movement] | None:
    """The total in the latest month against the same month a year earlier."""
    if rows.empty:
        return None
    latest = pd.Timestamp(rows["period"].max())
    earlier = latest - pd.DateOffset(months=MONTHS_IN_YEAR)
    now = _pooled(rows, pd.DatetimeIndex([latest])).get(SUMMA)
    before = _pooled(rows, pd.DatetimeIndex([earlier])).get(SUMMA)
    if now is None or before is None or pd.isna(now) or pd.isna(before):
        return None
    return latest, Movement(SUMMA, float(now), float(before))


def year_movements(rows: pd.DataFrame) -> tuple[pd.Timestamp, list[Movement]] | None:
    """Every measure over the latest 12 months against the 12 before (summa first)."""
    if rows.empty:
        return None
    latest = pd.Timestamp(rows["period"].max())
    recent = pd.date_range(end=latest, periods=MONTHS_IN_YEAR, freq="MS")
    before = recent - pd.DateOffset(months=MONTHS_IN_YEAR)
    now_shares, before_shares = _pooled(rows, recent), _pooled(rows, before)
    movements = [
        Movement(m, float(now_shares[m]), float(before_shares[m]))
        for m in (SUMMA, *HE_MEASURES)
        if m in now_shares.index
        and m in before_shares.index
        and pd.notna(now_shares[m])
        and pd.notna(before_shares[m])
    ]
    if not movements or movements[0].measure != SUMMA:
        return None
    return latest, movements


def _change(points: float) -> str:
    if abs(points) < SAME_LEVEL_POINTS:
        return "ungefär oförändrat"
    direction = "upp" if points > 0 else "ned"
    return f"{direction} {format_number(abs(points), 1)} procentenheter"


def news_sentences(rows: pd.DataFrame, area_name: str) -> list[str]:
    """One or two sentences on the newest data of one area ([] if there are too few
    months). `rows`: the area's monthly share rows for 20–64 and both sexes, with
    columns period, measure, he, population."""
    sentences = []
    month = month_movement(rows)
    if month is not None:
        latest, total = month
        earlier = latest - pd.DateOffset(months=MONTHS_IN_YEAR)
        sentences.append(
            f"Senaste månaden i data, {format_month(latest.date())}, försörjdes "
            f"{format_percent(total.now)} av invånarna 20–64 år i {area_name} av offentliga "
            f"ersättningar, mot {format_percent(total.before)} i {format_month(earlier.date())} "
            f"({_change(total.points)})."
        )
    year = year_movements(rows)
    if year is not None:
        latest, movements = year
        total, systems = movements[0], movements[1:]
        first = latest - pd.DateOffset(months=MONTHS_IN_YEAR - 1)
        sentence = (
            f"De senaste tolv månaderna ({format_month(first.date())}–"
            f"{format_month(latest.date())}) var andelen {format_percent(total.now)}, "
            f"{_change(total.points)} mot de tolv månaderna före"
        )
        if systems:
            most = max(systems, key=lambda m: abs(m.points))
            if abs(most.points) >= SAME_LEVEL_POINTS:
                sentence += (
                    f"; mest förändrades {MEASURE_LABELS[most.measure].lower()} "
                    f"({_change(most.points)})"
                )
        sentences.append(sentence + ".")
    return sentences
