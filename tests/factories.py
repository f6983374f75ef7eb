"""Tiny valid long datasets for tests, built from a compact spec.

The spec of :func:`dataset` maps a region code to its values per measure; a value is
either one number (the same every month) or a sequence with one number per month:

    frame = dataset(
        {"2417": {"sjukpenning": 10, "population": 1000},
         "2418": {"sjukpenning": [5, 6, 7], "population": 500}},
        start="2018-01", months=3,
    )

gives 2 regions × 3 months × 2 measures = 12 rows for sex T and age 20-64; pass `sex`
or `age_group` for other slices and join slices with :func:`combine`. `None` (or NaN)
in a value is a missing cell. Real region codes (Västerbotten `24`, Norrbotten `25`)
are named below so tests can use the project's own region registry.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from data.contract import AGE_TOTAL, COLUMNS, SEX_TOTAL
from data.provenance import Provenance
from data.store import DATASET_FILE, write_dataset

SYNTHETIC = Provenance.from_metadata(
    {"source": "synthetic", "tables": '["TAB1386"]', "generator_version": "test"}
)
"""The provenance of a synthetic dataset, for exports planned in tests."""

Value = float | int | None
Spec = Mapping[str, Mapping[str, Value | Sequence[Value]]]

VASTERBOTTEN = "24"
NORRBOTTEN = "25"
NORSJO = "2417"
MALA = "2418"
SKELLEFTEA = "2482"
UMEA = "2480"
LULEA = "2580"
PITEA = "2581"
KIRUNA = "2584"
BODEN = "2582"


def month_starts(start: str, months: int) -> pd.DatetimeIndex:
    """`months` consecutive first days of months from `start` ('YYYY-MM')."""
    return pd.date_range(f"{start}-01", periods=months, freq="MS")


def _per_month(value: Value | Sequence[Value], months: int) -> list[float]:
    if isinstance(value, Sequence):
        if len(value) != months:
            raise ValueError(f"{len(value)} values for {months} months")
        values = list(value)
    else:
        values = [value] * months
    return [math.nan if v is None else float(v) for v in values]


def dataset(
    spec: Spec,
    *,
    start: str = "2018-01",
    months: int = 12,
    sex: str = SEX_TOTAL,
    age_group: str = AGE_TOTAL,
) -> pd.DataFrame:
    """A long frame in the contract's columns and dtypes for one sex and age group."""
    dates = month_starts(start, months)
    records = [
        (region, month, sex, age_group, measure, value)
        for region, measures in spec.items()
        for measure, values in measures.items()
        for month, value in zip(dates, _per_month(values, months), strict=True)
    ]
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    return frame.astype({"value": "float64", "month": "datetime64[us]"})


def combine(*frames: pd.DataFrame) -> pd.DataFrame:
    """Several slices (e.g. sex T, K and M) as one frame."""
    return pd.concat(frames, ignore_index=True)


def write(frame: pd.DataFrame, directory: Path, source: str = "synthetic") -> Path:
    """Write `frame` as a valid dataset `he.parquet` in `directory`; returns its path."""
    provenance = {"source": source, "tables": '["TAB1386"]'}
    return write_dataset(frame, provenance, directory / DATASET_FILE)


TWO_COUNTIES_SHARES: dict[str, float] = {
    NORSJO: 8.0,
    MALA: 1.0,
    SKELLEFTEA: 2.0,
    UMEA: 3.0,
    LULEA: 4.0,
    PITEA: 5.0,
    KIRUNA: 6.0,
    BODEN: 7.0,
}
"""Sjukpenning (= summa) in % of the population, sex T, in :func:`two_counties`."""

TWO_COUNTIES_POPULATION: dict[str, float] = {code: 1000.0 for code in TWO_COUNTIES_SHARES}
TWO_COUNTIES_POPULATION[UMEA] = 4000.0


def two_counties() -> pd.DataFrame:
    """Eight kommuner in Västerbotten (24) and Norrbotten (25), 2018 and January–March 2019.

    Only sjukpenning has HE, so summa = sjukpenning. Every month has the same values.
    Sex T: the shares of :data:`TWO_COUNTIES_SHARES` (1–8 %, each kommun 1 000
    inhabitants, Umeå 4 000). Kvinnor have 60 % of the HE and 50 % of the population
    (shares × 1,2), män 40 % and 50 % (× 0,8). Age group 20-29 (sex T) exists for
    Norsjö (20 HE of 200) and Malå (2 HE of 200). Riket's own rows (`00`) hold
    nonsense, because every aggregate must be pooled from the kommuner.

    Hand-computed, sex T, 20–64, 2018: q25 = 2,75 and q75 = 6,25 (of 1…8); Norsjö and
    Boden `high`, Malå and Skellefteå `low`, the rest `mid`. Västerbotten pooled
    230 / 7 000 = 3,2857 % (mid), mean of its kommuner 3,5 %; Norrbotten 220 / 4 000 =
    5,5 % (mid), mean 5,5 %; riket 450 / 11 000 = 4,0909 % (mid).
    """
    slices = []
    for start, months in (("2018-01", 12), ("2019-01", 3)):
        for sex, he_part, population_part in (("T", 1.0, 1.0), ("K", 0.6, 0.5), ("M", 0.4, 0.5)):
            spec = {
                code: {
                    "sjukpenning": share / 100 * TWO_COUNTIES_POPULATION[code] * he_part,
                    "population": TWO_COUNTIES_POPULATION[code] * population_part,
                }
                for code, share in TWO_COUNTIES_SHARES.items()
            }
            spec["00"] = {"sjukpenning": 1.0, "population": 1.0}
            slices.append(dataset(spec, start=start, months=months, sex=sex))
        young = {
            NORSJO: {"sjukpenning": 20, "population": 200},
            MALA: {"sjukpenning": 2, "population": 200},
        }
        slices.append(dataset(young, start=start, months=months, age_group="20-29"))
    return combine(*slices)
