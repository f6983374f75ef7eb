"""The synthetic dataset: SCB's shape, plausible levels, sums that add up, quirks, the CLI.

The generator runs once per module (in-process); the CLI writes twice (once in-process,
once as a real subprocess) to check the bytes on disk and the data directory.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data.contract import HE_MEASURES, MEASURES, RIKET_CODE, validate
from data.regions import load_regions
from data.store import DATA_DIR_ENV, read_dataset
from loaders.cli import main, parse
from loaders.synthetic import (
    DEFAULT_SEED,
    GENERATOR_VERSION,
    allocate,
    generate,
    provenance,
)

ROOT = Path(__file__).resolve().parents[1]
KOMMUNER = load_regions().kommun_codes()
REGIONS = (RIKET_CODE, *KOMMUNER)
MONTHS = pd.date_range("2014-01-01", "2025-12-01", freq="MS")
YEARS = list(range(2014, 2026))
BANDS = ("20-29", "30-39", "40-49", "50-59", "60-64")
SLICES = (("T", "20-64"), ("K", "20-64"), ("M", "20-64"), *(("T", band) for band in BANDS))
T, K, M = 0, 1, 2
BAND_SLICES = slice(3, 8)
HE = slice(0, 6)
POP = MEASURES.index("population")
EB = MEASURES.index("ekonomiskt_bistand")
EXPECTED_ROWS = len(REGIONS) * len(MONTHS) * len(SLICES) * len(MEASURES)


def _measure(name: str) -> int:
    return MEASURES.index(name)


def _region(code: str) -> int:
    return REGIONS.index(code)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return generate()


@pytest.fixture(scope="module")
def cube(frame: pd.DataFrame) -> np.ndarray:
    """Values as (region, month, slice, measure), placed by key, not by row order."""

    def positions(column: str, expected: list) -> np.ndarray:
        codes = pd.Categorical(frame[column], categories=expected).codes
        assert (codes >= 0).all(), f"unexpected values in {column}"
        return codes.astype(np.int64)

    sex = positions("sex", ["T", "K", "M"])
    age = positions("age_group", ["20-64", *BANDS])
    slice_of = np.full((3, 6), -1)
    for index, (s, a) in enumerate(SLICES):
        slice_of[["T", "K", "M"].index(s), ["20-64", *BANDS].index(a)] = index
    slices = slice_of[sex, age]
    assert (slices >= 0).all(), "a kön × ålder cell that SCB does not publish"
    shape = (len(REGIONS), len(MONTHS), len(SLICES), len(MEASURES))
    months = pd.DatetimeIndex(frame["month"])
    cube = np.full(shape, np.inf)
    cube[
        positions("region_code", list(REGIONS)),
        ((months.year - 2014) * 12 + months.month - 1).to_numpy(),
        slices,
        positions("measure", list(MEASURES)),
    ] = frame["value"].to_numpy()
    assert not np.isinf(cube).any(), "a cell is missing"
    return cube


def annual_shares(cube: np.ndarray, region: int, slice_index: int = T) -> pd.DataFrame:
    """Year × HE measure: mean monthly HE ÷ mean monthly population × 100."""
    yearly = np.nanmean(cube[region, :, slice_index].reshape(len(YEARS), 12, -1), axis=1)
    shares = yearly[:, HE] / yearly[:, [POP]] * 100
    return pd.DataFrame(shares, index=YEARS, columns=list(HE_MEASURES))


def kommun_total_shares(cube: np.ndarray) -> pd.DataFrame:
    """Kommun × year: the sum of the six systems' shares (sex T, 20-64)."""
    kommuner = cube[1:, :, T]
    he = np.nansum(kommuner[..., HE], axis=-1).reshape(len(KOMMUNER), len(YEARS), 12)
    population = kommuner[..., POP].reshape(len(KOMMUNER), len(YEARS), 12)
    shares = he.mean(axis=-1) / population.mean(axis=-1) * 100
    return pd.DataFrame(shares, index=list(KOMMUNER), columns=YEARS)


