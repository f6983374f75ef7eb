"""Write the embedded synthetic dataset (source=synthetic) to he.parquet.

The data imitate SCB's HE tables in shape and are plausible, not real (see
loaders/synthetic.py). The same seed and generator version give the same bytes.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from data.contract import RIKET_CODE
from data.store import dataset_path, write_dataset
from loaders.cli import CommandError
from loaders.synthetic import DEFAULT_SEED, generate, provenance


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help="data directory (default: $HE_DATA_DIR or var/)")
    parser.add_argument(
        "--seed",
        type=_seed,
        default=DEFAULT_SEED,
        help=f"random seed, a non-negative integer (default: {DEFAULT_SEED})",
    )


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    path = dataset_path(args.data_dir)
    with _reported_as_command_error(path):
        path.parent.mkdir(parents=True, exist_ok=True)  # fail before the work, not after
    frame = generate(args.seed)
    with _reported_as_command_error(path):
        write_dataset(frame, provenance(args.seed), path)
    months = frame["month"]
    kommuner = frame["region_code"].nunique() - int((frame["region_code"] == RIKET_CODE).any())
    print(
        f"wrote {len(frame):,} rows ({kommuner} kommuner + riket, "
        f"{months.min():%Y-%m} – {months.max():%Y-%m}, seed {args.seed}) "
        f"to {path} in {time.perf_counter() - started:.1f} s"
    )
    return 0


@contextmanager
def _reported_as_command_error(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as err:
        raise CommandError(f"cannot write {path}: {err}") from err


def _seed(text: str) -> int:
    try:
        seed = int(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from err
    if seed < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {seed}")
    return seed
