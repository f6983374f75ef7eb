"""Rebuild he.parquet from the raw responses of a kept fetch, without the network.

Uses the fetch the current dataset points to (or --fetch-id), checks every raw file
against its recorded SHA-256, parses and validates exactly as `fetch` does, and
replaces he.parquet atomically. Useful after a fix to the parser, and for audits.
"""

from __future__ import annotations

import argparse

from data.store import DATA_DIR_HELP, data_dir
from loaders.cli import CommandError
from loaders.fetch import report, warn
from loaders.scb.fetcher import FetchError, reparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help=DATA_DIR_HELP)
    parser.add_argument("--fetch-id", help="the kept fetch to use (default: the current dataset's)")
    parser.add_argument("--quiet", action="store_true", help="no summary")


def run(args: argparse.Namespace) -> int:
    try:
        summary = reparse(data_dir(args.data_dir), args.fetch_id)
    except FetchError as err:
        raise CommandError(f"{err} (the existing dataset was not changed)") from err
    warn(summary)
    if not args.quiet:
        report(summary, reparsed=True)
    return 0
