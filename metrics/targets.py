"""Målgrupper: which groups, by age, kön and benefit system, have the greatest need?

SCB publishes two breakdowns that are never crossed: age bands for both sexes together
(the age table) and kvinnor and män aged 20–64 (the kön table). A *group* is one of
those, never both at once. For an area and a period the *matrix* holds each group's share
in summa and each system beside three references (the county, riket, and a set of
comparable kommuner), as a difference in percentage points and in HE:

    excess HE = (share − reference share) × population / 100

that is, how many helårsekvivalenter the group has above (+) or below (−) what it would
have at the reference's share. The *ranking* orders group × system cells (the six
systems, not summa, which would count them twice). A cell is a *need* only when its
share lies above the reference's 95 % control limit for the group's size
(:mod:`metrics.chance`): a small group's share moves by tenths of a percentage point by
chance alone, and that is no need. Needs come first, by excess HE, largest first; then
the other cells by excess HE. A cell resting on fewer than :data:`~metrics.flags.FEW_HE`
HE is *uncertain* and ranked after every certain cell of its kind.

The *decomposition* splits the change in a group's total share between two periods by
system: each system's HE over the group's population (summa's) in each period. The
contributions then add up to the change of the total exactly (a system without data in
a period counts as 0 HE, as it does in summa).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.contract import AGE_TOTAL, HE_MEASURES, KON_TABLE_AGE_GROUPS, RIKET_CODE, SEX_TOTAL
from metrics.chance import HIGHER, SIMILAR, Z_95, compare, control_limits
from metrics.comparables import comparison_shares
from metrics.flags import FEW_HE
from metrics.labels import MEASURE_LABELS, REPORT_ORDER, SUMMA, age_label, group_label
from metrics.model import Model
from metrics.periods import PERIOD, YEAR
from metrics.swedish import format_number, format_percent

DIMENSION_AGE = "age"
DIMENSION_SEX = "sex"

COUNTY = "county"
RIKET = "riket"
COMPARABLES = "comparables"
REFERENCES: tuple[str, ...] = (COUNTY, RIKET, COMPARABLES)
"""What a group can be compared with: the same group in the county, riket, or the
pooled comparable kommuner."""

SYSTEMS: tuple[str, ...] = tuple(m for m in REPORT_ORDER if m in HE_MEASURES)
"""The six systems in the report's order."""

TOP_SENTENCES = 3


@dataclass(frozen=True)
class Group:
    """A target group: an age band (sex T) or a kön (age 20–64), never both."""

    sex: str
    age_group: str

    @property
    def dimension(self) -> str:
        return DIMENSION_AGE if self.sex == SEX_TOTAL else DIMENSION_SEX

    @property
    def label(self) -> str:
        """'20–29 år', 'Kvinnor 20–64 år', 'Totalt 20–64 år'."""
        return group_label(self.sex, self.age_group)

    @property
    def phrase(self) -> str:
        """The group inside a sentence: 'invånarna 20–29 år', 'kvinnor 20–64 år'."""
        if self.sex == SEX_TOTAL:
            return f"invånarna {age_label(self.age_group)}"
        return self.label.lower()


TOTAL = Group(SEX_TOTAL, AGE_TOTAL)
KVINNOR = Group("K", AGE_TOTAL)
MAN = Group("M", AGE_TOTAL)

GROUP_COLUMNS: tuple[str, ...] = ("dimension", "sex", "age_group", "group")
AREA_COLUMNS: tuple[str, ...] = (
    "he",
    "population",
    "share",
    "quartile",
    "few_he",
    "partial",
    "unreported",
)
MATRIX_COLUMNS: tuple[str, ...] = (
    *GROUP_COLUMNS,
    "measure",
    *AREA_COLUMNS,
    *(f"{ref}_{part}" for ref in REFERENCES for part in ("share", "points", "he")),
)
RANKING_COLUMNS: tuple[str, ...] = (
    "rank",
    *GROUP_COLUMNS,
    "measure",
    "share",
    "reference_share",
    "points",
    "excess_he",
    "he",
    "population",
    "uncertain",
    "lower_95",
    "upper_95",
    "verdict",
    "need",
)
DECOMPOSITION_COLUMNS: tuple[str, ...] = (
    "measure",
    "from_he",
    "to_he",
    "he_change",
    "from_share",
    "to_share",
    "points",
    "from_population",
    "to_population",
)


