"""The report as a PowerPoint deck (16:9) with native, editable charts.

One slide per planned :class:`~exports.report.Slide`, after a title slide: the title
(in the layout's title placeholder, so the outline view and a new template pick it up),
the one-line reading, the chart and the notes it needs (its kind in :mod:`exports.kinds`:
class legend, flags) and, at the bottom, the source and the slide number. The
slide of greatest needs has its three sentences in a column left of the chart.

A kind PowerPoint has no chart for (the map, a choropleth: `native` None in
:data:`~exports.kinds.KINDS`) is a picture slide, drawn once by the browser of a
:class:`~exports.images.ChartRenderer` passed in. Without one the deck is still made,
browser-free: the picture slides are left out and the title slide and its speaker notes
say so (:data:`PICTURES_LEFT_OUT`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence

import plotly.graph_objects as go
from pptx import Presentation
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from charts.theme import MUTED_COLOUR, TEXT_COLOUR
from exports import slide_charts
from exports.figures import slide_figure
from exports.images import ChartRenderer, ImageRequest
from exports.kinds import ChartKind, kind_of
from exports.pptx_kit import Box, Run, rgb
from exports.report import (
    MEASURED,
    SYNTHETIC_WARNING,
    Report,
    Slide,
)

Progress = Callable[[float, str], None]
"""Called with the share done (0–1) and what is being made, for a progress bar."""

SLIDE_WIDTH = Emu(12_192_000)
"""16:9 (13,33 × 7,5 in), as PowerPoint makes it."""
SLIDE_HEIGHT = Emu(6_858_000)
MARGIN = Inches(0.5)
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
TITLE_TOP, TITLE_HEIGHT = Inches(0.2), Inches(0.95)
"""Room for a title of two lines; the title sits at the bottom of its box."""
READING_TOP, READING_HEIGHT = Inches(1.2), Inches(0.65)
CHART_TOP, CHART_HEIGHT = Inches(1.9), Inches(4.55)
NOTES_TOP, NOTES_HEIGHT = Inches(6.5), Inches(0.5)
SENTENCES_WIDTH = Inches(4.4)
"""The column of sentences left of the chart of greatest needs."""
SENTENCES_GAP = Inches(0.3)
FOOTER_TOP, FOOTER_HEIGHT = Inches(7.02), Inches(0.36)

CSS_PIXELS_PER_INCH = 96
PICTURE_WIDTH = round(CONTENT_WIDTH / Inches(1) * CSS_PIXELS_PER_INCH)
PICTURE_HEIGHT = round(CHART_HEIGHT / Inches(1) * CSS_PIXELS_PER_INCH)
"""A picture slide's figure is drawn at the size of the chart area (1184 × 437 CSS
pixels, PNG at twice that), so the map fills it and its text has the slide's size."""
PICTURE_MARGIN = 8
PICTURES_LEFT_OUT = (
    "Kartan är inte med i presentationen: den ritas av en webbläsare (Chrome eller "
    "Chromium) och det fanns ingen där presentationen skapades. Kartans siffror finns i "
    "Excel-rapporten."
)

TITLE_ONLY_LAYOUT = 5
TITLE_LAYOUT = 0
WARNING_COLOUR = "#B00020"
SWEDISH = MSO_LANGUAGE_ID.SWEDISH


def title_size(text: str) -> int:
    """A title's font size in points: smaller for long titles, so one line holds it."""
    if len(text) <= 50:
        return 28
    return 24 if len(text) <= 64 else 22


def reading_size(text: str) -> int:
    """The reading's font size: two lines hold it even in a wide substitute font."""
    return 16 if len(text) <= 170 else 14


def about_size(lines: Sequence[str]) -> int:
    """The font size of a text page: 16 pt, 14 pt when the text is long (the page on how
    to read a report with Målgrupper) so it ends above the footer."""
    return 16 if sum(len(line) for line in lines) <= 1300 else 14


def _write(
    frame: TextFrame,
    lines: Sequence[Sequence[Run]],
    size: int,
    *,
    bold: bool = False,
    align: PP_ALIGN = PP_ALIGN.LEFT,
) -> None:
    """Lines of coloured runs into a text frame, in Swedish."""
    frame.word_wrap = True
    for index, runs in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        for text, colour in runs:
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = rgb(colour)
            run.font.language_id = SWEDISH


def _text_box(
    slide: PptxSlide,
    box: Box,
    lines: Sequence[Sequence[Run]],
    size: int,
    *,
    bold: bool = False,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
) -> None:
    shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
    frame = shape.text_frame
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = 0
    _write(frame, lines, size, bold=bold, align=align)


