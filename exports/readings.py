"""One-line readings of a chart, generated from its numbers, for slides and pages.

Each function takes the table the chart is drawn from and says in plain Swedish what
it shows for this area: the latest level beside the comparison lines, the change over
the span, the class among the kommuner, the largest system, the rank in the county.
Every sentence is built from the figures passed in, so it is true for whatever area,
measure and years are shown; a missing value is said to be missing.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from data.contract import SEX_TOTAL
from data.regions import LEVEL_KOMMUN, Area
from data.text import swedish_list
from metrics.chance import HIGH, HIGHER, LOW, SIMILAR, compare, compare_groups
from metrics.labels import (
    MEASURE_LABELS,
    QUARTILE_LABELS,
    QUARTILE_PHRASES,
    REPORT_ORDER,
    SEX_LABELS,
    SUMMA,
)
from metrics.narrative import change_sentence
from metrics.periods import PERIOD
from metrics.ranking import HIGH as HIGH_CLASS
from metrics.ranking import LOW as LOW_CLASS
from metrics.ranking import MID as MID_CLASS
from metrics.swedish import format_number, format_percent, format_signed
from metrics.targets import SYSTEMS, Group

Row = pd.Series


def _known(value: object) -> bool:
    return value is not None and not bool(pd.isna(value))


def _when(row: Row) -> str:
    year = int(row[PERIOD])
    return f"{year} (ofullständigt år)" if bool(row.get("partial", False)) else str(year)


def class_phrase(area: Area, quartile: object) -> str:
    """Where a share stands among the kommuner, in words ('' without a class).

    A kommun is 'bland de 25 % av kommunerna med högst andel'; any other area is placed
    against the same kommun thresholds, which is said as such.
    """
    if not _known(quartile):
        return ""
    if area.level == LEVEL_KOMMUN:
        return QUARTILE_PHRASES[str(quartile)]
    return f"jämfört med landets kommuner: {QUARTILE_LABELS[str(quartile)].lower()}"


def _last_known(rows: pd.DataFrame) -> tuple[Row, Row] | None:
    """The first and the last row with a share, or None if no row has one."""
    known = rows.loc[rows["share"].notna()].sort_values(PERIOD)
    if known.empty:
        return None
    return known.iloc[0], known.iloc[-1]


def trend_reading(
    rows: pd.DataFrame,
    area: Area,
    *,
    county_name: str | None = None,
    compare_riket: bool = True,
) -> str:
    """'2018: 17,7 % i Norsjö mot 13,0 % i riket och 15,4 % i snitt för kommunerna i
    Västerbottens län – bland de 25 % av kommunerna med högst andel. Det är 1,1
    procentenheter mindre än 2014.'"""
    ends = _last_known(rows)
    if ends is None:
        return f"Uppgift saknas för {area.name_in_text} under perioden."
    first, last = ends
    text = f"{_when(last)}: {format_percent(last['share'])} i {area.name_in_text}"
    others = []
    if compare_riket and _known(last["riket"]):
        others.append(f"{format_percent(last['riket'])} i riket")
    if county_name and _known(last["county_mean"]):
        others.append(
            f"{format_percent(last['county_mean'])} i snitt för kommunerna i {county_name}"
        )
    if others:
        text += " mot " + " och ".join(others)
    klass = class_phrase(area, last["quartile"])
    text += f" – {klass}." if klass else "."
    if int(first[PERIOD]) != int(last[PERIOD]):
        text += " " + change_sentence(
            float(last["share"]), float(first["share"]), int(first[PERIOD])
        )
    return text


