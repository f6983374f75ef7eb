"""The report's charts as native, editable PowerPoint charts (python-pptx).

Each chart carries its numbers in an embedded workbook, so an analyst can restyle it in
the organisation's template or change the data in PowerPoint. What python-pptx cannot
express directly is added to the chart XML here:

- the grey band from the lowest to the highest kommun (Diagramtyp 1) is a stacked area
  chart under the lines of the same chart: an invisible base series (the lowest kommun,
  left out of the legend) and the spread above it;
- the value axis of a horizontal bar chart is kept at the bottom when the categories are
  listed from the top.

How a python-pptx chart, axis, legend or cell looks, and the OOXML patches, live in
:mod:`exports.pptx_kit`; this module says what each chart shows.

The quartile class of each point is drawn with the app's own glyphs in the class colour
(▲ highest 25 %, ● middle 50 %, ▼ lowest 25 %, open △ ○ ▽ for an incomplete year, from
:data:`charts.theme.QUARTILE_STYLES`), in one marker-less series per class above the
line: each of its points carries its glyph as a centred text label. Markers cannot do
this: OOXML has no downward triangle, and LibreOffice (7.4) draws every marker of a
series in the series' colour, ignoring per-point fills and marker outlines. Labels with
numbers are text too: see :mod:`exports.pptx_kit`.

The profile is a native table with coloured cells and the glyphs ▲ ● ▼.

Målgrupper: the greatest needs are a bar chart of excess HE, one bar per group × system
in the system's colour, an uncertain cell (few HE) hatched and marked ‡ in its label;
the group × system matrix is a native table coloured on the app's diverging scale
(:func:`charts.targets.diverging_colour`). The change by system is a waterfall drawn
as stacked columns — python-pptx has no waterfall chart (PowerPoint's own, from 2016,
lives in a separate `cx:` chart part it cannot write) — with the classic trick: an
invisible base series lifts each system's contribution to where the running total
stands, so the chart stays a native, editable column chart that any PowerPoint or
LibreOffice opens.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.series import _BaseCategorySeries
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_PATTERN
from pptx.enum.text import PP_ALIGN
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.picture import Picture
from pptx.slide import Slide as PptxSlide
from pptx.util import Emu, Inches, Pt

from charts.county import county_order
from charts.funnel import limit_grid, who_text
from charts.profile import HEADER_FILL, HEADER_TEXT, cell_fill, cell_text
from charts.targets import (
    NEEDS_LIMIT,
    diverging_colour,
    needs_label,
    text_colour_on,
    waterfall_range,
    waterfall_ticks,
    waterfall_values,
)
from charts.texts import flag_marks, is_missing, period_tick, records
from charts.theme import (
    AREA_COLOUR,
    BACKGROUND,
    COUNTY_COLOUR,
    DECREASE_COLOUR,
    FEW_HE_MARK,
    GRID_COLOUR,
    HIGHLIGHT_OUTLINE,
    INCREASE_COLOUR,
    MUTED_COLOUR,
    NO_CLASS_COLOUR,
    QUARTILE_STYLES,
    RIKET_COLOUR,
    SEX_COLOURS,
    SYSTEM_COLOURS,
    SYSTEM_TEXT_COLOURS,
    TEXT_COLOUR,
    UNREPORTED_MARK,
)
from data.text import SOFT_HYPHEN
from exports import pptx_kit as kit
from exports.pptx_kit import SHARE_FORMAT
from metrics.chance import HIGH as HIGH_SIGNAL
from metrics.chance import LOW as LOW_SIGNAL
from metrics.chance import WITHIN, Z_95, Z_998
from metrics.funnel import Funnel
from metrics.labels import (
    MEASURE_LABELS,
    MEASURE_SHORT_LABELS,
    REPORT_ORDER,
    SEX_LABELS,
    SUMMA,
    age_label,
    share_axis_label,
)
from metrics.periods import PERIOD, YEAR
from metrics.ranking import HIGH, LOW, MID
from metrics.swedish import NBSP, format_percent, format_signed
from metrics.targets import DIMENSION_AGE, SYSTEMS

CHANGE_SHARE_FORMAT = f'{kit.SWEDISH_LOCALE}0.00" %"'
HE_AXIS_FORMAT = f'{kit.SWEDISH_LOCALE}"+"#,##0;"−"#,##0;0'
"""Excess HE with its sign (a true minus), thousands separated."""
POPULATION_FORMAT = f"{kit.SWEDISH_LOCALE}#,##0"
"""Whole persons, thousands separated (a space, whatever the viewer's locale)."""
EN_SPACE = "\u2002"
MATRIX_HEADERS: dict[str, str] = {
    **MEASURE_SHORT_LABELS,
    "arbetsmarknadsatgarder": f"Arbetsmarknads{SOFT_HYPHEN}åtg.",
    "etableringsersattning": f"Etablerings{SOFT_HYPHEN}ers.",
}
"""Column headers of the matrix table: long words may break at a soft hyphen."""
WATERFALL_BASE = "Bas"
WATERFALL_LABEL_SIZE = 10
"""Points of the waterfall's column names: at 11 pt LibreOffice splits
'Arbetsmarknadsåtg.' inside a syllable; at 10 it breaks only at the soft hyphen."""
WATERFALL_NAMES = ("Andel", "Ökning", "Minskning")
BAND_BASE = "Lägsta kommun"
BAND_NAME = "Spridning: lägsta–högsta kommun"
LABEL_MIN = 4.0
"""Distribution segments narrower than this (in %) get no label."""
HIGHLIGHT_ARROW = "▶ "
MANY_KOMMUNER = 30
"""Above this many kommuner (Skåne, Västra Götaland) a county is drawn in two columns."""

CLASS_KEYS: tuple[str | None, ...] = (HIGH, MID, LOW, None)
"""The classes in series order; None: a point without a class (grey, as in the app)."""
NO_CLASS_NAME = "utan jämförelse"


def _class_keys(rows: pd.DataFrame) -> list[str | None]:
    return [None if is_missing(q) else str(q) for q in rows["quartile"]]


def class_series(rows: pd.DataFrame) -> dict[str | None, list[float | None]]:
    """A line's shares split by class: for each class that has a point, the shares of
    its points and None elsewhere (the series of glyphs drawn over the line)."""
    shares = kit.values(rows["share"])
    keys = _class_keys(rows)
    split = {
        key: [v if k == key else None for v, k in zip(shares, keys, strict=True)]
        for key in CLASS_KEYS
    }
    return {key: points for key, points in split.items() if any(v is not None for v in points)}


def class_series_name(line: str, key: str | None) -> str:
    """'Norsjö: Högsta 25 %' – the class series' name in the embedded workbook."""
    return f"{line}: {NO_CLASS_NAME if key is None else QUARTILE_STYLES[key].label}"


def _class_symbols(
    chart: Chart,
    series: _BaseCategorySeries,
    rows: pd.DataFrame,
    key: str | None,
    size: int,
) -> None:
    """A class series: no line, no marker, each of its points labelled with the class
    glyph (open for an incomplete year) in the class colour, centred on the point;
    left out of the legend (the notes under the chart explain the glyphs)."""
    style = QUARTILE_STYLES[MID if key is None else key]
    colour = NO_CLASS_COLOUR if key is None else style.colour
    series.smooth = False
    series.marker.style = XL_MARKER_STYLE.NONE
    series.format.line.fill.background()
    texts = [
        (style.open_glyph if partial else style.glyph)
        if k == key and not is_missing(share)
        else None
        for k, share, partial in zip(_class_keys(rows), rows["share"], rows["partial"], strict=True)
    ]
    kit.text_labels(series, texts, colour, XL_LABEL_POSITION.CENTER, size)
    kit.drop_legend_entry(chart, series.index)


def year_categories(rows: pd.DataFrame) -> list[str]:
    """'2018', '2025*' (incomplete), '2016†' (bistånd unreported), '2017‡' (few HE).

    A year is marked when any of its rows (kvinnor or män) has the flag; the notes under
    the chart explain the marks.
    """
    marks: dict[int, set[str]] = {}
    for row in records(rows):
        marks.setdefault(int(row[PERIOD]), set()).update(flag_marks(row, partial=False))
    periods = rows.drop_duplicates(PERIOD)
    return [
        period_tick(int(p), YEAR, bool(partial))
        + "".join(m for m in (UNREPORTED_MARK, FEW_HE_MARK) if m in marks[int(p)])
        for p, partial in zip(periods[PERIOD], periods["partial"], strict=True)
    ]


def _symbol_size(rows: pd.DataFrame) -> int:
    """The glyphs' size in points: smaller when many years share the axis."""
    return 14 if rows[PERIOD].nunique() <= 12 else 10


def add_trend_chart(
    slide: PptxSlide,
    box: kit.Box,
    rows: pd.DataFrame,
    *,
    area_name: str,
    county_name: str | None,
    compare_riket: bool,
    age_group: str,
) -> GraphicFrame:
    """Diagramtyp 1: the band, the county mean, riket, and the area's line with its
    values and the class glyphs of its points."""
    rows = rows.sort_values(PERIOD, ignore_index=True)
    data = CategoryChartData(number_format=SHARE_FORMAT)
    data.categories = year_categories(rows)
    has_band = bool(rows["band_min"].notna().any())
    if has_band:
        data.add_series(BAND_BASE, kit.values(rows["band_min"]))
        data.add_series(BAND_NAME, kit.values(rows["band_max"] - rows["band_min"]))
    shares = kit.values(rows["share"])
    data.add_series(area_name, shares)
    has_riket = compare_riket and bool(rows["riket"].notna().any())
    if has_riket:
        data.add_series("Riket", kit.values(rows["riket"]))
    has_county = bool(county_name) and bool(rows["county_mean"].notna().any())
    if has_county:
        data.add_series(
            f"Medelvärde för kommunerna i {county_name}", kit.values(rows["county_mean"])
        )
    classes = class_series(rows)
    for key, points in classes.items():
        data.add_series(class_series_name(area_name, key), points)
    frame, chart = kit.add_chart(slide, box, XL_CHART_TYPE.LINE, data)
    kit.legend(chart, XL_LEGEND_POSITION.BOTTOM)
    kit.points_between_ticks(chart)
    if has_band:
        kit.band_under_lines(chart)
    lines = list(chart.plots[-1].series)
    area = lines.pop(0)
    kit.plain_line(area, AREA_COLOUR, 3)
    kit.value_labels(area, shares, AREA_COLOUR)
    if has_riket:
        kit.plain_line(lines.pop(0), RIKET_COLOUR, 3.5)
    if has_county:
        kit.plain_line(lines.pop(0), COUNTY_COLOUR, 1.5, MSO_LINE_DASH_STYLE.DASH)
    for key, series in zip(classes, lines, strict=True):
        _class_symbols(chart, series, rows, key, _symbol_size(rows))
    kit.style_category_axis(chart)
    largest = pd.concat([rows["share"], rows["band_max"], rows["riket"]]).max()
    kit.style_value_axis(chart, share_axis_label(age_group), kit.value(largest))
    return frame


def last_value_texts(rows: pd.DataFrame) -> list[str | None]:
    """The label of a line's last known share only, an en space ahead of it so that it
    clears the class glyph on the point (the line has no marker to keep it away)."""
    shares = kit.values(rows["share"])
    last = max((i for i, v in enumerate(shares) if v is not None), default=None)
    return [f"{EN_SPACE}{format_percent(v)}" if i == last else None for i, v in enumerate(shares)]


def add_gender_chart(
    slide: PptxSlide,
    box: kit.Box,
    rows: pd.DataFrame,
    *,
    area_name: str,
    compare_riket: bool,
    age_group: str,
) -> GraphicFrame:
    """Diagramtyp 2: the area's kvinnor and män as dashed lines with the class glyphs
    of their points and the last value, riket's as thin lines."""
    by_sex = {
        sex: rows.loc[rows["sex"] == sex].sort_values(PERIOD, ignore_index=True)
        for sex in ("K", "M")
    }
    both = pd.concat(by_sex.values(), ignore_index=True).sort_values(PERIOD, kind="stable")
    data = CategoryChartData(number_format=SHARE_FORMAT)
    data.categories = year_categories(both)
    names = {sex: f"{SEX_LABELS[sex]}, {area_name}" for sex in by_sex}
    for sex, sex_rows in by_sex.items():
        data.add_series(names[sex], kit.values(sex_rows["share"]))
    riket = compare_riket and bool(both["riket"].notna().any())
    if riket:
        for sex, sex_rows in by_sex.items():
            data.add_series(f"{SEX_LABELS[sex]}, riket", kit.values(sex_rows["riket"]))
    classes = {sex: class_series(sex_rows) for sex, sex_rows in by_sex.items()}
    for sex, split in classes.items():
        for key, points in split.items():
            data.add_series(class_series_name(names[sex], key), points)
    frame, chart = kit.add_chart(slide, box, XL_CHART_TYPE.LINE, data)
    kit.legend(chart, XL_LEGEND_POSITION.BOTTOM)
    kit.points_between_ticks(chart)
    series = list(chart.plots[0].series)
    symbols = iter(series[4 if riket else 2 :])
    for index, (sex, sex_rows) in enumerate(by_sex.items()):
        colour = SEX_COLOURS[sex]
        kit.plain_line(series[index], colour, 3, MSO_LINE_DASH_STYLE.DASH)
        kit.text_labels(series[index], last_value_texts(sex_rows), colour, XL_LABEL_POSITION.RIGHT)
        if riket:
            kit.plain_line(series[2 + index], colour, 2)
        for key in classes[sex]:
            _class_symbols(chart, next(symbols), sex_rows, key, _symbol_size(sex_rows))
    kit.style_category_axis(chart)
    largest = pd.concat([both["share"], both["riket"]]).max()
    title = f"Andel av befolkningen {age_label(age_group)} av samma kön (%)"
    kit.style_value_axis(chart, title, kit.value(largest))
    return frame


def add_distribution_chart(
    slide: PptxSlide, box: kit.Box, table: pd.DataFrame, sexes: Sequence[str] = ("K", "M")
) -> GraphicFrame:
    """One 100 % bar per sex: each system's part of the sex's helårsekvivalenter."""
    cells = {(row["sex"], row["measure"]): row for row in records(table)}
    systems = [m for m in REPORT_ORDER if m in SYSTEM_COLOURS]
    data = CategoryChartData(number_format=SHARE_FORMAT)
    data.categories = [SEX_LABELS[s] for s in sexes]
    fractions = {
        measure: [
            kit.value(cells[(s, measure)]["fraction"]) if (s, measure) in cells else None
            for s in sexes
        ]
        for measure in systems
    }
    for measure in systems:
        data.add_series(MEASURE_LABELS[measure], fractions[measure])
    frame, chart = kit.add_chart(slide, box, XL_CHART_TYPE.BAR_STACKED, data)
    kit.legend(chart, XL_LEGEND_POSITION.BOTTOM)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = 100
    for measure, series in zip(systems, plot.series, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = kit.rgb(SYSTEM_COLOURS[measure])
        series.format.line.color.rgb = kit.rgb(BACKGROUND)
        wide = [None if v is None or v < LABEL_MIN else v for v in fractions[measure]]
        kit.value_labels(
            series, wide, SYSTEM_TEXT_COLOURS[measure], XL_LABEL_POSITION.CENTER, size=13
        )
    chart.category_axis.reverse_order = True
    kit.value_axis_at_bottom(chart)
    kit.style_category_axis(chart, size=16)
    kit.style_value_axis(chart, "Andel av helårsekvivalenterna (%)", 100.0, maximum=100, step=10)
    return frame


def county_categories(totals: pd.DataFrame, highlight: Sequence[str]) -> list[str]:
    """'Malå (21,2 %)', '▶ Norsjö (17,7 %)' for the highlighted kommuner."""
    return [
        f"{HIGHLIGHT_ARROW if row['region_code'] in highlight else ''}{row['name']} "
        f"({format_percent(kit.value(row['share']), missing='uppgift saknas')}"
        f"{flag_marks(row)})"
        for row in records(totals)
    ]


def county_label_size(kommuner: int) -> int:
    """Kommun names small enough that every name has a line of its own."""
    return 10 if kommuner <= 16 else 8


def add_county_chart(
    slide: PptxSlide,
    box: kit.Box,
    table: pd.DataFrame,
    *,
    highlight: Sequence[str],
    age_group: str,
) -> list[GraphicFrame]:
    """The county's kommuner as bars stacked by system, highest total share on top.

    A county of more than :data:`MANY_KOMMUNER` kommuner (Skåne 33, Västra Götaland 49)
    is drawn as two charts side by side on one value scale, the highest half on the
    left and without legends (:func:`system_legend_parts` goes under them), so that
    every kommun's name stays readable.
    """
    totals = county_order(table)
    columns = 2 if is_two_columns(table) else 1
    per_column = math.ceil(len(totals) / columns)
    scale = kit.nice_scale(kit.value(totals["share"].max()))
    width = box.width // columns
    return [
        _county_column(
            slide,
            kit.Box(box.left + i * width, box.top, width, box.height),
            table,
            totals.iloc[i * per_column : (i + 1) * per_column],
            highlight=highlight,
            age_group=age_group,
            scale=scale,
            legend=columns == 1,
        )
        for i in range(columns)
    ]


def _county_column(
    slide: PptxSlide,
    box: kit.Box,
    table: pd.DataFrame,
    totals: pd.DataFrame,
    *,
    highlight: Sequence[str],
    age_group: str,
    scale: tuple[float, float] | None,
    legend: bool,
) -> GraphicFrame:
    codes = totals["region_code"].astype(str).tolist()
    cells = {(str(row["region_code"]), row["measure"]): row for row in records(table)}
    systems = [m for m in REPORT_ORDER if m in SYSTEM_COLOURS]
    data = CategoryChartData(number_format=SHARE_FORMAT)
    data.categories = county_categories(totals, highlight)
    for measure in systems:
        shares = [
            kit.value(cells[(c, measure)]["share"]) if (c, measure) in cells else None
            for c in codes
        ]
        data.add_series(MEASURE_LABELS[measure], shares)
    frame, chart = kit.add_chart(slide, box, XL_CHART_TYPE.BAR_STACKED, data)
    if legend:
        kit.legend(chart, XL_LEGEND_POSITION.BOTTOM)
    else:
        chart.has_legend = False
    plot = chart.plots[0]
    plot.gap_width = 40
    plot.overlap = 100
    chosen = [i for i, code in enumerate(codes) if code in highlight]
    for measure, series in zip(systems, plot.series, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = kit.rgb(SYSTEM_COLOURS[measure])
        series.format.line.color.rgb = kit.rgb(BACKGROUND)
        series.format.line.width = Pt(0.5)
        for index in chosen:
            point = series.points[index]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = kit.rgb(SYSTEM_COLOURS[measure])
            point.format.line.color.rgb = kit.rgb(HIGHLIGHT_OUTLINE)
            point.format.line.width = Pt(2)
    chart.category_axis.reverse_order = True
    kit.value_axis_at_bottom(chart)
    kit.style_category_axis(chart, size=county_label_size(len(codes)))
    kit.every_category_label(chart)
    maximum, step = scale or (None, None)
    kit.style_value_axis(chart, share_axis_label(age_group), maximum, maximum=maximum, step=step)
    return frame


def add_profile_table(
    slide: PptxSlide, box: kit.Box, profile: pd.DataFrame, column: str, keys: Sequence, headers
) -> GraphicFrame:
    """The försörjningsprofil as a table: a row per measure, a column per `keys` value.

    Cells show the share and the class glyph (▲ ● ▼) on the class colour; a missing
    share is an empty white cell.
    """
    cells = {(row["measure"], row[column]): row for row in records(profile)}
    rows, columns = len(REPORT_ORDER) + 1, len(keys) + 1
    frame = slide.shapes.add_table(rows, columns, box.left, box.top, box.width, box.height)
    table = frame.table
    first = int(box.width * (0.34 if len(keys) <= 3 else 0.26))
    table.columns[0].width = Emu(first)
    for index in range(1, columns):
        table.columns[index].width = Emu((box.width - first) // len(keys))
    for index in range(rows):
        table.rows[index].height = Emu(box.height // rows)
    size = 18 if len(keys) <= 3 else 14 if len(keys) <= 6 else 11
    kit.fill_cell(table.cell(0, 0), "Ersättningssystem", HEADER_FILL, HEADER_TEXT, size, bold=True)
    for index, header in enumerate(headers, start=1):
        kit.fill_cell(
            table.cell(0, index), header, HEADER_FILL, HEADER_TEXT, size, True, PP_ALIGN.CENTER
        )
    for row_index, measure in enumerate(REPORT_ORDER, start=1):
        kit.fill_cell(
            table.cell(row_index, 0),
            MEASURE_LABELS[measure],
            BACKGROUND,
            TEXT_COLOUR,
            size,
            bold=measure == SUMMA,
        )
        for column_index, key in enumerate(keys, start=1):
            row = cells.get((measure, key))
            kit.fill_cell(
                table.cell(row_index, column_index),
                "" if row is None else cell_text(row),
                BACKGROUND if row is None else cell_fill(row),
                TEXT_COLOUR,
                size,
                align=PP_ALIGN.CENTER,
            )
    return frame


def class_legend_parts() -> list[tuple[str, str]]:
    """(text, colour) runs of the class legend under a line chart: the glyphs its
    points carry (those of the app) and what an open glyph means."""
    return [
        *table_legend_parts(),
        ("(öppen symbol = ofullständigt år)", MUTED_COLOUR),
    ]


def system_legend_parts() -> list[tuple[str, str]]:
    """(text, colour) runs of a legend of the six systems (■ in each system's colour)."""
    parts: list[tuple[str, str]] = []
    for measure in REPORT_ORDER:
        if measure in SYSTEM_COLOURS:
            parts.append(("■ ", SYSTEM_COLOURS[measure]))
            parts.append((f"{MEASURE_LABELS[measure]}   ", MUTED_COLOUR))
    return parts


def is_two_columns(table: pd.DataFrame) -> bool:
    """Whether a county chart is drawn in two columns (see :func:`add_county_chart`)."""
    return table["region_code"].nunique() > MANY_KOMMUNER


def table_legend_parts() -> list[tuple[str, str]]:
    """(text, colour) runs of the class legend under the profile table."""
    parts: list[tuple[str, str]] = [("Jämfört med landets kommuner:  ", MUTED_COLOUR)]
    for style in QUARTILE_STYLES.values():
        parts.append((style.glyph, style.colour))
        parts.append((f" {style.label}   ", MUTED_COLOUR))
    return parts


def add_needs_chart(
    slide: PptxSlide,
    box: kit.Box,
    ranking: pd.DataFrame,
    *,
    reference_name: str,
    limit: int = NEEDS_LIMIT,
) -> GraphicFrame:
    """The first `limit` ranked cells as horizontal bars of excess HE, rank 1 on top.

    One series; each bar in its system's colour, an uncertain cell hatched (and ‡ in
    its label, so it reads without colour).
    """
    rows = records(ranking.head(limit))
    data = CategoryChartData(number_format=HE_AXIS_FORMAT)
    data.categories = [needs_label(r) for r in rows]
    name = f"Helårsekvivalenter jämfört med {reference_name}"
    data.add_series(name, [kit.value(r["excess_he"]) for r in rows])
    frame, chart = kit.add_chart(slide, box, XL_CHART_TYPE.BAR_CLUSTERED, data)
    chart.has_legend = False
    chart.has_title = False
    plot = chart.plots[0]
    plot.gap_width = 40
    plot.vary_by_categories = False
    series = plot.series[0]
    series.invert_if_negative = False
    for index, row in enumerate(rows):
        fill = series.points[index].format.fill
        colour = kit.rgb(SYSTEM_COLOURS[str(row["measure"])])
        if row["uncertain"]:
            fill.patterned()
            fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
            fill.fore_color.rgb = colour
            fill.back_color.rgb = kit.rgb(BACKGROUND)
        else:
            fill.solid()
            fill.fore_color.rgb = colour
        line = series.points[index].format.line
        line.color.rgb = kit.rgb(TEXT_COLOUR)
        line.width = Pt(0.5)
    kit.text_labels(
        series,
        [he_label(kit.value(r["excess_he"])) for r in rows],
        TEXT_COLOUR,
        XL_LABEL_POSITION.OUTSIDE_END,
        size=12,
    )
    chart.category_axis.reverse_order = True
    kit.value_axis_at_bottom(chart)
    kit.style_category_axis(chart)
    kit.every_category_label(chart)
    known = [v for v in (kit.value(r["excess_he"]) for r in rows) if v is not None]
    minimum, maximum, step = kit.padded_scale(known) if known else (0.0, None, None)
    kit.style_value_axis(
        chart,
        name,
        None,
        maximum,
        minimum=minimum,
        step=step,
        number_format=HE_AXIS_FORMAT,
    )
    return frame


def he_label(he: float | None) -> str | None:
    """An excess-HE bar's label: '+379 HE', '−1 234 HE', '0 HE'."""
    return None if he is None else f"{format_signed(he, 0)}{NBSP}HE"


def matrix_cell_texts(row: Mapping[str, Any] | None, reference: str) -> tuple[str, str]:
    """A matrix cell's two lines: the share ('3,6 %', '0,4 % ‡') and the difference from
    the reference in percentage points and HE ('+1,1 · +379 HE')."""
    if row is None or is_missing(row["share"]):
        return "–", ""
    mark = f" {FEW_HE_MARK}" if row["few_he"] else ""
    points, he = row[f"{reference}_points"], row[f"{reference}_he"]
    if is_missing(points):
        return f"{format_percent(row['share'])}{mark}", ""
    return (
        f"{format_percent(row['share'])}{mark}",
        f"{format_signed(points, 1)} · {format_signed(he, 0)} HE",
    )


def add_matrix_table(
    slide: PptxSlide, box: kit.Box, matrix: pd.DataFrame, *, reference: str
) -> GraphicFrame:
    """Groups (rows) × summa and the systems (columns) as a native table, each cell on
    the heatmap's colour of its difference in percentage points from `reference`, with
    the share and the difference in words; a line between the age bands and kön."""
    groups = list(dict.fromkeys(matrix["group"]))
    cells = {(r["group"], str(r["measure"])): r for r in records(matrix)}
    points = matrix[f"{reference}_points"].abs().dropna()
    limit = float(points.max()) if not points.empty and points.max() > 0 else 1.0
    rows, columns = len(groups) + 1, len(REPORT_ORDER) + 1
    row_height = min(box.height // rows, Emu(Pt(52)))
    frame = slide.shapes.add_table(rows, columns, box.left, box.top, box.width, row_height * rows)
    table = frame.table
    first = int(box.width * 0.16)
    table.columns[0].width = Emu(first)
    for index in range(1, columns):
        table.columns[index].width = Emu((box.width - first) // len(REPORT_ORDER))
    for index in range(rows):
        table.rows[index].height = Emu(row_height)
    kit.fill_cell(table.cell(0, 0), "Grupp", HEADER_FILL, HEADER_TEXT, 11, bold=True)
    for index, measure in enumerate(REPORT_ORDER, start=1):
        header = table.cell(0, index)
        label = MATRIX_HEADERS[measure]
        kit.fill_cell(header, label, HEADER_FILL, HEADER_TEXT, 10, True, PP_ALIGN.CENTER)
        header.margin_left = header.margin_right = Inches(0.04)
    ages = set(matrix.loc[matrix["dimension"] == DIMENSION_AGE, "group"])
    for row_index, group in enumerate(groups, start=1):
        kit.fill_cell(table.cell(row_index, 0), group, BACKGROUND, TEXT_COLOUR, 12, bold=True)
        for column_index, measure in enumerate(REPORT_ORDER, start=1):
            row = cells.get((group, measure))
            value = None if row is None else row[f"{reference}_points"]
            fill = diverging_colour(value, limit)
            share, difference = matrix_cell_texts(row, reference)
            cell = table.cell(row_index, column_index)
            kit.fill_cell(cell, share, fill, text_colour_on(fill), 13, True, PP_ALIGN.CENTER)
            if difference:
                kit.add_cell_line(cell, difference, text_colour_on(fill), 10)
        if group in ages and row_index < len(groups) and groups[row_index] not in ages:
            for column_index in range(columns):
                kit.bottom_border(table.cell(row_index, column_index), TEXT_COLOUR, Pt(2.5))
    return frame


def waterfall_series(
    decomposition: pd.DataFrame,
) -> dict[str, list[float | None]]:
    """The four stacked series of a waterfall of the change by system.

    `Bas` (invisible) lifts each contribution to the running total; `Andel` is the total
    in the first and last period; `Ökning` and `Minskning` the height of each system's
    contribution (a decrease as a positive height under the previous total). A system
    without change is a zero `Ökning`, so its label still says '+0,00'.
    """
    by_measure = {str(r["measure"]): r for r in records(decomposition)}
    total = by_measure[SUMMA]
    start, end = kit.value(total["from_share"]), kit.value(total["to_share"])
    base: list[float | None] = [None]
    up: list[float | None] = [None]
    down: list[float | None] = [None]
    running = start or 0.0
    for measure in SYSTEMS:
        step = kit.value(by_measure[measure]["points"]) or 0.0
        base.append(min(running, running + step))
        up.append(step if step >= 0 else None)
        down.append(-step if step < 0 else None)
        running += step
    return {
        WATERFALL_BASE: [*base, None],
        WATERFALL_NAMES[0]: [start, *([None] * len(SYSTEMS)), end],
        WATERFALL_NAMES[1]: [*up, None],
        WATERFALL_NAMES[2]: [*down, None],
    }


def add_waterfall_chart(
    slide: PptxSlide, box: kit.Box, decomposition: pd.DataFrame, *, from_label: str, to_label: str
) -> GraphicFrame:
    """A waterfall of the change of a group's share by system (see the module's notes):
    the total in `from_label`, each system's contribution, the total in `to_label`.

    Readable as the app's (:func:`charts.targets.change_chart`): the value axis is fitted
    to the levels the steps pass through (:func:`charts.targets.waterfall_range`, not
    from zero), each value is written with one decimal under its column with the
    column's name (:func:`charts.targets.waterfall_ticks`, whole words on their own
    lines), never over a bar.
    """
    series_values = waterfall_series(decomposition)
    data = CategoryChartData(number_format=CHANGE_SHARE_FORMAT)
    data.categories = [
        "\n".join([*lines, value])
        for lines, value in waterfall_ticks(decomposition, from_label, to_label, MATRIX_HEADERS)
    ]
    for name, values in series_values.items():
        data.add_series(name, values)
    frame, chart = kit.add_chart(slide, box, XL_CHART_TYPE.COLUMN_STACKED, data)
    kit.legend(chart, XL_LEGEND_POSITION.BOTTOM)
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.overlap = 100
    base, total, up, down = plot.series
    base.format.fill.background()
    base.format.line.fill.background()
    kit.drop_legend_entry(chart, 0)
    for series, colour in ((total, AREA_COLOUR), (up, INCREASE_COLOUR), (down, DECREASE_COLOUR)):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = kit.rgb(colour)
        series.format.line.fill.background()
    kit.style_category_axis(chart, size=WATERFALL_LABEL_SIZE)
    kit.every_category_label(chart)
    kit.horizontal_category_labels(chart)
    bounds = waterfall_range(waterfall_values(decomposition))
    minimum, maximum, step = kit.fitted_scale(*bounds) if bounds else (0.0, None, None)
    kit.style_value_axis(
        chart,
        "Andel av gruppens befolkning (%)",
        None,
        maximum,
        minimum=minimum,
        step=step,
        number_format=SHARE_FORMAT,
    )
    return frame


FUNNEL_MARKERS: dict[str, XL_MARKER_STYLE] = {
    HIGH: XL_MARKER_STYLE.TRIANGLE,
    LOW: XL_MARKER_STYLE.DIAMOND,
}
"""A funnel's kommuner beyond the limits: a native marker per signal (PowerPoint has no
downward triangle; the series' names and colours say which is which)."""


FUNNEL_GROUPS: tuple[tuple[str, str, XL_MARKER_STYLE, str], ...] = (
    ("Kommuner inom gränserna", WITHIN, XL_MARKER_STYLE.CIRCLE, NO_CLASS_COLOUR),
    ("Över 99,8 %-gränsen", HIGH_SIGNAL, FUNNEL_MARKERS[HIGH], QUARTILE_STYLES[HIGH].colour),
    ("Under 99,8 %-gränsen", LOW_SIGNAL, FUNNEL_MARKERS[LOW], QUARTILE_STYLES[LOW].colour),
)
"""The kommuner's series of a funnel plot: name, signal, marker and colour. PowerPoint
has no downward triangle, so a kommun below the limits is a diamond (as the lowest
class in the line charts)."""
FUNNEL_LINES: tuple[tuple[float, str, MSO_LINE_DASH_STYLE], ...] = (
    (Z_95, "95 %-gränser", MSO_LINE_DASH_STYLE.DASH),
    (Z_998, "99,8 %-gränser", MSO_LINE_DASH_STYLE.ROUND_DOT),
)
"""The limit lines: z, the legend's name (the upper line; the lower has no entry) and
the dash."""
FUNNEL_LINE_POINTS = 60
"""Points along each native limit line (enough for a smooth curve on a slide)."""


def funnel_marked_name(marked: int) -> str:
    return "Valt område" if marked == 1 else "Områdets kommuner"


def add_funnel_chart(
    slide: PptxSlide,
    box: kit.Box,
    funnel: Funnel,
    *,
    highlight: Sequence[str],
    sex: str,
    age_group: str,
) -> GraphicFrame:
    """The funnel plot as a native XY scatter chart on a logarithmic population axis.

    Series, drawn in this order: the 95 % and 99,8 % limits (an upper and a lower line
    each, the lower without a legend entry), riket's pooled share, the kommuner within
    the limits, above and below the 99,8 % limits, and last (on top) the `highlight`ed
    kommuner with their names. Each kommun is one point in exactly one series. Limits
    below 0 % are drawn at 0 % (no share is negative).
    """
    rows = [
        r
        for r in records(funnel.table)
        if not is_missing(r["share"]) and not is_missing(r["population"]) and r["population"] > 0
    ]
    chosen = set(highlight)
    populations = [float(r["population"]) for r in rows]
    grid = limit_grid(populations, FUNNEL_LINE_POINTS)
    data = XyChartData(number_format=SHARE_FORMAT)
    drop: list[int] = []
    for z, name, _dash in FUNNEL_LINES:
        lower, upper = funnel.limits(grid, z)
        for part, values in ((name, upper), (f"{name} (undre)", lower)):
            series = data.add_series(part, number_format=SHARE_FORMAT)
            for x, y in zip(grid, values, strict=True):
                series.add_data_point(float(x), max(0.0, float(y)))
        drop.append(len(data) - 1)
    riket = data.add_series(
        f"Riket (sammanräknat): {format_percent(funnel.reference_share)}",
        number_format=SHARE_FORMAT,
    )
    for x in (grid[0], grid[-1]):
        riket.add_data_point(float(x), funnel.reference_share)
    groups = []
    for name, signal, style, colour in FUNNEL_GROUPS:
        members = [r for r in rows if r["signal"] == signal and r["region_code"] not in chosen]
        if members:
            groups.append((style, colour, members))
            series = data.add_series(name, number_format=SHARE_FORMAT)
            for row in members:
                series.add_data_point(float(row["population"]), float(row["share"]))
    marked = [r for r in rows if r["region_code"] in chosen]
    if marked:
        series = data.add_series(funnel_marked_name(len(marked)), number_format=SHARE_FORMAT)
        for row in marked:
            series.add_data_point(float(row["population"]), float(row["share"]))
    frame, chart = kit.add_chart(slide, box, XL_CHART_TYPE.XY_SCATTER, data)
    kit.legend(chart, XL_LEGEND_POSITION.BOTTOM)
    series = list(chart.plots[0].series)
    for index, (_z, _name, dash) in enumerate(FUNNEL_LINES):
        for line in series[2 * index : 2 * index + 2]:
            _scatter_line(line, MUTED_COLOUR, 1.5, dash)
    _scatter_line(series[4], RIKET_COLOUR, 2.5)
    for (style, colour, _members), points in zip(groups, series[5 : 5 + len(groups)], strict=True):
        _scatter_markers(points, style, colour, TEXT_COLOUR, 8)
    if marked:
        area = series[-1]
        _scatter_markers(area, XL_MARKER_STYLE.CIRCLE, AREA_COLOUR, HIGHLIGHT_OUTLINE, 13)
        for index, row in enumerate(marked):
            if row["signal"]:
                area.points[index].marker.style = FUNNEL_MARKERS[
                    HIGH if row["signal"] == HIGH_SIGNAL else LOW
                ]
        kit.label_points(area, [str(r["name"]) for r in marked], AREA_COLOUR)
    for index in drop:
        kit.drop_legend_entry(chart, index)
    low, high = min(populations), max(populations)
    population_axis = chart.category_axis
    kit.logarithmic_axis(
        population_axis._element,
        10 ** math.floor(math.log10(low * 0.9)),
        10 ** math.ceil(math.log10(high * 1.1)),
    )
    population_axis.has_major_gridlines = True
    population_axis.major_gridlines.format.line.color.rgb = kit.rgb(GRID_COLOUR)
    population_axis.tick_labels.number_format = POPULATION_FORMAT
    population_axis.tick_labels.number_format_is_linked = False
    population_axis.tick_labels.font.size = Pt(12)
    population_axis.has_title = True
    population_axis.axis_title.text_frame.text = (
        f"Folkmängd {age_label(age_group)} (logaritmisk skala)"
    )
    population_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    population_axis.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False
    largest = max(max(r["share"] for r in rows), float(funnel.limits(low, Z_998)[1]))
    scale = kit.nice_scale(largest)
    maximum, step = scale or (None, None)
    title = f"Andel av {who_text(sex, age_group)} (%)"
    kit.style_value_axis(chart, title, largest, maximum, step=step)
    return frame


def _scatter_line(
    series, colour: str, width: float, dash: MSO_LINE_DASH_STYLE | None = None
) -> None:
    """A scatter series drawn as a line without markers."""
    series.marker.style = XL_MARKER_STYLE.NONE
    line = series.format.line
    line.color.rgb = kit.rgb(colour)
    line.width = Pt(width)
    if dash is not None:
        line.dash_style = dash


def _scatter_markers(series, style: XL_MARKER_STYLE, colour: str, outline: str, size: int) -> None:
    """A scatter series drawn as markers only (no line between the points)."""
    series.format.line.fill.background()
    marker = series.marker
    marker.style = style
    marker.size = size
    marker.format.fill.solid()
    marker.format.fill.fore_color.rgb = kit.rgb(colour)
    marker.format.line.color.rgb = kit.rgb(outline)
    marker.format.line.width = Pt(0.75)


def add_picture(slide: PptxSlide, box: kit.Box, png: bytes, description: str) -> Picture:
    """A picture (a chart PowerPoint cannot draw, e.g. the map) as large as `box` allows
    at its own proportions, centred in it, described for screen readers."""
    picture = slide.shapes.add_picture(io.BytesIO(png), box.left, box.top)
    scale = min(box.width / picture.width, box.height / picture.height)
    width, height = round(picture.width * scale), round(picture.height * scale)
    picture.width, picture.height = Emu(width), Emu(height)
    picture.left = Emu(box.left + (box.width - width) // 2)
    picture.top = Emu(box.top + (box.height - height) // 2)
    picture._element.nvPicPr.cNvPr.set("descr", description)
    return picture