def target_groups(age_groups: Sequence[str]) -> list[Group]:
    """The groups the data have: age bands (youngest first), then kvinnor and män 20–64."""
    bands = sorted(a for a in age_groups if a not in KON_TABLE_AGE_GROUPS)
    return [*(Group(SEX_TOTAL, band) for band in bands), KVINNOR, MAN]


def excess_he(
    share: pd.Series | float, reference_share: pd.Series | float, population: pd.Series | float
) -> pd.Series | float:
    """(share − reference share) × population / 100: HE above (+) or below (−) the
    number the group would have at the reference's share. Shares in %."""
    return (share - reference_share) * population / 100.0


def _grid(groups: Sequence[Group]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (g.dimension, g.sex, g.age_group, g.label, measure)
            for g in groups
            for measure in REPORT_ORDER
        ],
        columns=[*GROUP_COLUMNS, "measure"],
    )


def _at_period(rows: pd.DataFrame, period) -> pd.DataFrame:
    """Share rows of one period keyed by (sex, age_group, measure) as plain strings."""
    selected = rows.loc[rows[PERIOD] == period]
    return selected.assign(
        sex=selected["sex"].astype(str),
        age_group=selected["age_group"].astype(str),
        measure=selected["measure"].astype(str),
    )


def group_matrix(
    area_rows: pd.DataFrame,
    references: Mapping[str, pd.DataFrame],
    groups: Sequence[Group],
    period,
) -> pd.DataFrame:
    """Each group's share in summa and each system, beside each reference, in one period.

    `area_rows` and the values of `references` (keys from :data:`REFERENCES`) are share
    tables (:mod:`metrics.shares`); a reference left out has missing columns. One row per
    group (in the order given) and measure (the report's order); for each reference
    `<ref>_share`, `<ref>_points` (share − reference share, in percentage points) and
    `<ref>_he` (:func:`excess_he`).
    """
    keys = ["sex", "age_group", "measure"]
    area = _at_period(area_rows, period).loc[:, [*keys, *AREA_COLUMNS]]
    matrix = _grid(groups).merge(area, on=keys, how="left")
    for ref in REFERENCES:
        share = f"{ref}_share"
        if ref in references:
            found = _at_period(references[ref], period).loc[:, [*keys, "share"]]
            matrix = matrix.merge(found.rename(columns={"share": share}), on=keys, how="left")
        else:
            matrix[share] = np.nan
        matrix[f"{ref}_points"] = matrix["share"] - matrix[share]
        matrix[f"{ref}_he"] = excess_he(matrix["share"], matrix[share], matrix["population"])
    matrix["few_he"] = matrix["few_he"].fillna(False).astype(bool)
    matrix["partial"] = matrix["partial"].fillna(False).astype(bool)
    matrix["unreported"] = matrix["unreported"].fillna(0).astype(int)
    return matrix.loc[:, list(MATRIX_COLUMNS)]


