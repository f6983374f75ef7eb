"""Målgrupper for people and reports: Swedish tables, and everything a report needs.

The `*_download` functions turn the tables of :mod:`metrics.targets` into the tables an
analyst downloads (Swedish headers that name the unit, rounded values, flags in words),
like :mod:`exports.tables`. :func:`target_report` gathers, for one area and year, the
sentences and tables of the Målgrupper page, for a PPTX/PDF/XLSX report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from exports.tables import (
    CLASS_HEADER,
    HE_DECIMALS,
    HE_HEADER,
    MEASURE_HEADER,
    NOTE_HEADER,
    POPULATION_HEADER,
    SHARE_DECIMALS,
)
from metrics.chance import VERDICT_LABELS
from metrics.comparables import kommun_populations
from metrics.flags import FEW_HE
from metrics.labels import MEASURE_LABELS, QUARTILE_LABELS
from metrics.model import Model
from metrics.swedish import format_number
from metrics.targets import (
    COMPARABLES,
    DIMENSION_AGE,
    RIKET,
    TOTAL,
    Group,
    Reference,
    group_change,
    need_sentences,
    rank_needs,
    references_of,
    target_matrix,
)

GROUP_HEADER = "Grupp"
BREAKDOWN_HEADER = "Indelning"
RANK_HEADER = "Rang"
GROUP_SHARE_HEADER = "Andel av gruppens befolkning (%)"
BREAKDOWN_LABELS = {DIMENSION_AGE: "Ålder (kvinnor och män)", "sex": "Kön (20–64 år)"}
FEW_HE_TEXT = f"Färre än {format_number(FEW_HE)} helårsekvivalenter – osäker andel"
JUDGEMENT_HEADER = "Bedömning"
REFERENCE_LABELS = {"county": "Länet", RIKET: "Riket", COMPARABLES: "Jämförbara kommuner"}
"""Column labels of the references when no name is given."""


def reference_headers(label: str) -> tuple[str, str, str]:
    """The three columns of one reference: its share, the difference in percentage
    points and in helårsekvivalenter ('Riket (%)', 'Riket: skillnad (procentenheter)',
    'Riket: skillnad (helårsekvivalenter)')."""
    return (
        f"{label} (%)",
        f"{label}: skillnad (procentenheter)",
        f"{label}: skillnad (helårsekvivalenter)",
    )


def _round(values: pd.Series, decimals: int) -> pd.Series:
    return values.astype(float).round(decimals)


def _persons(values: pd.Series) -> pd.Series:
    """Population as whole persons (nullable integers, so a gap stays a gap)."""
    return values.astype(float).round(0).astype("Int64")


def _class_texts(quartiles: pd.Series) -> list[str]:
    return [QUARTILE_LABELS.get(str(q), "") if pd.notna(q) else "" for q in quartiles]


def _few_he_notes(flags: pd.Series) -> list[str]:
    return [FEW_HE_TEXT if bool(flag) else "" for flag in flags]


def matrix_download(matrix: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """The matrix as a table: one row per group and measure, three columns per reference.

    `labels` maps the references to show (keys of :data:`metrics.targets.REFERENCES`) to
    their column label, e.g. `{"county": "Västerbottens län", "riket": "Riket"}`.
    """
    table = pd.DataFrame(
        {
            BREAKDOWN_HEADER: matrix["dimension"].map(BREAKDOWN_LABELS).to_numpy(),
            GROUP_HEADER: matrix["group"].to_numpy(),
            MEASURE_HEADER: matrix["measure"].astype(str).map(MEASURE_LABELS).to_numpy(),
            GROUP_SHARE_HEADER: _round(matrix["share"], SHARE_DECIMALS).to_numpy(),
            CLASS_HEADER: _class_texts(matrix["quartile"]),
            HE_HEADER: _round(matrix["he"], HE_DECIMALS).to_numpy(),
            POPULATION_HEADER: _persons(matrix["population"]).to_numpy(),
        }
    )
    for reference, label in labels.items():
        share, points, he = reference_headers(label)
        table[share] = _round(matrix[f"{reference}_share"], SHARE_DECIMALS).to_numpy()
        table[points] = _round(matrix[f"{reference}_points"], SHARE_DECIMALS).to_numpy()
        table[he] = _round(matrix[f"{reference}_he"], HE_DECIMALS).to_numpy()
    table[NOTE_HEADER] = _few_he_notes(matrix["few_he"])
    return table


def ranking_download(ranking: pd.DataFrame, label: str) -> pd.DataFrame:
    """The ranking as a table, largest excess first; `label` names the reference."""
    share, points, he = reference_headers(label)
    return pd.DataFrame(
        {
            RANK_HEADER: ranking["rank"].to_numpy(),
            BREAKDOWN_HEADER: ranking["dimension"].map(BREAKDOWN_LABELS).to_numpy(),
            GROUP_HEADER: ranking["group"].to_numpy(),
            MEASURE_HEADER: ranking["measure"].astype(str).map(MEASURE_LABELS).to_numpy(),
            GROUP_SHARE_HEADER: _round(ranking["share"], SHARE_DECIMALS).to_numpy(),
            share: _round(ranking["reference_share"], SHARE_DECIMALS).to_numpy(),
            points: _round(ranking["points"], SHARE_DECIMALS).to_numpy(),
            he: _round(ranking["excess_he"], HE_DECIMALS).to_numpy(),
            HE_HEADER: _round(ranking["he"], HE_DECIMALS).to_numpy(),
            POPULATION_HEADER: _persons(ranking["population"]).to_numpy(),
            f"{label}: övre 95 %-gräns (%)": _round(ranking["upper_95"], SHARE_DECIMALS).to_numpy(),
            JUDGEMENT_HEADER: ranking["verdict"].map(VERDICT_LABELS).to_numpy(),
            NOTE_HEADER: _few_he_notes(ranking["uncertain"]),
        }
    )


def decomposition_download(
    decomposition: pd.DataFrame, from_label: str, to_label: str
) -> pd.DataFrame:
    """The change between two periods by system (summa first, then each system)."""
    return pd.DataFrame(
        {
            MEASURE_HEADER: decomposition["measure"].astype(str).map(MEASURE_LABELS).to_numpy(),
            f"{HE_HEADER} {from_label}": _round(decomposition["from_he"], HE_DECIMALS).to_numpy(),
            f"{HE_HEADER} {to_label}": _round(decomposition["to_he"], HE_DECIMALS).to_numpy(),
            "Förändring (helårsekvivalenter)": _round(
                decomposition["he_change"], HE_DECIMALS
            ).to_numpy(),
            f"Andel {from_label} (%)": _round(
                decomposition["from_share"], SHARE_DECIMALS
            ).to_numpy(),
            f"Andel {to_label} (%)": _round(decomposition["to_share"], SHARE_DECIMALS).to_numpy(),
            "Bidrag till förändringen (procentenheter)": _round(
                decomposition["points"], SHARE_DECIMALS
            ).to_numpy(),
        }
    )


def comparables_download(model: Model, codes: Sequence[str], year: int) -> pd.DataFrame:
    """The comparable kommuner: name, code, county and population 20–64 in `year`."""
    populations = kommun_populations(model, year)
    regions = model.regions
    return pd.DataFrame(
        {
            "Kommun": [regions.name(c) for c in codes],
            "Kommunkod": list(codes),
            "Län": [
                county.name if (county := regions.county_of(c)) is not None else "" for c in codes
            ],
            "Folkmängd 20–64 år": _persons(populations.reindex(list(codes))).to_numpy(),
        }
    )


def areas_download(model: Model, areas: Mapping[str, str], year: int) -> pd.DataFrame:
    """Areas made of kommuner in `year`: name, kind, kommuner, population, share, class.

    `areas` maps an area code to its kind in words ('Samordningsförbund', 'Eget område').
    """
    regions = model.regions
    rows = []
    for code, kind in areas.items():
        area = regions[code]
        found = model.annual_rows(code, measure="summa", sex="T", age_group="20-64")
        found = found.loc[found["period"] == year]
        row = found.iloc[0] if not found.empty else None
        rows.append(
            {
                "Område": area.name,
                "Typ": kind,
                "Kommuner": ", ".join(regions.name(k) for k in area.members),
                f"Folkmängd 20–64 år {year}": None if row is None else row["population"],
                f"Andel {year} (%)": None if row is None else row["share"],
                CLASS_HEADER: "" if row is None else _class_texts(pd.Series([row["quartile"]]))[0],
            }
        )
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    table[f"Folkmängd 20–64 år {year}"] = _persons(table[f"Folkmängd 20–64 år {year}"])
    table[f"Andel {year} (%)"] = _round(table[f"Andel {year} (%)"], SHARE_DECIMALS)
    return table


def share_headers(frame: pd.DataFrame) -> set[str]:
    """The columns of a målgrupper table that hold shares or percentage points (for the
    workbook's one-decimal format)."""
    return {c for c in frame.columns if c.endswith("(%)") or c.endswith("(procentenheter)")}


@dataclass(frozen=True)
class TargetReport:
    """What a report shows about an area's target groups in one year.

    `sentences`: the top needs in words. `tables`: Swedish tables by sheet name (in
    order: ranking, matrix, change, comparable kommuner when given). `share_columns`: the
    columns to format as shares in a workbook. `ranking`, `matrix` and `change` are the
    tidy tables the report's charts are drawn from (:mod:`metrics.targets`; each chart
    kind draws its own, :mod:`exports.kinds`); `reference` is
    the key of the reference used and `from_year` the first year of the change.
    """

    area_name: str
    year: int
    reference_name: str
    sentences: list[str]
    tables: dict[str, pd.DataFrame]
    share_columns: set[str] = field(default_factory=set)
    reference: str = RIKET
    from_year: int | None = None
    ranking: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    matrix: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    change: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)


