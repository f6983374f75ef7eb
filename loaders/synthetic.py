"""The embedded synthetic dataset: SCB's HE tables in shape, plausible but not real.

This machine cannot reach SCB, so the app ships with data that imitates the kön table
(TAB1386) and the age table (HE0000T01N) in every structural respect: riket and all 290
kommuner, every month 2014-01 to 2025-12, kön T/K/M for ages 20-64, the age bands for
sex T only (no kön × ålder cross), the six HE measures and the population, HE in tenths
and population in whole persons, riket as the sum of the kommuner's published values,
and SCB's two quirks (ekonomiskt bistånd reported as 0 for a missing month, NaN cells).

The numbers come from a small model, not from SCB:

    HE = population × national rate(measure, month) × kommun effect × noise

- the national rates follow SCB's levels and trends per year (sjuk- och
  aktivitetsersättning falling, etableringsersättning peaking in 2017, the pandemic in
  2020) with a monthly seasonal pattern;
- each kommun has a persistent effect per measure (a shared deprivation factor, a few
  kommun types, an idiosyncratic part and a slow trend) and an age structure, so old
  rural kommuner have more sjukersättning;
- women and men have their own rates; the noise is autocorrelated over months and
  larger where the numbers are small, as in a small kommun's real series.

Everything is computed in integers (tenths of HE, persons) so that kvinnor + män =
totalt and the age bands sum to 20-64 exactly, before the quirks are applied. The
result depends only on the seed and `GENERATOR_VERSION`; every random component draws
from its own stream, so changing one does not reshuffle the others.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.contract import AGE_TOTAL, HE_MEASURES, MEASURES, RIKET_CODE, SEX_TOTAL
from data.regions import load_regions

GENERATOR_VERSION = "1"
DEFAULT_SEED = 2417
TABLES: tuple[str, ...] = ("TAB1386", "HE0000T01N")
"""The kön table and the age table this dataset imitates."""

FIRST_YEAR = 2014
LAST_YEAR = 2025
YEARS: tuple[int, ...] = tuple(range(FIRST_YEAR, LAST_YEAR + 1))
N_MONTHS = 12 * len(YEARS)

AGE_BANDS: tuple[str, ...] = ("20-29", "30-39", "40-49", "50-59", "60-64")
SLICES: tuple[tuple[str, str], ...] = (
    (SEX_TOTAL, AGE_TOTAL),
    ("K", AGE_TOTAL),
    ("M", AGE_TOTAL),
    *((SEX_TOTAL, band) for band in AGE_BANDS),
)
"""The (sex, age_group) slices SCB publishes: kön at 20-64, age bands for sex T only."""

_N_HE = len(HE_MEASURES)
_BAND_SLICES = slice(3, 3 + len(AGE_BANDS))

# --- The national level: SCB-like shares in % of the population 20-64 (sex T). ------
# One row per year, one column per measure in the order of HE_MEASURES, before
# seasonality and the pandemic; the monthly series interpolates linearly between
# mid-year knots.
# fmt: off
_NATIONAL_BY_YEAR: tuple[tuple[int, float, float, float, float, float, float], ...] = (
    # year  sjukpenning  sjuk_och_akt  arbetsloshet  atgarder  ek_bistand  etablering
    (2014,  2.35,        4.85,         1.65,         2.60,     2.30,       0.18),
    (2015,  2.60,        4.60,         1.55,         2.70,     2.20,       0.30),
    (2016,  2.75,        4.40,         1.42,         2.80,     2.10,       0.55),
    (2017,  2.80,        4.20,         1.30,         2.75,     2.00,       0.70),
    (2018,  2.65,        4.00,         1.22,         2.60,     1.90,       0.62),
    (2019,  2.50,        3.85,         1.25,         2.40,     1.85,       0.45),
    (2020,  2.40,        3.70,         1.30,         2.35,     1.85,       0.30),
    (2021,  2.45,        3.55,         1.35,         2.45,     1.78,       0.20),
    (2022,  2.45,        3.45,         1.15,         2.35,     1.68,       0.16),
    (2023,  2.45,        3.35,         1.25,         2.20,     1.70,       0.15),
    (2024,  2.40,        3.25,         1.40,         2.15,     1.75,       0.13),
    (2025,  2.40,        3.15,         1.42,         2.10,     1.75,       0.12),
)

# Monthly pattern per measure, normalised to a mean of 1 when used: sickness and
# unemployment are higher in winter; sickness and programmes dip in July.
_SEASON_BY_MONTH: tuple[tuple[float, float, float, float, float, float], ...] = (
    # sjukpenning  sjuk_och_akt  arbetsloshet  atgarder  ek_bistand  etablering
    (1.08,         1.00,         1.12,         1.00,     1.03,       1.00),  # Jan
    (1.10,         1.00,         1.10,         1.04,     1.00,       1.01),  # Feb
    (1.07,         1.00,         1.05,         1.05,     1.02,       1.02),  # Mar
    (1.02,         1.00,         0.98,         1.04,     1.00,       1.01),  # Apr
    (0.99,         1.00,         0.94,         1.02,     0.99,       1.00),  # May
    (0.96,         1.00,         1.00,         0.97,     0.98,       0.99),  # Jun
    (0.84,         1.00,         1.06,         0.84,     1.00,       0.96),  # Jul
    (0.91,         1.00,         0.98,         0.92,     0.99,       0.97),  # Aug
    (1.00,         1.00,         0.90,         1.03,     0.98,       1.00),  # Sep
    (1.03,         1.00,         0.92,         1.04,     0.99,       1.01),  # Oct
    (1.02,         1.00,         0.95,         1.04,     0.99,       1.02),  # Nov
    (0.98,         1.00,         1.00,         1.01,     1.03,       1.01),  # Dec
)
# fmt: on


# The pandemic: multipliers on the national rate for runs of months ("YYYY-MM", last
# month inclusive).
_PANDEMIC: dict[str, tuple[tuple[str, str, float], ...]] = {
    "sjukpenning": (
        ("2020-03", "2020-05", 1.30),
        ("2020-06", "2021-04", 1.10),
        ("2022-01", "2022-02", 1.15),
    ),
    "arbetsloshetsersattning": (
        ("2020-03", "2020-03", 1.15),
        ("2020-04", "2020-12", 1.45),
        ("2021-01", "2021-06", 1.30),
        ("2021-07", "2021-12", 1.12),
    ),
    "arbetsmarknadsatgarder": (("2020-04", "2020-08", 0.92),),
}

# --- Who: women ÷ men, and each age band's rate relative to the whole 20-64. ------------
_WOMEN_TO_MEN: dict[str, float] = {
    "sjukpenning": 1.75,
    "sjuk_och_aktivitetsersattning": 1.35,
    "arbetsloshetsersattning": 0.80,
    "arbetsmarknadsatgarder": 0.85,
    "ekonomiskt_bistand": 0.92,
    "etableringsersattning": 0.80,
}
_AGE_RATE: dict[str, tuple[float, ...]] = {
    "sjukpenning": (0.55, 1.0, 1.1, 1.2, 1.15),
    # aktivitetsersättning lifts the young above 30-39; sjukersättning grows with age
    "sjuk_och_aktivitetsersattning": (0.5, 0.4, 0.75, 1.45, 2.5),
    "arbetsloshetsersattning": (1.05, 1.05, 0.95, 0.95, 1.0),
    "arbetsmarknadsatgarder": (1.45, 1.1, 0.9, 0.8, 0.55),
    "ekonomiskt_bistand": (1.8, 1.15, 0.85, 0.6, 0.45),
    "etableringsersattning": (1.7, 1.5, 0.7, 0.3, 0.1),
}
_NATIONAL_AGE_SHARES = np.array([0.22, 0.23, 0.22, 0.22, 0.11])
# How an "older" kommun (age index +1) shifts its age shares; sums to 0.
_AGE_SHIFT = np.array([-0.025, -0.015, -0.005, 0.02, 0.025])
_WOMEN_SHARE = 0.49

# --- Kommuner: sizes and persistent differences. ---------------------------------------
# Population 20-64 in 2025 of a few kommuner, to anchor the scale; the others are drawn
# and scaled to fill their county (see _COUNTY_POPULATION).
_ANCHORS: dict[str, int] = {
    "0180": 600_000,  # Stockholm
    "0126": 67_000,  # Huddinge
    "0182": 62_000,  # Nacka
    "0127": 56_000,  # Botkyrka
    "0181": 56_000,  # Södertälje
    "0184": 55_000,  # Solna
    "0136": 53_000,  # Haninge
    "0123": 50_000,  # Järfälla
    "1480": 350_000,  # Göteborg
    "1280": 220_000,  # Malmö
    "0380": 140_000,  # Uppsala
    "0580": 95_000,  # Linköping
    "1880": 90_000,  # Örebro
    "1980": 88_000,  # Västerås
    "1283": 85_000,  # Helsingborg
    "0581": 80_000,  # Norrköping
    "0680": 80_000,  # Jönköping
    "1281": 75_000,  # Lund
    "2480": 75_000,  # Umeå
    "1490": 64_000,  # Borås
    "0484": 60_000,  # Eskilstuna
    "2180": 58_000,  # Gävle
    "1380": 58_000,  # Halmstad
    "0780": 55_000,  # Växjö
    "1780": 55_000,  # Karlstad
    "2281": 55_000,  # Sundsvall
    "2580": 45_000,  # Luleå
    "2482": 40_000,  # Skellefteå
    "2380": 37_000,  # Östersund
    "2417": 2_000,  # Norsjö
    "2460": 1_100,  # Bjurholm, the smallest
}
_SMALLEST_DRAWN = 1_200
# Population 20-64 per county, about 2025 (from SCB's population by age, TAB6471).
_COUNTY_POPULATION: dict[str, int] = {
    "01": 1_477_000,
    "03": 239_000,
    "04": 158_000,
    "05": 264_000,
    "06": 201_000,
    "07": 110_000,
    "08": 127_000,
    "09": 31_000,
    "10": 83_000,
    "12": 808_000,
    "13": 184_000,
    "14": 1_009_000,
    "17": 151_000,
    "18": 169_000,
    "19": 152_000,
    "20": 148_000,
    "21": 149_000,
    "22": 127_000,
    "23": 71_000,
    "24": 157_000,
    "25": 135_000,
}
# Kommuner other than towns in these counties are "northern_inland": older, shrinking,
# more sjuk- och aktivitetsersättning.
_NORTHERN_COUNTIES = frozenset({"17", "20", "21", "22", "23", "24", "25"})
_WEALTHY = frozenset(
    {
        "0117",  # Österåker
        "0125",  # Ekerö
        "0160",  # Täby
        "0162",  # Danderyd
        "0182",  # Nacka
        "0186",  # Lidingö
        "0187",  # Vaxholm
        "0330",  # Knivsta
        "0643",  # Habo
        "1233",  # Vellinge
        "1262",  # Lomma
        "1384",  # Kungsbacka
        "1401",  # Härryda
        "1407",  # Öckerö
    }
)
_HIGH_EB = frozenset(
    {
        "0127",  # Botkyrka
        "0181",  # Södertälje
        "0191",  # Sigtuna
        "0484",  # Eskilstuna
        "1231",  # Burlöv
        "1277",  # Åstorp
        "1280",  # Malmö
        "1282",  # Landskrona
        "1488",  # Trollhättan
        "1782",  # Filipstad
    }
)
# Log-effects per kommun type, in the order of HE_MEASURES.
_TYPE_EFFECT: dict[str, tuple[float, ...]] = {
    "wealthy": (-0.15, -0.35, -0.25, -0.4, -0.5, -0.45),
    "high_eb": (0.0, 0.1, 0.15, 0.2, 0.45, 0.3),
    "northern_inland": (0.15, 0.35, 0.15, 0.2, -0.1, 0.2),
    "town": (-0.05, -0.05, 0.0, 0.0, 0.1, 0.0),
    "other": (0.0,) * _N_HE,
}
# A shared "deprivation" factor per kommun, loaded on every measure (most on ekonomiskt
# bistånd), plus an idiosyncratic part and a slow trend per measure; HE_MEASURES order.
# The factor is capped (no kommun is an outlier on everything) and has the sign of the
# kommun's type for wealthy and high_eb kommuner.
_DEPRIVATION_SD = 0.22
_DEPRIVATION_CAP = 1.8  # in standard deviations
_DEPRIVATION_LOADING = np.array([0.5, 0.8, 0.9, 0.9, 1.3, 0.7])
_IDIOSYNCRATIC_SD = np.array([0.12, 0.15, 0.15, 0.18, 0.22, 0.5])
_TREND_SD = np.array([0.015, 0.015, 0.015, 0.015, 0.015, 0.04])  # log-change per year
_AR_PHI = 0.9

# --- SCB's quirks. ----------------------------------------------------------------------
_ZERO_EB_KOMMUNER = 7
_ZERO_EB_RUN = (3, 8)  # months per run, inclusive
_ZERO_EB_MAX_POPULATION = 100_000
_NAN_CELLS = 36


@dataclass(frozen=True)
class Kommuner:
    """The kommuner's fixed traits: codes, types, 2025 size, growth and age structure."""

    codes: tuple[str, ...]
    types: tuple[str, ...]
    population_2025: np.ndarray  # (kommun,)
    growth: np.ndarray  # (kommun,), log-change per year
    women_share: np.ndarray  # (kommun,)
    age_shares: np.ndarray  # (kommun, band)


