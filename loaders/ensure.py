"""Give the data directory a dataset if it has none: SCB's, else the synthetic one.

What the app does on its first start, for `make run` (and any start script): SCB at
$HE_SCB_API is tried first with a short connect timeout; if it cannot be reached or the
fetch fails, the embedded synthetic dataset is written and records why. With
HE_OFFLINE=1 SCB is not contacted. An existing dataset is left alone (exit code 0).
"""

from __future__ import annotations

import argparse

from data.store import DATA_DIR_HELP, data_dir
from loaders.refresh import FAILED, first_start
from loaders.settings import settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help=DATA_DIR_HELP)


def run(args: argparse.Namespace) -> int:
    directory = data_dir(args.data_dir)
    outcome = first_start(
        directory,
        settings(),
        on_phase=lambda phase: print(_PHASES[phase].format(directory), flush=True),
    )
    print(outcome.message)
    return 1 if outcome.kind == FAILED else 0


_PHASES = {
    "scb": "No dataset in {}: fetching SCB's tables ...",
    "synthetic": "SCB could not be reached: building the embedded synthetic dataset ...",
    "offline": "No dataset in {} and HE_OFFLINE is set: building the synthetic dataset ...",
}
