"""The report as PowerPoint: slides, titles, native charts with the right series and
values, the class glyphs of the app (▲ ● ▼) in the class colours, one series per class,
labels written as Swedish text, the profile table; and that LibreOffice opens the deck
and shows the labels and colours whatever its locale.

Expected numbers are hand-computed in `tests/known_dataset.py`.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pptx.chart.plot import AreaPlot, BarPlot, LinePlot
from pptx.enum.chart import XL_MARKER_STYLE
from pptx.enum.dml import MSO_FILL
from pypdf import PdfReader

from charts.theme import AREA_COLOUR, QUARTILE_STYLES
from data.regions import Area, load_regions
from exports.powerpoint import PICTURES_LEFT_OUT, report_pptx
from exports.report import (
    COUNTY,
    FUNNEL,
    MAP,
    TREND,
    ReportOptions,
    make_scope,
    plan_report,
    profile_periods_slide,
)
from exports.slide_charts import SHARE_FORMAT, class_series, class_series_name, year_categories
from metrics.labels import SUMMA
from metrics.model import build_model
from tests.factories import SYNTHETIC, dataset
from tests.known_dataset import known_frame
from tests.pptx_support import label_colours, label_texts

FORBUND = Area("skelleftea-norsjo", "Skellefteå-Norsjö", "forbund", ("2482", "2417"))
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def model():
    return build_model(known_frame(), load_regions().with_areas([FORBUND]))


def deck(model, code="2417", first=2023, last=2024, **options):
    options = ReportOptions(code, first, last, **options)
    report = plan_report(model, SYNTHETIC, options, date.today())
    return report, Presentation(io.BytesIO(report_pptx(report)))


@pytest.fixture(scope="module")
def norsjo(model):
    return deck(model)


def charts(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def drawn(report):
    """The planned slides a deck made without a browser holds: all but the map."""
    return [p for p in report.slides if p.kind != MAP]


def test_one_slide_per_planned_slide_after_a_title_slide(norsjo):
    """Without a browser (no renderer) the map slide is left out and the cover says so
    (the map picture is tested in test_exports_map_kind.py)."""
    report, presentation = norsjo
    slides = list(presentation.slides)
    assert [p.kind for p in report.slides][-2:] == [MAP, FUNNEL]
    assert len(slides) == len(drawn(report)) + 1 == 20
    assert (presentation.slide_width, presentation.slide_height) == (12_192_000, 6_858_000)
    assert [s.shapes.title.text for s in slides[1:]] == [p.title for p in drawn(report)]
    cover = slides[0]
    assert cover.shapes.title.text == "Offentlig försörjning"
    assert "Norsjö 2023–2024" in texts(cover)
    assert "Exempeldata – inte SCB:s siffror" in texts(cover)
    assert any(PICTURES_LEFT_OUT in text for text in texts(cover))
    assert cover.notes_slide.notes_text_frame.text == PICTURES_LEFT_OUT


def test_every_chart_slide_has_its_reading_source_and_number(norsjo):
    report, presentation = norsjo
    for number, (slide, planned) in enumerate(
        zip(list(presentation.slides)[1:], drawn(report), strict=True), start=2
    ):
        shown = texts(slide)
        if planned.reading:
            assert planned.reading in shown
        assert planned.scope.source in shown
        assert f"{number} / 20" in shown


def test_trend_chart_is_native_with_the_band_under_the_lines(norsjo):
    _, presentation = norsjo
    (chart,) = charts(presentation.slides[3])
    band, lines = chart.plots
    assert isinstance(band, AreaPlot)
    assert isinstance(lines, LinePlot)
    assert list(lines.categories) == ["2023", "2024"]
    assert {s.name: s.values for s in band.series} == {
        "Lägsta kommun": pytest.approx((7.5, 8.0)),
        "Spridning: lägsta–högsta kommun": pytest.approx((6.5, 7.0)),
    }
    values = {s.name: s.values for s in lines.series}
    assert values["Norsjö"] == pytest.approx((11.5, 12.5))
    assert values["Riket"] == pytest.approx((71_230 / 7_520, 75_150 / 7_520))
    assert values["Medelvärde för kommunerna i Västerbottens län"] == pytest.approx(
        ((11.5 + 9.5 + 7.5) / 3, (12.5 + 10 + 8) / 3)
    )
    assert values["Norsjö: Högsta 25 %"] == pytest.approx((11.5, 12.5))
    legend = chart._chartSpace.xpath(".//c:legendEntry/c:idx/@val")
    assert sorted(legend) == ["0", "5"]  # the band's base and the class series


def test_share_labels_are_swedish_text_whatever_the_viewers_locale(norsjo):
    """Each label is its own written text ('11,5 %'), not a number format whose decimal
    sign the viewer's locale decides; axis formats carry the Swedish locale [$-41D]."""
    _, presentation = norsjo
    (chart,) = charts(presentation.slides[3])
    area = chart.plots[1].series[0]
    assert label_texts(area) == {0: "11,5 %", 1: "12,5 %"}
    assert set(label_colours(area).values()) == {"#1F4E79"}
    assert not area._element.xpath("./c:dLbls/c:showVal[@val='1']")
    assert SHARE_FORMAT == '[$-41D]0.0" %"'
    assert chart.value_axis.tick_labels.number_format == '[$-41D]0" %"'
    (small,) = charts(presentation.slides[9])
    assert small.value_axis.tick_labels.number_format == SHARE_FORMAT


