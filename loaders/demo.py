"""Write the embedded synthetic dataset (source=synthetic) to he.parquet.

The data imitate SCB's HE tables in shape and are plausible, not real (see
loaders/synthetic.py). The same seed and generator version give the same bytes.

It never replaces SCB's data unless asked to with --force, and it holds the data
directory's lock like fetch and reparse, so it cannot overwrite a dataset being fetched.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from data.contract import RIKET_CODE, ContractError
from data.store import (
    DATA_DIR_HELP,
    DatasetMissingError,
    dataset_path,
    read_provenance,
    write_dataset,
)
from loaders.cli import CommandError
from loaders.scb.rawstore import RawStoreError, locked
from loaders.synthetic import DEFAULT_SEED, generate, provenance


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help=DATA_DIR_HELP)
    parser.add_argument(
        "--seed",
        type=_seed,
        default=DEFAULT_SEED,
        help=f"random seed, a non-negative integer (default: {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace a dataset that came from SCB with synthetic data",
    )


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    path = dataset_path(args.data_dir)
    with _reported_as_command_error(path):
        path.parent.mkdir(parents=True, exist_ok=True)  # fail before the work, not after
        _refuse_to_replace_real_data(path, args.force)
    frame = generate(args.seed)
    with _reported_as_command_error(path), locked(path.parent):
        _refuse_to_replace_real_data(path, args.force)  # a fetch may have just finished
        write_dataset(frame, provenance(args.seed), path)
    months = frame["month"]
    kommuner = frame["region_code"].nunique() - int((frame["region_code"] == RIKET_CODE).any())
    print(
        f"wrote {len(frame):,} rows ({kommuner} kommuner + riket, "
        f"{months.min():%Y-%m} – {months.max():%Y-%m}, seed {args.seed}) "
        f"to {path} in {time.perf_counter() - started:.1f} s"
    )
    return 0


def _refuse_to_replace_real_data(path: Path, force: bool) -> None:
    """CommandError if `path` holds a dataset that is not synthetic (SCB's) and not `force`."""
    if force:
        return
    try:
        source = read_provenance(path).get("source")
    except DatasetMissingError:
        return
    except (OSError, ValueError):  # unreadable: nothing worth keeping is known to be there
        return
    if source != "synthetic":
        raise CommandError(
            f"{path} holds data from {source or 'an unknown source'}; not replaced with "
            "synthetic data (use --force to do so)"
        )


@contextmanager
def _reported_as_command_error(path: Path) -> Iterator[None]:
    try:
        yield
    except RawStoreError as err:
        raise CommandError(f"{err}; the dataset was not changed") from err
    except (OSError, ContractError) as err:
        raise CommandError(f"cannot write {path}: {err}") from err


def _seed(text: str) -> int:
    try:
        seed = int(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from err
    if seed < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {seed}")
    return seed
