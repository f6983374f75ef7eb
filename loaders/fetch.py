"""Fetch SCB's HE tables through the PxWeb API into he.parquet (source=scb).

Reads the API's limits and the tables' metadata, splits the query so no request
exceeds the cell limit, keeps under the rate limit, retries 429 (after Retry-After),
5xx and timeouts, validates everything, and only then replaces he.parquet atomically.
The raw responses and a provenance record are kept in <data dir>/raw/<fetch id>/.
On any failure the previous dataset is left untouched and the exit code is 1.

With --if-newer (for timers and cron) SCB is first asked only for the tables' `updated`
stamps; when none is newer than the dataset's, nothing is fetched and the exit code is 0.
The API root defaults to $HE_SCB_API; with HE_OFFLINE=1 nothing is fetched (exit code 1)
unless --base-url names a server explicitly.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys

from data.store import DATA_DIR_HELP, DATASET_FILE, data_dir
from loaders.cli import CommandError
from loaders.refresh import scb_has_newer
from loaders.scb.api import DEFAULT_BASE_URLS, V1, V2
from loaders.scb.fetcher import AUTO, FetchError, FetchOptions, Summary, fetch
from loaders.scb.http import RetryPolicy
from loaders.scb.progress import Progress
from loaders.settings import OFFLINE_ENV, SCB_API_ENV, Settings, settings

_MONTH = re.compile(r"^\d{4}M(0[1-9]|1[0-2])$")


def _month(text: str) -> str:
    if not _MONTH.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a month like 2014M01")
    return text


def _positive(kind: type):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError as err:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from err
        if value < 0:
            raise argparse.ArgumentTypeError(f"{text!r} must not be negative")
        return value

    return parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--api", choices=(V2, V1), default=V2, help="PxWeb API version (v2)")
    parser.add_argument(
        "--base-url",
        help=(
            f"API root (v2: ${SCB_API_ENV} or {DEFAULT_BASE_URLS[V2]}; v1: {DEFAULT_BASE_URLS[V1]})"
        ),
    )
    parser.add_argument("--data-dir", help=DATA_DIR_HELP)
    parser.add_argument(
        "--if-newer",
        action="store_true",
        help="fetch only if SCB's 'updated' stamp is newer than the dataset's (v2 only)",
    )
    parser.add_argument(
        "--from", dest="first", type=_month, default="2014M01", help="first month (2014M01)"
    )
    parser.add_argument("--to", dest="last", type=_month, help="last month (default: latest)")
    parser.add_argument(
        "--age-table",
        default=AUTO,
        help="the HE table by ålder: 'auto' (search for it), 'none', or a table id/path",
    )
    parser.add_argument("--workers", type=_positive(int), default=3, help="parallel requests (3)")
    parser.add_argument(
        "--timeout", type=_positive(float), default=60.0, help="seconds per request (60)"
    )
    parser.add_argument(
        "--max-retries", type=_positive(int), default=5, help="retries per request (5)"
    )
    parser.add_argument(
        "--backoff",
        type=_positive(float),
        default=1.0,
        help="first retry delay in seconds, doubled each retry up to 30 (1)",
    )
    parser.add_argument(
        "--max-wait",
        type=_positive(float),
        default=120.0,
        help="longest Retry-After to honour, in seconds; longer fails (120)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress and no summary")


def options_from(args: argparse.Namespace) -> FetchOptions:
    policy = RetryPolicy(
        max_retries=args.max_retries,
        backoff_base=args.backoff,
        backoff_cap=max(30.0, args.backoff),
        max_retry_after=args.max_wait,
        timeout=args.timeout,
    )
    base_url = args.base_url
    if base_url is None and args.api == V2:
        base_url = settings().scb_api
    return FetchOptions(
        data_dir=data_dir(args.data_dir),
        api=args.api,
        base_url=base_url,
        first=args.first,
        last=args.last,
        age_table=args.age_table,
        workers=max(1, args.workers),
        policy=policy,
    )


def report(summary: Summary, reparsed: bool = False) -> None:
    """Print what was written and the notes of the plan (stdout)."""
    line = (
        f"{'re-parsed' if reparsed else 'wrote'} {summary.path}: {summary.rows:,} rows from "
        f"{', '.join(summary.tables)} (updated {summary.updated or 'unknown'}), "
        f"{summary.first_month}–{summary.last_month}; "
    )
    if reparsed:
        line += f"from the raw files of fetch {summary.fetch_id}, {summary.elapsed:.1f} s"
    else:
        line += (
            f"{summary.data_requests} data requests (minimum {summary.minimum_data_requests}), "
            f"{summary.requests} in all, {summary.elapsed:.1f} s; fetch {summary.fetch_id}"
        )
    print(line)
    for note in summary.notes:
        print(f"note: {note}")


def warn(summary: Summary) -> None:
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if args.quiet:
        logging.getLogger("loaders").setLevel(logging.WARNING)
    if settings().offline and args.base_url is None:
        raise CommandError(f"{OFFLINE_ENV} is set: SCB is not contacted (name --base-url to)")
    options = options_from(args)
    if args.if_newer and is_current(options):
        return 0
    try:
        summary = fetch(options, Progress(quiet=args.quiet))
    except FetchError as err:
        raise CommandError(f"{err} (the existing dataset was not changed)") from err
    warn(summary)
    if not args.quiet:
        report(summary)
    return 0


def is_current(options: FetchOptions) -> bool:
    """Whether the dataset is as new as SCB's tables (one line on stdout if so)."""
    if options.api != V2:
        raise CommandError("--if-newer needs the v2 API (v1 has no 'updated' stamp)")
    scb = Settings(scb_api=options.base_url or DEFAULT_BASE_URLS[V2])
    try:
        newer, remote = scb_has_newer(options.data_dir, scb)
    except FetchError as err:
        raise CommandError(f"{err} (the existing dataset was not changed)") from err
    if newer:
        return False
    stamps = ", ".join(f"{table} {stamp}" for table, stamp in remote.items())
    path = options.data_dir / DATASET_FILE
    print(f"the data in {path} are current (SCB updated {stamps}); nothing fetched")
    return True
