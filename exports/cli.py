"""The analysts' command line: `python -m exports COMMAND …` (`python -m charts …` is
its alias, kept for scripts written before it moved here from charts/).

One subcommand per task, each registered by an `add_*` function below (argparse
subparsers). Expected failures (no dataset, a broken one, an unknown region or year, no
browser for an image) reach the user as one English line on stderr and exit code 1,
never as a traceback. Files are written whole or not at all (a temporary file, then a
rename).

    python -m exports profile --region 2417 --year 2018 [--data-dir DIR] [--format json]
    python -m exports report --region 2417 --from 2014 --to 2018 --out norsjo.pptx
    python -m exports report --county 24 --from 2014 --to 2018 --out rapporter/ --format pdf
    python -m exports report --region 2417 --region 2482 --out 'rapporter/{name}.xlsx'
    python -m exports report --forbund all --out rapporter/ --format pdf
    python -m exports export --chart trend --region 2417 --measure sjukpenning --out sp.png
    python -m exports export --chart funnel --year 2024 --region 2417 --format csv --out f.csv
    python -m exports export --chart map --region umearegionen --out umea-karta.svg
    python -m exports export --chart forbund-ranking --year 2024 --out alla-forbund.csv

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
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import TextIO

import pandas as pd

from charts.theme import HEIGHT, source_text
from data.areas import (
    forbund_regions,
    load_valid_definitions,
    shipped_definitions,
    user_areas_path,
)
from data.contract import AGE_TOTAL, RIKET_CODE, SEXES, ContractError
from data.provenance import Provenance
from data.regions import Regions
from data.store import DATA_DIR_HELP, DatasetMissingError, dataset_path, read_dataset
from exports.batch import (
    NEEDS_BROWSER,
    PPTX,
    REPORT_FORMATS,
    XLSX,
    ChartRequest,
    Target,
    chart_slide,
    output_format,
    pages_in,
    report_bytes,
    report_targets,
    write_file,
)
from exports.checks import check_county, check_region, check_sections, check_year, format_of
from exports.figures import slide_figure
from exports.files import csv_bytes, xlsx_bytes
from exports.images import (
    IMAGE_FORMATS,
    BrowserMissingError,
    ChartRenderer,
    RenderError,
    has_browser,
    render_one,
    require_browser,
)
from exports.kinds import CHART_KINDS, KINDS, figure_height
from exports.powerpoint import pictures_left_out
from exports.report import (
    MAP,
    PROFILE,
    SECTIONS,
    Report,
    ReportError,
    ReportOptions,
    Slide,
    default_span,
    kommun_codes_of_county,
    plan_report,
)
from metrics.labels import SHARE_MEASURES, SUMMA
from metrics.model import Model, build_model

PROFILE_FIELDS: tuple[str, ...] = ("measure", "sex", "share", "quartile")
FORMATS: tuple[str, ...] = ("csv", "json")
EXPORT_FORMATS: tuple[str, ...] = (*IMAGE_FORMATS, "csv", "xlsx")
"""One chart as an image, or the table behind it as CSV or a workbook."""


class CommandError(Exception):
    """An expected failure; its message is printed as it is, with exit code 1."""


def area_regions(data_dir: str | None) -> Regions:
    """Riket, län, kommuner, the shipped förbund and the areas saved in the data directory.

    What of the saved-areas file cannot be used (the file, or single entries) is named in
    one line on stderr and left out; the valid areas are kept, as in the app.
    """
    regions = forbund_regions()
    loaded = load_valid_definitions(user_areas_path(data_dir), regions)
    if loaded.errors:
        print(f"warning: saved areas left out: {loaded.skipped}", file=sys.stderr)
    return regions.with_areas(d.to_area() for d in loaded.definitions)


def load_model(data_dir: str | None, regions: Regions | None = None) -> Model:
    """Read the dataset (`--data-dir`, else `$HE_DATA_DIR`, else `var/`) and build the model."""
    return load_model_and_provenance(data_dir, regions)[0]


def load_model_and_provenance(
    data_dir: str | None, regions: Regions | None = None
) -> tuple[Model, Provenance]:
    """The model over `regions` (default: :func:`area_regions`, read once per command so
    that a bad areas file is named once) and the dataset's provenance."""
    path = dataset_path(data_dir)
    try:
        dataset = read_dataset(path)
    except DatasetMissingError as err:
        raise CommandError(str(err)) from err
    except ContractError as err:
        raise CommandError(f"{path} breaks the data contract: {err}") from err
    regions = area_regions(data_dir) if regions is None else regions
    return build_model(dataset.frame, regions), dataset.origin


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
    model = load_model(args.data_dir, regions)
    check_year(model.years, args.year)
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
    parser.add_argument("--data-dir", help=DATA_DIR_HELP)
    parser.add_argument("--format", choices=FORMATS, default="csv", help="default: csv")
    parser.set_defaults(run=run_profile)


