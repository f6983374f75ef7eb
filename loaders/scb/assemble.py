"""From a table's metadata and its json-stat2 responses to the contract's long table.

1. :func:`plan_table` decides what to request (riket and kommuner, the months asked
   for, everything else) and maps every code to ours, failing on anything unknown.
2. :class:`CubeAssembler` places each response into one array for the whole selection,
   checking that it returns exactly the cells requested, once, from one table version.
3. :func:`long_table` turns the array into the long table (one row per cell, the seven
   measures), and :func:`cross_check` compares SCB's own "Summa helårsekvivalenter" and
   "Andel av befolkningen" with our sum of the six systems.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from data.contract import (
    AGE_TOTAL,
    CODE_COLUMNS,
    COLUMNS,
    HE_MEASURES,
    KON_TABLE_AGE_GROUPS,
    MEASURES,
    POPULATION,
    SEX_TOTAL,
)
from loaders.scb.api import TableMeta
from loaders.scb.jsonstat import Cube, describe_codes
from loaders.scb.mapping import (
    CHECK_SHARE,
    CHECK_TOTAL,
    ROLE_AGE,
    ROLE_CONTENTS,
    ROLE_REGION,
    ROLE_SEX,
    ROLE_TIME,
    MappingError,
    assign_roles,
    is_contract_region,
    map_ages,
    map_contents,
    map_sex,
    month_of,
)
from loaders.scb.query import Selection, count_cells

KIND_KON = "kon"
"""The required table by region, kön and åldersgrupp (TAB1386)."""
KIND_AGE = "age"
"""The optional table by region and ålder (sex is always T there)."""


class AssemblyError(ValueError):
    """Responses that do not add up to the selection that was requested."""


@dataclass(frozen=True)
class TablePlan:
    """What to request from one table and how to map its codes to ours."""

    table_id: str
    kind: str
    variables: tuple[str, ...]
    selection: Selection
    roles: Mapping[str, str]
    contents: Mapping[str, str]
    sexes: Mapping[str, str]
    ages: Mapping[str, str]
    decimals: Mapping[str, int]
    notes: tuple[str, ...] = ()

    @property
    def cells(self) -> int:
        return count_cells(self.selection)

    @property
    def months(self) -> tuple[str, ...]:
        return self.selection[self.roles[ROLE_TIME]]


def _months_in_range(
    table_id: str, codes: Sequence[str], first: str | None, last: str | None
) -> tuple[str, ...]:
    if not codes:
        raise MappingError(f"{table_id} has no months: its time variable is empty")
    for code in codes:
        month_of(code)
    kept = tuple(c for c in codes if (first is None or c >= first) and (last is None or c <= last))
    if not kept:
        raise MappingError(
            f"{table_id} has no months from {first or 'the start'} to {last or 'the end'} "
            f"(it has {min(codes)}–{max(codes)})"
        )
    return kept


def plan_table(
    meta: TableMeta, kind: str, first: str | None = None, last: str | None = None
) -> TablePlan:
    """The selection and code mappings for `meta`; raises MappingError on anything unknown."""
    roles = assign_roles({v.code: (v.is_time, v.is_contents) for v in meta.variables})
    by_code = {v.code: v for v in meta.variables}
    notes: list[str] = []
    selection: Selection = {}
    contents = sexes = ages = {}
    for variable in meta.variables:
        role = next(r for r, code in roles.items() if code == variable.code)
        codes = variable.codes
        if role == ROLE_REGION:
            codes = tuple(c for c in variable.codes if is_contract_region(c))
            if not codes:
                raise MappingError(f"{meta.table_id} has no riket or kommun in {variable.code}")
            if len(codes) < len(variable.codes):
                notes.append(
                    f"skipped {len(variable.codes) - len(codes)} region(s) that are not "
                    "riket or a kommun"
                )
        elif role == ROLE_CONTENTS:
            contents = map_contents(variable.codes, variable.texts)
        elif role == ROLE_SEX:
            sexes = map_sex(variable.codes, variable.texts)
        elif role == ROLE_AGE:
            ages = map_ages(variable.codes, variable.texts)
            codes = _ages_for(meta.table_id, kind, ages)
            if len(codes) < len(variable.codes):
                left_out = ", ".join(sorted(set(ages) - set(codes)))
                notes.append(f"left out ålder {left_out}: the kön table has these totals")
        elif role == ROLE_TIME:
            codes = _months_in_range(meta.table_id, variable.codes, first, last)
        selection[variable.code] = tuple(codes)
    if kind == KIND_KON and ROLE_SEX not in roles:
        raise MappingError(f"{meta.table_id} has no kön variable")
    if kind == KIND_AGE and ROLE_AGE not in roles:
        raise MappingError(f"{meta.table_id} has no ålder variable")
    if kind == KIND_AGE and ROLE_SEX in roles:
        raise MappingError(f"{meta.table_id} crosses kön and ålder, which SCB does not publish")
    return TablePlan(
        table_id=meta.table_id,
        kind=kind,
        variables=tuple(by_code),
        selection=selection,
        roles=roles,
        contents=contents,
        sexes=sexes,
        ages=ages,
        decimals=dict(meta.decimals),
        notes=tuple(notes),
    )


def _ages_for(table_id: str, kind: str, ages: Mapping[str, str]) -> tuple[str, ...]:
    """The kön table has only the 20–64/20–65 universes; the age table adds the bands.

    The age table's own 20–64 total repeats the kön table's cells, so it is not requested.
    """
    if kind == KIND_KON:
        odd = [g for g in ages.values() if g not in KON_TABLE_AGE_GROUPS]
        if odd:
            raise MappingError(f"{table_id}: unexpected åldersgrupp {', '.join(odd)}")
        return tuple(ages)
    bands = tuple(code for code, group in ages.items() if group not in KON_TABLE_AGE_GROUPS)
    if not bands:
        raise MappingError(f"{table_id} has no age bands besides the 20–64 total")
    return bands


def _unit_decimals(cube: Cube, contents_var: str) -> dict[str, int]:
    units = cube.dimension(contents_var).category.get("unit") or {}
    return {
        code: unit["decimals"]
        for code, unit in units.items()
        if isinstance(unit, dict) and type(unit.get("decimals")) is int
    }


class CubeAssembler:
    """Places response cubes into one array for the whole selection of a plan."""

    def __init__(self, plan: TablePlan) -> None:
        self.plan = plan
        shape = tuple(len(plan.selection[v]) for v in plan.variables)
        self.values = np.full(shape, np.nan)
        self._filled = np.zeros(shape, dtype=bool)
        self._positions = {
            v: {code: i for i, code in enumerate(plan.selection[v])} for v in plan.variables
        }
        self.updated: str | None = None
        self.decimals: dict[str, int] = dict(plan.decimals)
        self.flagged = 0

    def add(self, cube: Cube, requested: Mapping[str, Sequence[str]]) -> None:
        """Place `cube`, the answer to `requested`; raises AssemblyError if it does not fit."""
        variables = self.plan.variables
        if sorted(cube.ids) != sorted(variables):
            raise AssemblyError(
                f"the response has dimensions {', '.join(cube.ids)}; "
                f"expected {', '.join(variables)}"
            )
        for variable in variables:
            got = cube.dimension(variable).codes
            if sorted(got) != sorted(requested[variable]):
                raise AssemblyError(
                    f"the response's {variable} values ({describe_codes(got)}) are not the "
                    f"requested ones ({describe_codes(tuple(requested[variable]))})"
                )
        if cube.updated:
            if self.updated and cube.updated != self.updated:
                raise AssemblyError(
                    f"SCB updated the table during the fetch ({self.updated}, then "
                    f"{cube.updated}); fetch again"
                )
            self.updated = cube.updated
        block = cube.values.transpose([cube.ids.index(v) for v in variables])
        index = np.ix_(
            *(
                np.array([self._positions[v][c] for c in cube.dimension(v).codes], dtype=np.intp)
                for v in variables
            )
        )
        if self._filled[index].any():
            raise AssemblyError("the response repeats cells that an earlier response returned")
        self.values[index] = block
        self._filled[index] = True
        self.flagged += len(cube.status)
        contents_var = self.plan.roles[ROLE_CONTENTS]
        for code, decimals in _unit_decimals(cube, contents_var).items():
            self.decimals.setdefault(code, decimals)

    def result(self) -> np.ndarray:
        """The full array; raises AssemblyError if some cells were never returned."""
        missing = int(self._filled.size - np.count_nonzero(self._filled))
        if missing:
            raise AssemblyError(f"{missing} requested cells were never returned")
        return self.values


def _axis_codes(shape: tuple[int, ...], axis: int) -> np.ndarray:
    """For a C-ordered array of `shape`, each cell's position along `axis`."""
    dtype = np.int16 if shape[axis] < np.iinfo(np.int16).max else np.int32
    along = np.arange(shape[axis], dtype=dtype).reshape(
        [-1 if i == axis else 1 for i in range(len(shape))]
    )
    return np.broadcast_to(along, shape).ravel()


