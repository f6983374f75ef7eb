"""Helpers for the loader's end-to-end tests: a fake server, an old dataset, the CLI."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from data.store import DATASET_FILE, write_dataset
from loaders import cli
from tests.fakepxweb import FakeTable

ROOT = Path(__file__).resolve().parents[1]
FAST = ["--quiet", "--backoff", "0.01", "--max-retries", "2", "--timeout", "5"]


def old_dataset(data_dir: Path) -> bytes:
    """Write a small valid dataset (what a user already has) and return its bytes."""
    frame = pd.DataFrame(
        {
            "region_code": ["2417", "2417"],
            "month": pd.to_datetime(["2013-12-01", "2013-12-01"]),
            "sex": ["T", "T"],
            "age_group": ["20-64", "20-64"],
            "measure": ["sjukpenning", "population"],
            "value": [10.0, 1000.0],
        }
    )
    path = write_dataset(frame, {"source": "synthetic", "tables": "[]"}, data_dir / DATASET_FILE)
    return path.read_bytes()


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """`python -m loaders ARGS` in this process: exit code, stdout, stderr."""
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def fetch_args(url: str, data_dir: Path, *extra: str) -> list[str]:
    return ["fetch", "--base-url", url, "--data-dir", str(data_dir), *FAST, *extra]


def subprocess_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "loaders", *args]


def expected_value(table: FakeTable, **codes: str) -> float:
    """The fake table's value at the cell named by variable=code."""
    index = tuple(v.codes.index(codes[v.code]) for v in table.variables)
    return float(table.values[index])


def leftovers(data_dir: Path) -> list[str]:
    """Files a killed run may leave: staging directories and temporary datasets."""
    names = [p.name for p in data_dir.glob(".he.parquet.*.tmp")]
    raw = data_dir / "raw"
    if raw.exists():
        names += [p.name for p in raw.iterdir() if p.name.startswith(".staging-")]
    return sorted(names)


def raw_fetches(data_dir: Path) -> list[str]:
    raw = data_dir / "raw"
    return (
        sorted(p.name for p in raw.iterdir() if not p.name.startswith(".")) if raw.exists() else []
    )


def is_nan(value: float) -> bool:
    return bool(np.isnan(value))
