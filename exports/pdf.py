"""The report as a PDF for the meeting pack: A4 landscape, the source and a page number
on every page.

Each page is a plotly figure the size of an A4 page (1123 × 794 CSS pixels at 96 dpi =
297 × 210 mm): the app's own chart (:mod:`exports.figures`) with the slide's reading
(and, for the greatest needs, the top three in words) under its title and the page
number in its footer, or a page of text (the title page,
the page on how to read the report). Kaleido draws each page as an SVG in a headless
browser and the browser prints them at once as one PDF (:mod:`exports.images`); pypdf
adds the title. A chart taller than A4 (the county of Västra Götaland, 49 kommuner) is
drawn at its own size and scaled onto the page. A browser is needed: without one
:class:`~exports.images.BrowserMissingError` says so.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence

import plotly.graph_objects as go

from charts.theme import (
    BACKGROUND,
    FONT_FAMILY,
    MUTED_COLOUR,
    NOTE_LINE_HEIGHT,
    NOTE_SIZE,
    SEPARATORS,
    TEXT_COLOUR,
)
from exports.figures import slide_figure
from exports.images import ChartRenderer, ImageRequest
from exports.kinds import figure_height
from exports.report import ABOUT, MEASURED, SYNTHETIC_WARNING, Report, Slide

Progress = Callable[[float, str], None]

A4_WIDTH = 1123
A4_HEIGHT = 794
"""An A4 page in landscape, in CSS pixels (kaleido prints 96 px to the inch)."""
A4_POINTS = (841.92, 595.92)
READING_SIZE = 15
READING_LINE = 20
"""Pixels per line of the reading under a chart's title."""
READING_WIDTH = 130
"""Characters per line of the reading (15 px Arial on an A4 page)."""
WARNING_COLOUR = "#B00020"
PAGES_AT_A_TIME = 4
"""Pages sent to the browser together: enough to keep its tabs busy, few enough for a
progress bar to move."""


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False) or [""]


def page_label(report: Report, number: int, total: int) -> str:
    return f"{report.title} – {report.subtitle} · sida {number} av {total}"


def _source_shift(figure: go.Figure) -> float:
    """The vertical offset of the source line under a chart (the last annotation)."""
    source = figure.layout.meta["source"]
    for annotation in figure.layout.annotations:
        if annotation.text == source:
            return annotation.yshift or 0
    return 0


def chart_page(slide: Slide, label: str) -> go.Figure:
    """A chart on an A4 page: the reading under the title, the page label under the source.

    A county chart that needs more height than A4 keeps it and grows in width, so the
    page keeps A4's proportions when it is scaled onto the sheet.
    """
    figure = slide_figure(slide, width=A4_WIDTH, height=figure_height(slide, A4_HEIGHT))
    height = figure.layout.height or A4_HEIGHT
    width = max(A4_WIDTH, round(height * A4_WIDTH / A4_HEIGHT))
    lines = wrap(slide.reading, READING_WIDTH)
    for sentence in slide.lines:
        lines += wrap(f"• {sentence}", READING_WIDTH)
    subtitle = figure.layout.title.subtitle.text or ""
    reading = "<br>".join(lines)
    figure.update_layout(
        width=width,
        title_subtitle_text=f"<span style='color:{TEXT_COLOUR}'>{reading}</span><br>{subtitle}",
        margin_t=figure.layout.margin.t + READING_LINE * len(lines),
        margin_b=figure.layout.margin.b + NOTE_LINE_HEIGHT,
    )
    figure.add_annotation(
        text=label,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=_source_shift(figure) - NOTE_LINE_HEIGHT,
        showarrow=False,
        font={"size": NOTE_SIZE, "color": MUTED_COLOUR},
    )
    return figure


def _text_figure(annotations: Sequence[dict]) -> go.Figure:
    return go.Figure(
        layout={
            "width": A4_WIDTH,
            "height": A4_HEIGHT,
            "separators": SEPARATORS,
            "font": {"family": FONT_FAMILY, "color": TEXT_COLOUR},
            "paper_bgcolor": BACKGROUND,
            "plot_bgcolor": BACKGROUND,
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "margin": {"l": 70, "r": 70, "t": 60, "b": 50},
            "annotations": list(annotations),
        }
    )