def _set_title(slide: PptxSlide, text: str, box: Box, size: int) -> None:
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = box.left, box.top, box.width, box.height
    frame = title.text_frame
    frame.clear()
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    frame.margin_left = frame.margin_right = 0
    _write(frame, [[(text, TEXT_COLOUR)]], size, bold=True)


def _footer(slide: PptxSlide, source: str, number: int, total: int) -> None:
    width = CONTENT_WIDTH - Inches(1.2)
    _text_box(
        slide,
        Box(MARGIN, FOOTER_TOP, width, FOOTER_HEIGHT),
        [[(source, MUTED_COLOUR)]],
        10,
        anchor=MSO_ANCHOR.MIDDLE,
    )
    _text_box(
        slide,
        Box(MARGIN + width, FOOTER_TOP, Inches(1.2), FOOTER_HEIGHT),
        [[(f"{number} / {total}", MUTED_COLOUR)]],
        10,
        align=PP_ALIGN.RIGHT,
        anchor=MSO_ANCHOR.MIDDLE,
    )


def _chart_box(kind: ChartKind) -> Box:
    if kind.text_beside:
        left = MARGIN + SENTENCES_WIDTH + SENTENCES_GAP
        return Box(left, CHART_TOP, SLIDE_WIDTH - MARGIN - left, CHART_HEIGHT)
    return Box(MARGIN, CHART_TOP, CONTENT_WIDTH, CHART_HEIGHT)


def _add_chart(slide: PptxSlide, planned: Slide, kind: ChartKind, picture: bytes | None) -> None:
    """The slide's chart (its kind's native builder, :mod:`exports.kinds`, or its
    `picture`), described for screen readers by its title and reading."""
    description = f"{planned.title}. {planned.reading}"
    if kind.native is None:
        if picture is None:
            raise ValueError(f"the slide {planned.title!r} needs its picture")
        slide_charts.add_picture(slide, _chart_box(kind), picture, description)
        return
    for frame in kind.native(slide, _chart_box(kind), planned):
        frame._element.nvGraphicFramePr.cNvPr.set("descr", description)


def is_picture(planned: Slide) -> bool:
    """Whether a slide is shown as a picture (its kind has no native chart)."""
    kind = kind_of(planned)
    return kind is not None and kind.native is None


def draw_pictures(report: Report, renderer: ChartRenderer) -> dict[int, bytes]:
    """The PNG of every picture slide (by its index in `report.slides`), drawn at once."""
    indexes = [i for i, planned in enumerate(report.slides) if is_picture(planned)]
    requests = [ImageRequest(_picture_figure(report.slides[i]), "png") for i in indexes]
    return dict(zip(indexes, renderer.render_many(requests), strict=True))


def _picture_figure(planned: Slide) -> go.Figure:
    """The slide's figure at the picture's size, without the texts the slide has already
    (title, subtitle and source: title, notes and footer), so the map takes the room."""
    figure = slide_figure(planned, width=PICTURE_WIDTH, height=PICTURE_HEIGHT)
    return figure.update_layout(
        title_text="",
        title_subtitle_text="",
        annotations=[],
        margin={"t": PICTURE_MARGIN, "b": PICTURE_MARGIN},
    )


def pictures_left_out(report: Report, renderer: ChartRenderer | None) -> bool:
    """Whether the deck leaves picture slides out (it has some, and no browser)."""
    return renderer is None and any(is_picture(planned) for planned in report.slides)


def _chart_slide(
    deck: PresentationType,
    planned: Slide,
    kind: ChartKind,
    number: int,
    total: int,
    picture: bytes | None = None,
) -> PptxSlide:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    _set_title(
        slide,
        planned.title,
        Box(MARGIN, TITLE_TOP, CONTENT_WIDTH, TITLE_HEIGHT),
        title_size(planned.title),
    )
    _text_box(
        slide,
        Box(MARGIN, READING_TOP, CONTENT_WIDTH, READING_HEIGHT),
        [[(planned.reading, TEXT_COLOUR)]],
        reading_size(planned.reading),
    )
    if kind.text_beside:
        _sentences(slide, planned.lines)
    _add_chart(slide, planned, kind, picture)
    notes = kind.notes(planned)
    if notes:
        _text_box(slide, Box(MARGIN, NOTES_TOP, CONTENT_WIDTH, NOTES_HEIGHT), notes, 10)
    _footer(slide, planned.scope.source, number, total)
    slide.notes_slide.notes_text_frame.text = planned.reading
    return slide


def _sentences(slide: PptxSlide, sentences: Sequence[str]) -> None:
    """The top needs in words, a paragraph each, in the column left of the chart."""
    shape = slide.shapes.add_textbox(MARGIN, CHART_TOP, SENTENCES_WIDTH, CHART_HEIGHT)
    frame = shape.text_frame
    frame.margin_left = frame.margin_right = 0
    _write(frame, [[(sentence, TEXT_COLOUR)] for sentence in sentences], 13)
    for paragraph in frame.paragraphs:
        paragraph.space_after = Pt(9)