def gender_reading(rows: pd.DataFrame, area: Area, *, compare_riket: bool = True) -> str:
    """'2018: kvinnor 19,1 % och män 16,3 % i Norsjö (riket: 14,0 % och 12,1 %).
    Andelen är högre bland kvinnor.' — 'högre' only beyond chance
    (:func:`metrics.chance.compare_groups`), else 'ungefär lika hög'."""
    latest = {}
    for sex in ("K", "M"):
        ends = _last_known(rows.loc[rows["sex"] == sex])
        if ends is not None:
            latest[sex] = ends[1]
    if not latest:
        return f"Uppgift saknas för kvinnor och män i {area.name_in_text} under perioden."
    if len(latest) == 1:
        sex, row = next(iter(latest.items()))
        return (
            f"{_when(row)}: {SEX_LABELS[sex].lower()} {format_percent(row['share'])} i "
            f"{area.name_in_text}; uppgift saknas för "
            f"{SEX_LABELS['M' if sex == 'K' else 'K'].lower()}."
        )
    women, men = latest["K"], latest["M"]
    text = (
        f"{_when(women)}: kvinnor {format_percent(women['share'])} och män "
        f"{format_percent(men['share'])} i {area.name_in_text}"
    )
    if compare_riket and _known(women["riket"]) and _known(men["riket"]):
        text += f" (riket: {format_percent(women['riket'])} och {format_percent(men['riket'])})"
    found = compare_groups(
        float(women["share"]), women.get("population"), float(men["share"]), men.get("population")
    )
    if found == SIMILAR:
        return text + ". Andelen är ungefär lika hög bland kvinnor och män."
    return text + f". Andelen är högre bland {'kvinnor' if found == HIGHER else 'män'}."


def distribution_reading(table: pd.DataFrame, year: int) -> str:
    """'2018 var sjuk- och aktivitetsersättning det största systemet för kvinnor (32 %
    av helårsekvivalenterna) och arbetsmarknadsåtgärder för män (31 %).'"""
    largest: dict[str, Row] = {}
    for sex in ("K", "M"):
        rows = table.loc[(table["sex"] == sex) & table["fraction"].notna()]
        if not rows.empty:
            largest[sex] = rows.loc[rows["fraction"].idxmax()]
    if not largest:
        return f"Uppgift saknas för {year}."
    parts = {
        sex: (MEASURE_LABELS[str(row["measure"])].lower(), format_percent(row["fraction"], 0))
        for sex, row in largest.items()
    }
    if len(parts) == 2 and parts["K"][0] == parts["M"][0]:
        name = parts["K"][0]
        return (
            f"{year} var {name} det största systemet för både kvinnor ({parts['K'][1]} av "
            f"helårsekvivalenterna) och män ({parts['M'][1]})."
        )
    said = [
        f"{name} för {SEX_LABELS[sex].lower()} ({share}"
        + (" av helårsekvivalenterna)" if i == 0 else ")")
        for i, (sex, (name, share)) in enumerate(parts.items())
    ]
    verb = "det största systemet" if len(said) == 1 else "de största systemen"
    return f"{year} var {' och '.join(said)} {verb}."


def county_reading(
    table: pd.DataFrame,
    area: Area,
    county: Area,
    members: Sequence[str],
    county_share: float | None,
    area_share: float | None = None,
) -> str:
    """The area's place among the county's kommuner, and the highest and lowest kommun.

    'Norsjö har 17,7 %, plats 4 av 15 kommuner i Västerbottens län (plats 1 = högst
    andel). Högst: Malå 22,1 %; lägst: Umeå 9,8 %.' A county itself gets the extremes and
    its pooled share; an area of several kommuner each of its kommuner's place and, given
    `area_share`, its own pooled share.
    """
    totals = table.loc[(table["measure"] == SUMMA) & table["share"].notna()]
    if totals.empty:
        return f"Uppgift saknas för kommunerna i {county.name}."
    ordered = totals.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)
    top, bottom = ordered.iloc[0], ordered.iloc[-1]
    extremes = (
        f"Högst: {top['name']} {format_percent(top['share'])}; "
        f"lägst: {bottom['name']} {format_percent(bottom['share'])}."
    )
    count = len(ordered)
    codes = ordered["region_code"].astype(str).tolist()
    positions = [codes.index(code) for code in members if code in codes]
    places = [(place, ordered.iloc[place]) for place in positions]
    if len(places) == 1:
        place, row = places[0]
        return (
            f"{row['name']} har {format_percent(row['share'])}, plats {place + 1} av {count} "
            f"kommuner i {county.name} (plats 1 = högst andel). {extremes}"
        )
    if places:
        listed = ", ".join(
            f"{row['name']} {format_percent(row['share'])} (plats {place + 1})"
            for place, row in places
        )
        whole = (
            f" {area.name} som helhet: {format_percent(area_share)}."
            if area_share is not None
            else ""
        )
        return f"Bland {count} kommuner i {county.name}: {listed}. {extremes}{whole}"
    whole = (
        f" {county.name} som helhet: {format_percent(county_share)}."
        if county_share is not None
        else ""
    )
    return f"{count} kommuner i {county.name}. {extremes}{whole}"


