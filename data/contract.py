"""The data contract of `he.parquet`: column names, dtypes, codes, and the validator.

Every writer (the synthetic generator, the SCB loader) and every reader (the app, the
CLIs) goes through :func:`validate`, so a file that breaks the contract is refused at
the boundary with a message that names the problem, instead of producing wrong charts.
The human-readable version of this contract is `data/README.md`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

CONTRACT_VERSION = "1"

RIKET_CODE = "00"

HE_MEASURES: tuple[str, ...] = (
    "sjukpenning",
    "sjuk_och_aktivitetsersattning",
    "arbetsloshetsersattning",
    "arbetsmarknadsatgarder",
    "ekonomiskt_bistand",
    "etableringsersattning",
)
POPULATION = "population"
MEASURES: tuple[str, ...] = (*HE_MEASURES, POPULATION)

SEX_TOTAL = "T"
SEXES: tuple[str, ...] = ("T", "K", "M")

AGE_TOTAL = "20-64"
KON_TABLE_AGE_GROUPS: tuple[str, ...] = ("20-64", "20-65")
"""Universes of the kön table (TAB1386). Rows with these age groups may have any sex."""

COLUMNS: tuple[str, ...] = ("region_code", "month", "sex", "age_group", "measure", "value")
CODE_COLUMNS: tuple[str, ...] = ("region_code", "sex", "age_group", "measure")
KEY_COLUMNS: tuple[str, ...] = ("region_code", "month", "sex", "age_group", "measure")

_REGION_CODE = re.compile(r"^(00|\d{4})$")
_AGE_GROUP = re.compile(r"^\d{2}-\d{2}$")

PROVENANCE_KEYS_REQUIRED: tuple[str, ...] = ("source", "tables", "contract_version")
SOURCES: tuple[str, ...] = ("synthetic", "scb")


class ContractError(ValueError):
    """A dataset breaks the data contract.

    `str(err)` is an English message for the CLI and logs; `err.sv` is the Swedish
    sentence shown in the app. `err.problem` is a short stable code for tests.
    """

    def __init__(self, problem: str, message: str, sv: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.sv = sv


def validate(frame: pd.DataFrame) -> None:
    """Raise :class:`ContractError` for the first way `frame` breaks the contract."""
    _check_columns(frame)
    _check_dtypes(frame)
    _check_codes(frame)
    _check_months(frame)
    _check_values(frame)
    _check_duplicates(frame)
    _check_no_kon_age_cross(frame)
    _check_every_region_complete(frame)


def validate_provenance(metadata: dict[str, str]) -> None:
    """Raise :class:`ContractError` unless the provenance metadata is complete."""
    missing = [key for key in PROVENANCE_KEYS_REQUIRED if not metadata.get(key)]
    if missing:
        raise ContractError(
            "provenance",
            f"provenance metadata lacks {', '.join(missing)}",
            f"Datafilen saknar uppgift om ursprung ({', '.join(missing)}).",
        )
    if metadata["source"] not in SOURCES:
        raise ContractError(
            "provenance",
            f"unknown source {metadata['source']!r}; expected one of {', '.join(SOURCES)}",
            f"Datafilen anger en okänd källa ({metadata['source']!r}).",
        )


def _check_columns(frame: pd.DataFrame) -> None:
    columns = list(frame.columns)
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise ContractError(
            "columns",
            f"missing column(s): {', '.join(missing)}",
            f"Datafilen saknar kolumn(er): {', '.join(missing)}.",
        )
    extra = [c for c in columns if c not in COLUMNS]
    if extra:
        raise ContractError(
            "columns",
            f"unexpected column(s): {', '.join(map(str, extra))}",
            f"Datafilen har okända kolumner: {', '.join(map(str, extra))}.",
        )


def _is_text(series: pd.Series) -> bool:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return pd.api.types.is_string_dtype(series.cat.categories.dtype)
    return pd.api.types.is_string_dtype(series.dtype)


def _check_dtypes(frame: pd.DataFrame) -> None:
    wrong = [c for c in CODE_COLUMNS if not _is_text(frame[c])]
    if not pd.api.types.is_datetime64_dtype(frame["month"].dtype):
        wrong.append("month")
    if frame["value"].dtype != "float64":
        wrong.append("value")
    if wrong:
        detail = ", ".join(f"{c} ({frame[c].dtype})" for c in wrong)
        raise ContractError(
            "dtypes",
            f"wrong dtype in column(s): {detail}",
            f"Fel datatyp i kolumn(er): {detail}.",
        )
    for column in (*CODE_COLUMNS, "month"):
        if frame[column].isna().any():
            raise ContractError(
                "missing_key",
                f"column {column} has missing values",
                f"Kolumnen {column} har tomma värden.",
            )


def distinct_text(series: pd.Series) -> list[str]:
    """The distinct values of a text or categorical column, as strings (fast for both)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        used = np.unique(series.cat.codes.to_numpy())
        return [str(series.cat.categories[i]) for i in used if i >= 0]
    return [str(v) for v in pd.unique(series)]


def _unknown(
    values: pd.Series, allowed: tuple[str, ...] | None, pattern: re.Pattern[str] | None
) -> list[str]:
    bad = distinct_text(values)
    if allowed is not None:
        bad = [v for v in bad if v not in allowed]
    if pattern is not None:
        bad = [v for v in bad if not pattern.fullmatch(v)]
    return sorted(bad)


