"""SCB-like HE tables with deterministic values that add up like SCB's.

`kon_table` mimics TAB1386 (Region × Kon × Aldersgrupp × ContentsCode × Tid) with
opaque content codes and SCB's texts, including the spelling
"Sjuk- och aktivitetsersersättning". `age_table` mimics the table by ålder (no kön).
Every value is an integer count except Andel (one decimal); totals (TotSa, riket, the
20–64 age total, Summa) are sums of their parts, and Andel = round(100·Summa/Folkmängd, 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

KON_TABLE_ID = "TAB1386"
KON_TABLE_V1 = "START/HE/HE0112/HE0000T02N2"
AGE_TABLE_ID = "TAB9901"
"""A made-up id: SCB's v2 id of the table by ålder is not known."""
AGE_TABLE_V1 = "START/HE/HE0000/HE0000T01N"
UPDATED = "2026-02-20T07:00:00Z"

KOMMUNER: tuple[tuple[str, str], ...] = (
    ("0114", "Upplands Väsby"),
    ("0180", "Stockholm"),
    ("1280", "Malmö"),
    ("2417", "Norsjö"),
    ("2482", "Skellefteå"),
    ("0115", "Vallentuna"),
    ("0117", "Österåker"),
    ("0120", "Värmdö"),
)

HE_CONTENTS: tuple[tuple[str, str], ...] = (
    ("0000018J", "Sjukpenning"),
    ("0000018K", "Sjuk- och aktivitetsersersättning"),
    ("0000018L", "Arbetslöshetsersättning"),
    ("0000018M", "Arbetsmarknadsåtgärder"),
    ("0000018N", "Ekonomiskt bistånd"),
    ("0000018O", "Etableringsersättning"),
)
SUMMA = ("0000018P", "Summa helårsekvivalenter")
FOLKMANGD = ("0000018Q", "Folkmängd")
ANDEL = ("0000018R", "Andel av befolkningen")
RATES = np.array([0.021, 0.043, 0.024, 0.013, 0.031, 0.006])


@dataclass(frozen=True)
class FakeVariable:
    code: str
    text: str
    codes: tuple[str, ...]
    texts: tuple[str, ...]
    time: bool = False
    elimination: bool = False


@dataclass(frozen=True)
class FakeTable:
    """A table: variables in order and a value array shaped by them (NaN = missing)."""

    table_id: str
    v1_path: str
    label: str
    variables: tuple[FakeVariable, ...]
    values: np.ndarray
    decimals: dict[str, int] = field(default_factory=dict)
    updated: str = UPDATED

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(v.code for v in self.variables)

    def variable(self, code: str) -> FakeVariable:
        return next(v for v in self.variables if v.code == code)

    def axis(self, code: str) -> int:
        return self.codes.index(code)

    def with_missing(self, **where: str) -> FakeTable:
        """A copy with the cells matching `where` (variable=code, ...) set to missing."""
        values = self.values.copy()
        index = tuple(
            self.variable(v.code).codes.index(where[v.code]) if v.code in where else slice(None)
            for v in self.variables
        )
        values[index] = np.nan
        return replace(self, values=values)

    def with_content_text(self, old: str, new: str) -> FakeTable:
        """A copy in which the content `old` is called `new`."""
        contents = self.variable("ContentsCode")
        texts = tuple(new if t == old else t for t in contents.texts)
        return self._with_variable(replace(contents, texts=texts))

    def without_content(self, text: str) -> FakeTable:
        """A copy without the content `text`."""
        contents = self.variable("ContentsCode")
        keep = [i for i, t in enumerate(contents.texts) if t != text]
        variable = replace(
            contents,
            codes=tuple(contents.codes[i] for i in keep),
            texts=tuple(contents.texts[i] for i in keep),
        )
        values = np.take(self.values, keep, axis=self.axis("ContentsCode"))
        return replace(self._with_variable(variable), values=values)

    def without_months(self) -> FakeTable:
        """A copy whose time variable has no values (an empty table)."""
        tid = self.variable("Tid")
        values = np.take(self.values, [], axis=self.axis("Tid"))
        return replace(self._with_variable(replace(tid, codes=(), texts=())), values=values)

    def _with_variable(self, variable: FakeVariable) -> FakeTable:
        return replace(
            self,
            variables=tuple(variable if v.code == variable.code else v for v in self.variables),
        )


def month_codes(first_year: int, count: int) -> tuple[str, ...]:
    """`count` months from January of `first_year`: 2014M01, 2014M02, …"""
    return tuple(f"{first_year + i // 12}M{i % 12 + 1:02d}" for i in range(count))