def profile_reading(profile: pd.DataFrame, area: Area, year: int, sex: str = SEX_TOTAL) -> str:
    """'2018 försörjdes motsvarande 17,7 % av invånarna 20–64 år i Norsjö – bland de 25 %
    av kommunerna med högst andel. Störst: sjuk- och aktivitetsersättning (5,2 %).'"""
    rows = profile.loc[(profile["sex"] == sex) & (profile[PERIOD] == year)]
    total = rows.loc[rows["measure"] == SUMMA]
    who = "invånarna" if sex == SEX_TOTAL else SEX_LABELS[sex].lower()
    if total.empty or not _known(total.iloc[0]["share"]):
        return f"Uppgift saknas för {area.name_in_text} {year}."
    row = total.iloc[0]
    text = (
        f"{year} försörjdes motsvarande {format_percent(row['share'])} av {who} 20–64 år i "
        f"{area.name_in_text}"
    )
    klass = class_phrase(area, row["quartile"])
    text += f" – {klass}." if klass else "."
    systems = rows.loc[rows["measure"].isin(REPORT_ORDER[1:]) & rows["share"].notna()]
    if not systems.empty:
        largest = systems.loc[systems["share"].idxmax()]
        text += (
            f" Störst: {MEASURE_LABELS[str(largest['measure'])].lower()} "
            f"({format_percent(largest['share'])})."
        )
    return text


FUNNEL_VERDICTS: dict[str, str] = {
    HIGH: "tydligt högre än i riket",
    LOW: "tydligt lägre än i riket",
}
"""A kommun outside the funnel's 99,8 % limits, in words; within them it is 'ungefär
som i riket'."""


def funnel_reading(
    table: pd.DataFrame, reference_share: float, marked: Sequence[str], year: int
) -> str:
    """The marked kommuner against riket by the funnel's own limits, and how many
    kommuner lie outside them.

    '2024: Norsjö 6,3 % (tydligt högre än i riket); riket 3,0 %. 2 av 290 kommuner ligger
    över och 1 under 99,8 %-gränserna.' — 'högre' only outside the limits (the funnel's
    `signal`, :mod:`metrics.funnel`), else 'ungefär som i riket'.
    """
    known = table.loc[table["share"].notna()]
    if known.empty:
        return f"Uppgift saknas för kommunerna {year}."
    chosen = known.loc[known["region_code"].isin(list(marked))]
    said = [
        f"{row['name']} {format_percent(row['share'])} "
        f"({FUNNEL_VERDICTS.get(str(row['signal']), 'ungefär som i riket')})"
        for row in chosen.to_dict("records")
    ]
    riket = f"riket {format_percent(reference_share)}"
    text = f"{year}: {swedish_list(said)}; {riket}." if said else f"{year}: {riket}."
    above = int((known["signal"] == HIGH).sum())
    below = int((known["signal"] == LOW).sum())
    return (
        f"{text} {above} av {len(known)} kommuner ligger över och {below} under 99,8 %-gränserna."
    )


