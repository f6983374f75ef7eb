"""Where a share stands among Sweden's kommuner: quartile classes and the kommun band.

For each (period, sex, age group, measure) the kommuner's shares give two thresholds,
q25 and q75: the 25th and 75th percentiles with linear interpolation between the
closest ranks (numpy's and pandas' default). A share at or below q25 is `low` (green
in the report), at or above q75 `high` (red), anything between `mid` (yellow). When
q25 equals q75 (many kommuner share one value, e.g. 0) a share equal to both is `low`:
it is among the lowest values, so it cannot be among the highest 25 %. A missing share
has no class. Kvinnor are ranked among kvinnor and män among män, because each sex is
its own group. Any other area (county, förbund, riket) is placed against the same
kommun thresholds.

The *band* is the lowest and the highest kommun share of each group: the grey area of
the report's charts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.periods import PERIOD

LOW = "low"
MID = "mid"
HIGH = "high"
QUARTILES: tuple[str, ...] = (LOW, MID, HIGH)
QUARTILE_DTYPE = pd.CategoricalDtype(list(QUARTILES), ordered=True)

CONTEXT_KEYS: tuple[str, ...] = (PERIOD, "sex", "age_group", "measure")
CONTEXT_COLUMNS: tuple[str, ...] = (
    *CONTEXT_KEYS,
    "q25",
    "q75",
    "band_min",
    "band_max",
    "kommuner",
)


def kommun_context(kommun_shares: pd.DataFrame) -> pd.DataFrame:
    """Quartile thresholds and the band of the kommuner's shares, per group.

    `kommun_shares` is a share table with kommun rows only. Returns one row per
    (period, sex, age_group, measure) with `q25`, `q75`, `band_min`, `band_max` and
    `kommuner` (how many kommuner have a share).
    """
    keys = [kommun_shares[k] for k in CONTEXT_KEYS]
    grouped = kommun_shares["share"].groupby(keys, observed=True, sort=True)
    context = pd.DataFrame(
        {
            "q25": grouped.quantile(0.25),
            "q75": grouped.quantile(0.75),
            "band_min": grouped.min(),
            "band_max": grouped.max(),
            "kommuner": grouped.count(),
        }
    )
    return context.reset_index().loc[:, list(CONTEXT_COLUMNS)]


def quartile_class(share: pd.Series, q25: pd.Series, q75: pd.Series) -> pd.Series:
    """`low`/`mid`/`high` for each share against its thresholds; missing where unknown."""
    share_values = share.to_numpy(dtype=float)
    low = share_values <= q25.to_numpy(dtype=float)
    high = share_values >= q75.to_numpy(dtype=float)
    known = ~(np.isnan(share_values) | q25.isna().to_numpy() | q75.isna().to_numpy())
    codes = np.select([~known, low, high], [-1, 0, 2], default=1)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=QUARTILE_DTYPE), index=share.index)


def with_quartiles(shares: pd.DataFrame, context: pd.DataFrame) -> pd.DataFrame:
    """A share table with the kommun thresholds `q25`, `q75` and its `quartile` class."""
    thresholds = context.loc[:, [*CONTEXT_KEYS, "q25", "q75"]]
    merged = shares.merge(thresholds, on=list(CONTEXT_KEYS), how="left", sort=False)
    merged["quartile"] = quartile_class(merged["share"], merged["q25"], merged["q75"])
    return merged