def _span(model: Model, first: int | None, last: int | None) -> tuple[int, int]:
    """The years asked for; a missing end defaults to the latest complete year, a missing
    start to four years before the end (the report's five years)."""
    default_first, default_last = default_span(model)
    last = default_last if last is None else last
    if first is None:
        first = max(model.years[0], last - (default_last - default_first))
    return first, last


def _sections(text: str | None) -> tuple[str, ...] | None:
    """The sections asked for; None (not given) means every section the data allow."""
    if text is None:
        return None
    names = [n.strip() for n in text.split(",") if n.strip()]
    check_sections(names, SECTIONS)
    return tuple(s for s in SECTIONS if s in names)


ALL_FORBUND = "all"


def shipped_forbund_codes() -> list[str]:
    """The ids of every samordningsförbund shipped with the project (`--forbund all`),
    in the order of `data/areas.json`."""
    return [definition.id for definition in shipped_definitions()]


def _planned_reports(regions: Regions, args: argparse.Namespace) -> int:
    """How many reports the command asks for (checking the codes it names)."""
    if args.forbund is not None:
        return len(shipped_forbund_codes())
    if args.county is not None:
        check_county(regions, args.county)
        return len(regions.kommuner_in(args.county))
    for code in args.region:
        check_region(regions, code)
    return len(set(args.region))


def _report_codes(model: Model, args: argparse.Namespace) -> list[str]:
    if args.forbund is not None:
        return shipped_forbund_codes()
    if args.county is not None:
        return kommun_codes_of_county(model, args.county)
    return list(dict.fromkeys(args.region))


def _wants_pictures(fmt: str, sections: tuple[str, ...] | None) -> bool:
    """Whether the reports have picture slides (the map) a browser should draw."""
    return fmt == PPTX and (sections is None or MAP in sections)


def _written(report: Report, fmt: str, renderer: ChartRenderer | None) -> str:
    """What a written report holds, e.g. '24 pages', and a slide left out for want of a
    browser."""
    if fmt == XLSX:
        return f"{pages_in(report, fmt, True)} sheets"
    pages = pages_in(report, fmt, renderer is not None)
    if fmt == PPTX and pictures_left_out(report, renderer):
        return f"{pages} pages; map slide left out: no Chrome or Chromium to draw it"
    return f"{pages} pages"


def run_report(args: argparse.Namespace, out: TextIO) -> int:
    regions = area_regions(args.data_dir)
    reports = _planned_reports(regions, args)
    sections = _sections(args.sections)
    try:
        fmt = output_format(args.out, args.format, reports)
        if fmt in NEEDS_BROWSER:
            require_browser()
        drawn = fmt in NEEDS_BROWSER or (_wants_pictures(fmt, sections) and has_browser())
        # the browser starts while the model is built (a PowerPoint's one map picture
        # needs one tab; a PDF's many pages are drawn two at a time)
        tabs = 2 if fmt in NEEDS_BROWSER else 1
        with ChartRenderer(tabs=tabs) if drawn else nullcontext() as renderer:
            model, provenance = load_model_and_provenance(args.data_dir, regions)
            codes = _report_codes(model, args)
            first, last = _span(model, args.first, args.last)
            span = str(last) if first == last else f"{first}-{last}"
            names = {code: model.regions.name(code) for code in codes}
            targets = report_targets(codes, names, args.out, fmt, span)
            if args.forbund is not None:
                years = (first, last, sections)
                return _write_batch(model, provenance, targets, years, fmt, renderer)
            for target in targets:
                options = ReportOptions(target.code, first, last, sections)
                report = plan_report(model, provenance, options, date.today())
                write_file(target.path, report_bytes(report, fmt, renderer))
                print(f"wrote {target.path} ({_written(report, fmt, renderer)})", file=out)
    except (ReportError, BrowserMissingError, RenderError) as err:
        raise CommandError(str(err)) from err
    return 0