CLASS_GLYPHS = {"high": ("▲", "△"), "mid": ("●", "○"), "low": ("▼", "▽")}
"""The app's glyphs written out, closed and open (the lowest class is ▼, as in the app)."""


@pytest.mark.parametrize("code", ["2417", "2480", "skelleftea-norsjo"])
def test_each_class_is_a_series_of_the_apps_glyphs_in_the_class_colour(model, code):
    """One marker-less series per class over the area's line, its points labelled with
    the class glyph (open in the incomplete 2025) in the class colour; no per-point fills
    (LibreOffice ignores them) and no legend entry (the notes explain the glyphs)."""
    report, presentation = deck(model, code, last=2025, sections=(TREND,), measures=(SUMMA,))
    rows = report.slides[0].table.to_dict("records")
    (chart,) = charts(presentation.slides[1])
    line, *rest = chart.plots[1].series
    (quartile,) = {str(row["quartile"]) for row in rows}
    assert quartile == {"2417": "high", "2480": "low", "skelleftea-norsjo": "mid"}[code]
    style = QUARTILE_STYLES[quartile]
    (symbols,) = [s for s in rest if s.name == f"{line.name}: {style.label}"]
    assert symbols.values == pytest.approx(line.values)
    closed, open_ = CLASS_GLYPHS[quartile]
    assert label_texts(symbols) == {
        i: open_ if row["partial"] else closed for i, row in enumerate(rows)
    }
    assert list(label_texts(symbols).values())[-1] == open_
    assert set(label_colours(symbols).values()) == {style.colour}
    assert symbols._element.xpath("./c:dLbls/c:dLbl/c:dLblPos/@val") == ["ctr"] * len(rows)
    assert symbols.marker.style == XL_MARKER_STYLE.NONE
    assert symbols.format.line.fill.type == MSO_FILL.BACKGROUND
    assert line.marker.style == XL_MARKER_STYLE.NONE
    assert chart._chartSpace.xpath(".//c:dPt") == []
    dropped = chart._chartSpace.xpath(".//c:legendEntry[c:delete/@val='1']/c:idx/@val")
    assert str(symbols.index) in dropped
    assert list(chart.plots[1].categories)[-1] == "2025*"


def test_a_line_is_split_into_one_series_per_class_present():
    rows = pd.DataFrame(
        {"share": [1.0, 2.0, None, 4.0, 5.0], "quartile": ["low", "high", "low", None, "low"]}
    )
    assert class_series(rows) == {
        "high": [None, 2.0, None, None, None],
        "low": [1.0, None, None, None, 5.0],
        None: [None, None, None, 4.0, None],
    }
    assert class_series_name("Malå", "low") == "Malå: Lägsta 25 %"
    assert class_series_name("Malå", None) == "Malå: utan jämförelse"


