"""Reports and single charts as files, for the command line and the app.

:func:`report_bytes` makes a planned report in one of three formats; :func:`chart_slide`
plans a single chart of any kind that can stand alone (:data:`exports.kinds.CHART_KINDS`);
:func:`report_targets` decides where each report of a batch goes. Files are written by
:func:`write_file`: to a temporary file beside the target, then renamed, so a failed or
interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from data.store import atomic_write
from exports.checks import (
    ReportError,
    check_age_group,
    check_county,
    check_measure,
    check_region,
    check_sex,
    check_year,
    format_of,
)
from exports.files import safe_filename
from exports.images import ChartRenderer, has_browser
from exports.kinds import ChartRequest, single_factory
from exports.pdf import report_pdf
from exports.powerpoint import is_picture, pictures_left_out, report_pptx
from exports.report import REPORT_TITLE, Report, Slide, make_scope
from exports.workbook import report_workbook
from metrics.model import Model

Progress = Callable[[float, str], None]

PPTX, PDF, XLSX = "pptx", "pdf", "xlsx"
REPORT_FORMATS: tuple[str, ...] = (PPTX, PDF, XLSX)
FORMAT_LABELS: dict[str, str] = {
    PPTX: "PowerPoint (.pptx)",
    PDF: "PDF (.pdf)",
    XLSX: "Excel (.xlsx)",
}
NEEDS_BROWSER: frozenset[str] = frozenset({PDF})
"""Report formats drawn in a headless browser (PowerPoint and Excel never need one)."""
PLACEHOLDERS: tuple[str, ...] = ("{code}", "{name}")


def report_bytes(
    report: Report,
    fmt: str,
    renderer: ChartRenderer | None = None,
    progress: Progress | None = None,
) -> bytes:
    """A report as a .pptx, .pdf or .xlsx file's bytes (the PDF needs a browser; the
    PowerPoint draws its map with `renderer`, or its own when a browser is there, else
    leaves the map out, :func:`exports.powerpoint.report_pptx`)."""
    if fmt == PPTX:
        if renderer is None and pictures_left_out(report, None) and has_browser():
            with ChartRenderer() as own:
                return report_pptx(report, progress, own)
        return report_pptx(report, progress, renderer)
    if fmt == PDF:
        return report_pdf(report, renderer, progress)
    if fmt == XLSX:
        return report_workbook(report)
    raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(REPORT_FORMATS)}")


def pages_in(report: Report, fmt: str, browser: bool) -> int:
    """The pages (slides with the title slide; sheets with "Om data") of the report's
    file: a PowerPoint made without a browser (`browser` False) leaves its pictures out."""
    if fmt == XLSX:
        return len(report.charts) + 1
    left_out = fmt == PPTX and not browser
    return sum(1 for slide in report.slides if not (left_out and is_picture(slide))) + 1


def report_filename(report: Report, fmt: str) -> str:
    """'Offentlig-forsorjning-Norsjo-2014-2018.pptx': safe on every system."""
    return safe_filename(report.file_stem, fmt)


@dataclass(frozen=True)
class Target:
    """Where one area's report of a batch goes."""

    code: str
    path: Path


def _is_directory(out: str) -> bool:
    return out.endswith(("/", os.sep)) or Path(out).is_dir()


def output_format(out: str, fmt: str | None, reports: int) -> str:
    """The format of a batch's files, checking that `out` suits `reports` reports.

    - `out` is a directory (it exists or ends with '/'): one file per area, in `fmt`
      (default pptx);
    - `out` has `{code}` or `{name}`: a pattern filled in per area, the format from its
      extension (`rapporter/{name}.pdf`);
    - otherwise `out` is one file, its format from its extension, and there must be
      one report.
    """
    if _is_directory(out):
        return fmt or PPTX
    if reports > 1 and not any(p in out for p in PLACEHOLDERS):
        raise ReportError(
            f"{reports} reports need --out to be a directory (ending in '/') or a "
            "pattern with {code} or {name}, e.g. 'reports/{name}.pptx'",
            "Flera rapporter behöver en mapp eller ett mönster med {code} eller {name}.",
        )
    return format_of(out, REPORT_FORMATS)


def report_targets(
    codes: Sequence[str], names: dict[str, str], out: str, fmt: str, span: str
) -> list[Target]:
    """The file of each area's report (see :func:`output_format` for the forms of `out`).

    Files in a directory are named 'Offentlig-forsorjning-<Name>-<span>.<fmt>'.
    """
    if _is_directory(out):
        return [
            Target(code, Path(out) / safe_filename(f"{REPORT_TITLE} {names[code]} {span}", fmt))
            for code in codes
        ]
    if any(p in out for p in PLACEHOLDERS):
        return [
            Target(
                code, Path(out.replace("{code}", code).replace("{name}", _safe_stem(names[code])))
            )
            for code in codes
        ]
    return [Target(codes[0], Path(out))]


def _safe_stem(text: str) -> str:
    return safe_filename(text, "x")[:-2]


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (never a half-written file)."""
    atomic_write(path, lambda handle: handle.write(data))


def chart_slide(model: Model, source: str, request: ChartRequest) -> Slide:
    """The planned slide of one chart (raises :class:`ReportError` for a bad request);
    its kind (:data:`exports.kinds.KINDS`) plans it."""
    check_measure(request.measure)
    check_sex(request.sex)
    check_region(model.regions, request.region)
    for year in {request.first_year, request.last_year, request.year} - {None}:
        check_year(model.years, year)
    check_age_group(model.age_groups, request.age_group)
    if request.county is not None:
        check_county(model.regions, request.county)
    scope = make_scope(model, request.region, request.first_year, request.last_year, source)
    return single_factory(request.chart)(model, scope, request)