def target_report(
    model: Model,
    area_code: str,
    year: int,
    *,
    comparables: Sequence[str] = (),
    reference: str = RIKET,
    from_year: int | None = None,
    group: Group = TOTAL,
) -> TargetReport:
    """Sentences and tables of the Målgrupper page for one area and year.

    `reference` is what needs are measured against (riket by default; `county` or
    `comparables` if the area has them). The change runs from `from_year` (default: five
    years earlier, or the first year of the data) to `year`, for `group`.
    """
    area = model.regions[area_code]
    references = {r.kind: r for r in references_of(model, area_code, comparables)}
    if reference not in references:
        reference = RIKET
    chosen: Reference = references[reference]
    labels = reference_labels(model, references.values())
    matrix = target_matrix(model, area_code, year, comparables)
    ranking = rank_needs(matrix, reference)
    start = from_year if from_year is not None else max(model.years[0], year - 5)
    change = group_change(model, area_code, group, start, year)
    tables = {
        "Störst behov": ranking_download(ranking, labels[reference]),
        "Grupper och system": matrix_download(matrix, labels),
        f"Förändring {start}–{year}": decomposition_download(change, str(start), str(year)),
    }
    if comparables:
        tables["Jämförbara kommuner"] = comparables_download(model, comparables, year)
    return TargetReport(
        area_name=area.name,
        year=year,
        reference_name=chosen.name,
        sentences=need_sentences(ranking, area_name=area.name, reference_name=chosen.name),
        tables=tables,
        share_columns=set().union(*(share_headers(t) for t in tables.values())),
        reference=reference,
        from_year=start,
        ranking=ranking,
        matrix=matrix,
        change=change,
    )


def reference_labels(model: Model, references: Iterable[Reference]) -> dict[str, str]:
    """Each reference's label in tables and selectors: 'Västerbottens län', 'Riket',
    'Jämförbara kommuner'."""
    return {
        r.kind: model.regions.name(r.code)
        if r.code is not None and r.kind != RIKET
        else REFERENCE_LABELS[r.kind]
        for r in references
    }