def test_gender_chart_has_the_area_and_riket_for_each_sex(norsjo):
    _, presentation = norsjo
    (chart,) = charts(presentation.slides[4])
    values = {s.name: s.values for s in chart.plots[0].series}
    assert values["Kvinnor, Norsjö"] == pytest.approx((13.8, 15.0))
    assert values["Män, Norsjö"] == pytest.approx((9.2, 10.0))
    assert set(values) == {
        "Kvinnor, Norsjö",
        "Män, Norsjö",
        "Kvinnor, riket",
        "Män, riket",
        "Kvinnor, Norsjö: Högsta 25 %",
        "Män, Norsjö: Högsta 25 %",
    }
    series = {s.name: s for s in chart.plots[0].series}
    assert label_texts(series["Kvinnor, Norsjö: Högsta 25 %"]) == {0: "▲", 1: "▲"}
    assert label_texts(series["Män, Norsjö: Högsta 25 %"]) == {0: "▲", 1: "▲"}
    assert label_texts(series["Kvinnor, Norsjö"]) == {1: "\u200215,0 %"}
    assert label_texts(series["Män, Norsjö"]) == {1: "\u200210,0 %"}


def test_distribution_is_one_hundred_per_cent_bar_per_sex(norsjo):
    _, presentation = norsjo
    (chart,) = charts(presentation.slides[17])
    plot = chart.plots[0]
    assert isinstance(plot, BarPlot)
    assert list(plot.categories) == ["Kvinnor", "Män"]
    fractions = {s.name: s.values for s in plot.series}
    assert list(fractions) == [
        "Sjukpenning",
        "Sjuk- och aktivitetsersättning",
        "Etableringsersättning",
        "Arbetsmarknadsåtgärder",
        "Arbetslöshetsersättning",
        "Ekonomiskt bistånd",
    ]
    assert fractions["Sjuk- och aktivitetsersättning"] == pytest.approx((32.0, 32.0))
    assert fractions["Etableringsersättning"] == pytest.approx((4.0, 4.0))
    assert label_texts(plot.series[2]) == {0: "4,0 %", 1: "4,0 %"}
    assert label_texts(plot.series[1]) == {0: "32,0 %", 1: "32,0 %"}
    assert chart.value_axis.maximum_scale == 100


def test_county_chart_is_sorted_with_the_kommun_marked(norsjo):
    _, presentation = norsjo
    (chart,) = charts(presentation.slides[18])
    plot = chart.plots[0]
    labels = [label.replace(NBSP, " ") for label in plot.categories]
    assert labels == ["▶ Norsjö (12,5 %)", "Skellefteå (10,0 %)", "Umeå (8,0 %)"]
    assert plot.series[0].values == pytest.approx((2.5, 2.0, 1.6))
    outline = plot.series[0].points[0].format.line
    assert str(outline.color.rgb) == "111111"
    assert chart.category_axis.reverse_order


def test_a_forbund_marks_all_its_kommuner_in_the_county_chart(model):
    _, presentation = deck(model, "skelleftea-norsjo", sections=(COUNTY,))
    (chart,) = charts(presentation.slides[1])
    labels = [label.replace(NBSP, " ") for label in chart.plots[0].categories]
    assert labels == ["▶ Norsjö (12,5 %)", "▶ Skellefteå (10,0 %)", "Umeå (8,0 %)"]


def test_profile_is_a_table_with_class_colours_and_glyphs(norsjo):
    _, presentation = norsjo
    (table,) = [s.table for s in presentation.slides[1].shapes if s.has_table]
    assert [table.cell(0, c).text for c in range(4)] == [
        "Ersättningssystem",
        "Totalt",
        "Kvinnor",
        "Män",
    ]
    summa = table.cell(1, 1)
    assert summa.text.replace(NBSP, " ") == "12,5 % ▲"
    assert str(summa.fill.fore_color.rgb) == QUARTILE_STYLES["high"].fill.lstrip("#")
    assert table.cell(2, 0).text == "Sjukpenning"


def test_a_years_profile_shows_one_column_per_year(model):
    scope = make_scope(model, "2417", 2023, 2024, "Källa: test")
    slide = profile_periods_slide(model, scope, "K")
    assert slide.title == "Försörjningsprofil 2023–2024 – Kvinnor i Norsjö"
    assert sorted(slide.table["period"].unique()) == [2023, 2024]