def annual_population(cube: np.ndarray, year: int, slice_index: int = T) -> pd.Series:
    months = slice(12 * (year - 2014), 12 * (year - 2013))
    mean = cube[1:, months, slice_index, POP].mean(axis=1)
    return pd.Series(mean, index=list(KOMMUNER))


# --- Coverage ------------------------------------------------------------------------


def _distinct(series: pd.Series) -> set[str]:
    return {str(value) for value in series.unique()}


def test_covers_riket_every_kommun_month_slice_and_measure(frame):
    validate(frame)
    assert len(frame) == EXPECTED_ROWS == 2_346_624
    assert len(KOMMUNER) == 290
    assert _distinct(frame["region_code"]) == {RIKET_CODE, *KOMMUNER}
    assert pd.DatetimeIndex(frame["month"].unique()).sort_values().equals(MONTHS)
    assert _distinct(frame["measure"]) == set(MEASURES)
    pairs = frame.groupby(["sex", "age_group"], observed=True).size()
    assert {(str(s), str(a)) for s, a in pairs.index} == set(SLICES)
    assert (pairs == len(REGIONS) * len(MONTHS) * len(MEASURES)).all()


def test_no_kon_by_age_cross(frame):
    band_rows = frame["age_group"] != "20-64"
    assert _distinct(frame.loc[band_rows, "sex"]) == {"T"}
    assert _distinct(frame.loc[band_rows, "age_group"]) == set(BANDS)


def test_values_look_like_scb(cube):
    he = cube[..., HE]
    known = he[~np.isnan(he)]
    assert (known >= 0).all()
    np.testing.assert_allclose(known * 10, np.rint(known * 10), atol=1e-6)
    population = cube[..., POP]
    assert not np.isnan(population).any()
    assert (population > 0).all()
    np.testing.assert_array_equal(population, np.rint(population))


# --- Plausibility --------------------------------------------------------------------

SHARE_RANGES = {
    "sjukpenning": (2.0, 3.0),
    "sjuk_och_aktivitetsersattning": (3.0, 5.0),
    "arbetsloshetsersattning": (1.0, 2.0),
    "arbetsmarknadsatgarder": (2.0, 3.0),
    "ekonomiskt_bistand": (1.5, 2.5),
    "etableringsersattning": (0.1, 0.8),
}


@pytest.mark.parametrize(("measure", "bounds"), SHARE_RANGES.items())
def test_national_annual_shares_in_scb_ranges(cube, measure, bounds):
    shares = annual_shares(cube, _region(RIKET_CODE))[measure]
    low, high = bounds
    assert shares.between(low, high).all(), shares.round(2).to_dict()


def test_national_trends(cube):
    shares = annual_shares(cube, _region(RIKET_CODE))
    assert shares["etableringsersattning"].idxmax() in (2016, 2017, 2018)
    assert shares["etableringsersattning"][2017] > 2 * shares["etableringsersattning"][2014]
    assert shares["sjuk_och_aktivitetsersattning"].diff().dropna().lt(0).all()
    assert shares["arbetsloshetsersattning"][2020] > shares["arbetsloshetsersattning"][2019] + 0.2
    assert shares["sjukpenning"][2020] > shares["sjukpenning"][2019]


def test_seasonality(cube):
    riket = cube[_region(RIKET_CODE), :, T]
    share = (riket[:, HE] / riket[:, [POP]]).reshape(len(YEARS), 12, -1)
    sick = share[..., _measure("sjukpenning")]
    unemployed = share[..., _measure("arbetsloshetsersattning")]
    assert (sick[:, 6] < sick[:, 0:3].mean(axis=1)).all()  # July below January-March
    calm = [YEARS.index(year) for year in YEARS if year not in (2020, 2021)]  # no pandemic
    assert (unemployed[calm, 0] > unemployed[calm, 8]).all()  # January above September


