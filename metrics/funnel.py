"""The funnel plot's numbers: every kommun's share against riket's, with control limits.

For one measure, period, kön and age group each kommun's share is set against riket's
pooled share p0 (sum of the kommuner's HE ÷ sum of their population) with the 95 % and
99,8 % control limits at the kommun's population (:mod:`metrics.chance`). When the
kommuner are over-dispersed, as HE shares are, the limits include Spiegelhalter's τ²
estimated from all of them; `method` says which limits were used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.contract import isin_text
from metrics.chance import Z_95, Z_998, Dispersion, control_limits, dispersion, signal
from metrics.periods import PERIOD

FUNNEL_COLUMNS: tuple[str, ...] = (
    "region_code",
    "name",
    "he",
    "population",
    "share",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "signal",
    "method",
)


@dataclass(frozen=True)
class Funnel:
    """Kommuner against riket's pooled share.

    `table` has one row per kommun (:data:`FUNNEL_COLUMNS`: shares and limits in %,
    `signal` 'high', 'low' or '' against the 99,8 % limits, `method` 'binomial' or
    'overdispersed'); `reference_share` is p0 in %; `tau2` the between-kommun variance
    used for the limits (0 for binomial limits).
    """

    table: pd.DataFrame
    reference_share: float
    dispersion: Dispersion

    @property
    def method(self) -> str:
        return self.dispersion.method

    @property
    def tau2(self) -> float:
        return self.dispersion.tau2 if self.dispersion.overdispersed else 0.0

    def limits(self, population: np.ndarray | float, z: float) -> tuple[np.ndarray, np.ndarray]:
        """The limits as drawn, at any population (for the funnel's lines)."""
        return control_limits(self.reference_share, population, z, self.tau2)


def pooled_share(he: pd.Series, population: pd.Series) -> float:
    """Sum of HE ÷ sum of population × 100 over the rows that have both (NaN if none)."""
    usable = he.notna() & population.notna() & (population > 0)
    total = float(population[usable].sum())
    return float(he[usable].sum()) / total * 100.0 if total > 0 else float("nan")


def funnel_of(rows: pd.DataFrame, names: Mapping[str, str] | None = None) -> Funnel:
    """The funnel of kommun share rows of one measure, period, kön and age group.

    `rows` needs `region_code`, `he`, `population` and `share`; `names` maps codes to
    names (the code itself when missing). Rows keep their order.
    """
    table = pd.DataFrame(
        {
            "region_code": rows["region_code"].astype(str).to_numpy(),
            "he": rows["he"].to_numpy(dtype=float),
            "population": rows["population"].to_numpy(dtype=float),
            "share": rows["share"].to_numpy(dtype=float),
        }
    )
    table.insert(1, "name", table["region_code"].map(lambda c: (names or {}).get(c, c)))
    p0 = pooled_share(table["he"], table["population"])
    spread = dispersion(table["share"], table["population"], p0)
    funnel = Funnel(table, p0, spread)
    for z, suffix in ((Z_95, "95"), (Z_998, "998")):
        lower, upper = funnel.limits(table["population"].to_numpy(), z)
        table[f"lower_{suffix}"] = lower
        table[f"upper_{suffix}"] = upper
    table["signal"] = signal(table["share"], table["population"], p0, Z_998, funnel.tau2)
    table["method"] = funnel.method
    return Funnel(table.loc[:, list(FUNNEL_COLUMNS)], p0, spread)


def kommun_funnel(
    shares: pd.DataFrame,
    kommun_names: Mapping[str, str],
    period,
    measure: str,
    sex: str,
    age_group: str,
) -> Funnel:
    """:func:`funnel_of` for the kommuner in `kommun_names` from a share table of every
    area (e.g. :attr:`metrics.model.Model.annual`), in kommun-code order."""
    mask = (
        isin_text(shares["region_code"], list(kommun_names))
        & (shares[PERIOD] == period)
        & (shares["measure"] == measure)
        & (shares["sex"] == sex)
        & (shares["age_group"] == age_group)
    )
    rows = shares.loc[mask]
    rows = rows.assign(region_code=rows["region_code"].astype(str)).sort_values("region_code")
    return funnel_of(rows, kommun_names)