def test_a_large_county_is_drawn_in_two_columns():
    spec = {
        area.code: {"sjukpenning": 10 + i, "population": 1000}
        for i, area in enumerate(load_regions().kommuner_in("14"))
    }
    frame = dataset(spec, start="2023-01", months=12)
    model = build_model(frame, load_regions())
    _, presentation = deck(model, "1480", 2023, 2023, sections=(COUNTY,))
    columns = charts(presentation.slides[1])
    assert len(columns) == 2
    counts = [len(list(c.plots[0].categories)) for c in columns]
    assert counts == [25, 24]
    assert columns[0].value_axis.maximum_scale == columns[1].value_axis.maximum_scale
    assert [c.has_legend for c in columns] == [False, False]


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.fail("LibreOffice is needed for this test: run 'make test' (it installs it)")
    return found


DPI = 100
ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
"""A viewer whose locale writes '9.6' (the labels must still read '9,6 %')."""


def _to_pdf(presentation, tmp_path: Path, locale: dict[str, str]) -> Path:
    """The deck as LibreOffice Impress (headless) prints it, page for page."""
    source = tmp_path / "rapport.pptx"
    presentation.save(source)
    env = {**os.environ, **locale, "HOME": str(tmp_path)}
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=180,
    )
    return tmp_path / "rapport.pdf"


@pytest.mark.slow
def test_libreoffice_opens_the_deck_and_shows_swedish_percentages(norsjo, tmp_path):
    """Headless LibreOffice converts the deck to PDF page for page; in an English (C)
    locale the charts' labels still read '11,5 %' (they are text) and the axis '16 %'."""
    _, presentation = norsjo
    pdf = _to_pdf(presentation, tmp_path, ENGLISH)
    pages = PdfReader(pdf).pages
    assert len(pages) == 20
    trend = _pdftotext(pdf, 4)
    assert "11,5 %" in trend
    assert "11.5" not in trend
    assert "Summa helårsekvivalenter – Norsjö" in trend
    distribution = _pdftotext(pdf, 18)
    assert "32,0 %" in distribution
    assert "32.0" not in distribution


@pytest.mark.slow
def test_libreoffice_draws_the_lowest_class_as_green_down_triangles(model, tmp_path):
    """Umeå is in the lowest class: in LibreOffice's picture of the trend slide, each of
    its three points carries ▼ (▽ in the incomplete 2025), and the pixels where
    LibreOffice wrote each glyph are the class's green, not the line's blue."""
    _, presentation = deck(model, "2480", last=2025, sections=(TREND,), measures=(SUMMA,))
    pdf = _to_pdf(presentation, tmp_path, ENGLISH)
    words = _words(pdf, 2)
    axis_top = min(top for text, _, top, _, _ in words if text == "2023")
    glyphs = [w for w in words if w[0] in "▼▽" and w[2] < axis_top]
    assert [w[0] for w in sorted(glyphs, key=lambda w: w[1])] == ["▼", "▼", "▽"]
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", "2", "-l", "2", str(pdf), str(tmp_path / "p")],
        check=True,
        capture_output=True,
    )
    (png,) = tmp_path.glob("p*.png")
    page = Image.open(png).convert("RGB")
    green = QUARTILE_STYLES["low"].colour
    for text, left, top, right, bottom in glyphs:
        box = tuple(round(v * DPI / 72) for v in (left, top, right, bottom))
        pixels = list(page.crop(box).get_flattened_data())
        greens = sum(_near(p, green) for p in pixels)
        assert greens >= 5
        if text == "▼":
            assert greens >= 20
            assert greens > sum(_near(p, AREA_COLOUR) for p in pixels)


def _pdftotext(pdf: Path, page: int) -> str:
    result = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.replace(NBSP, " ")


def _near(pixel: tuple[int, int, int], colour: str, tolerance: int = 40) -> bool:
    target = tuple(int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, target, strict=True))


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) in points of each word LibreOffice wrote."""
    result = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        result.stdout,
    )
    return [(t, float(a), float(b), float(c), float(d)) for a, b, c, d, t in words]


def test_year_labels_carry_the_marks_of_either_sex():
    rows = pd.DataFrame(
        {
            "period": [2023, 2023, 2024, 2024, 2025, 2025],
            "sex": ["K", "M"] * 3,
            "share": [1.0] * 6,
            "partial": [False] * 4 + [True] * 2,
            "unreported": [1, 0, 0, 0, 0, 0],
            "few_he": [False, False, False, True, False, False],
        }
    )
    assert year_categories(rows) == ["2023†", "2024‡", "2025*"]