def test_women_and_men_differ_as_in_scb(cube):
    riket = _region(RIKET_CODE)
    women, men = annual_shares(cube, riket, K), annual_shares(cube, riket, M)
    assert (women["sjukpenning"] > 1.3 * men["sjukpenning"]).all()
    assert (women["sjuk_och_aktivitetsersattning"] > men["sjuk_och_aktivitetsersattning"]).all()
    assert (men["arbetsloshetsersattning"] > women["arbetsloshetsersattning"]).all()


def test_age_bands_differ_as_in_scb(cube):
    riket = _region(RIKET_CODE)
    bands = {band: annual_shares(cube, riket, 3 + i) for i, band in enumerate(BANDS)}
    eb = pd.DataFrame({band: shares["ekonomiskt_bistand"] for band, shares in bands.items()})
    assert (eb.idxmax(axis=1) == "20-29").all()
    sa = pd.DataFrame(
        {band: shares["sjuk_och_aktivitetsersattning"] for band, shares in bands.items()}
    )
    assert (sa["20-29"] > sa["30-39"]).all()  # aktivitetsersättning
    assert (sa[["50-59", "60-64"]].min(axis=1) > sa[["20-29", "30-39", "40-49"]].max(axis=1)).all()


def test_every_kommun_share_is_a_percentage(cube):
    kommuner = cube[1:]
    shares = kommuner[..., HE] / kommuner[..., [POP]] * 100
    known = shares[~np.isnan(shares)]
    assert known.min() >= 0
    assert known.max() <= 100


def test_kommun_total_shares_span_scb_like_range(cube):
    totals = kommun_total_shares(cube)
    assert totals.min().between(4, 9).all(), totals.min().round(1).to_dict()
    assert totals.max().between(16, 32).all(), totals.max().round(1).to_dict()


def test_kommun_differences_persist(cube):
    totals = kommun_total_shares(cube)
    assert totals[2015].rank().corr(totals[2024].rank()) > 0.7


WEALTHY_SUBURBS = ("0162", "0186", "0160", "1233", "1262")  # Danderyd, Lidingö, Täby, ...
HIGH_EB = ("0127", "0181", "0191", "1280", "1282")  # Botkyrka, Södertälje, Sigtuna, ...
NORTHERN_INLAND = ("2417", "2460", "2421", "2422", "2425", "2505", "2506", "2514")


def pooled_annual_shares(cube: np.ndarray, codes: tuple[str, ...]) -> pd.DataFrame:
    """Year × HE measure for a group of kommuner: sum of HE ÷ sum of population."""
    group = np.nansum(cube[[_region(code) for code in codes]], axis=0)[np.newaxis]
    return annual_shares(group, 0)


def test_kommun_types_show(cube):
    riket = annual_shares(cube, _region(RIKET_CODE))
    wealthy = pooled_annual_shares(cube, WEALTHY_SUBURBS)
    assert (wealthy.sum(axis=1) < 0.75 * riket.sum(axis=1)).all()
    high_eb = pooled_annual_shares(cube, HIGH_EB)["ekonomiskt_bistand"]
    assert (high_eb > 1.1 * riket["ekonomiskt_bistand"]).all()
    northern = pooled_annual_shares(cube, NORTHERN_INLAND)["sjuk_och_aktivitetsersattning"]
    assert (northern > 1.2 * riket["sjuk_och_aktivitetsersattning"]).all()


def test_kommun_population_sizes(cube):
    population = annual_population(cube, 2025)
    assert population.idxmax() == "0180"
    assert 500_000 <= population["0180"] <= 700_000  # Stockholm
    assert 300_000 <= population["1480"] <= 400_000  # Göteborg
    assert 180_000 <= population["1280"] <= 260_000  # Malmö
    assert 120_000 <= population["0380"] <= 160_000  # Uppsala
    assert 1_700 <= population["2417"] <= 2_300  # Norsjö
    assert population.idxmin() == "2460"  # Bjurholm
    assert 900 <= population.min() <= 1_500
    assert 5_500_000 <= population.sum() <= 6_500_000