def isin_text(series: pd.Series, values: tuple[str, ...]) -> np.ndarray:
    """`series.isin(values)` as a boolean array, without materialising categoricals."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        wanted = [i for i, c in enumerate(series.cat.categories) if str(c) in values]
        return np.isin(series.cat.codes.to_numpy(), wanted)
    return series.isin(values).to_numpy()


def _check_codes(frame: pd.DataFrame) -> None:
    checks = (
        ("region_code", None, _REGION_CODE, "regionkod"),
        ("sex", SEXES, None, "kön"),
        ("age_group", None, _AGE_GROUP, "åldersgrupp"),
        ("measure", MEASURES, None, "mått"),
    )
    for column, allowed, pattern, sv_name in checks:
        bad = _unknown(frame[column], allowed, pattern)
        if bad:
            shown = ", ".join(repr(b) for b in bad[:5])
            raise ContractError(
                f"code_{column}",
                f"unknown code(s) in {column}: {shown}",
                f"Okänd {sv_name} i datafilen: {shown}.",
            )


def _check_months(frame: pd.DataFrame) -> None:
    months = pd.DatetimeIndex(pd.unique(frame["month"]))
    off = months[(months.day != 1) | (months.normalize() != months)]
    if len(off):
        raise ContractError(
            "month",
            f"month values must be the first day of a month; found {off[0].date()}",
            f"Månaden ska anges som månadens första dag; hittade {off[0].date()}.",
        )


def _check_values(frame: pd.DataFrame) -> None:
    values = frame["value"]
    if (values < 0).any():
        first = frame.loc[values < 0].iloc[0]
        raise ContractError(
            "negative",
            f"negative value {first['value']} for {first['region_code']} "
            f"{first['month']:%Y-%m} {first['measure']}",
            f"Negativt värde i datafilen ({first['region_code']}, {first['measure']}).",
        )
    if np.isinf(values.to_numpy()).any():
        raise ContractError("infinite", "infinite values", "Oändliga värden i datafilen.")


def _key_codes(series: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes 0…n-1 of a key column, and n (a categorical's own codes)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy().astype(np.int64), len(series.cat.categories)
    codes, uniques = pd.factorize(series)
    return codes.astype(np.int64), len(uniques)


def _check_duplicates(frame: pd.DataFrame) -> None:
    key = np.zeros(len(frame), dtype=np.int64)
    space = 1
    for column in KEY_COLUMNS:
        codes, count = _key_codes(frame[column])
        key = key * count + codes
        space *= count
    # a count per possible key is the fastest test while the key space is small
    if space <= 8 * len(frame):
        repeated = int(np.bincount(key, minlength=1).max()) > 1
    else:
        repeated = len(np.unique(key)) < len(key)
    if repeated:
        duplicated = pd.Series(key).duplicated().to_numpy()
        first = frame.loc[duplicated].iloc[0]
        key_text = ", ".join(str(first[c]) for c in KEY_COLUMNS)
        raise ContractError(
            "duplicates",
            f"{int(duplicated.sum())} duplicate row(s), first: {key_text}",
            f"Datafilen har {int(duplicated.sum())} dubblerade rader.",
        )


def _check_no_kon_age_cross(frame: pd.DataFrame) -> None:
    """Age bands exist only for sex T: SCB publishes no kön × ålder cells."""
    age_band = ~isin_text(frame["age_group"], KON_TABLE_AGE_GROUPS)
    crossed = age_band & ~isin_text(frame["sex"], (SEX_TOTAL,))
    if crossed.any():
        first = frame.loc[crossed].iloc[0]
        raise ContractError(
            "kon_age_cross",
            f"age band {first['age_group']} with sex {first['sex']}: "
            "SCB publishes no kön × ålder cross",
            "Datafilen har kön × ålder-celler, som SCB inte publicerar.",
        )


def _check_every_region_complete(frame: pd.DataFrame) -> None:
    """Every region in the file has rows of every measure the file has (totalt, 20–64):
    a region without them could be chosen in the app but not shown."""
    base = frame.loc[
        isin_text(frame["sex"], (SEX_TOTAL,)) & isin_text(frame["age_group"], KON_TABLE_AGE_GROUPS)
    ]
    regions = distinct_text(frame["region_code"])
    measures = distinct_text(base["measure"])
    # integer codes, not text: the text pairs were a tenth of a cold start (#18)
    region = base["region_code"].astype("category")
    measure = base["measure"].astype("category")
    width = max(len(measure.cat.categories), 1)
    pairs = np.unique(
        region.cat.codes.to_numpy().astype(np.int64) * width + measure.cat.codes.to_numpy()
    )
    counts = np.bincount(pairs // width, minlength=len(region.cat.categories))
    have = {str(code): int(n) for code, n in zip(region.cat.categories, counts, strict=True)}
    missing = sorted(r for r in regions if have.get(r, 0) < len(measures))
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        raise ContractError(
            "region_without_rows",
            f"region(s) without rows for every measure (sex T, 20-64): {shown}",
            f"Datafilen saknar uppgifter för {shown}.",
        )