def rank_needs(matrix: pd.DataFrame, reference: str = RIKET) -> pd.DataFrame:
    """Group × system cells against `reference`: the needs first, each part by excess HE.

    Summa is left out (it is the sum of the systems). `lower_95` and `upper_95` are the
    reference's 95 % control limits (%) at the group's population; `verdict` is
    :func:`metrics.chance.compare`'s, and `need` is True when it is 'higher' (the share
    lies above `upper_95`). A cell with fewer than
    :data:`~metrics.flags.FEW_HE` HE is `uncertain` and placed after every certain one
    of its kind. Cells without a comparison are dropped. `rank` counts from 1.
    """
    cells = matrix.loc[matrix["measure"].isin(SYSTEMS)].copy()
    cells["reference_share"] = cells[f"{reference}_share"]
    cells["points"] = cells[f"{reference}_points"]
    cells["excess_he"] = cells[f"{reference}_he"]
    cells = cells.loc[cells["excess_he"].notna()]
    cells["uncertain"] = cells["he"].lt(FEW_HE)
    lower, upper = control_limits(cells["reference_share"], cells["population"], Z_95)
    cells["lower_95"] = lower
    cells["upper_95"] = upper
    cells["verdict"] = [
        compare(share, population, reference)
        for share, population, reference in zip(
            cells["share"], cells["population"], cells["reference_share"], strict=True
        )
    ]
    cells["need"] = cells["verdict"] == HIGHER
    ranked = cells.sort_values(
        ["need", "uncertain", "excess_he"], ascending=[False, True, False], kind="stable"
    )
    ranked = ranked.reset_index(drop=True)
    ranked["rank"] = np.arange(1, len(ranked) + 1)
    return ranked.loc[:, list(RANKING_COLUMNS)]


def needs_heading(ranking: pd.DataFrame, reference_name: str, period_text: str) -> str:
    """The heading over the needs: 'Störst behov 2024', or, when no cell is a need,
    'Ingen grupp har en tydligt högre andel än i riket 2024'."""
    if bool(ranking["need"].any()):
        return f"Störst behov {period_text}"
    return f"Ingen grupp har en tydligt högre andel än i {reference_name} {period_text}"


def _group_of(row: Mapping) -> Group:
    return Group(str(row["sex"]), str(row["age_group"]))


def points_text(points: float) -> str:
    """A difference in percentage points without sign, never '0,00': '1,2', '0,04',
    'mindre än 0,01'."""
    points = abs(float(points))
    if round(points, 2) == 0:
        return "mindre än 0,01"
    return format_number(points, 2 if points < 0.1 else 1)


def need_sentence(row: Mapping, *, area_name: str, reference_name: str) -> str:
    """One ranked cell in words (small shares and differences with two decimals).

    A need: 'Bland kvinnor 20–64 år i Norsjö försörjs motsvarande 4,1 % av sjukpenning,
    1,2 procentenheter mer än i riket (2,9 %). Det motsvarar cirka 85
    helårsekvivalenter fler än om andelen hade varit densamma som i riket.' A cell within
    the 95 % limits is said to be so ('inom slumpens marginal'), never 'mer än'.
    """
    group = _group_of(row)
    system = MEASURE_LABELS[str(row["measure"])].lower()
    shares = (float(row["share"]), float(row["reference_share"]))
    share_decimals = 2 if min(shares) < 1 else 1
    reference_share = format_percent(shares[1], share_decimals)
    head = (
        f"Bland {group.phrase} i {area_name} försörjs motsvarande "
        f"{format_percent(shares[0], share_decimals)} av {system}"
    )
    found = compare(shares[0], float(row["population"]), shares[1])
    if found == SIMILAR:
        return (
            f"{head}, ungefär som i {reference_name} ({reference_share}): skillnaden "
            "ligger inom slumpens marginal för en grupp av den storleken."
        )
    more = found == HIGHER
    text = (
        f"{head}, {points_text(float(row['points']))} procentenheter "
        f"{'mer' if more else 'mindre'} än i {reference_name} ({reference_share})."
    )
    count = abs(float(row["excess_he"]))
    amount = (
        "mindre än en helårsekvivalent"
        if round(count) == 0
        else f"cirka {format_number(count)} "
        f"{'helårsekvivalent' if round(count) == 1 else 'helårsekvivalenter'}"
    )
    text += (
        f" Det motsvarar {amount} {'fler' if more else 'färre'} än om andelen hade varit "
        f"densamma som i {reference_name}."
    )
    if bool(row["uncertain"]):
        text += f" Osäkert: siffran vilar på färre än {format_number(FEW_HE)} helårsekvivalenter."
    return text