def test_population_drifts_slowly(cube):
    first, last = annual_population(cube, 2014), annual_population(cube, 2025)
    change = last / first
    assert change["0180"] > 1.05  # Stockholm grows
    assert change["2417"] < 1.0  # Norsjö shrinks
    assert change.between(0.8, 1.25).all()


def test_population_by_sex_and_age_band(cube):
    kommuner = cube[1:, :, :, POP]
    women_share = kommuner[:, :, K] / kommuner[:, :, T]
    assert (women_share > 0.45).all()
    assert (women_share < 0.53).all()
    band_shares = kommuner[:, :, BAND_SLICES] / kommuner[:, :, [T]]
    national = band_shares.mean(axis=(0, 1))
    np.testing.assert_allclose(national, [0.22, 0.23, 0.22, 0.22, 0.11], atol=0.03)
    order = annual_population(cube, 2025).to_numpy().argsort()
    smallest, largest = order[:50], order[-50:]
    oldest_band = band_shares[..., -1].mean(axis=1)
    assert oldest_band[smallest].mean() > oldest_band[largest].mean() + 0.01


# --- Consistency ---------------------------------------------------------------------


def test_women_plus_men_is_total(cube):
    kommuner = cube[1:]
    total, parts = kommuner[:, :, T], kommuner[:, :, K] + kommuner[:, :, M]
    known = ~np.isnan(total) & ~np.isnan(parts)
    np.testing.assert_allclose(parts[known], total[known], rtol=0, atol=1e-6)
    assert known.sum() > 0.999 * known.size


def test_age_bands_sum_to_total(cube):
    kommuner = cube[1:]
    total, parts = kommuner[:, :, T], kommuner[:, :, BAND_SLICES].sum(axis=2)
    known = ~np.isnan(total) & ~np.isnan(parts)
    np.testing.assert_allclose(parts[known], total[known], rtol=0, atol=1e-6)
    assert known.sum() > 0.999 * known.size


def test_riket_is_the_nansum_of_kommuner(cube):
    riket = cube[_region(RIKET_CODE)]
    assert not np.isnan(riket).any()
    np.testing.assert_allclose(riket, np.nansum(cube[1:], axis=0), rtol=1e-12, atol=1e-6)


# --- SCB's quirks --------------------------------------------------------------------


def test_ekonomiskt_bistand_reported_as_zero_between_reported_months(cube):
    eb = cube[1:, :, T, EB]
    zero = eb == 0
    kommuner, months = np.nonzero(zero)
    assert 20 <= len(kommuner) <= 60
    assert 3 <= len(set(kommuner)) <= 10
    for kommun in set(kommuner):
        run = np.flatnonzero(zero[kommun])
        assert (np.diff(run) == 1).all()
        assert run.min() > 0 and run.max() < len(MONTHS) - 1
        assert eb[kommun, run.min() - 1] > 0 and eb[kommun, run.max() + 1] > 0
    every_slice = cube[1:, :, :, EB][kommuner, months]
    assert (np.nan_to_num(every_slice, nan=0.0) == 0).all()


def test_a_few_cells_are_missing(cube):
    missing = np.isnan(cube)
    assert 10 <= missing.sum() <= 100
    assert not missing[_region(RIKET_CODE)].any()
    assert not missing[..., POP].any()


# --- Pure helpers --------------------------------------------------------------------


def test_allocate_keeps_the_total_and_gives_leftovers_to_largest_remainders():
    totals = np.array([10, 7, 0])
    weights = np.array([[1.0, 1.0, 1.0], [0.5, 0.3, 0.2], [0.2, 0.3, 0.5]])
    np.testing.assert_array_equal(allocate(totals, weights), [[4, 3, 3], [4, 2, 1], [0, 0, 0]])