def _he_count(value: float) -> str:
    """'cirka 379 helårsekvivalenter', 'mindre än en helårsekvivalent'."""
    count = abs(value)
    if round(count) == 0:
        return "mindre än en helårsekvivalent"
    unit = "helårsekvivalent" if round(count) == 1 else "helårsekvivalenter"
    return f"cirka {format_number(count)} {unit}"


def _group_phrase(row: Row) -> str:
    return Group(str(row["sex"]), str(row["age_group"])).phrase


def needs_reading(ranking: pd.DataFrame, area_name: str, reference_name: str) -> str:
    """How many group × system cells are needs (beyond the 95 % limit), and the largest.

    '4 av 24 grupper och ersättningssystem har en tydligt högre andel än i riket. Störst:
    sjukpenning för invånarna 30–64 år, cirka 379 helårsekvivalenter fler.'
    """
    if ranking.empty:
        return f"Uppgift saknas för jämförelsen med {reference_name}."
    needs = ranking.loc[ranking["need"]]
    if needs.empty:
        return (
            f"Ingen av {len(ranking)} grupper och ersättningssystem har en tydligt högre "
            f"andel än i {reference_name}: där andelen är högre ligger skillnaden inom "
            "slumpens marginal."
        )
    first = needs.iloc[0]
    system = MEASURE_LABELS[str(first["measure"])].lower()
    return (
        f"{len(needs)} av {len(ranking)} grupper och ersättningssystem har en tydligt högre "
        f"andel än i {reference_name}. Störst: {system} för {_group_phrase(first)}, "
        f"{_he_count(float(first['excess_he']))} fler."
    )


def matrix_reading(matrix: pd.DataFrame, reference: str, reference_name: str) -> str:
    """How many groups have a total share clearly above the reference's (beyond the 95 %
    limit, :func:`metrics.chance.compare`), and the largest difference.

    'Summan är tydligt högre än i riket för 3 av 4 grupper. Störst skillnad: kvinnor
    20–64 år, +1,5 procentenheter (cirka 322 helårsekvivalenter fler).'
    """
    points, he, share = f"{reference}_points", f"{reference}_he", f"{reference}_share"
    totals = matrix.loc[(matrix["measure"] == SUMMA) & matrix[points].notna()]
    if totals.empty:
        return f"Uppgift saknas för jämförelsen med {reference_name}."
    verdicts = [
        compare(float(row["share"]), float(row["population"]), float(row[share]))
        for row in totals.to_dict("records")
    ]
    totals = totals.assign(verdict=verdicts)
    higher = verdicts.count(HIGHER)
    top = totals.loc[totals[points].idxmax()]
    group = str(top["group"])
    group = group[0].lower() + group[1:]
    word, which = ("fler", "Störst skillnad") if float(top[he]) > 0 else ("färre", "Närmast")
    if higher == 0:
        first = (
            f"Summan är inte tydligt högre än i {reference_name} för någon av de "
            f"{len(totals)} grupperna."
        )
    elif higher == len(totals):
        first = f"Summan är tydligt högre än i {reference_name} för alla {len(totals)} grupperna."
    else:
        first = (
            f"Summan är tydligt högre än i {reference_name} för {higher} av {len(totals)} grupper."
        )
    within = top["verdict"] != HIGHER and float(top[he]) > 0
    return (
        f"{first} {which}: {group}, {format_signed(top[points], 1)} procentenheter "
        f"({_he_count(float(top[he]))} {word}"
        f"{', inom slumpens marginal' if within else ''})."
    )