def generate(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The synthetic dataset in the data contract's long format (about 2.35 M rows)."""
    codes = load_regions().kommun_codes()
    kommuner = _kommuner(codes, seed)
    months = pd.date_range(f"{FIRST_YEAR}-01-01", periods=N_MONTHS, freq="MS")
    population = _population(kommuner, months)
    he_tenths = _he_tenths(kommuner, population, months, seed)
    values = np.concatenate([he_tenths / 10.0, population[..., None].astype(float)], axis=-1)
    _apply_quirks(values, kommuner, seed)
    riket = np.round(np.nansum(values, axis=0, keepdims=True), 1)
    return _long_frame(np.concatenate([riket, values]), (RIKET_CODE, *codes), months)


def provenance(seed: int = DEFAULT_SEED) -> dict[str, str]:
    """The Parquet metadata of a synthetic dataset (no timestamp: the bytes must repeat)."""
    return {
        "source": "synthetic",
        "tables": json.dumps(list(TABLES)),
        "generator_version": GENERATOR_VERSION,
        "seed": str(seed),
    }


def allocate(total: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Split integer `total` over the last axis of `weights`, keeping the sum exact.

    Each part gets the floor of its proportional share; the units left over go to the
    parts with the largest remainders (Hamilton's method). `weights` must be positive.
    """
    exact = total[..., None] * (weights / weights.sum(axis=-1, keepdims=True))
    parts = np.floor(exact).astype(np.int64)
    short = total - parts.sum(axis=-1)
    order = np.argsort(parts - exact, axis=-1, kind="stable")
    rank = np.empty_like(order)
    positions = np.broadcast_to(np.arange(weights.shape[-1]), order.shape)
    np.put_along_axis(rank, order, positions, axis=-1)
    return parts + (rank < short[..., None])


def _rng(seed: int, component: str) -> np.random.Generator:
    """An independent random stream per component, stable across Python processes."""
    return np.random.default_rng([seed, zlib.crc32(component.encode())])


def _kommun_type(code: str) -> str:
    if code in _WEALTHY:
        return "wealthy"
    if code in _HIGH_EB:
        return "high_eb"
    if int(code[2:]) >= 80:  # SCB numbers a county's towns (städer) from 80
        return "town"
    if code[:2] in _NORTHERN_COUNTIES:
        return "northern_inland"
    return "other"


def _kommuner(codes: tuple[str, ...], seed: int) -> Kommuner:
    rng = _rng(seed, "kommuner")
    types = tuple(_kommun_type(code) for code in codes)
    type_array = np.array(types)
    stockholm_county = np.array([code.startswith("01") for code in codes])
    size_prior = np.select(
        [type_array == "town", stockholm_county, type_array == "northern_inland"],
        [35_000.0, 30_000.0, 5_000.0],
        default=10_000.0,
    )
    drawn = size_prior * np.exp(rng.normal(0.0, 0.55, len(codes)))
    population = _fill_counties(codes, drawn)

    growth = np.select(
        [type_array == "town", stockholm_county, type_array == "northern_inland"],
        [0.012, 0.009, -0.008],
        default=0.001,
    ) + rng.normal(0.0, 0.002, len(codes))
    age_index = np.select(
        [type_array == "town", stockholm_county, type_array == "northern_inland"],
        [-0.7, -0.5, 1.0],
        default=0.4,
    ) + rng.normal(0.0, 0.3, len(codes))
    age_shares = _NATIONAL_AGE_SHARES + age_index[:, None] * _AGE_SHIFT
    age_shares = age_shares * np.exp(rng.normal(0.0, 0.03, age_shares.shape))
    age_shares /= age_shares.sum(axis=1, keepdims=True)
    women_share = np.select(
        [type_array == "northern_inland", type_array == "town"],
        [_WOMEN_SHARE - 0.012, _WOMEN_SHARE + 0.005],
        default=_WOMEN_SHARE,
    ) + rng.normal(0.0, 0.004, len(codes))
    return Kommuner(codes, types, population, growth, women_share, age_shares)


def _fill_counties(codes: tuple[str, ...], drawn: np.ndarray) -> np.ndarray:
    """Anchored sizes as given; the others share what is left of their county.

    Each unanchored kommun gets `_SMALLEST_DRAWN` plus a part of the county's remainder
    in proportion to its draw, so that every county adds up to its target.
    """
    population = drawn.copy()
    county = np.array([code[:2] for code in codes])
    anchored = np.array([code in _ANCHORS for code in codes])
    for index, code in enumerate(codes):
        if anchored[index]:
            population[index] = _ANCHORS[code]
    for county_code, target in _COUNTY_POPULATION.items():
        in_county = county == county_code
        free = in_county & ~anchored
        remaining = target - population[in_county & anchored].sum() - _SMALLEST_DRAWN * free.sum()
        population[free] = _SMALLEST_DRAWN + drawn[free] * remaining / drawn[free].sum()
    return population


def _population(kommuner: Kommuner, months: pd.DatetimeIndex) -> np.ndarray:
    """Persons at the end of each month: (kommun, month, slice) integers."""
    years = _decimal_years(months)
    total = kommuner.population_2025[:, None] * np.exp(
        kommuner.growth[:, None] * (years[None, :] - (LAST_YEAR + 0.5))
    )
    women = np.rint(total * kommuner.women_share[:, None]).astype(np.int64)
    men = np.rint(total * (1.0 - kommuner.women_share[:, None])).astype(np.int64)
    both = women + men
    shares = np.broadcast_to(kommuner.age_shares[:, None, :], (*both.shape, len(AGE_BANDS)))
    bands = allocate(both, shares)
    return np.concatenate([np.stack([both, women, men], axis=-1), bands], axis=-1)


def _decimal_years(months: pd.DatetimeIndex) -> np.ndarray:
    return months.year.to_numpy() + (months.month.to_numpy() - 0.5) / 12.0


def _national_rates(months: pd.DatetimeIndex) -> np.ndarray:
    """The national share (a fraction) per measure and month: (month, measure)."""
    years = _decimal_years(months)
    table = np.array(_NATIONAL_BY_YEAR)
    knots, levels = table[:, 0] + 0.5, table[:, 1:]
    seasons = np.array(_SEASON_BY_MONTH)
    month_index = months.month.to_numpy() - 1
    labels = months.strftime("%Y-%m")
    rates = np.empty((len(months), _N_HE))
    for column, measure in enumerate(HE_MEASURES):
        level = np.interp(years, knots, levels[:, column])
        season = seasons[:, column]
        shock = np.ones(len(months))
        for first, last, factor in _PANDEMIC.get(measure, ()):
            shock[(labels >= first) & (labels <= last)] = factor
        rates[:, column] = level * (season / season.mean())[month_index] * shock / 100.0
    return rates


def _kommun_effects(kommuner: Kommuner, rng: np.random.Generator) -> np.ndarray:
    """Each kommun's persistent log-effect per measure: (kommun, measure)."""
    n = len(kommuner.codes)
    types = np.array(kommuner.types)
    by_type = np.array([_TYPE_EFFECT[t] for t in types])
    deprivation = np.clip(rng.normal(0.0, 1.0, n), -_DEPRIVATION_CAP, _DEPRIVATION_CAP)
    deprivation = np.select(
        [types == "wealthy", types == "high_eb"],
        [-np.abs(deprivation), np.abs(deprivation)],
        default=deprivation,
    )
    shared = (deprivation * _DEPRIVATION_SD)[:, None] * _DEPRIVATION_LOADING
    return by_type + shared + rng.normal(0.0, 1.0, (n, _N_HE)) * _IDIOSYNCRATIC_SD


def _age_composition(kommuner: Kommuner) -> np.ndarray:
    """How a kommun's age structure scales its rate per measure: (kommun, measure)."""
    age_rate = np.array([_AGE_RATE[m] for m in HE_MEASURES])  # (measure, band)
    return (kommuner.age_shares @ age_rate.T) / (_NATIONAL_AGE_SHARES @ age_rate.T)


def _ar1(rng: np.random.Generator, shape: tuple[int, int, int]) -> np.ndarray:
    """Standard-normal AR(1) noise along axis 1 (months), stationary from the start."""
    innovations = rng.normal(0.0, 1.0, shape)
    noise = np.empty(shape)
    noise[:, 0] = innovations[:, 0]
    scale = np.sqrt(1.0 - _AR_PHI**2)
    for t in range(1, shape[1]):
        noise[:, t] = _AR_PHI * noise[:, t - 1] + scale * innovations[:, t]
    return noise


def _he_tenths(
    kommuner: Kommuner, population: np.ndarray, months: pd.DatetimeIndex, seed: int
) -> np.ndarray:
    """HE in integer tenths: (kommun, month, slice, measure).

    Women and men are drawn separately and totalt is their sum; totalt is then split
    over the age bands, so both breakdowns add up to the same total.
    """
    rng = _rng(seed, "he")
    rate, size = _kommun_rates(kommuner, population, months, rng)
    women, men = _he_by_sex(kommuner, population, rate, size, rng)
    both = women + men
    bands = _split_by_age(kommuner, population, both, size, rng)  # (k, t, measure, band)
    by_slice = [np.stack([both, women, men], axis=2), bands.transpose(0, 1, 3, 2)]
    return np.concatenate(by_slice, axis=2)


def _kommun_rates(
    kommuner: Kommuner,
    population: np.ndarray,
    months: pd.DatetimeIndex,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Each kommun's share (a fraction, sex T) per month and measure, noise included.

    Returns the rates (kommun, month, measure) and the kommun's typical HE per month
    (kommun, 1, measure), which sets how noisy its series are. The kommun effects and
    trends are centred on the population-weighted mean, so riket stays at the national
    rates.
    """
    n, n_months = population.shape[:2]
    national = _national_rates(months)[np.newaxis]  # (1, month, measure)
    level = _kommun_effects(kommuner, rng) + np.log(_age_composition(kommuner))
    weights = kommuner.population_2025[:, None]
    level -= np.log((weights * np.exp(level)).sum(axis=0) / weights.sum())
    trend = rng.normal(0.0, 1.0, (n, _N_HE)) * _TREND_SD
    trend -= (weights * trend).sum(axis=0) / weights.sum()
    years = _decimal_years(months) - (FIRST_YEAR + LAST_YEAR + 1) / 2
    log_rate = level[:, None, :] + trend[:, None, :] * years[None, :, None]

    size = (population[:, :, :1] * national * np.exp(log_rate)).mean(axis=1, keepdims=True)
    persistent = _ar1(rng, (n, n_months, _N_HE)) * (0.02 + 0.6 / np.sqrt(size + 1.0))
    return national * np.exp(log_rate + persistent), size


def _he_by_sex(
    kommuner: Kommuner,
    population: np.ndarray,
    rate: np.ndarray,
    size: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Women's and men's HE in integer tenths, (kommun, month, measure) each.

    The rates of women and men keep the ratio `_WOMEN_TO_MEN` (varying a little by
    kommun) and average to `rate` over the kommun's women and men.
    """
    n = population.shape[0]
    ratio = np.array([_WOMEN_TO_MEN[m] for m in HE_MEASURES])
    ratio = ratio * np.exp(rng.normal(0.0, 0.05, (n, 1, _N_HE)))
    women_share = kommuner.women_share[:, None, None]
    men_factor = 1.0 / (women_share * ratio + (1.0 - women_share))
    jitter_sd = 0.005 + 0.3 / np.sqrt(size / 2 + 1.0)
    tenths = []
    for column, factor in ((1, ratio * men_factor), (2, men_factor)):
        mean = population[:, :, column, None] * rate * factor
        jitter = rng.normal(0.0, 1.0, mean.shape) * jitter_sd
        tenths.append(np.rint(mean * np.exp(jitter) * 10.0).astype(np.int64))
    return tenths[0], tenths[1]


def _split_by_age(
    kommuner: Kommuner,
    population: np.ndarray,
    total: np.ndarray,
    size: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Split HE tenths (kommun, month, measure) over the age bands: (..., band).

    Each band's part follows its population times the measure's age profile
    `_AGE_RATE`, with noise that is larger where a band's numbers are small.
    """
    age_rate = np.array([_AGE_RATE[m] for m in HE_MEASURES])  # (measure, band)
    weights = population[:, :, None, _BAND_SLICES] * age_rate  # (kommun, month, measure, band)
    band_size = size[..., None] * age_rate * kommuner.age_shares[:, None, None, :]
    noise = rng.normal(0.0, 1.0, weights.shape) * (0.02 + 0.3 / np.sqrt(band_size + 1.0))
    return allocate(total, weights * np.exp(noise))


def _apply_quirks(values: np.ndarray, kommuner: Kommuner, seed: int) -> None:
    """SCB's quirks, in place on (kommun, month, slice, measure) values.

    Ekonomiskt bistånd is 0 in every slice for a few runs of months in a few kommuner,
    always between non-zero months; a few dozen HE cells are missing (NaN).
    """
    rng = _rng(seed, "quirks")
    n, n_months, n_slices, _ = values.shape
    eb = HE_MEASURES.index("ekonomiskt_bistand")
    candidates = np.flatnonzero(kommuner.population_2025 < _ZERO_EB_MAX_POPULATION)
    chosen = rng.choice(candidates, size=_ZERO_EB_KOMMUNER, replace=False)
    low, high = _ZERO_EB_RUN
    for kommun in chosen:
        length = int(rng.integers(low, high + 1))
        start = int(rng.integers(1, n_months - length))
        values[kommun, start : start + length, :, eb] = 0.0

    cells = rng.choice(n * n_months * n_slices * _N_HE, size=_NAN_CELLS, replace=False)
    he_view = values[..., :_N_HE]
    he_view[np.unravel_index(cells, he_view.shape)] = np.nan


def _long_frame(
    values: np.ndarray, region_codes: tuple[str, ...], months: pd.DatetimeIndex
) -> pd.DataFrame:
    """(region, month, slice, measure) values → the contract's long frame, in that order."""
    shape = values.shape

    def axis_codes(axis: int) -> np.ndarray:
        """The position along `axis` of every flattened cell (C order), as small ints."""
        inner = int(np.prod(shape[axis + 1 :]))
        outer = int(np.prod(shape[:axis]))
        return np.tile(np.repeat(np.arange(shape[axis], dtype=np.int16), inner), outer)

    sexes = sorted({sex for sex, _ in SLICES})
    ages = sorted({age for _, age in SLICES})
    slice_codes = axis_codes(2)
    slice_sex = np.array([sexes.index(sex) for sex, _ in SLICES], dtype=np.int8)
    slice_age = np.array([ages.index(age) for _, age in SLICES], dtype=np.int8)
    return pd.DataFrame(
        {
            "region_code": _categorical(axis_codes(0), list(region_codes)),
            "month": months.to_numpy()[axis_codes(1)],
            "sex": _categorical(slice_sex[slice_codes], sexes),
            "age_group": _categorical(slice_age[slice_codes], ages),
            "measure": _categorical(axis_codes(3), list(MEASURES)),
            "value": values.reshape(-1),
        }
    )


def _categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype="str"))