def _categorical(codes: np.ndarray, labels: Sequence[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(labels), dtype="str"))


def _constant(label: str, rows: int) -> pd.Categorical:
    return _categorical(np.zeros(rows, dtype=np.int8), [label])


def _labels(plan: TablePlan, role: str, codes: Sequence[str]) -> list[str]:
    if role == ROLE_CONTENTS:
        return [plan.contents[c] for c in codes]
    if role == ROLE_SEX:
        return [plan.sexes[c] for c in codes]
    if role == ROLE_AGE:
        return [plan.ages[c] for c in codes]
    return list(codes)


def long_table(plan: TablePlan, values: np.ndarray) -> pd.DataFrame:
    """The contract's long table for the plan's seven measures (one row per cell)."""
    contents_var = plan.roles[ROLE_CONTENTS]
    axis_of = {v: i for i, v in enumerate(plan.variables)}
    content_codes = plan.selection[contents_var]
    kept = [i for i, code in enumerate(content_codes) if plan.contents[code] in MEASURES]
    cube = np.take(values, kept, axis=axis_of[contents_var])
    rows = cube.size
    role_of = {code: role for role, code in plan.roles.items()}
    columns: dict[str, object] = {
        "sex": _constant(SEX_TOTAL, rows),
        "age_group": _constant(AGE_TOTAL, rows),
    }
    column_of_role = {
        ROLE_REGION: "region_code",
        ROLE_SEX: "sex",
        ROLE_AGE: "age_group",
        ROLE_CONTENTS: "measure",
        ROLE_TIME: "month",
    }
    for variable in plan.variables:
        role = role_of[variable]
        codes = plan.selection[variable]
        if role == ROLE_CONTENTS:
            codes = tuple(content_codes[i] for i in kept)
        positions = _axis_codes(cube.shape, axis_of[variable])
        if role == ROLE_TIME:
            months = np.array([month_of(c) for c in codes], dtype="datetime64[s]")
            columns["month"] = months[positions]
        else:
            columns[column_of_role[role]] = _categorical(positions, _labels(plan, role, codes))
    columns["value"] = cube.ravel()
    return pd.DataFrame({name: columns[name] for name in COLUMNS}, copy=False)


