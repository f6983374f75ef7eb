"""Charts as images and the report as PDF, drawn by kaleido in Debian's chromium; and
what happens when there is no browser.

The drawing tests start a headless browser (a few seconds each) and are marked slow;
`make test` installs chromium for them.
"""

from __future__ import annotations

import io
import stat
import struct
from datetime import date

import pytest
from pypdf import PdfReader, PdfWriter

from charts.theme import source_text
from data.regions import load_regions
from exports.figures import slide_figure
from exports.images import (
    BROWSER_ENV,
    BrowserMissingError,
    ChartRenderer,
    ImageRequest,
    find_browser,
    image_options,
)
from exports.pdf import A4_HEIGHT, A4_WIDTH, chart_page, join_pages, report_pdf
from exports.report import PROFILE, TREND, ReportOptions, make_scope, plan_report, trend_slide
from metrics.model import build_model
from tests.factories import SYNTHETIC
from tests.known_dataset import known_frame

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def model():
    return build_model(known_frame(), load_regions())


@pytest.fixture(scope="module")
def trend(model):
    scope = make_scope(model, "2417", 2023, 2024, source_text(SYNTHETIC))
    return trend_slide(model, scope)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_a_browser_is_found_where_browser_path_says(tmp_path, monkeypatch):
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv(BROWSER_ENV, str(fake))
    assert find_browser() == str(fake)


def test_a_missing_browser_is_said_plainly(tmp_path, monkeypatch):
    monkeypatch.setenv(BROWSER_ENV, str(tmp_path / "no-such-browser"))
    assert find_browser() is None
    with pytest.raises(BrowserMissingError) as caught, ChartRenderer():
        pass
    assert "no Chrome or Chromium found" in str(caught.value)
    assert BROWSER_ENV in str(caught.value)
    assert "PowerPoint och Excel fungerar ändå" in caught.value.sv


def test_png_is_slide_size_at_twice_the_scale(trend):
    figure = slide_figure(trend)
    assert image_options(ImageRequest(figure, "png")) == {
        "format": "png",
        "width": 1280,
        "height": 720,
        "scale": 2,
    }
    assert image_options(ImageRequest(figure, "svg"))["scale"] == 1


@pytest.mark.slow
def test_charts_are_drawn_as_png_svg_and_pdf(trend):
    figure = slide_figure(trend)
    with ChartRenderer() as renderer:
        png, svg, pdf = renderer.render_many(
            [ImageRequest(figure, "png"), ImageRequest(figure, "svg"), ImageRequest(figure, "pdf")]
        )
    assert _png_size(png) == (2560, 1440)
    text = svg.decode("utf-8")
    assert text.startswith("<svg")
    assert "Summa helårsekvivalenter – Norsjö" in text
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (960, 540)


@pytest.mark.slow
def test_the_browser_starts_in_the_background_and_a_block_may_draw_nothing(trend):
    """Entering returns before the browser has started (the caller works meanwhile); the
    first drawing waits for it; a block that draws nothing still closes the browser."""
    with ChartRenderer() as renderer:
        assert renderer._kaleido is None  # not waited for on entry
        svg = renderer.render(slide_figure(trend), "svg")
    assert svg.decode("utf-8").startswith("<svg")
    with ChartRenderer() as idle:
        pass
    assert idle._opening is None and idle._kaleido is None


def test_a_pdf_page_has_the_reading_and_the_page_label(trend):
    page = chart_page(trend, "Offentlig försörjning – Norsjö 2023–2024 · sida 3 av 5")
    assert (page.layout.width, page.layout.height) == (A4_WIDTH, A4_HEIGHT)
    assert trend.reading.split(" – ")[0] in page.layout.title.subtitle.text
    texts = [a.text for a in page.layout.annotations]
    assert "Offentlig försörjning – Norsjö 2023–2024 · sida 3 av 5" in texts
    assert trend.scope.source in texts


def _blank_pdf(width: float, height: float) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=width, height=height)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pages_are_joined_on_a4_and_taller_ones_scaled_to_fit():
    document = join_pages([_blank_pdf(842, 596), _blank_pdf(1165, 824)], "T", "S")
    reader = PdfReader(io.BytesIO(document))
    boxes = [page.mediabox for page in reader.pages]
    sizes = [(round(float(b.width)), round(float(b.height))) for b in boxes]
    assert sizes == [(842, 596), (842, 596)]
    assert reader.metadata.title == "T"


@pytest.mark.slow
def test_the_report_pdf_is_a4_landscape_with_numbered_pages(model):
    options = ReportOptions("2417", 2023, 2024, sections=(PROFILE, TREND), measures=("summa",))
    report = plan_report(model, SYNTHETIC, options, date(2026, 6, 8))
    steps: list[float] = []
    document = report_pdf(report, progress=lambda done, _: steps.append(done))
    reader = PdfReader(io.BytesIO(document))
    assert len(reader.pages) == 3
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 596)
    cover = reader.pages[0].extract_text()
    assert "Offentlig försörjning" in cover
    assert "Exempeldata – inte SCB:s siffror" in cover
    trend_page = reader.pages[2].extract_text().replace(NBSP, " ")
    assert "Summa helårsekvivalenter – Norsjö" in trend_page
    assert "sida 3 av 3" in trend_page
    assert "Exempeldata – inte SCB:s siffror (syntetiska data" in trend_page
    assert steps[-1] == 1.0
