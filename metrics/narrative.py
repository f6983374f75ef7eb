"""Plain-Swedish sentences generated from the numbers, for readers who are not analysts.

Every sentence is built from figures passed in, so it is true for whatever area, year
and measure is shown; nothing here reads data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from data.contract import AGE_TOTAL, HE_MEASURES, SEX_TOTAL
from data.text import swedish_list
from metrics.chance import HIGHER, LOWER, compare
from metrics.labels import MEASURE_LABELS, REPORT_ORDER, SUMMA, age_label
from metrics.periods import PERIOD
from metrics.swedish import format_number, format_percent

SAME_LEVEL_POINTS = 0.05
"""Changes over time smaller than this (in percentage points) are called 'about the
same'. Comparisons with another area follow :func:`metrics.chance.compare` instead."""


@dataclass(frozen=True)
class Comparison:
    """An area's share beside another area's share, in the same year."""

    name: str
    share: float | None


COMPARE_WORDS: dict[str, str] = {HIGHER: "högre än", LOWER: "lägre än"}
SIMILAR_WORDS = "ungefär som"


def compare_word(share: float, other: float, population: float | None) -> str:
    """'högre än', 'lägre än' or 'ungefär som': an area's share (population
    `population`) against another area's, by the one rule of
    :func:`metrics.chance.compare` (higher or lower only beyond the 95 % limits)."""
    return COMPARE_WORDS.get(compare(share, population, other), SIMILAR_WORDS)


def change_sentence(share: float | None, previous: float | None, previous_year: int) -> str:
    """'Det är 0,4 procentenheter mer än 2024.' (or less, or unchanged); '' if unknown."""
    if share is None or previous is None:
        return ""
    difference = share - previous
    if abs(difference) < SAME_LEVEL_POINTS:
        return f"Det är ungefär samma nivå som {previous_year}."
    more_or_less = "mer" if difference > 0 else "mindre"
    points = format_number(abs(difference), 1)
    return f"Det är {points} procentenheter {more_or_less} än {previous_year}."


def level_sentence(
    area_name: str,
    year: int,
    share: float | None,
    comparisons: list[Comparison],
    *,
    population: float | None,
) -> str:
    """The total share in words, beside the comparison areas (county, riket), in one sentence.

    'År 2025 försörjdes motsvarande 14,1 % av invånarna 20–64 år i Norsjö av offentliga
    ersättningar, vilket är högre än i Västerbottens län (13,2 %) och ungefär som i
    riket (13,9 %).' `population` is the area's (20–64 år): 'högre' and 'lägre' only
    when the difference is beyond chance for it (:func:`compare_word`).
    """
    if share is None:
        return f"För {area_name} saknas uppgifter för {year}."
    first = (
        f"År {year} försörjdes motsvarande {format_percent(share)} av invånarna 20–64 år i "
        f"{area_name} av offentliga ersättningar"
    )
    parts = [
        f"{compare_word(share, c.share, population)} i {c.name} ({format_percent(c.share)})"
        for c in comparisons
        if c.share is not None
    ]
    if not parts:
        return f"{first}."
    return f"{first}, vilket är {swedish_list(parts)}."


SYSTEMS: tuple[str, ...] = tuple(m for m in REPORT_ORDER if m in HE_MEASURES)
"""The six systems in the report's order (ties in the sentences below go to the first)."""


def _system_name(measure: str) -> str:
    return MEASURE_LABELS[measure].lower()


def shares_by_measure(profile: pd.DataFrame, period: object) -> dict[str, float | None]:
    """Measure → share (None if missing) in one period of a profile table of one sex."""
    rows = profile.loc[profile[PERIOD] == period]
    return {
        str(measure): None if pd.isna(share) else float(share)
        for measure, share in zip(rows["measure"], rows["share"], strict=True)
    }


def largest_system_sentence(shares: Mapping[str, float | None]) -> str:
    """Which system supports the most people, and its part of the total.

    'Störst är sjuk- och aktivitetsersättning, som står för 32 % av den offentliga
    försörjningen (4,0 % av invånarna).' `shares` maps measures (summa and the six
    systems) to shares in %; '' when no system has a share above 0.
    """
    known = {m: shares[m] for m in SYSTEMS if shares.get(m) is not None}
    if not known or max(known.values()) <= 0:
        return ""
    largest = max(known, key=lambda m: known[m])
    share = known[largest]
    total = shares.get(SUMMA)
    if total is None or total <= 0:
        return f"Störst är {_system_name(largest)} ({format_percent(share)} av invånarna)."
    part = format_percent(share / total * 100, 0)
    return (
        f"Störst är {_system_name(largest)}, som står för {part} av den offentliga "
        f"försörjningen ({format_percent(share)} av invånarna)."
    )


@dataclass(frozen=True)
class SystemChange:
    """One system's share in % in two years."""

    measure: str
    before: float
    after: float

    @property
    def points(self) -> float:
        return self.after - self.before


def system_changes(
    before: Mapping[str, float | None], after: Mapping[str, float | None]
) -> list[SystemChange]:
    """The six systems' changes between two years (systems missing in either are left out)."""
    return [
        SystemChange(m, before[m], after[m])
        for m in SYSTEMS
        if before.get(m) is not None and after.get(m) is not None
    ]


def clearest_change(changes: Sequence[SystemChange]) -> SystemChange | None:
    """The change with the most percentage points either way (the first on a tie)."""
    if not changes:
        return None
    return max(changes, key=lambda c: abs(c.points))


