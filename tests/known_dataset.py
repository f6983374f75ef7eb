"""A small dataset with hand-computable answers, for page tests (AppTest and browser).

Five kommuner in two counties, 2023 and 2024 complete, 2025 January–June (partial).
Every month of a year has the same values, so an annual mean equals the monthly value.
HE is split over the six systems in fixed proportions (see `SPLIT`).

Hand-computed shares (sex T, 20–64, summa):

| area | 2023 | 2024 |
|---|---|---|
| Norsjö 2417 (pop 2 000) | 230 HE → 11,5 % | 250 HE → 12,5 % |
| Skellefteå 2482 (40 000) | 3 800 → 9,5 % | 4 000 → 10,0 % |
| Umeå 2480 (80 000) | 6 000 → 7,5 % | 6 400 → 8,0 % |
| Stockholm 0180 (600 000) | 57 000 → 9,5 % | 60 000 → 10,0 % |
| Upplands Väsby 0114 (30 000) | 4 200 → 14,0 % | 4 500 → 15,0 % |
| Västerbottens län 24 (pooled) | 10 030 / 122 000 → 8,2213 % | 10 650 / 122 000 → 8,7295 % |
| Riket (pooled) | 71 230 / 752 000 → 9,4721 % | 75 150 / 752 000 → 9,9934 % |

Kvinnor have 60 % of the HE and 50 % of the population; män 40 % and 50 %.
2025 repeats 2024 for January–June.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data.contract import HE_MEASURES
from data.store import write_dataset

SPLIT: dict[str, float] = dict(zip(HE_MEASURES, (0.2, 0.32, 0.12, 0.16, 0.16, 0.04), strict=True))
"""Share of a kommun's HE in each system, in the contract's measure order."""

POPULATION: dict[str, float] = {
    "2417": 2_000,
    "2482": 40_000,
    "2480": 80_000,
    "0180": 600_000,
    "0114": 30_000,
}
SUMMA_HE: dict[str, dict[int, float]] = {
    "2417": {2023: 230, 2024: 250, 2025: 250},
    "2482": {2023: 3_800, 2024: 4_000, 2025: 4_000},
    "2480": {2023: 6_000, 2024: 6_400, 2025: 6_400},
    "0180": {2023: 57_000, 2024: 60_000, 2025: 60_000},
    "0114": {2023: 4_200, 2024: 4_500, 2025: 4_500},
}
MONTHS = [
    *pd.date_range("2023-01-01", "2024-12-01", freq="MS"),
    *pd.date_range("2025-01-01", "2025-06-01", freq="MS"),
]
SEX_SHARES = {"T": (1.0, 1.0), "K": (0.6, 0.5), "M": (0.4, 0.5)}
"""sex → (its part of the HE, its part of the population)."""


def known_frame() -> pd.DataFrame:
    rows = []
    for month in MONTHS:
        for code, population in POPULATION.items():
            summa = SUMMA_HE[code][month.year]
            for sex, (he_part, pop_part) in SEX_SHARES.items():
                for measure, part in SPLIT.items():
                    rows.append((code, month, sex, "20-64", measure, summa * part * he_part))
                rows.append((code, month, sex, "20-64", "population", population * pop_part))
    frame = pd.DataFrame(
        rows, columns=["region_code", "month", "sex", "age_group", "measure", "value"]
    )
    riket = frame.groupby(["month", "sex", "age_group", "measure"], as_index=False)["value"].sum()
    return pd.concat([frame, riket.assign(region_code="00")], ignore_index=True)


def write_known_dataset(directory: Path) -> Path:
    return write_dataset(
        known_frame(),
        {"source": "synthetic", "tables": '["TAB1386"]', "generator_version": "test"},
        directory / "he.parquet",
    )
