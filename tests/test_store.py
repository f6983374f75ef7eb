"""Reading and writing he.parquet: round trip, provenance, and atomic replacement."""

from __future__ import annotations

import os
import stat

import pandas as pd
import pytest

from data.contract import ContractError
from data.store import (
    DatasetMissingError,
    atomic_write,
    data_dir,
    dataset_path,
    read_dataset,
    read_provenance,
    write_dataset,
)
from tests.conftest import ROOT
from tests.test_contract import good_frame

PROVENANCE = {"source": "synthetic", "tables": '["TAB1386"]', "seed": "7"}


def test_round_trip_keeps_values_and_provenance(tmp_path):
    path = write_dataset(good_frame(), PROVENANCE, tmp_path / "he.parquet")
    dataset = read_dataset(path)
    frame = dataset.frame
    assert len(frame) == len(good_frame())
    assert isinstance(frame["region_code"].dtype, pd.CategoricalDtype)
    assert str(frame["month"].dtype).startswith("datetime64")
    assert sorted(frame["month"].dt.strftime("%Y-%m-%d").unique()) == ["2024-01-01", "2024-02-01"]
    assert frame.loc[frame["measure"] == "population", "value"].eq(2000.0).all()
    assert dataset.is_synthetic
    assert dataset.tables == ["TAB1386"]
    assert dataset.provenance["seed"] == "7"
    assert dataset.provenance["contract_version"] == "1"
    assert read_provenance(path)["source"] == "synthetic"


def test_written_file_is_world_readable_and_leaves_no_temp_files(tmp_path):
    path = write_dataset(good_frame(), PROVENANCE, tmp_path / "he.parquet")
    assert stat.S_IMODE(os.stat(path).st_mode) & 0o044 == 0o044
    assert [p.name for p in tmp_path.iterdir()] == ["he.parquet"]


def test_invalid_frame_is_refused_and_old_file_kept(tmp_path):
    path = write_dataset(good_frame(), PROVENANCE, tmp_path / "he.parquet")
    before = path.read_bytes()
    bad = good_frame()
    bad.loc[0, "value"] = -5.0
    with pytest.raises(ContractError):
        write_dataset(bad, PROVENANCE, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["he.parquet"]


def test_missing_provenance_is_refused(tmp_path):
    with pytest.raises(ContractError, match="tables"):
        write_dataset(good_frame(), {"source": "scb"}, tmp_path / "he.parquet")
    assert not (tmp_path / "he.parquet").exists()


def test_failure_while_writing_keeps_old_file_and_removes_temp(tmp_path):
    target = tmp_path / "he.parquet"
    target.write_bytes(b"old content")

    def half_write(handle):
        handle.write(b"partial")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, half_write)
    assert target.read_bytes() == b"old content"
    assert [p.name for p in tmp_path.iterdir()] == ["he.parquet"]


def test_missing_dataset_has_swedish_and_english_message(tmp_path):
    with pytest.raises(DatasetMissingError) as caught:
        read_dataset(tmp_path / "he.parquet")
    assert "python -m loaders demo" in str(caught.value)
    assert "Det finns ingen datafil" in caught.value.sv


def test_corrupt_file_is_refused_as_unreadable(tmp_path):
    path = tmp_path / "he.parquet"
    path.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(ContractError) as caught:
        read_dataset(path)
    assert caught.value.problem == "unreadable"
    assert "går inte att läsa" in caught.value.sv


def test_data_dir_follows_override_then_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HE_DATA_DIR", str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"
    assert dataset_path() == tmp_path / "env" / "he.parquet"
    assert data_dir(tmp_path / "arg") == tmp_path / "arg"
    monkeypatch.delenv("HE_DATA_DIR")
    assert data_dir() == ROOT / "var"  # outside the code, git-ignored
