"""Swedish names for codes, defined once for pages, charts, exports and CLIs."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data.contract import AGE_TOTAL, HE_MEASURES, POPULATION
from metrics.periods import MONTH, ROLLING_12, YEAR
from metrics.ranking import HIGH, LOW, MID
from metrics.swedish import format_month, month_text

SUMMA = "summa"
"""The sum of the six benefit systems (SCB's "Summa helårsekvivalenter")."""

SHARE_MEASURES: tuple[str, ...] = (SUMMA, *HE_MEASURES)

REPORT_ORDER: tuple[str, ...] = (
    SUMMA,
    "sjukpenning",
    "sjuk_och_aktivitetsersattning",
    "etableringsersattning",
    "arbetsmarknadsatgarder",
    "arbetsloshetsersattning",
    "ekonomiskt_bistand",
)
"""The order of measures in Statisticon's report (and in our profile and exports)."""

MEASURE_LABELS: dict[str, str] = {
    SUMMA: "Summa helårsekvivalenter",
    "sjukpenning": "Sjukpenning",
    "sjuk_och_aktivitetsersattning": "Sjuk- och aktivitetsersättning",
    "arbetsloshetsersattning": "Arbetslöshetsersättning",
    "arbetsmarknadsatgarder": "Arbetsmarknadsåtgärder",
    "ekonomiskt_bistand": "Ekonomiskt bistånd",
    "etableringsersattning": "Etableringsersättning",
    POPULATION: "Folkmängd 20–64 år",
}

MEASURE_SHORT_LABELS: dict[str, str] = {
    SUMMA: "Totalt",
    "sjukpenning": "Sjukpenning",
    "sjuk_och_aktivitetsersattning": "Sjuk- och aktivitetsers.",
    "arbetsloshetsersattning": "Arbetslöshet",
    "arbetsmarknadsatgarder": "Arbetsmarknadsåtg.",
    "ekonomiskt_bistand": "Ekonomiskt bistånd",
    "etableringsersattning": "Etableringsers.",
}

SEX_LABELS: dict[str, str] = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}


def age_label(age_group: str) -> str:
    """'20-64' → '20–64 år' (with an en dash, as Swedish typography wants)."""
    return f"{age_group.replace('-', '–')} år"


def group_label(sex: str, age_group: str) -> str:
    """A target group by kön or by age: 'Kvinnor 20–64 år', '20–29 år' (both sexes).

    SCB publishes kön for 20–64 år and age bands for both sexes together, never both.
    """
    if sex == "T":
        return "Totalt 20–64 år" if age_group == AGE_TOTAL else age_label(age_group)
    return f"{SEX_LABELS[sex]} {age_label(age_group)}"


QUARTILE_LABELS: dict[str, str] = {
    HIGH: "Högsta 25 %",
    MID: "Mellersta 50 %",
    LOW: "Lägsta 25 %",
}
"""The kommun quartile classes, as in a legend (highest first, as the report reads)."""

QUARTILE_PHRASES: dict[str, str] = {
    HIGH: "bland de 25 % av kommunerna med högst andel",
    MID: "bland de 50 % av kommunerna i mitten",
    LOW: "bland de 25 % av kommunerna med lägst andel",
}
"""The classes inside a sentence: 'Norsjö ligger bland de 25 % av kommunerna …'."""

FREQUENCY_LABELS: dict[str, str] = {
    YEAR: "År",
    MONTH: "Månad",
    ROLLING_12: "Rullande 12 månader",
}


ROLLING_PREFIX = "12 månader t.o.m. "


def period_label(period: int | date, frequency: str = YEAR) -> str:
    """A period in words: '2018', 'september 2025', '12 månader t.o.m. september 2025'."""
    if frequency == YEAR:
        return str(period)
    if not isinstance(period, date):
        raise TypeError(f"a {frequency} period is a date, not {period!r}")
    if frequency == MONTH:
        return format_month(period)
    return f"{ROLLING_PREFIX}{format_month(period)}"


def period_labels(periods: pd.Series, frequency: str = YEAR) -> list[str]:
    """:func:`period_label` of a column of periods (ints, or datetimes for months), taken
    column-wise: a chart labels every point, and a month chart has 144."""
    if frequency == YEAR:
        return [str(p) for p in periods.tolist()]
    months = pd.DatetimeIndex(periods)
    prefix = "" if frequency == MONTH else ROLLING_PREFIX
    return [
        f"{prefix}{month_text(y, m)}"
        for y, m in zip(months.year.tolist(), months.month.tolist(), strict=True)
    ]


def share_axis_label(age_group: str = AGE_TOTAL) -> str:
    """'Andel av befolkningen 20–64 år (%)': what every share axis shows."""
    return f"Andel av befolkningen {age_label(age_group)} (%)"