def _text(text: str, y: float, size: int, colour: str = TEXT_COLOUR, **extra) -> dict:
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": y,
        "xanchor": "left",
        "yanchor": "top",
        "align": "left",
        "showarrow": False,
        "font": {"size": size, "color": colour},
        **extra,
    }


def title_page(report: Report) -> go.Figure:
    """The cover: title, area and years, what is measured, the data and their date."""
    annotations = [
        _text(f"<b>{report.title}</b>", 0.86, 44),
        _text(report.subtitle, 0.74, 32),
        _text(report.description, 0.64, 18, MUTED_COLOUR),
        _text("<br>".join(wrap(MEASURED, 110)), 0.59, 16, MUTED_COLOUR),
    ]
    if report.is_synthetic:
        annotations.append(_text(f"<b>{SYNTHETIC_WARNING}</b>", 0.42, 28, WARNING_COLOUR))
    notes = [*wrap(report.data_note, 150), *wrap(report.scope.source, 150)]
    annotations.append(_text("<br>".join(notes), 0.12, 12, MUTED_COLOUR))
    return _text_figure(annotations)


def text_page(slide: Slide, label: str) -> go.Figure:
    """A page of text (how to read the report), with the source and the page label."""
    paragraphs = "<br><br>".join("<br>".join(wrap(line, 115)) for line in slide.lines)
    return _text_figure(
        [
            _text(f"<b>{slide.title}</b>", 1.0, 22),
            _text(paragraphs, 0.9, 16),
            _text(
                f"{slide.scope.source}<br>{label}", 0.0, NOTE_SIZE, MUTED_COLOUR, yanchor="bottom"
            ),
        ]
    )


def report_pages(report: Report) -> list[go.Figure]:
    """Every page of the PDF as a figure, the title page first."""
    total = len(report.slides) + 1
    pages = [title_page(report)]
    for number, slide in enumerate(report.slides, start=2):
        label = page_label(report, number, total)
        pages.append(text_page(slide, label) if slide.kind == ABOUT else chart_page(slide, label))
    return pages


def join_pages(pages: Sequence[bytes], title: str, subject: str) -> bytes:
    """PDFs joined into one A4 document with its title; larger pages are scaled to fit.
    pypdf is imported here, when a PDF is made (~9 MiB a server need not hold, #18)."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    writer = PdfWriter()
    width, height = A4_POINTS
    for page in (page for data in pages for page in PdfReader(io.BytesIO(data)).pages):
        box = page.mediabox
        if abs(float(box.width) - width) > 1 or abs(float(box.height) - height) > 1:
            scale = min(width / float(box.width), height / float(box.height))
            sheet = PageObject.create_blank_page(width=width, height=height)
            dx = (width - float(box.width) * scale) / 2
            dy = (height - float(box.height) * scale) / 2
            sheet.merge_transformed_page(page, Transformation().scale(scale).translate(dx, dy))
            page = sheet
        writer.add_page(page)
    writer.add_metadata({"/Title": title, "/Subject": subject, "/Creator": "Offentlig försörjning"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def report_pdf(
    report: Report, renderer: ChartRenderer | None = None, progress: Progress | None = None
) -> bytes:
    """The whole report as PDF bytes (needs a browser: see :mod:`exports.images`).

    Pass an open `renderer` to draw several reports with one browser (a batch).
    """
    pages = report_pages(report)
    if renderer is None:
        with ChartRenderer(tabs=2 if len(pages) > PAGES_AT_A_TIME else 1) as own:
            drawn = _draw(own, pages, progress)
    else:
        drawn = _draw(renderer, pages, progress)
    document = join_pages(drawn, f"{report.title} – {report.subtitle}", report.description)
    if progress:
        progress(1.0, "Klar")
    return document


def _draw(renderer: ChartRenderer, pages: Sequence[go.Figure], progress: Progress | None) -> list:
    """The pages as one PDF: drawn as SVGs a few at a time (in parallel), reporting
    progress, then printed at once."""
    drawn: list[bytes] = []
    for start in range(0, len(pages), PAGES_AT_A_TIME):
        if progress:
            progress(start / len(pages), f"Ritar sida {start + 1} av {len(pages)}")
        chunk = pages[start : start + PAGES_AT_A_TIME]
        drawn += renderer.render_many([ImageRequest(page, "svg") for page in chunk])
    if progress:
        progress(0.95, "Sätter ihop sidorna")
    return [renderer.print_document(drawn, A4_WIDTH, A4_HEIGHT)]
