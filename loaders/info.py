"""Describe the current dataset: source, tables, period, SCB's update stamp, rows."""

from __future__ import annotations

import argparse
import json

import pandas as pd

from data.contract import ContractError
from data.store import DatasetMissingError, dataset_path, read_dataset
from loaders.cli import CommandError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help="data directory (default: $HE_DATA_DIR or data/)")


def describe(path) -> dict[str, object]:
    """The facts `info` prints, as a dict (also used by tests)."""
    dataset = read_dataset(path)
    frame = dataset.frame
    months = pd.DatetimeIndex(frame["month"].unique()).sort_values()
    provenance = dict(dataset.provenance)
    return {
        "path": str(path),
        "source": provenance.get("source"),
        "tables": dataset.tables,
        "period": f"{months[0]:%Y-%m} – {months[-1]:%Y-%m}",
        "months": len(months),
        "regions": int(frame["region_code"].nunique()),
        "updated": provenance.get("updated", ""),
        "fetched_at": provenance.get("fetched_at", ""),
        "rows": len(frame),
        "provenance": provenance,
    }


def run(args: argparse.Namespace) -> int:
    path = dataset_path(args.data_dir)
    try:
        facts = describe(path)
    except DatasetMissingError as err:
        raise CommandError(str(err)) from err
    except ContractError as err:
        raise CommandError(f"{path} breaks the data contract: {err}") from err
    for key in (
        "path",
        "source",
        "tables",
        "period",
        "months",
        "regions",
        "updated",
        "fetched_at",
        "rows",
    ):
        value = facts[key]
        if isinstance(value, list):
            value = ", ".join(value)
        print(f"{key:<11} {value}")
    extra = {
        k: v
        for k, v in facts["provenance"].items()
        if k not in {"source", "tables", "updated", "fetched_at"}
    }
    if extra:
        print(f"{'metadata':<11} {json.dumps(extra, ensure_ascii=False, sort_keys=True)}")
    return 0