def test_provenance_has_no_timestamp():
    assert provenance(7) == {
        "source": "synthetic",
        "tables": '["TAB1386", "HE0000T01N"]',
        "generator_version": GENERATOR_VERSION,
        "seed": "7",
    }


# --- The command line ----------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


def _run_in_process(argv: list[str], env_dir: Path) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with (
        pytest.MonkeyPatch.context() as patch,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        patch.setenv(DATA_DIR_ENV, str(env_dir))
        code = main(argv)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def cli_dirs(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("demo")
    return {name: base / name for name in ("flag", "env", "unused_env")}


@pytest.fixture(scope="module")
def flag_run(cli_dirs) -> Run:
    """In-process, `--data-dir` given while `HE_DATA_DIR` points elsewhere."""
    return _run_in_process(["demo", "--data-dir", str(cli_dirs["flag"])], cli_dirs["unused_env"])


@pytest.fixture(scope="module")
def env_run(cli_dirs) -> Run:
    """A real `python -m loaders demo` process with only `HE_DATA_DIR` set."""
    env = {**os.environ, DATA_DIR_ENV: str(cli_dirs["env"])}
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def test_cli_prints_one_line_and_exits_0(flag_run, cli_dirs):
    assert flag_run.exit_code == 0
    lines = flag_run.stdout.splitlines()
    assert len(lines) == 1
    assert "2,346,624 rows" in lines[0]
    assert "290 kommuner + riket" in lines[0]
    assert "2014-01 – 2025-12" in lines[0]
    assert str(cli_dirs["flag"] / "he.parquet") in lines[0]


def test_cli_data_dir_beats_the_environment(flag_run, cli_dirs):
    assert (cli_dirs["flag"] / "he.parquet").is_file()
    assert not (cli_dirs["unused_env"] / "he.parquet").exists()


def test_cli_uses_he_data_dir(env_run, cli_dirs):
    assert env_run.exit_code == 0, env_run.stderr
    assert str(cli_dirs["env"] / "he.parquet") in env_run.stdout


def test_same_seed_gives_the_same_bytes_across_processes(flag_run, env_run, cli_dirs):
    first = (cli_dirs["flag"] / "he.parquet").read_bytes()
    second = (cli_dirs["env"] / "he.parquet").read_bytes()
    assert first == second


def test_another_seed_gives_other_data(frame):
    other = generate(7)
    assert len(other) == len(frame)
    differs = other["value"].fillna(-1).to_numpy() != frame["value"].fillna(-1).to_numpy()
    assert differs.mean() > 0.5
    assert parse(["demo", "--seed", "7"]).seed == 7
    assert parse(["demo"]).seed == DEFAULT_SEED


def test_written_file_reads_back_with_provenance(flag_run, cli_dirs, frame):
    dataset = read_dataset(cli_dirs["flag"] / "he.parquet")
    assert dataset.is_synthetic
    assert dataset.tables == ["TAB1386", "HE0000T01N"]
    assert dataset.provenance == {
        "contract_version": "1",
        **provenance(DEFAULT_SEED),
    }
    assert json.loads(dataset.provenance["tables"]) == ["TAB1386", "HE0000T01N"]
    np.testing.assert_array_equal(dataset.frame["value"].to_numpy(), frame["value"].to_numpy())


def test_cli_rejects_a_negative_seed(tmp_path):
    with pytest.raises(SystemExit) as raised, contextlib.redirect_stderr(io.StringIO()):
        main(["demo", "--data-dir", str(tmp_path), "--seed", "-1"])
    assert raised.value.code == 2


def test_cli_reports_an_unusable_data_dir(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    run = _run_in_process(["demo", "--data-dir", str(blocker / "sub")], tmp_path)
    assert run.exit_code == 1
    assert run.stderr.startswith("error: cannot write")
    assert str(blocker / "sub" / "he.parquet") in run.stderr