def _write_batch(
    model: Model,
    provenance: dict[str, str],
    targets: Sequence[Target],
    span: tuple[int, int, tuple[str, ...] | None],
    fmt: str,
    renderer: ChartRenderer | None,
) -> int:
    """Every report of a batch, one line per report on stderr as it is written and a
    summary at the end; a report that fails is told and skipped (exit code 1), the
    others are still written."""
    first, last, sections = span
    failed: list[str] = []
    for number, target in enumerate(targets, start=1):
        name = model.regions.name(target.code)
        step = f"[{number}/{len(targets)}] {target.code} ({name})"
        try:
            if model.annual_rows(target.code).empty:
                raise ReportError(
                    f"the dataset has no figures for {name}", f"Data saknas för {name}."
                )
            options = ReportOptions(target.code, first, last, sections)
            report = plan_report(model, provenance, options, date.today())
            write_file(target.path, report_bytes(report, fmt, renderer))
        except Exception as err:  # one report's failure must not stop the batch
            reason = str(err) if isinstance(err, ReportError) else f"{type(err).__name__}: {err}"
            failed.append(f"{target.code}: {reason}")
            print(f"{step}: failed: {reason}", file=sys.stderr)
            continue
        print(f"{step}: wrote {target.path} ({_written(report, fmt, renderer)})", file=sys.stderr)
    written = len(targets) - len(failed)
    why = f" ({'; '.join(failed)})" if failed else ""
    summary = f"{written} of {len(targets)} reports written, {len(failed)} failed{why}"
    print(summary, file=sys.stderr)
    return 1 if failed else 0


def add_report(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "report",
        help="write the report of one or more areas as PowerPoint, PDF or Excel",
        description=(
            "Write the report 'Offentlig försörjning' for an area and a span of years: "
            "the försörjningsprofil, the trend and kvinnor/män charts of summa and each "
            "system, the distribution over the systems, the county's kommuner, the map of "
            "the county's kommuner (the area outlined) and, when the data have the age "
            "table, Målgrupper (the groups with the greatest needs against riket, every "
            "group by system, the change by system over the years). PowerPoint has native, "
            "editable charts and the map as a picture, drawn by Chrome or Chromium when "
            "there is one (else the map slide is left out, with a note); the PDF (A4 "
            "landscape) needs Chrome or Chromium; Excel has the numbers behind every chart. "
            "With one area, --out is a file (.pptx, .pdf or .xlsx) or a directory. With "
            "several (--region repeated, --county or --forbund all), --out is a directory "
            "(ending in '/', created if missing; files named "
            "'Offentlig-forsorjning-<Name>-<from>-<to>.<format>', --format decides) or a "
            "pattern with {code} or {name}, e.g. 'rapporter/{name}.pdf'."
        ),
    )
    areas = parser.add_mutually_exclusive_group(required=True)
    areas.add_argument(
        "--region", action="append", metavar="CODE", help="kommun, county, förbund or 00"
    )
    areas.add_argument("--county", metavar="CODE", help="every kommun of this county (e.g. 24)")
    areas.add_argument(
        "--forbund",
        choices=(ALL_FORBUND,),
        help="every shipped samordningsförbund (one line per report on stderr, then a summary)",
    )
    parser.add_argument("--from", dest="first", type=int, metavar="YYYY", help="first year")
    parser.add_argument(
        "--to", dest="last", type=int, metavar="YYYY", help="last year (default: latest complete)"
    )
    parser.add_argument("--out", required=True, metavar="FILE|DIR|PATTERN")
    parser.add_argument("--format", choices=REPORT_FORMATS, help="for a directory (default pptx)")
    parser.add_argument(
        "--sections",
        metavar="LIST",
        help=f"comma-separated parts to include (default all; targets only with the age "
        f"table): {','.join(SECTIONS)}",
    )
    parser.add_argument("--data-dir", help=DATA_DIR_HELP)
    parser.set_defaults(run=run_report)


def _chart_request(model: Model, args: argparse.Namespace, region: str) -> ChartRequest:
    if args.year is not None and (args.first is not None or args.last is not None):
        raise CommandError("give either --year or --from/--to, not both")
    first, last = _span(model, args.first, args.last if args.year is None else args.year)
    spans = args.chart == PROFILE and (args.first is not None or args.last is not None)
    return ChartRequest(
        chart=args.chart,
        region=region,
        first_year=first,
        last_year=last,
        measure=args.measure,
        sex=args.sex,
        year=None if spans else (args.year if args.year is not None else last),
        age_group=args.age,
        county=args.county,
    )


TABLE_FORMATS: tuple[str, ...] = ("csv", "xlsx")
"""The table behind a chart (its numbers for people), as `export` writes it."""


