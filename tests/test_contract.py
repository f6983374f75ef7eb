"""The data contract: a good frame passes; each kind of bad frame gets its own message."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.contract import ContractError, validate, validate_provenance


def good_frame() -> pd.DataFrame:
    rows = []
    for region in ("00", "2417"):
        for month in ("2024-01-01", "2024-02-01"):
            for sex, age in (("T", "20-64"), ("K", "20-64"), ("M", "20-64"), ("T", "20-29")):
                for measure, value in (("sjukpenning", 10.5), ("population", 2000.0)):
                    rows.append((region, month, sex, age, measure, value))
    frame = pd.DataFrame(
        rows, columns=["region_code", "month", "sex", "age_group", "measure", "value"]
    )
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def refused(frame: pd.DataFrame) -> ContractError:
    with pytest.raises(ContractError) as caught:
        validate(frame)
    return caught.value


def test_good_frame_passes_also_with_categoricals_and_nan_values():
    frame = good_frame()
    frame.loc[0, "value"] = np.nan
    validate(frame)
    validate(frame.astype({c: "category" for c in ("region_code", "sex", "age_group")}))


def test_missing_column_is_named():
    err = refused(good_frame().drop(columns="measure"))
    assert err.problem == "columns"
    assert "measure" in str(err)
    assert "saknar kolumn" in err.sv


def test_extra_column_is_named():
    err = refused(good_frame().assign(extra=1))
    assert err.problem == "columns"
    assert "extra" in str(err)


def test_value_must_be_float64():
    err = refused(good_frame().astype({"value": "object"}))
    assert err.problem == "dtypes"
    assert "value" in str(err)


def test_month_must_be_datetime():
    frame = good_frame()
    frame["month"] = frame["month"].dt.strftime("%YM%m")
    err = refused(frame)
    assert err.problem == "dtypes"
    assert "month" in str(err)


def test_missing_key_value_is_refused():
    frame = good_frame()
    frame["sex"] = frame["sex"].astype(object)
    frame.loc[3, "sex"] = None
    err = refused(frame)
    assert err.problem == "missing_key"
    assert "sex" in str(err)


@pytest.mark.parametrize(
    ("column", "bad", "problem"),
    [
        ("region_code", "24", "code_region_code"),
        ("region_code", "24170", "code_region_code"),
        ("sex", "X", "code_sex"),
        ("age_group", "young", "code_age_group"),
        ("measure", "sjukpenningen", "code_measure"),
    ],
)
def test_unknown_codes_are_named(column, bad, problem):
    frame = good_frame()
    frame.loc[0, column] = bad
    err = refused(frame)
    assert err.problem == problem
    assert repr(bad) in str(err)


def test_month_must_be_first_day():
    frame = good_frame()
    frame.loc[0, "month"] = pd.Timestamp("2024-01-15")
    err = refused(frame)
    assert err.problem == "month"
    assert "2024-01-15" in str(err)


def test_negative_value_is_refused():
    frame = good_frame()
    frame.loc[5, "value"] = -1.0
    err = refused(frame)
    assert err.problem == "negative"
    assert "-1.0" in str(err)


def test_infinite_value_is_refused():
    frame = good_frame()
    frame.loc[5, "value"] = np.inf
    assert refused(frame).problem == "infinite"


def test_duplicate_rows_are_counted():
    frame = good_frame()
    frame = pd.concat([frame, frame.iloc[[0, 1]]], ignore_index=True)
    err = refused(frame)
    assert err.problem == "duplicates"
    assert str(err).startswith("2 duplicate row(s)")


def test_duplicates_are_found_in_categoricals_and_in_a_sparse_key_space():
    # categorical key columns, few distinct keys: counted per possible key
    frame = good_frame().astype({c: "category" for c in ("region_code", "sex", "age_group")})
    doubled = pd.concat([frame, frame.iloc[[3]]], ignore_index=True)
    assert str(refused(doubled)).startswith("1 duplicate row(s), first: 00, 2024-01-01")
    # rows that differ in almost every key column: 3 × 3 × 3 × 3 possible keys for 4 rows
    sparse = pd.DataFrame(
        {
            "region_code": ["00", "2417", "2418", "00"],
            "month": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-01-01"]),
            "sex": ["T", "K", "M", "T"],
            "age_group": ["20-64"] * 4,
            "measure": ["sjukpenning", "population", "etableringsersattning", "sjukpenning"],
            "value": [1.0, 2.0, 3.0, 4.0],
        }
    )
    assert str(refused(sparse)).startswith("1 duplicate row(s), first: 00, 2024-01-01")
    # without the duplicate no duplicate is found; (since #17) the file is refused for
    # regions that have no rows of totalt 20–64 at all
    assert refused(sparse.iloc[:3]).problem == "region_without_rows"


def test_a_region_without_rows_of_some_measure_is_refused():
    frame = good_frame()
    gone = (frame["region_code"] == frame["region_code"].iloc[-1]) & (
        frame["measure"] == "population"
    )
    err = refused(frame.loc[~gone])
    assert err.problem == "region_without_rows"
    assert err.sv.startswith("Datafilen saknar uppgifter för ")


def test_kon_by_age_cross_is_refused():
    frame = good_frame()
    frame.loc[(frame["age_group"] == "20-29") & (frame["region_code"] == "00"), "sex"] = "K"
    err = refused(frame)
    assert err.problem == "kon_age_cross"
    assert "kön × ålder" in err.sv


def test_kon_table_universe_20_65_may_have_any_sex():
    frame = good_frame()
    frame.loc[frame["age_group"] == "20-64", "age_group"] = "20-65"
    validate(frame)


def test_provenance_needs_source_and_tables():
    with pytest.raises(ContractError, match="source, tables"):
        validate_provenance({"contract_version": "1"})
    with pytest.raises(ContractError, match="unknown source"):
        validate_provenance({"source": "guess", "tables": "[]", "contract_version": "1"})
    validate_provenance({"source": "scb", "tables": '["TAB1386"]', "contract_version": "1"})