def change_reading(
    decomposition: pd.DataFrame, group: Group, area_name: str, from_year: int, to_year: int
) -> str:
    """The change of a group's total share between two years and the largest contribution,
    with one decimal like the rest of the report.

    'För invånarna 20–64 år i Norsjö ökade andelen från 3,1 % 2023 till 4,1 % 2024
    (+1,0 procentenheter). Störst bidrag: sjukpenning (+0,8 procentenheter).' A change
    that rounds to 0,0 is said to be less than 0,1 procentenheter, never '+0,0'.
    """
    by_measure = decomposition.set_index("measure")
    total = by_measure.loc[SUMMA]
    if not (_known(total["from_share"]) and _known(total["to_share"])):
        return f"Uppgift saknas för {group.phrase} i {area_name} {from_year} eller {to_year}."
    change = float(total["points"])
    levels = (
        f"{format_percent(total['from_share'])} {from_year} och "
        f"{format_percent(total['to_share'])} {to_year}"
    )
    if round(change, 1) == 0:
        text = (
            f"För {group.phrase} i {area_name} var andelen i stort sett oförändrad: {levels} "
            f"({_points_words(change)})."
        )
    else:
        verb = "ökade" if change > 0 else "minskade"
        text = (
            f"För {group.phrase} i {area_name} {verb} andelen från "
            f"{levels.replace(' och ', ' till ')} ({_points_words(change)})."
        )
    steps = by_measure.loc[list(SYSTEMS), "points"].astype(float)
    if steps.abs().max() > 0:
        largest = steps.abs().idxmax()
        text += (
            f" Störst bidrag: {MEASURE_LABELS[str(largest)].lower()} "
            f"({_points_words(steps[largest])})."
        )
    return text


def _points_words(points: float) -> str:
    """'+1,0 procentenheter', '−0,3 procentenheter', 'mindre än 0,1 procentenheter'."""
    if round(points, 1) == 0:
        return "mindre än 0,1 procentenheter" if points else "0,0 procentenheter"
    return f"{format_signed(points, 1)} procentenheter"


def map_reading(
    table: pd.DataFrame, scope_name: str, outline_name: str, area_share: float | None
) -> str:
    """How the map's kommuner fall into the classes, and the outlined area's own share.

    'Av 15 kommuner i Västerbottens län hör 3 till de 25 % med högst andel bland landets
    kommuner, 9 till de mellersta 50 % och 3 till de 25 % med lägst. Umeåregionen (svart
    kontur): 9,8 %.'
    """
    classes = table["quartile"].dropna().astype(str)
    if classes.empty:
        return f"Uppgift saknas för kommunerna i {scope_name}."
    counts = classes.value_counts()
    where = f"Av {len(table)} kommuner i {scope_name} hör"
    said = (
        f"{where} {counts.get(HIGH_CLASS, 0)} till de 25 % med högst andel bland landets "
        f"kommuner, {counts.get(MID_CLASS, 0)} till de mellersta 50 % och "
        f"{counts.get(LOW_CLASS, 0)} till de 25 % med lägst."
    )
    if not outline_name or area_share is None:
        return said
    return f"{said} {outline_name} (svart kontur): {format_percent(area_share)}."


def ranking_reading(ranking: pd.DataFrame, area_code: str) -> str:
    """The area's place among all förbund, or the highest and lowest förbund.

    'Samordningsförbundet Umeåregionen har plats 17 av 47 förbund (12,1 %).'
    """
    ranked = ranking.loc[ranking["share"].notna()]
    if ranked.empty:
        return "Uppgift saknas för förbunden."
    chosen = ranked.loc[ranked["region_code"].astype(str) == area_code]
    if not chosen.empty:
        row = chosen.iloc[0]
        return (
            f"{row['name']} har plats {int(row['rank'])} av {len(ranked)} förbund "
            f"({format_percent(row['share'])})."
        )
    top, bottom = ranked.iloc[0], ranked.iloc[-1]
    return (
        f"Högst av {len(ranked)} förbund: {top['name']} {format_percent(top['share'])}; "
        f"lägst: {bottom['name']} {format_percent(bottom['share'])}."
    )
