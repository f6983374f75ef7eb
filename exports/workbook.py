"""The numbers behind a report as one Excel workbook: a sheet per chart, and "Om data".

"Om data" comes first: what the report covers, where the data come from and how fresh
they are, the definitions, and a list of the sheets with the chart each one belongs
to. Every other sheet is the table behind one chart (:mod:`exports.tables`: Swedish
headers, shares with one decimal, persons as whole numbers), with the chart's title,
its reading and the source under it.
"""

from __future__ import annotations

import pandas as pd

from exports.files import add_table_sheet, add_text_sheet, new_workbook, workbook_bytes
from exports.kinds import kind_of
from exports.report import (
    TARGET_KINDS,
    Report,
    Slide,
    about_lines,
)
from metrics.sources import provenance_rows

ABOUT_SHEET = "Om data"


def slide_table(slide: Slide) -> pd.DataFrame:
    """The table behind a slide's chart, for people (its kind's download,
    :mod:`exports.kinds`)."""
    kind = kind_of(slide)
    if kind is None:
        raise ValueError(f"the slide {slide.title!r} has no table")
    return kind.download(slide)


def _about_rows(report: Report, sheets: list[tuple[str, Slide]]) -> list[tuple[str, str]]:
    scope = report.scope
    rows: list[tuple[str, str]] = [
        (report.title, f"{report.subtitle} ({report.description})"),
        ("", ""),
        ("Data", report.data_note),
        ("Källa", scope.source),
    ]
    rows += provenance_rows(report.provenance)
    if report.is_synthetic:
        rows.append(("Obs!", "Exempeldata – inte SCB:s siffror. Får inte användas som underlag."))
    rows += [("", ""), ("Definitioner", "")]
    targets = any(slide.kind in TARGET_KINDS for slide in report.slides)
    rows += [("", line) for line in about_lines(scope, targets)]
    rows += [
        ("", ""),
        (
            "Talformat",
            "Andelar är i procent av befolkningen med tre decimaler i cellen och en i "
            "visningen; helårsekvivalenter med en decimal; folkmängd i hela personer.",
        ),
        ("", ""),
        ("Blad", "Diagram"),
    ]
    rows += [(name, slide.title) for name, slide in sheets]
    return rows


def report_workbook(report: Report) -> bytes:
    """The workbook of a report, as the bytes of an .xlsx file."""
    workbook = new_workbook()
    sheets: list[tuple[str, Slide]] = []
    for slide in report.slides:
        kind = kind_of(slide)
        if kind is None:
            continue
        notes = [slide.title, slide.reading, *slide.lines, slide.scope.source]
        table = kind.download(slide)
        name = add_table_sheet(workbook, slide.sheet, table, kind.share_columns(table), notes)
        sheets.append((name, slide))
    about = add_text_sheet(workbook, ABOUT_SHEET, _about_rows(report, sheets))
    workbook.move_sheet(about, offset=-len(sheets))
    workbook.active = 0
    return workbook_bytes(workbook)
