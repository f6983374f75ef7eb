"""Målgrupper in the report: planned slides, native PowerPoint chart, table and waterfall,
the PDF's figures and the workbook's sheets.

Expected numbers are hand-computed in `tests/target_dataset.py` for Samordningsförbundet
Skellefteå-Norsjö (2482 + 2417) 2024 against riket (the sum of the five kommuner):

- greatest needs: 30–64 år sjukpenning 1 196 − 13 996 / 575 600 × 33 600 = 379,0 HE;
  kvinnor sjukpenning 850 − 9 650 / 381 000 × 21 000 = 318,1; män sjukpenning
  430 − 6 230 / 381 000 × 21 000 = 86,6; then ekonomiskt bistånd: 30–64 år
  269 − 4 069 / 575 600 × 33 600 = 31,5, män 225 − 3 925 / 381 000 × 21 000 = 8,7,
  20–29 år 176 − 3 776 / 186 400 × 8 400 = 5,8, kvinnor 220 − 3 920 / 381 000 × 21 000
  = 3,9; 20–29 år sjukpenning 84 − 1 884 / 186 400 × 8 400 = −0,9. The four systems
  without HE have 0 HE (< 10: uncertain, ranked last, marked ‡).
- needs (beyond the 95 % limit p0 + 1,96·√(p0(1−p0)/n)): 30–64 år sjukpenning (3,560 %
  > 2,432 + 0,165), kvinnor and män sjukpenning, and 30–64 år ekonomiskt bistånd
  (0,8006 % > 0,7069 + 0,0896 = 0,7965 %): 4 of 24; män ekonomiskt bistånd (1,071 % <
  1,030 + 0,137) and the rest lie within chance.
- summa: 20–29 år 260 / 8 400 = 3,095 % against 5 660 / 186 400 = 3,037 % ± 0,367 is
  within chance; the other three groups are clearly higher (3 of 4).
- summa of kvinnor: 1 070 / 21 000 = 5,095 % against 13 570 / 381 000 = 3,562 %:
  +1,53 procentenheter, the largest difference of the matrix, 1 070 − 13 570 / 381 000
  × 21 000 = +322 HE.
- change of the total 20–64 år from 2023 (every HE × 0,75) to 2024: 1 293,75 / 42 000 =
  3,080 % → 1 725 / 42 000 = 4,107 %; sjukpenning (1 280 − 960) / 42 000 = +0,762
  procentenheter, ekonomiskt bistånd (445 − 333,75) / 42 000 = +0,265.
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.dml import MSO_FILL

from data.areas import forbund_regions
from exports.pdf import report_pages
from exports.powerpoint import is_picture, report_pptx
from exports.readings import change_reading
from exports.report import (
    ABOUT,
    CHANGE,
    COUNTY,
    DISTRIBUTION,
    FUNNEL,
    GENDER,
    MAP,
    MATRIX,
    NEEDS,
    PROFILE,
    SECTIONS,
    TARGETS,
    TREND,
    ReportOptions,
    default_sections,
    plan_report,
)
from exports.slide_charts import waterfall_series
from exports.workbook import report_workbook
from metrics.model import build_model
from metrics.targets import SYSTEMS, TOTAL
from tests.factories import SYNTHETIC
from tests.known_dataset import known_frame
from tests.pptx_support import label_texts
from tests.target_dataset import target_frame

SN = "skelleftea-norsjo"
SN_NAME = "Samordningsförbundet Skellefteå-Norsjö"
TODAY = date(2026, 6, 8)
NBSP = "\u00a0"
START = 1_293.75 / 42_000 * 100
END = 1_725 / 42_000 * 100
SICK = 320 / 42_000 * 100
WELFARE = 111.25 / 42_000 * 100


@pytest.fixture(scope="module")
def model():
    return build_model(target_frame(), forbund_regions())


@pytest.fixture(scope="module")
def report(model):
    return plan_report(model, SYNTHETIC, ReportOptions(SN, 2023, 2024), TODAY)


@pytest.fixture(scope="module")
def deck(report):
    return Presentation(io.BytesIO(report_pptx(report)))


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def texts(slide) -> list[str]:
    return [plain(shape.text_frame.text) for shape in slide.shapes if shape.has_text_frame]


def by_kind(report, kind):
    (found,) = [s for s in report.slides if s.kind == kind]
    return found


def test_the_section_is_on_by_default_only_with_the_age_table(model):
    assert default_sections(model) == SECTIONS
    without = build_model(known_frame(), forbund_regions())
    assert TARGETS not in default_sections(without)
    report = plan_report(without, SYNTHETIC, ReportOptions("2417", 2023, 2024), TODAY)
    assert not {s.kind for s in report.slides} & {NEEDS, MATRIX, CHANGE}


def test_the_section_follows_the_county_slides_with_three_titled_slides(report):
    kinds = [s.kind for s in report.slides]
    assert kinds == [
        PROFILE,
        ABOUT,
        *[TREND, GENDER] * 7,
        DISTRIBUTION,
        COUNTY,
        COUNTY,
        MAP,
        FUNNEL,
        NEEDS,
        MATRIX,
        CHANGE,
    ]
    assert [s.title for s in report.slides[-3:]] == [
        f"Målgrupper med störst behov 2024 – {SN_NAME}",
        f"Andelar per grupp och ersättningssystem 2024 – {SN_NAME}",
        f"Förändring 2023–2024 per ersättningssystem – {SN_NAME}",
    ]


def test_each_slide_reads_its_numbers_in_one_line(report):
    assert plain(by_kind(report, NEEDS).reading) == (
        "4 av 24 grupper och ersättningssystem har en tydligt högre andel än i riket. Störst: "
        "sjukpenning för invånarna 30–64 år, cirka 379 helårsekvivalenter fler."
    )
    assert plain(by_kind(report, MATRIX).reading) == (
        "Summan är tydligt högre än i riket för 3 av 4 grupper. Störst skillnad: kvinnor "
        "20–64 år, +1,5 procentenheter (cirka 322 helårsekvivalenter fler)."
    )
    assert round(START, 1) == 3.1 and round(END, 1) == 4.1
    assert plain(by_kind(report, CHANGE).reading) == (
        f"För invånarna 20–64 år i {SN_NAME} ökade andelen från 3,1 % 2023 till 4,1 % "
        "2024 (+1,0 procentenheter). Störst bidrag: sjukpenning (+0,8 procentenheter)."
    )


def test_the_needs_slide_says_when_no_group_stands_out(model):
    """Umeå 2024: every group × system share is at or below riket's (e.g. sjukpenning
    kvinnor 1 000 / 40 000 = 2,5 % against 9 650 / 381 000 = 2,53 %), so nothing is a
    need: the title, the reading and the PowerPoint slide say so."""
    umea = plan_report(model, SYNTHETIC, ReportOptions("2480", 2023, 2024), TODAY)
    needs = by_kind(umea, NEEDS)
    assert needs.title == "Ingen grupp har en tydligt högre andel än i riket 2024 – Umeå"
    assert plain(needs.reading) == (
        "Ingen av 24 grupper och ersättningssystem har en tydligt högre andel än i riket: "
        "där andelen är högre ligger skillnaden inom slumpens marginal."
    )
    deck = Presentation(io.BytesIO(report_pptx(umea)))
    shown = [s for s in umea.slides if not is_picture(s)]  # the map needs a browser
    number = shown.index(needs) + 1
    assert deck.slides[number].shapes.title.text == needs.title


def test_the_needs_slide_carries_the_top_three_sentences(report):
    lines = [plain(line) for line in by_kind(report, NEEDS).lines]
    assert len(lines) == 3
    assert lines[0].startswith(f"Bland invånarna 30–64 år i {SN_NAME} försörjs motsvarande 3,6 %")
    assert "cirka 318 helårsekvivalenter fler" in lines[1]
    assert "cirka 87 helårsekvivalenter fler" in lines[2]


def test_a_single_year_has_no_change_slide_and_riket_no_section(model):
    single = plan_report(model, SYNTHETIC, ReportOptions(SN, 2024, 2024), TODAY)
    assert [s.kind for s in single.slides][-2:] == [NEEDS, MATRIX]
    riket = plan_report(model, SYNTHETIC, ReportOptions("00", 2023, 2024), TODAY)
    assert not {s.kind for s in riket.slides} & {NEEDS, MATRIX, CHANGE}


def test_the_page_on_reading_explains_the_section_only_when_it_is_there(model, report):
    about = by_kind(report, ABOUT).lines
    assert about[-1].startswith("Målgrupper jämför åldersgrupper")
    assert f"{SN_NAME} placeras mot samma gränser som landets kommuner." in about[2]
    options = ReportOptions(SN, 2023, 2024, sections=(ABOUT, PROFILE))
    without = plan_report(model, SYNTHETIC, options, TODAY)
    assert not by_kind(without, ABOUT).lines[-1].startswith("Målgrupper")


# --- PowerPoint -------------------------------------------------------------------


def test_the_deck_has_a_slide_per_planned_slide_with_or_without_the_section(model, report, deck):
    slides = list(deck.slides)
    assert len(report.slides) == 24
    assert [s.kind for s in report.slides].count(MAP) == 1
    assert len(slides) == len(report.slides) == 24, "the map is left out without a browser"
    assert [s.shapes.title.text for s in slides[-3:]] == [p.title for p in report.slides[-3:]]
    options = ReportOptions(SN, 2023, 2024, sections=tuple(s for s in SECTIONS if s != TARGETS))
    smaller = plan_report(model, SYNTHETIC, options, TODAY)
    assert len(Presentation(io.BytesIO(report_pptx(smaller))).slides) == 21
    for slide, planned in zip(slides[-3:], report.slides[-3:], strict=True):
        shown = texts(slide)
        assert plain(planned.reading) in shown
        assert planned.scope.source in shown


def test_greatest_needs_are_a_native_bar_chart_of_excess_he(deck):
    slide = deck.slides[21]
    (chart,) = [shape.chart for shape in slide.shapes if shape.has_chart]
    (series,) = chart.plots[0].series
    assert list(series.values) == pytest.approx(
        [379.0, 318.11, 86.61, 31.48, 8.66, 5.84, 3.94, -0.90, 0, 0, 0, 0], abs=0.01
    )
    categories = list(chart.plots[0].categories)
    assert categories[:3] == [
        "30–64 år · Sjukpenning",
        "Kvinnor 20–64 år · Sjukpenning",
        "Män 20–64 år · Sjukpenning",
    ]
    assert categories[7] == "20–29 år · Sjukpenning"
    assert all(c.endswith(" ‡") for c in categories[8:])
    assert series.points[8].format.fill.type == MSO_FILL.PATTERNED
    assert series.points[0].format.fill.type == MSO_FILL.SOLID
    assert str(series.points[0].format.fill.fore_color.rgb) == "0072B2"
    labels = label_texts(series)
    assert [labels[i] for i in (0, 1, 7, 8)] == ["+379 HE", "+318 HE", "−1 HE", "0 HE"]
    assert chart.category_axis.reverse_order
    sentences = [t for t in texts(slide) if t.startswith("Bland invånarna 30–64 år")]
    assert sentences and "cirka 318 helårsekvivalenter fler" in sentences[0]
    assert any("\n‡ Färre än 10 helårsekvivalenter" in t for t in texts(slide))


def test_the_matrix_is_a_native_table_coloured_like_the_heatmap(deck):
    (table,) = [shape.table for shape in deck.slides[22].shapes if shape.has_table]
    assert [table.cell(0, c).text.replace("\u00ad", "") for c in range(3)] == [
        "Grupp",
        "Totalt",
        "Sjukpenning",
    ]
    assert [table.cell(r, 0).text for r in range(1, 5)] == [
        "20–29 år",
        "30–64 år",
        "Kvinnor 20–64 år",
        "Män 20–64 år",
    ]
    kvinnor = table.cell(3, 1)
    assert plain(kvinnor.text) == "5,1 %\n+1,5 · +322 HE"
    assert str(kvinnor.fill.fore_color.rgb) == "B2182B"
    nothing = table.cell(1, 3)
    assert plain(nothing.text) == "0,0 % ‡\n0,0 · 0 HE"
    assert str(nothing.fill.fore_color.rgb) == "F7F7F7"


def test_the_change_is_a_waterfall_of_stacked_columns_on_an_invisible_base(deck, report):
    (chart,) = [shape.chart for shape in deck.slides[23].shapes if shape.has_chart]
    # each column's name in whole words on lines of its own, its value (one decimal) under
    # it; long words may only break at a soft hyphen
    assert [plain(c) for c in chart.plots[0].categories] == [
        "2023\n3,1 %",
        "Sjukpenning\n+0,8",
        "Sjuk- och\naktivitetsers.\n0,0",
        "Etablerings\u00aders.\n0,0",
        "Arbetsmarknads\u00adåtg.\n0,0",
        "Arbetslöshet\n0,0",
        "Ekonomiskt\nbistånd\n+0,3",
        "2024\n4,1 %",
    ]
    values = {s.name: list(s.values) for s in chart.plots[0].series}
    running = START + SICK
    assert values["Bas"] == pytest.approx([None, START, *[running] * 5, None])
    assert values["Andel"] == pytest.approx([START, *[None] * 6, END])
    assert values["Ökning"] == pytest.approx([None, SICK, 0, 0, 0, 0, WELFARE, None])
    assert values["Minskning"] == [None] * 8
    assert pytest.approx(END) == START + SICK + WELFARE
    base = chart.plots[0].series[0]
    assert base.format.fill.type == MSO_FILL.BACKGROUND
    assert chart._chartSpace.xpath(".//c:legendEntry/c:idx/@val") == ["0"]
    assert waterfall_series(by_kind(report, CHANGE).table)["Ökning"][1] == pytest.approx(SICK)


def test_the_waterfall_axis_is_fitted_to_the_changes_with_no_label_over_a_bar(deck):
    """The levels run from 3,080 % to 4,107 %; a quarter of that span (0,257) beyond each
    gives 2,824–4,364 %, rounded out to the step 0,5 (span 1,54 / 5 = 0,31 → 0,5):
    2,5–4,5 %, not from zero. No series has data labels: the values stand under the
    columns, so none is written over a bar."""
    (chart,) = [shape.chart for shape in deck.slides[23].shapes if shape.has_chart]
    axis = chart.value_axis
    assert (axis.minimum_scale, axis.maximum_scale, axis.major_unit) == pytest.approx(
        (2.5, 4.5, 0.5)
    )
    assert axis.tick_labels.number_format == '[$-41D]0.0" %"'  # a decimal comma anywhere
    assert chart._chartSpace.xpath(".//c:dLbls") == []
    assert chart._chartSpace.xpath(".//c:catAx/c:txPr/a:bodyPr/@rot") == ["0"]
    assert chart._chartSpace.xpath(".//c:catAx/c:tickLblSkip/@val") == ["1"]


def test_a_decrease_stands_on_the_lower_total():
    """10 % → 9 %: sjukpenning −1 stands on 9 (the lower total), the rest on 9 too."""
    systems = [
        "sjukpenning",
        "sjuk_och_aktivitetsersattning",
        "etableringsersattning",
        "arbetsmarknadsatgarder",
        "arbetsloshetsersattning",
        "ekonomiskt_bistand",
    ]
    decomposition = pd.DataFrame(
        {
            "measure": ["summa", *systems],
            "from_share": [10.0] + [0.0] * 6,
            "to_share": [9.0] + [0.0] * 6,
            "points": [-1.0, -1.0] + [0.0] * 5,
        }
    )
    series = waterfall_series(decomposition)
    assert series["Bas"] == [None, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, None]
    assert series["Minskning"] == [None, 1.0, *[None] * 6]
    assert series["Ökning"] == [None, None, 0.0, 0.0, 0.0, 0.0, 0.0, None]
    assert series["Andel"] == [10.0, *[None] * 6, 9.0]


def test_a_change_within_a_tenth_is_said_so_never_plus_zero():
    """3,04 % → 3,08 %: one decimal shows 3,0 and 3,1 %, the change (+0,04) is 'mindre
    än 0,1 procentenheter'."""
    decomposition = pd.DataFrame(
        {
            "measure": ["summa", *SYSTEMS],
            "from_share": [3.04] + [0.0] * 6,
            "to_share": [3.08] + [0.0] * 6,
            "points": [0.04, 0.04] + [0.0] * 5,
        }
    )
    assert plain(change_reading(decomposition, TOTAL, "Norsjö", 2023, 2024)) == (
        "För invånarna 20–64 år i Norsjö var andelen i stort sett oförändrad: 3,0 % 2023 och "
        "3,1 % 2024 (mindre än 0,1 procentenheter). Störst bidrag: sjukpenning (mindre än "
        "0,1 procentenheter)."
    )


