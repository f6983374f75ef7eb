"""The charts' command line for analysts: `python -m charts COMMAND …`.

One subcommand per task, each registered by an `add_*` function below (argparse
subparsers). Expected failures (no dataset, a broken one, an unknown region or year)
reach the user as one English line on stderr and exit code 1, never as a traceback.

    python -m charts profile --region 2417 --year 2018 [--data-dir DIR] [--format json]

A region is a kommun code, a county code, 00 for riket, or the id of a samordningsförbund:
one shipped with the project (`skelleftea-norsjo`) or one saved in the app
(`areas_user.json` in the data directory).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

import pandas as pd

from data.areas import AreaError, forbund_regions, load_user_definitions, user_areas_path
from data.contract import SEXES, ContractError
from data.regions import Regions
from data.store import DatasetMissingError, dataset_path, read_dataset
from metrics.model import Model, build_model

PROFILE_FIELDS: tuple[str, ...] = ("measure", "sex", "share", "quartile")
FORMATS: tuple[str, ...] = ("csv", "json")


class CommandError(Exception):
    """An expected failure; its message is printed as it is, with exit code 1."""


def area_regions(data_dir: str | None) -> Regions:
    """Riket, län, kommuner, the shipped förbund and the areas saved in the data directory.

    A saved-areas file that cannot be used is reported on stderr and left out.
    """
    regions = forbund_regions()
    try:
        saved = load_user_definitions(user_areas_path(data_dir), regions)
    except AreaError as err:
        print(f"warning: saved areas left out: {err}", file=sys.stderr)
        return regions
    return regions.with_areas(d.to_area() for d in saved)


def load_model(data_dir: str | None) -> Model:
    """Read the dataset (`--data-dir`, else `$HE_DATA_DIR`, else `data/`) and build the model
    of every area (see :func:`area_regions`)."""
    path = dataset_path(data_dir)
    try:
        dataset = read_dataset(path)
    except DatasetMissingError as err:
        raise CommandError(str(err)) from err
    except ContractError as err:
        raise CommandError(f"{path} breaks the data contract: {err}") from err
    return build_model(dataset.frame, area_regions(data_dir))


def check_region(regions: Regions, code: str) -> None:
    if code not in regions:
        raise CommandError(
            f"unknown region code {code!r}; use a kommun code (e.g. 2417), "
            "a county code (e.g. 24), 00 for riket or a förbund id (e.g. skelleftea-norsjo)"
        )


def check_year(model: Model, year: int) -> None:
    if year not in model.years:
        years = model.years
        span = f"{years[0]}–{years[-1]}" if years else "no years"
        raise CommandError(f"no data for year {year}; the dataset has {span}")


def profile_rows(model: Model, region: str, year: int) -> list[dict[str, object]]:
    """The profile of one area and year as rows `measure, sex, share, quartile`.

    `share` is in % and unrounded (None if missing); `quartile` is `low`, `mid`,
    `high` or None. Measures in the report's order, sexes T, K, M.
    """
    profile = model.profile(region, [year], sexes=SEXES)
    if profile["share"].isna().all():
        name = model.regions.name(region)
        raise CommandError(f"the dataset has no figures for {region} ({name}) in {year}")
    return [
        {
            "measure": row.measure,
            "sex": row.sex,
            "share": None if pd.isna(row.share) else float(row.share),
            "quartile": None if pd.isna(row.quartile) else str(row.quartile),
        }
        for row in profile.itertuples()
    ]


def write_rows(rows: Sequence[dict[str, object]], output_format: str, out: TextIO) -> None:
    """CSV with a header (missing values empty) or a JSON list (missing values null)."""
    if output_format == "json":
        json.dump(list(rows), out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    writer = csv.DictWriter(out, fieldnames=list(PROFILE_FIELDS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_value(value) for key, value in row.items()})


def _csv_value(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return repr(value) if isinstance(value, float) else value


def run_profile(args: argparse.Namespace, out: TextIO) -> int:
    regions = area_regions(args.data_dir)
    check_region(regions, args.region)
    model = load_model(args.data_dir)
    check_year(model, args.year)
    write_rows(profile_rows(model, args.region, args.year), args.format, out)
    return 0


def add_profile(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "profile",
        help="print the försörjningsprofil of one area and year",
        description=(
            "Print the share (in %, unrounded) and the quartile class among Sweden's "
            "kommuner of summa and the six systems, for totalt (T), kvinnor (K) and "
            "män (M), ages 20-64, one row per measure and sex."
        ),
    )
    parser.add_argument(
        "--region", required=True, metavar="CODE", help="kommun, county, 00 or förbund id"
    )
    parser.add_argument("--year", required=True, type=int, metavar="YYYY")
    parser.add_argument("--data-dir", help="data directory (default: $HE_DATA_DIR or data/)")
    parser.add_argument("--format", choices=FORMATS, default="csv", help="default: csv")
    parser.set_defaults(run=run_profile)


COMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (add_profile,)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m charts",
        description="Figures and tables of the report 'Offentlig försörjning' from he.parquet.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args, out or sys.stdout))
    except CommandError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader (e.g. `| head`) stopped early: silence the final flush of stdout
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