def _about_slide(deck: PresentationType, planned: Slide, number: int, total: int) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    _set_title(
        slide,
        planned.title,
        Box(MARGIN, TITLE_TOP, CONTENT_WIDTH, TITLE_HEIGHT),
        title_size(planned.title),
    )
    shape = slide.shapes.add_textbox(MARGIN, READING_TOP, CONTENT_WIDTH, Inches(5.8))
    frame = shape.text_frame
    frame.margin_left = frame.margin_right = 0
    _write(frame, [[(line, TEXT_COLOUR)] for line in planned.lines], about_size(planned.lines))
    for paragraph in frame.paragraphs:
        paragraph.space_after = Pt(10)
    _footer(slide, planned.scope.source, number, total)


def _title_slide(deck: PresentationType, report: Report, left_out: bool) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    _set_title(slide, report.title, Box(MARGIN, Inches(1.4), CONTENT_WIDTH, Inches(1.0)), 44)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top = MARGIN, Inches(2.45)
    subtitle.width, subtitle.height = CONTENT_WIDTH, Inches(0.8)
    subtitle.text_frame.clear()
    subtitle.text_frame.margin_left = 0
    _write(subtitle.text_frame, [[(report.subtitle, TEXT_COLOUR)]], 32)
    _text_box(
        slide,
        Box(MARGIN, Inches(3.3), CONTENT_WIDTH, Inches(1.4)),
        [[(report.description, MUTED_COLOUR)], [(MEASURED, MUTED_COLOUR)]],
        16,
    )
    if report.is_synthetic:
        _text_box(
            slide,
            Box(MARGIN, Inches(4.9), CONTENT_WIDTH, Inches(0.8)),
            [[(SYNTHETIC_WARNING, WARNING_COLOUR)]],
            28,
            bold=True,
        )
    _text_box(
        slide,
        Box(MARGIN, Inches(5.9), CONTENT_WIDTH, Inches(1.0)),
        [
            [(report.data_note, MUTED_COLOUR)],
            [(report.scope.source, MUTED_COLOUR)],
            *([[(PICTURES_LEFT_OUT, TEXT_COLOUR)]] if left_out else []),
        ],
        12,
    )
    if left_out:
        slide.notes_slide.notes_text_frame.text = PICTURES_LEFT_OUT


def _widen_layouts(deck: PresentationType, factor: float) -> None:
    """Stretch the master's and the layouts' own shapes to the new slide width, so a slide
    the analyst adds from a layout fits the 16:9 page (python-pptx's template is 4:3).
    Placeholders that inherit their place from the master follow it."""
    masters = [deck.slide_master, *deck.slide_layouts]
    for shape in (shape for master in masters for shape in master.shapes):
        if shape._element.xfrm is not None:
            shape.left, shape.width = round(shape.left * factor), round(shape.width * factor)


def _new_deck(report: Report) -> PresentationType:
    deck = Presentation()
    _widen_layouts(deck, SLIDE_WIDTH / deck.slide_width)
    deck.slide_width, deck.slide_height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
    properties = deck.core_properties
    properties.title = f"{report.title} – {report.subtitle}"
    properties.subject = report.description
    properties.language = "sv-SE"
    properties.author = "Offentlig försörjning"
    properties.keywords = "helårsekvivalenter; offentlig försörjning"
    return deck


def report_pptx(
    report: Report, progress: Progress | None = None, renderer: ChartRenderer | None = None
) -> bytes:
    """The whole report as the bytes of a .pptx file; its picture slides drawn by
    `renderer`, or left out (with a note on the title slide) without one."""
    pictures: Mapping[int, bytes] = {}
    if renderer is not None:
        if progress:
            progress(0.0, "Ritar kartan")
        pictures = draw_pictures(report, renderer)
    left_out = pictures_left_out(report, renderer)
    slides = [
        (planned, pictures.get(i))
        for i, planned in enumerate(report.slides)
        if not (left_out and is_picture(planned))
    ]
    deck = _new_deck(report)
    _title_slide(deck, report, left_out)
    total = len(slides) + 1
    for index, (planned, picture) in enumerate(slides, start=2):
        if progress:
            progress((index - 1) / total, planned.title)
        kind = kind_of(planned)
        if kind is None:
            _about_slide(deck, planned, index, total)
        else:
            _chart_slide(deck, planned, kind, index, total, picture)
    buffer = io.BytesIO()
    deck.save(buffer)
    if progress:
        progress(1.0, "Klar")
    return buffer.getvalue()