def need_sentences(
    ranking: pd.DataFrame,
    *,
    area_name: str,
    reference_name: str,
    count: int = TOP_SENTENCES,
) -> list[str]:
    """Sentences for the first `count` needs (cells above the reference's 95 % limit).

    `reference_name` as written after 'i': 'riket', 'Västerbottens län', 'de jämförbara
    kommunerna'. If no cell is a need, one sentence says so.
    """
    needs = ranking.loc[ranking["need"]].head(count)
    if needs.empty:
        return [
            f"Ingen grupp i {area_name} har en tydligt högre andel än samma grupp i "
            f"{reference_name} i något ersättningssystem: där andelen är högre ligger "
            "skillnaden inom slumpens marginal för gruppens storlek."
        ]
    return [
        need_sentence(row, area_name=area_name, reference_name=reference_name)
        for row in needs.to_dict("records")
    ]


def change_by_system(area_rows: pd.DataFrame, group: Group, from_period, to_period) -> pd.DataFrame:
    """The change of a group's total share between two periods, split by system.

    One row for summa (the total: `points` is the change of its share) and one per
    system in the report's order, whose `points` add up to the total's exactly. Shares
    are HE over the group's population (summa's) in each period; `he_change` is the
    change in HE, which adds up to the total's too. Missing HE count as 0.
    """
    keys = ["sex", "age_group", "measure"]
    rows = {}
    for name, period in (("from", from_period), ("to", to_period)):
        selected = _at_period(area_rows, period)
        selected = selected.loc[
            (selected["sex"] == group.sex) & (selected["age_group"] == group.age_group)
        ]
        rows[name] = selected.set_index(keys[2])
    table = pd.DataFrame({"measure": list(REPORT_ORDER)})
    for name in ("from", "to"):
        found = rows[name]
        population = float(found.loc[SUMMA, "population"]) if SUMMA in found.index else float("nan")
        he = table["measure"].map(found["he"]).astype(float)
        systems = table["measure"].isin(SYSTEMS)
        he = he.where(~systems, he.fillna(0.0))
        table[f"{name}_he"] = he
        table[f"{name}_population"] = population
        table[f"{name}_share"] = (
            he / population * 100.0 if population > 0 else pd.Series(np.nan, index=table.index)
        )
    table["he_change"] = table["to_he"] - table["from_he"]
    table["points"] = table["to_share"] - table["from_share"]
    return table.loc[:, list(DECOMPOSITION_COLUMNS)]


# --- from the model ------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A comparison for an area's groups: its kind, code and name inside a sentence."""

    kind: str
    code: str | None
    name: str


def references_of(model: Model, area_code: str, comparables: Sequence[str] = ()) -> list[Reference]:
    """The references an area has: its county (unless it is one, or spans several),
    riket, and the comparable kommuner when a set is given."""
    found = []
    county = model.county_code(area_code)
    if county is not None and county != area_code:
        found.append(Reference(COUNTY, county, model.regions[county].name_in_text))
    found.append(Reference(RIKET, RIKET_CODE, model.regions.riket.name_in_text))
    if comparables:
        found.append(Reference(COMPARABLES, None, "de jämförbara kommunerna"))
    return found


def target_matrix(
    model: Model,
    area_code: str,
    period,
    comparables: Sequence[str] = (),
    frequency: str = YEAR,
) -> pd.DataFrame:
    """:func:`group_matrix` of an area in one period against its references."""
    tables = model.tables(frequency)
    references: dict[str, pd.DataFrame] = {}
    for reference in references_of(model, area_code, comparables):
        if reference.kind == COMPARABLES:
            references[COMPARABLES] = comparison_shares(tables, comparables)
        else:
            references[reference.kind] = tables.area_rows(reference.code)
    groups = target_groups(model.age_groups)
    return group_matrix(tables.area_rows(area_code), references, groups, period)


def group_change(
    model: Model, area_code: str, group: Group, from_year: int, to_year: int
) -> pd.DataFrame:
    """:func:`change_by_system` of one of an area's groups between two years."""
    return change_by_system(model.yearly.area_rows(area_code), group, from_year, to_year)