def combine(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Tables' long frames stacked, code columns kept categorical (small and fast)."""
    if len(frames) == 1:
        return frames[0]
    combined = {}
    for column in COLUMNS:
        parts = [f[column] for f in frames]
        if column in CODE_COLUMNS:
            combined[column] = union_categoricals([p.array for p in parts])
        else:
            combined[column] = np.concatenate([p.to_numpy() for p in parts])
    return pd.DataFrame(combined, copy=False)


@dataclass(frozen=True)
class CheckResult:
    """One cross-check of SCB's own totals against ours over a table."""

    table_id: str
    name: str
    checked: int
    mismatches: int
    worst: Mapping[str, object] = field(default_factory=dict)

    def message(self) -> str:
        what = {
            CHECK_TOTAL: "'Summa helårsekvivalenter' differs from the sum of the six systems",
            CHECK_SHARE: "'Andel av befolkningen' differs from the sum ÷ population × 100",
        }[self.name]
        worst = self.worst
        return (
            f"{self.table_id}: in {self.mismatches} of {self.checked} cells {what} beyond "
            f"rounding (largest: region {worst['region']} {worst['month']} sex {worst['sex']} "
            f"age {worst['age']}: SCB {worst['scb']:g}, ours {worst['ours']:g})"
        )

    def to_record(self) -> dict[str, object]:
        return {
            "table": self.table_id,
            "check": self.name,
            "checked": self.checked,
            "mismatches": self.mismatches,
            "worst": dict(self.worst),
        }


def _half_unit(plan_decimals: Mapping[str, int], code: str) -> float:
    return 0.5 * 10.0 ** -plan_decimals.get(code, 0)


def cross_check(
    plan: TablePlan, values: np.ndarray, decimals: Mapping[str, int]
) -> list[CheckResult]:
    """SCB's Summa and Andel against our sum of the six systems, within rounding."""
    contents_var = plan.roles[ROLE_CONTENTS]
    axis = plan.variables.index(contents_var)
    position = {plan.contents[c]: i for i, c in enumerate(plan.selection[contents_var])}
    code_of = {plan.contents[c]: c for c in plan.selection[contents_var]}
    ours = np.take(values, [position[m] for m in HE_MEASURES], axis=axis).sum(axis=axis)
    parts_tolerance = sum(_half_unit(decimals, code_of[m]) for m in HE_MEASURES)
    summa = np.take(values, position[CHECK_TOTAL], axis=axis)
    andel = np.take(values, position[CHECK_SHARE], axis=axis)
    population = np.take(values, position[POPULATION], axis=axis)
    total_ok = ~np.isnan(ours) & ~np.isnan(summa)
    total_tolerance = parts_tolerance + _half_unit(decimals, code_of[CHECK_TOTAL]) + 1e-9
    share_ok = total_ok & ~np.isnan(andel) & (population > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        our_share = 100.0 * ours / population
        share_tolerance = (
            _half_unit(decimals, code_of[CHECK_SHARE]) + 100.0 * parts_tolerance / population + 1e-9
        )
    other_axes = [v for v in plan.variables if v != contents_var]
    return [
        _check(plan, other_axes, CHECK_TOTAL, ours, summa, total_ok, total_tolerance),
        _check(plan, other_axes, CHECK_SHARE, our_share, andel, share_ok, share_tolerance),
    ]


def _check(
    plan: TablePlan,
    variables: Sequence[str],
    name: str,
    ours: np.ndarray,
    scb: np.ndarray,
    usable: np.ndarray,
    tolerance: np.ndarray | float,
) -> CheckResult:
    excess = np.where(usable, np.abs(ours - scb) - tolerance, -np.inf)
    bad = excess > 0
    count = int(np.count_nonzero(bad))
    if not count:
        return CheckResult(plan.table_id, name, int(np.count_nonzero(usable)), 0)
    where = np.unravel_index(int(np.argmax(excess)), excess.shape)
    coordinates = {v: plan.selection[v][i] for v, i in zip(variables, where, strict=True)}
    roles = plan.roles
    worst = {
        "region": coordinates[roles[ROLE_REGION]],
        "month": coordinates[roles[ROLE_TIME]],
        "sex": plan.sexes.get(coordinates.get(roles.get(ROLE_SEX, ""), ""), SEX_TOTAL),
        "age": plan.ages.get(coordinates.get(roles.get(ROLE_AGE, ""), ""), AGE_TOTAL),
        "scb": float(scb[where]),
        "ours": round(float(ours[where]), 6),
    }
    return CheckResult(plan.table_id, name, int(np.count_nonzero(usable)), count, worst)
