"""The loaders' command line: one subcommand per module with `add_arguments` and `run`.

Only the chosen subcommand's module is imported, so `info` stays fast and does not pull
in the HTTP client. Errors reach the user as one clear English line on stderr and a
non-zero exit code, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

SUBCOMMANDS: dict[str, str] = {
    "demo": "write the embedded synthetic dataset (source=synthetic)",
    "ensure": "give the data directory a dataset if it has none: SCB's, else the synthetic one",
    "fetch": "fetch SCB's HE tables through the PxWeb API (source=scb)",
    "info": "describe the current dataset",
    "reparse": "rebuild the dataset from the raw responses of a kept fetch (no network)",
}


class CommandError(Exception):
    """An expected failure: its message is printed as is, with exit code `exit_code`."""

    exit_code = 1


def _top_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m loaders",
        description="Build or describe the dataset he.parquet.",
        epilog="\n".join(f"  {name:<6} {text}" for name, text in SUBCOMMANDS.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=sorted(SUBCOMMANDS), metavar="COMMAND")
    parser.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    top = _top_parser().parse_args(argv)
    module = importlib.import_module(f"loaders.{top.command}")
    sub = argparse.ArgumentParser(
        prog=f"python -m loaders {top.command}",
        description=module.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    module.add_arguments(sub)
    args = sub.parse_args(top.rest)
    args.run = module.run
    return args


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = parse(argv)
    try:
        return int(args.run(args) or 0)
    except CommandError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("interrupted; the existing dataset was not changed", file=sys.stderr)
        return 130