def _export_region(args: argparse.Namespace, regions: Regions) -> str:
    """The area of an export: --region; for a map --county alone; for a chart that
    only marks its area (the funnel, the ranking of all förbund) none: riket."""
    if args.county is not None:
        if args.chart != MAP:
            raise CommandError("--county is only for --chart map")
        check_county(regions, args.county)
        return args.region or args.county
    if args.region is None and KINDS[args.chart].area_optional:
        return RIKET_CODE
    if args.region is None:
        raise CommandError("give --region (or, for the map, --county)")
    return args.region


def _table_file(slide: Slide, fmt: str) -> bytes:
    """The numbers behind a chart (its kind's download) as CSV or a one-sheet workbook."""
    kind = KINDS[slide.kind]
    table = kind.download(slide)
    if fmt == "csv":
        return csv_bytes(table)
    notes = [slide.title, slide.reading, slide.scope.source]
    return xlsx_bytes({slide.sheet: table}, kind.share_columns(table), {slide.sheet: notes})


def run_export(args: argparse.Namespace, out: TextIO) -> int:
    regions = area_regions(args.data_dir)
    args.region = _export_region(args, regions)
    check_region(regions, args.region)
    try:
        fmt = format_of(args.out, EXPORT_FORMATS, args.format)
        if fmt in IMAGE_FORMATS:
            require_browser()
        model, provenance = load_model_and_provenance(args.data_dir, regions)
        slide = chart_slide(
            model, source_text(provenance), _chart_request(model, args, args.region)
        )
        if fmt in TABLE_FORMATS:
            data = _table_file(slide, fmt)
        else:
            figure = slide_figure(slide, height=figure_height(slide, HEIGHT))
            data = render_one(figure, fmt)
        write_file(Path(args.out), data)
    except (ReportError, BrowserMissingError, RenderError) as err:
        raise CommandError(str(err)) from err
    print(f"wrote {args.out}", file=out)
    return 0


def add_export(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "export",
        help="write one chart as PNG, SVG or PDF, or its numbers as CSV or XLSX",
        description=(
            "Draw one of the report's charts (profile, trend, gender, distribution, county, "
            "map, funnel) for an area as PNG (slide size at 2x: 2560x1440), SVG or PDF, with "
            "the app's look. Needs Chrome or Chromium (found on PATH or in $BROWSER_PATH). "
            "profile: --year gives totalt/kvinnor/män of one year, --from/--to one --sex "
            "over the years; trend and gender cover --from to --to; distribution and county "
            "show --year (default: the latest complete year). map: the kommuner of --county, "
            "else of the area's county, else all Sweden (--region 00), coloured by class for "
            "--measure, --sex and --age in --year, the area outlined. forbund-ranking: "
            "every shipped samordningsförbund by its total share in --year (--region, if a "
            "förbund, is marked). A file ending in .csv or .xlsx gets the chart's numbers "
            "instead (no browser needed). funnel: every kommun against riket for one --measure "
            "and --sex in --year, with its 95 % and 99.8 % control limits; --region "
            "(optional) marks a kommun, a förbund's or a county's kommuner. Its CSV has one "
            "row per kommun: region_code, population, share, lower_95, upper_95, lower_998, "
            "upper_998 (%), signal (high, low or empty against the 99.8 % limits) and "
            "method (binomial or overdispersed)."
        ),
    )
    parser.add_argument("--chart", required=True, choices=CHART_KINDS)
    parser.add_argument(
        "--region", metavar="CODE", help="kommun, county, förbund or 00 (funnel, map: optional)"
    )
    parser.add_argument("--county", metavar="CODE", help="map: the county to draw (e.g. 24)")
    parser.add_argument(
        "--measure", default=SUMMA, choices=SHARE_MEASURES, help="for trend, gender, map, funnel"
    )
    parser.add_argument(
        "--sex", default="T", choices=SEXES, help="T, K or M (trend, profile, map, funnel)"
    )
    parser.add_argument("--year", type=int, metavar="YYYY")
    parser.add_argument("--from", dest="first", type=int, metavar="YYYY")
    parser.add_argument("--to", dest="last", type=int, metavar="YYYY")
    parser.add_argument(
        "--age", default=AGE_TOTAL, metavar="GROUP", help="county, map, funnel: 20-64, 20-29"
    )
    parser.add_argument("--format", choices=EXPORT_FORMATS, help="default: the extension of --out")
    parser.add_argument("--out", required=True, metavar="FILE.png|svg|pdf|csv|xlsx")
    parser.add_argument("--data-dir", help=DATA_DIR_HELP)
    parser.set_defaults(run=run_export)


COMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    add_profile,
    add_report,
    add_export,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m exports",
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
    except (CommandError, ReportError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader (e.g. `| head`) stopped early: silence the final flush of stdout
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