def clearest_change_sentence(changes: Sequence[SystemChange], since: int) -> str:
    """'Den tydligaste förändringen sedan 2019 gäller arbetslöshetsersättning, som har
    minskat från 3,1 % till 1,9 % av invånarna.' ('' without any change to compare.)"""
    change = clearest_change(changes)
    if change is None:
        return ""
    if abs(change.points) < SAME_LEVEL_POINTS:
        return f"Sedan {since} har andelen inte ändrats nämnvärt i något ersättningssystem."
    direction = "ökat" if change.points > 0 else "minskat"
    return (
        f"Den tydligaste förändringen sedan {since} gäller {_system_name(change.measure)}, "
        f"som har {direction} från {format_percent(change.before)} till "
        f"{format_percent(change.after)} av invånarna."
    )


CHANGE_YEARS = 5
"""The summary looks this many years back for the clearest change."""


def change_base_year(year: int, years: Sequence[int]) -> int | None:
    """The year the summary compares with: five years back, or the first year there is."""
    earlier = [y for y in years if year - CHANGE_YEARS <= y < year]
    return min(earlier) if earlier else None


def summary_sentences(
    area_name: str,
    year: int,
    profile: pd.DataFrame,
    comparisons: list[Comparison],
    since: int | None,
    *,
    population: float | None,
) -> list[str]:
    """Three sentences for the start page: the level beside county and riket, the
    largest system, and the clearest change since `since`.

    `profile` is a profile table of sex T (:func:`metrics.views.profile_table`) with the
    periods `year` and `since`; `population` is the area's in `year` (see
    :func:`level_sentence`). Sentences without data are left out.
    """
    now = shares_by_measure(profile, year)
    sentences = [
        level_sentence(area_name, year, now.get(SUMMA), comparisons, population=population),
        largest_system_sentence(now),
    ]
    if since is not None:
        changes = system_changes(shares_by_measure(profile, since), now)
        sentences.append(clearest_change_sentence(changes, since))
    return [s for s in sentences if s]


SUBJECTS: dict[str, str] = {
    SUMMA: "de samlade utbetalningarna från de sex ersättningssystemen",
    "sjukpenning": "utbetalningarna av sjukpenning",
    "sjuk_och_aktivitetsersattning": "utbetalningarna av sjuk- och aktivitetsersättning",
    "arbetsloshetsersattning": "utbetalningarna av arbetslöshetsersättning",
    "ekonomiskt_bistand": "det utbetalda ekonomiska biståndet",
    "etableringsersattning": "utbetalningarna av etableringsersättning",
}
"""What a share of each measure counts, as the subject of a reading example. The
sixth system, arbetsmarknadsåtgärder, counts participants, not payments (see
:func:`reading_example`)."""

SEX_GROUPS: dict[str, str] = {"T": "befolkningen", "K": "kvinnorna", "M": "männen"}


def example_value(share: float | None) -> float:
    """A round value near `share` for a reading example: 12,3 → 12; 0,43 → 0,4; none → 1."""
    if share is None or share < 0.05:
        return 1.0
    return float(round(share)) if share >= 1 else round(share, 1)


def _example_text(value: float) -> str:
    return format_percent(value, 0 if value >= 1 else 1)


def reading_example(
    measure: str, share: float | None, age_group: str = AGE_TOTAL, sex: str = SEX_TOTAL
) -> str:
    """'Läsexempel: Ett värde på 2 % betyder att utbetalningarna av sjukpenning motsvarar
    en omfattning som skulle kunna försörja 2 % av befolkningen 20–64 år under ett helt
    år.' — true for the measure, with a value near the area's own `share`."""
    value = _example_text(example_value(share))
    group = f"{SEX_GROUPS[sex]} {age_label(age_group)}"
    if measure == "arbetsmarknadsatgarder":
        return (
            f"Läsexempel: Ett värde på {value} betyder att deltagarna i "
            f"arbetsmarknadspolitiska program, räknade som heltid under ett helt år, "
            f"motsvarar {value} av {group}."
        )
    return (
        f"Läsexempel: Ett värde på {value} betyder att {SUBJECTS[measure]} motsvarar en "
        f"omfattning som skulle kunna försörja {value} av {group} under ett helt år."
    )


def chart_description(measure: str, area_name: str, age_group: str = AGE_TOTAL) -> str:
    """What the trend chart of a measure shows, in one sentence."""
    what = (
        "det totala antalet helårsekvivalenter"
        if measure == SUMMA
        else f"antalet helårsekvivalenter för {_system_name(measure)}"
    )
    return (
        f"Diagrammet visar {what} i förhållande till folkmängden {age_label(age_group)} "
        f"i {area_name}."
    )


def members_sentence(populations: Mapping[str, float | None], year: int) -> str:
    """What an area about to be saved consists of: its kommuner (name → population 20–64
    in `year`, None when unknown) and their population together, so a wrong pick shows
    before it is saved."""
    parts = [
        f"{name} ({format_number(population)})" if population is not None else name
        for name, population in populations.items()
    ]
    known = [p for p in populations.values() if p is not None]
    count = len(populations)
    what = "1 kommun" if count == 1 else f"{count} kommuner"
    total = (
        f" Tillsammans {format_number(sum(known))} invånare 20–64 år {year}."
        if len(known) == count
        else f" Folkmängden {year} saknas för någon av dem."
    )
    return f"Området får {what}: {', '.join(parts)}.{total}"
