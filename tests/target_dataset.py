"""A small dataset with SCB's age table, for the Målgrupper and Områden pages.

Five kommuner, 2023 and 2024 complete, every month of a year alike. Only sjukpenning
(SP) and ekonomiskt bistånd (EB) have HE; the other four systems are 0. Values 2024
(2023: every HE × 0,75, population the same):

| kommun | group | population | SP | EB |
|---|---|---|---|---|
| Skellefteå 2482 | totalt | 40 000 | 1 200 | 400 |
| | kvinnor / män | 20 000 / 20 000 | 800 / 400 | 200 / 200 |
| | 20–29 / 30–64 | 8 000 / 32 000 | 80 / 1 120 | 160 / 240 |
| Norsjö 2417 | totalt | 2 000 | 80 | 45 |
| | kvinnor / män | 1 000 / 1 000 | 50 / 30 | 20 / 25 |
| | 20–29 / 30–64 | 400 / 1 600 | 4 / 76 | 16 / 29 |
| Umeå 2480 | totalt | 80 000 | 1 600 | 800 |
| | kvinnor / män | 40 000 / 40 000 | 1 000 / 600 | 400 / 400 |
| | 20–29 / 30–64 | 20 000 / 60 000 | 200 / 1 400 | 400 / 400 |
| Luleå 2580 | totalt | 40 000 | 1 000 | 600 |
| | kvinnor / män | 20 000 / 20 000 | 600 / 400 | 300 / 300 |
| | 20–29 / 30–64 | 8 000 / 32 000 | 100 / 900 | 200 / 400 |
| Stockholm 0180 | totalt | 600 000 | 12 000 | 6 000 |
| | kvinnor / män | 300 000 / 300 000 | 7 200 / 4 800 | 3 000 / 3 000 |
| | 20–29 / 30–64 | 150 000 / 450 000 | 1 500 / 10 500 | 3 000 / 3 000 |

Hand-computed for Samordningsförbundet Skellefteå-Norsjö, 2024, against riket (the sum
of the five): 30–64 år SP (1 120 + 76) / 33 600 = 3,560 % against 13 996 / 575 600 =
2,432 %, excess 1 196 − 13 996 / 575 600 × 33 600 = 379,0 HE (first); kvinnor SP
850 / 21 000 = 4,048 % against 9 650 / 381 000 = 2,533 %, excess 318,1 HE (second); män
SP 430 / 21 000 against 6 230 / 381 000, excess 86,6 HE (third).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data.contract import HE_MEASURES
from data.store import write_dataset

GROUPS: tuple[tuple[str, str], ...] = (
    ("T", "20-64"),
    ("K", "20-64"),
    ("M", "20-64"),
    ("T", "20-29"),
    ("T", "30-64"),
)
VALUES: dict[str, tuple[tuple[float, float, float], ...]] = {
    # kommun: (population, SP, EB) per group, in the order of GROUPS
    "2482": (
        (40_000, 1_200, 400),
        (20_000, 800, 200),
        (20_000, 400, 200),
        (8_000, 80, 160),
        (32_000, 1_120, 240),
    ),
    "2417": ((2_000, 80, 45), (1_000, 50, 20), (1_000, 30, 25), (400, 4, 16), (1_600, 76, 29)),
    "2480": (
        (80_000, 1_600, 800),
        (40_000, 1_000, 400),
        (40_000, 600, 400),
        (20_000, 200, 400),
        (60_000, 1_400, 400),
    ),
    "2580": (
        (40_000, 1_000, 600),
        (20_000, 600, 300),
        (20_000, 400, 300),
        (8_000, 100, 200),
        (32_000, 900, 400),
    ),
    "0180": (
        (600_000, 12_000, 6_000),
        (300_000, 7_200, 3_000),
        (300_000, 4_800, 3_000),
        (150_000, 1_500, 3_000),
        (450_000, 10_500, 3_000),
    ),
}
YEAR_FACTORS = {2023: 0.75, 2024: 1.0}
MONTHS = pd.date_range("2023-01-01", "2024-12-01", freq="MS")


def target_frame() -> pd.DataFrame:
    rows = []
    for month in MONTHS:
        factor = YEAR_FACTORS[month.year]
        for code, groups in VALUES.items():
            for (sex, age), (population, sick, welfare) in zip(GROUPS, groups, strict=True):
                he = dict.fromkeys(HE_MEASURES, 0.0)
                he["sjukpenning"] = sick * factor
                he["ekonomiskt_bistand"] = welfare * factor
                for measure, value in he.items():
                    rows.append((code, month, sex, age, measure, value))
                rows.append((code, month, sex, age, "population", float(population)))
    return pd.DataFrame(
        rows, columns=["region_code", "month", "sex", "age_group", "measure", "value"]
    )


def write_target_dataset(directory: Path) -> Path:
    return write_dataset(
        target_frame(),
        {"source": "synthetic", "tables": '["TAB1386", "HE0000T01N"]', "generator_version": "t"},
        directory / "he.parquet",
    )
