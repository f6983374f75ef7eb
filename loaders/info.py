"""Describe the current dataset: source, tables, period, SCB's update stamp, rows."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from data.contract import ContractError
from data.store import DATA_DIR_HELP, DatasetMissingError, dataset_path, read_dataset
from loaders.cli import CommandError
from loaders.scb.rawstore import RawStoreError, describe_fetch


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help=DATA_DIR_HELP)


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
        "fetch": _fetch_facts(Path(path).parent, provenance.get("fetch_id")),
    }


CHECK_NAMES = {
    "check_total": "SCB's Summa helårsekvivalenter vs our sum",
    "check_share": "SCB's Andel av befolkningen vs our share",
}


def _fetch_facts(directory: Path, fetch_id: str | None) -> dict[str, object] | None:
    """The kept raw files and record of an SCB fetch, or the reason they are unusable."""
    if not fetch_id:
        return None
    try:
        return describe_fetch(directory, fetch_id)
    except RawStoreError as err:
        return {"fetch_id": fetch_id, "error": str(err)}


def fetch_lines(fetch: dict[str, object]) -> list[str]:
    """`info`'s lines about the fetch behind the dataset."""
    if "error" in fetch:
        return [f"{fetch['fetch_id']}: {fetch['error']}"]
    requests = fetch["requests"]
    match = "matches" if fetch["matches_dataset"] else "does NOT match"
    lines = [
        f"{fetch['fetch_id']} in {fetch['raw_dir']}",
        f"{fetch['files']} raw responses ({fetch['raw_bytes']:,} bytes), "
        f"{requests.get('sent', '?')} requests ({requests.get('data', '?')} for data, "
        f"{requests.get('retries', '?')} retries); the record {match} he.parquet",
    ]
    for check in fetch["checks"]:
        verdict = (
            "agrees within rounding"
            if not check["mismatches"]
            else f"{check['mismatches']} mismatches beyond rounding"
        )
        name = CHECK_NAMES.get(check["check"], check["check"])
        lines.append(f"{check['table']} {name}: {check['checked']} cells, {verdict}")
    if fetch.get("reparsed_at"):
        lines.append(f"re-parsed at {fetch['reparsed_at']}")
    return lines


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
    if facts["fetch"]:
        for line in fetch_lines(facts["fetch"]):
            print(f"{'fetch':<11} {line}")
    return 0
