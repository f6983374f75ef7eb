"""Is a difference real, or could chance alone explain it? One method for the whole app.

A share p (in %) of an area with population n is compared with a reference share p0
(in %). If the area were like the reference, p would still move by chance around p0
with the binomial variance s² = p0(1−p0)/n (shares as fractions here). The *control
limits* are then

    p0 ± z·√(s²)            with z = 1,96 (95 %) or z = 3,09 (99,8 %).

A share outside the limits is a *signal*: chance alone would put it there in fewer than
5 (or 0,2) of 100 cases. HE are full-year equivalents, not counted persons, so the
binomial variance is an approximation; it is the one the method papers use for
proportions.

**Over-dispersion** (Spiegelhalter, "Funnel plots for comparing institutional
performance", Statistics in Medicine 2005; "Handling over-dispersion of performance
indicators", Quality and Safety in Health Care 2005). Kommuner differ for many reasons
besides chance (labour market, age structure), so among kommuner far more lie outside
binomial limits than 5 %. The additive random-effects model widens the limits by a
between-kommun variance τ²:

    z_i = (p_i − p0) / s_i,   s_i² = p0(1−p0)/n_i
    winsorise z at 10 % each tail (the lowest 10 % set to the 10th percentile, the
    highest 10 % to the 90th; percentiles by linear interpolation)
    φ = mean of the winsorised z²
    w_i = 1/s_i²
    τ² = max(0, (Nφ − (N−1)) / (Σw − Σw²/Σw))
    limits p0 ± z·√(s² + τ²)

used only when the kommuner are over-dispersed (Nφ > N−1); otherwise τ² = 0 and the
limits are binomial. The funnel plot (all kommuner against riket) uses this; a single
area against its county or riket, and a target group against the same group elsewhere,
use the binomial limits at 95 % (:func:`compare`), so every sentence the app writes
follows one rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

Z_95 = 1.96
Z_998 = 3.09
WINSORISED = 0.10
"""The fraction of z-scores winsorised in each tail before φ is estimated."""

BINOMIAL = "binomial"
OVERDISPERSED = "overdispersed"
HIGH = "high"
LOW = "low"
WITHIN = ""
"""Signals: above the upper limit, below the lower one, or within the limits."""

HIGHER = "higher"
LOWER = "lower"
SIMILAR = "similar"
"""Verdicts of :func:`compare`: clearly higher, clearly lower, or within chance."""
VERDICT_LABELS: dict[str, str] = {
    HIGHER: "Tydligt högre",
    LOWER: "Tydligt lägre",
    SIMILAR: "Inom slumpens marginal",
}
"""A verdict in words, for tables and hover texts."""

ArrayLike = float | np.ndarray | pd.Series


def _fraction(share: ArrayLike) -> np.ndarray:
    return np.asarray(share, dtype=float) / 100.0


def sampling_variance(reference_share: ArrayLike, population: ArrayLike) -> np.ndarray:
    """s² = p0(1−p0)/n, with p0 the reference share as a fraction (shares given in %).

    NaN where the population is not positive."""
    p0 = _fraction(reference_share)
    n = np.asarray(population, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, p0 * (1.0 - p0) / n, np.nan)


def control_limits(
    reference_share: ArrayLike, population: ArrayLike, z: float, tau2: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) in %: p0 ± z·√(p0(1−p0)/n + τ²)."""
    half = z * np.sqrt(sampling_variance(reference_share, population) + tau2) * 100.0
    p0 = np.asarray(reference_share, dtype=float)
    return p0 - half, p0 + half


def z_scores(share: ArrayLike, population: ArrayLike, reference_share: ArrayLike) -> np.ndarray:
    """(p − p0)/s for each area (binomial s, no over-dispersion)."""
    difference = _fraction(share) - _fraction(reference_share)
    return difference / np.sqrt(sampling_variance(reference_share, population))