def _regions(kommuner: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if kommuner > len(KOMMUNER):
        codes = tuple(f"{1000 + i:04d}" for i in range(kommuner))
        names = tuple(f"Kommun {c}" for c in codes)
    else:
        codes, names = zip(*KOMMUNER[:kommuner], strict=True)
    return ("00", *codes), ("Riket", *names)


def _people(kommuner: int, groups: int, months: int, seed: int) -> np.ndarray:
    """Population per (kommun, group, month): integers that vary by all three."""
    k = np.arange(kommuner).reshape(-1, 1, 1)
    g = np.arange(groups).reshape(1, -1, 1)
    t = np.arange(months).reshape(1, 1, -1)
    return (800 + 157 * ((k * 7 + seed) % 23) + 90 * g + 2 * t + (k * g + t) % 7).astype(float)


def _he(people: np.ndarray) -> np.ndarray:
    """HE per (system, kommun, group, month): whole numbers below the population."""
    k, g, t = (
        np.arange(n).reshape(*(1,) * i, -1, *(1,) * (2 - i)) for i, n in enumerate(people.shape)
    )
    wobble = 1.0 + 0.05 * ((k + 2 * g + t) % 5)
    return np.floor(RATES.reshape(-1, 1, 1, 1) * people[None] * wobble[None])


def _contents_block(he: np.ndarray, people: np.ndarray) -> np.ndarray:
    """The nine contents along a new first axis: six systems, Summa, Folkmängd, Andel."""
    summa = he.sum(axis=0)
    andel = np.round(100.0 * summa / people, 1)
    return np.concatenate([he, summa[None], people[None], andel[None]], axis=0)


def _content_variable(folk: str = "Folkmängd", andel: str = "Andel av befolkningen"):
    entries = (*HE_CONTENTS, SUMMA, (FOLKMANGD[0], folk), (ANDEL[0], andel))
    codes, texts = zip(*entries, strict=True)
    return FakeVariable("ContentsCode", "tabellinnehåll", codes, texts)


def _decimals() -> dict[str, int]:
    return {**{c: 0 for c, _ in (*HE_CONTENTS, SUMMA, FOLKMANGD)}, ANDEL[0]: 1}


def kon_table(kommuner: int = 5, months: Sequence[str] | int = 6) -> FakeTable:
    """A TAB1386-like table: riket + `kommuner`, TotSa/1/2, 20-64/20-65, nine contents."""
    tid = month_codes(2014, months) if isinstance(months, int) else tuple(months)
    region_codes, region_names = _regions(kommuner)
    # groups: (män, kvinnor) × (20-64, 20-65)
    people = _people(kommuner, 4, len(tid), seed=1)
    people[:, 2:, :] = people[:, :2, :] + 15  # 20-65 is a little larger than 20-64
    he = _he(people)
    by_kommun = np.concatenate([he, people[None]], axis=0)  # (7, k, 4, t)
    with_riket = np.concatenate([by_kommun.sum(axis=1, keepdims=True), by_kommun], axis=1)
    parts = with_riket.reshape(7, kommuner + 1, 2, 2, len(tid))  # (c, r, sex, age, t)
    sexes = np.concatenate([parts.sum(axis=2, keepdims=True), parts], axis=2)  # TotSa, 1, 2
    block = _contents_block(sexes[:6], sexes[6])  # (9, r, s, a, t)
    values = np.moveaxis(block, 0, 3)  # (r, s, a, c, t)
    variables = (
        FakeVariable("Region", "region", region_codes, region_names, elimination=True),
        FakeVariable(
            "Kon",
            "kön",
            ("TotSa", "1", "2"),
            ("totalt, samtliga män och kvinnor", "män", "kvinnor"),
            elimination=True,
        ),
        FakeVariable("Aldersgrupp", "åldersgrupp", ("20-64", "20-65"), ("20-64 år", "20-65 år")),
        _content_variable(),
        FakeVariable("Tid", "månad", tid, tid, time=True),
    )
    return FakeTable(
        table_id=KON_TABLE_ID,
        v1_path=KON_TABLE_V1,
        label="Helårsekvivalenter efter region, kön, åldersgrupp, tabellinnehåll och månad",
        variables=variables,
        values=values,
        decimals=_decimals(),
    )


AGE_BANDS = ("20-29", "30-39", "40-49", "50-59", "60-64")


def age_table(kommuner: int = 5, months: Sequence[str] | int = 6) -> FakeTable:
    """A table by ålder (no kön): the 20–64 total and five bands, nine contents."""
    tid = month_codes(2014, months) if isinstance(months, int) else tuple(months)
    region_codes, region_names = _regions(kommuner)
    people = _people(kommuner, len(AGE_BANDS), len(tid), seed=5)
    he = _he(people)
    by_kommun = np.concatenate([he, people[None]], axis=0)  # (7, k, bands, t)
    with_riket = np.concatenate([by_kommun.sum(axis=1, keepdims=True), by_kommun], axis=1)
    ages = np.concatenate([with_riket.sum(axis=2, keepdims=True), with_riket], axis=2)
    block = _contents_block(ages[:6], ages[6])  # (9, r, a, t)
    values = np.moveaxis(block, 0, 2)  # (r, a, c, t)
    age_codes = ("20-64", *AGE_BANDS)
    variables = (
        FakeVariable("Region", "region", region_codes, region_names, elimination=True),
        FakeVariable("Alder", "ålder", age_codes, tuple(f"{a} år" for a in age_codes)),
        _content_variable("Folkmängd 20-64 år", "Andel av befolkningen 20-64 år"),
        FakeVariable("Tid", "månad", tid, tid, time=True),
    )
    return FakeTable(
        table_id=AGE_TABLE_ID,
        v1_path=AGE_TABLE_V1,
        label="Helårsekvivalenter efter region, ålder, tabellinnehåll och månad",
        variables=variables,
        values=values,
        decimals=_decimals(),
    )
