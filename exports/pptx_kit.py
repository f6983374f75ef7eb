"""The PowerPoint toolkit: python-pptx and OOXML helpers shared by every native chart.

:mod:`exports.slide_charts` says *what* each chart shows; this module says how a
python-pptx chart, axis, legend, label or table cell looks in the house style, and adds
to the chart XML what python-pptx has no property for (a band under lines, a legend
entry left out, a category axis that shows every label, a value axis at the bottom of
top-down bars, a border under a table cell). One look of
the value axis (:func:`style_value_axis`) and one rule for the room beyond the longest
bar (:func:`padded_scale`, from :func:`charts.targets.label_room`) serve every chart.

Numbers in data labels are written text, one label per point ('9,6 %', '+379 HE'
from :mod:`metrics.swedish`): a number format's decimal sign is the viewer's, so
`0.0" %"` reads '9.6 %' in an English PowerPoint or LibreOffice, whereas text reads the
same everywhere. The values stay in the embedded workbook; a label is text, so after
an analyst changes a number in PowerPoint its label must be retyped (or switched back
to the value). Number formats (axes, the workbook) carry the Swedish locale
`[$-41D]`: LibreOffice then shows a decimal comma in any locale, PowerPoint the
viewer's decimal sign (axis ticks are whole per cents except on small axes); the per
cent sign is quoted, because a bare '%' would multiply by 100.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from lxml import etree
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.chart.series import _BaseCategorySeries
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide as PptxSlide
from pptx.util import Pt

from charts.targets import label_room
from charts.texts import is_missing
from charts.theme import GRID_COLOUR, TEXT_COLOUR
from metrics.swedish import format_percent

SWEDISH_LOCALE = "[$-41D]"
"""The number-format prefix of sv-SE (LCID 0x041D): LibreOffice shows ',' as the
decimal sign whatever its own locale."""
SHARE_FORMAT = f'{SWEDISH_LOCALE}0.0" %"'
"""One decimal and a per cent sign (axes and the embedded workbook)."""
WHOLE_SHARE_FORMAT = f'{SWEDISH_LOCALE}0" %"'
SMALL_AXIS_MAX = 3.0
"""Below this largest value, value-axis ticks need a decimal (0,5 %, 1,0 % …)."""
BAND_COLOUR = "D9D9D9"

Run = tuple[str, str]
"""A piece of text and its colour (a line of notes is a list of runs)."""


def rgb(colour: str) -> RGBColor:
    """'#D7301F' → RGBColor."""
    return RGBColor.from_string(colour.lstrip("#").upper())


@dataclass(frozen=True)
class Box:
    """A rectangle on a slide, in EMU."""

    left: int
    top: int
    width: int
    height: int


def value(value: object) -> float | None:
    return None if is_missing(value) else float(value)


def values(series: pd.Series) -> list[float | None]:
    return [value(v) for v in series]


def share_axis_format(largest: float | None) -> str:
    """Whole per cents on the value axis, or one decimal when the values are small."""
    if largest is None or largest < SMALL_AXIS_MAX:
        return SHARE_FORMAT
    return WHOLE_SHARE_FORMAT


def add_chart(
    slide: PptxSlide, box: Box, kind: XL_CHART_TYPE, data: CategoryChartData
) -> tuple[GraphicFrame, Chart]:
    frame = slide.shapes.add_chart(kind, box.left, box.top, box.width, box.height, data)
    chart = frame.chart
    chart.font.size = Pt(12)
    chart.font.color.rgb = rgb(TEXT_COLOUR)
    return frame, chart


def style_value_axis(
    chart: Chart,
    title: str,
    largest: float | None,
    maximum: float | None = None,
    *,
    minimum: float = 0.0,
    step: float | None = None,
    number_format: str | None = None,
) -> None:
    """The one look of every value axis: from `minimum` (zero) to `maximum` (PowerPoint's
    own when None) in steps of `step`, light gridlines, no axis line, 12 pt tick labels
    in `number_format` (per cents with :func:`share_axis_format` of `largest` unless
    given) and a plain title."""
    axis = chart.value_axis
    axis.minimum_scale = minimum
    if maximum is not None:
        axis.maximum_scale = maximum
    if step is not None:
        axis.major_unit = step
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb(GRID_COLOUR)
    axis.format.line.fill.background()
    axis.tick_labels.number_format = number_format or share_axis_format(largest)
    axis.tick_labels.number_format_is_linked = False
    axis.tick_labels.font.size = Pt(12)
    axis.has_title = True
    axis.axis_title.text_frame.text = title
    axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    axis.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False


def style_category_axis(chart: Chart, size: int = 12) -> None:
    axis = chart.category_axis
    axis.tick_labels.font.size = Pt(size)
    axis.format.line.color.rgb = rgb(TEXT_COLOUR)
    axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW


def legend(chart: Chart, position: XL_LEGEND_POSITION) -> None:
    chart.has_legend = True
    chart.legend.position = position
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(12)


def plain_line(
    series: _BaseCategorySeries, colour: str, width: float, dash: MSO_LINE_DASH_STYLE | None = None
) -> None:
    series.smooth = False
    series.marker.style = XL_MARKER_STYLE.NONE
    line = series.format.line
    line.color.rgb = rgb(colour)
    line.width = Pt(width)
    if dash is not None:
        line.dash_style = dash


def text_labels(
    series: _BaseCategorySeries,
    texts: Sequence[str | None],
    colours: str | Sequence[str],
    position: XL_LABEL_POSITION = XL_LABEL_POSITION.ABOVE,
    size: int = 11,
    bold: bool = False,
) -> None:
    """Each point's data label as written rich text in its colour; a point whose text
    is None has no label (the series' own labels stay off). LibreOffice and PowerPoint
    both show the run's text and colour as written, whatever their locale."""
    tints = [colours] * len(texts) if isinstance(colours, str) else list(colours)
    for index, (text, tint) in enumerate(zip(texts, tints, strict=True)):
        if text is None:
            continue
        label = series.points[index].data_label
        label.position = position
        frame = label.text_frame
        frame.text = text
        run = frame.paragraphs[0].runs[0]
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = rgb(tint)


def value_labels(
    series: _BaseCategorySeries,
    shares: Sequence[float | None],
    colour: str,
    position: XL_LABEL_POSITION = XL_LABEL_POSITION.ABOVE,
    size: int = 11,
    decimals: int = 1,
) -> None:
    """Per cent labels in Swedish ('9,6 %') on the points whose share is given."""
    texts = [None if v is None else format_percent(v, decimals) for v in shares]
    text_labels(series, texts, colour, position, size)


def band_under_lines(chart: Chart, band_series: int = 2) -> None:
    """Move the first `band_series` series of a line chart into a stacked area chart
    drawn under the lines, on the same axes; the first (the base) gets no fill and no
    legend entry."""
    plot_area = chart._chartSpace.find(f".//{qn('c:plotArea')}")
    lines = plot_area.find(qn("c:lineChart"))
    area = OxmlElement("c:areaChart")
    etree.SubElement(area, qn("c:grouping")).set("val", "stacked")
    etree.SubElement(area, qn("c:varyColors")).set("val", "0")
    for series in lines.findall(qn("c:ser"))[:band_series]:
        lines.remove(series)
        for child in series.findall(qn("c:marker")) + series.findall(qn("c:smooth")):
            series.remove(child)
        area.append(series)
    for axis in lines.findall(qn("c:axId")):
        etree.SubElement(area, qn("c:axId")).set("val", axis.get("val"))
    plot_area.insert(list(plot_area).index(lines), area)
    band_plot = chart.plots[0]
    base, spread = band_plot.series[0], band_plot.series[1]
    base.format.fill.background()
    base.format.line.fill.background()
    spread.format.fill.solid()
    spread.format.fill.fore_color.rgb = rgb(BAND_COLOUR)
    spread.format.line.fill.background()
    drop_legend_entry(chart, 0)


def drop_legend_entry(chart: Chart, index: int) -> None:
    """Leave series `index` (its `c:idx`) out of the legend."""
    legend = chart._chartSpace.find(f".//{qn('c:legend')}")
    entry = OxmlElement("c:legendEntry")
    etree.SubElement(entry, qn("c:idx")).set("val", str(index))
    etree.SubElement(entry, qn("c:delete")).set("val", "1")
    position = legend.find(qn("c:legendPos"))
    legend.insert(0 if position is None else list(legend).index(position) + 1, entry)


def axis_setting(axis, tag: str, value: str, successors: Sequence[str]) -> None:
    """Set an axis child element python-pptx has no property for (e.g. `c:tickLblSkip`)."""
    element = axis.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        axis.insert_element_before(element, *successors)
    element.set("val", value)


def points_between_ticks(chart: Chart) -> None:
    """Years in the middle of their band, not on the plot's edges (room for labels)."""
    value_axis = chart._chartSpace.find(f".//{qn('c:valAx')}")
    axis_setting(
        value_axis,
        "c:crossBetween",
        "between",
        ("c:majorUnit", "c:minorUnit", "c:dispUnits", "c:extLst"),
    )


def every_category_label(chart: Chart) -> None:
    """Show every category's label (LibreOffice would otherwise skip some)."""
    category_axis = chart._chartSpace.find(f".//{qn('c:catAx')}")
    axis_setting(
        category_axis, "c:tickLblSkip", "1", ("c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")
    )


def value_axis_at_bottom(chart: Chart) -> None:
    """With categories listed top-down, keep the value axis at the bottom of the plot."""
    value_axis = chart._chartSpace.find(f".//{qn('c:valAx')}")
    crosses = value_axis.find(qn("c:crosses"))
    crosses.set("val", "max")


def fill_cell(
    cell,
    text: str,
    fill: str,
    colour: str,
    size: int,
    bold: bool = False,
    align: PP_ALIGN = PP_ALIGN.LEFT,
) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = rgb(fill)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame = cell.text_frame
    frame.text = text
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = rgb(colour)


def add_cell_line(cell, text: str, colour: str, size: int) -> None:
    paragraph = cell.text_frame.add_paragraph()
    paragraph.alignment = PP_ALIGN.CENTER
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.color.rgb = rgb(colour)


def bottom_border(cell, colour: str, width: int) -> None:
    """A line along the bottom of a table cell (python-pptx has no property for borders)."""
    properties = cell._tc.get_or_add_tcPr()
    line = OxmlElement("a:lnB")
    line.set("w", str(int(width)))
    fill = etree.SubElement(line, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr")).set("val", colour.lstrip("#").upper())
    properties.insert(0, line)


def horizontal_category_labels(chart: Chart) -> None:
    """Keep category labels level (wrapped, not turned 45°) when they are long."""
    chart.category_axis.tick_labels.font.size = chart.category_axis.tick_labels.font.size
    text = chart._chartSpace.find(f".//{qn('c:catAx')}/{qn('c:txPr')}")
    text.find(qn("a:bodyPr")).set("rot", "0")


def padded_scale(values: Sequence[float]) -> tuple[float, float, float]:
    """Value-axis bounds and step for bars that may be negative: the room beyond the
    longest bar of :func:`charts.targets.label_room` (as in the app), rounded out to a
    step of 1, 2 or 5 × 10ⁿ."""
    low, high = label_room(list(values)) or (0.0, 0.0)
    raw = ((max(0.0, *values) - min(0.0, *values)) or 1.0) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def nice_scale(largest: float | None) -> tuple[float, float] | None:
    """A round value-axis maximum above `largest` and its tick step (shared by the
    columns of one county)."""
    if largest is None:
        return None
    step = 5.0 if largest > 10 else 1.0
    return math.ceil(largest * 1.02 / step) * step, step


def nice_step(span: float, ticks: int = 5) -> float:
    """A tick step of 1, 2 or 5 × 10ⁿ that divides `span` into about `ticks` steps."""
    raw = (span or 1.0) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def fitted_scale(low: float, high: float) -> tuple[float, float, float]:
    """Value-axis bounds rounded out from `low`–`high` to a :func:`nice_step`, and the
    step (an axis fitted to the values instead of starting at zero)."""
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def logarithmic_axis(axis, minimum: float, maximum: float) -> None:
    """A value axis (its `c:valAx` element) on a base-10 logarithmic scale from `minimum`
    to `maximum` (python-pptx has no property for `c:logBase`)."""
    scaling = axis.find(qn("c:scaling"))
    base = OxmlElement("c:logBase")
    base.set("val", "10")
    scaling.insert(0, base)
    for tag, bound in (("c:max", maximum), ("c:min", minimum)):
        for old in scaling.findall(qn(tag)):
            scaling.remove(old)
        etree.SubElement(scaling, qn(tag)).set("val", repr(float(bound)))


def label_points(series, labels: Sequence[str], colour: str, size: int = 12) -> None:
    """Each point of a scatter series labelled with its own text (a kommun's name) above
    the marker, in bold."""
    for index, text in enumerate(labels):
        label = series.points[index].data_label
        label.position = XL_LABEL_POSITION.ABOVE
        frame = label.text_frame
        frame.text = text
        font = frame.paragraphs[0].runs[0].font
        font.size = Pt(size)
        font.bold = True
        font.color.rgb = rgb(colour)