# --- PDF and Excel ----------------------------------------------------------------


def test_the_pdf_pages_are_the_apps_own_figures_with_the_sentences(report):
    pages = report_pages(report)
    needs, matrix, change = pages[-3:]
    assert needs.layout.title.text == f"Målgrupper med störst behov 2024 – {SN_NAME}"
    assert [t.name for t in needs.data] == [
        "Sjukpenning",
        "Sjuk- och aktivitetsersättning",
        "Etableringsersättning",
        "Arbetsmarknadsåtgärder",
        "Arbetslöshetsersättning",
        "Ekonomiskt bistånd",
    ]
    subtitle = plain(needs.layout.title.subtitle.text)
    assert "• Bland invånarna 30–64 år" in subtitle
    assert matrix.data[0].type == "heatmap"
    assert change.data[0].type == "waterfall"
    assert list(change.data[0].y) == pytest.approx([START, SICK, 0, 0, 0, 0, WELFARE, END])


def test_the_workbook_has_the_target_sheets_with_share_formats(report):
    workbook = load_workbook(io.BytesIO(report_workbook(report)))
    assert workbook.sheetnames[-3:] == [
        "Störst behov",
        "Grupper och system",
        "Förändring 2023–2024",
    ]
    ranking = workbook["Störst behov"]
    header = [c.value for c in ranking[1]]
    assert header[:5] == [
        "Rang",
        "Indelning",
        "Grupp",
        "Ersättningssystem",
        "Andel av gruppens befolkning (%)",
    ]
    first = {h: c for h, c in zip(header, ranking[2], strict=False)}
    assert first["Grupp"].value == "30–64 år"
    assert first["Riket: skillnad (helårsekvivalenter)"].value == pytest.approx(379.0)
    assert first["Riket: skillnad (procentenheter)"].number_format == "0.0"
    assert first["Andel av gruppens befolkning (%)"].number_format == "0.0"
    change = workbook["Förändring 2023–2024"]
    row = {c.value: v for c, v in zip(change[1], change[3], strict=False)}
    assert row["Bidrag till förändringen (procentenheter)"].value == pytest.approx(0.762, abs=1e-3)
    about = [r[1] for r in workbook["Om data"].iter_rows(values_only=True) if r[1]]
    assert any(str(t).startswith("Målgrupper jämför åldersgrupper") for t in about)