def winsorise(values: np.ndarray, fraction: float = WINSORISED) -> np.ndarray:
    """The values with the lowest `fraction` set to that percentile and the highest
    `fraction` to the 1 − `fraction` percentile (linear interpolation)."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return values
    low, high = np.quantile(values, [fraction, 1.0 - fraction])
    return np.clip(values, low, high)


@dataclass(frozen=True)
class Dispersion:
    """How much more the areas vary than chance explains.

    `count` is N, `phi` φ (mean winsorised z²), `tau2` τ² (a variance of shares as
    fractions; 0 when not over-dispersed).
    """

    count: int
    phi: float
    tau2: float

    @property
    def overdispersed(self) -> bool:
        """Nφ > N − 1: more spread than the binomial model expects."""
        return self.count > 1 and self.count * self.phi > self.count - 1

    @property
    def method(self) -> str:
        return OVERDISPERSED if self.overdispersed else BINOMIAL


def dispersion(share: ArrayLike, population: ArrayLike, reference_share: float) -> Dispersion:
    """Spiegelhalter's additive random-effects estimate from all areas (see module doc).

    Areas without a share or a positive population are left out."""
    p = np.asarray(share, dtype=float)
    n = np.asarray(population, dtype=float)
    usable = np.isfinite(p) & np.isfinite(n) & (n > 0)
    p, n = p[usable], n[usable]
    count = int(p.size)
    if count == 0:
        return Dispersion(0, float("nan"), 0.0)
    variance = sampling_variance(reference_share, n)
    z = (_fraction(p) - _fraction(reference_share)) / np.sqrt(variance)
    phi = float(np.mean(winsorise(z) ** 2))
    weights = 1.0 / variance
    spread = float(weights.sum() - (weights**2).sum() / weights.sum())
    excess = count * phi - (count - 1)
    tau2 = max(0.0, excess / spread) if excess > 0 and spread > 0 else 0.0
    return Dispersion(count, phi, tau2)


def signal(
    share: ArrayLike,
    population: ArrayLike,
    reference_share: ArrayLike,
    z: float = Z_95,
    tau2: float = 0.0,
) -> np.ndarray:
    """HIGH, LOW or WITHIN (empty) for each share against its control limits.

    A share exactly on a limit is within it; a missing share or population is WITHIN."""
    lower, upper = control_limits(reference_share, population, z, tau2)
    p = np.asarray(share, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(p > upper, HIGH, np.where(p < lower, LOW, WITHIN)).astype(object)


def compare(share: float, population: float | None, reference_share: float) -> str:
    """HIGHER, LOWER or SIMILAR: the one rule every sentence of the app follows.

    An area (or group) is higher or lower than its reference only when its share lies
    beyond the 95 % binomial limits for its population; without a population nothing
    can be told from chance, so the answer is SIMILAR.
    """
    if population is None or not np.isfinite(population) or population <= 0:
        return SIMILAR
    found = signal(share, population, reference_share, Z_95)
    return {HIGH: HIGHER, LOW: LOWER}.get(str(found.item()), SIMILAR)


def compare_groups(
    share: float, population: float | None, other: float, other_population: float | None
) -> str:
    """HIGHER, LOWER or SIMILAR for one group's share against another's (kvinnor against
    män), by the same rule as :func:`compare`: the two-proportion comparison with the
    pooled share p̄ as p0 and the population n = n₁·n₂/(n₁ + n₂), so the limits are
    p̄ ± 1,96·√(p̄(1−p̄)(1/n₁ + 1/n₂)) around p̄ for p̄ + (p₁ − p₂)."""
    sizes = (population, other_population)
    if any(n is None or not np.isfinite(n) or n <= 0 for n in sizes):
        return SIMILAR
    first, second = float(population), float(other_population)
    pooled = (share * first + other * second) / (first + second)
    return compare(pooled + (share - other), first * second / (first + second), pooled)
