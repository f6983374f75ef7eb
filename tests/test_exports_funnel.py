"""The funnel plot as a chart kind of the reports and of `python -m exports export`.

Numbers from `tests/target_dataset.py` (2024, 20–64 år, summa = sjukpenning + ekonomiskt
bistånd): Stockholm 0180 18 000 / 600 000, Norsjö 2417 125 / 2 000 = 6,25 %, Umeå 2480
2 400 / 80 000, Skellefteå 2482 1 600 / 40 000 = 4,0 %, Luleå 2580 1 600 / 40 000; riket
pooled 23 725 / 762 000 = 3,1135 %. Norsjö lies above its 99,8 % limit, the other four
within; so for Samordningsförbundet Skellefteå-Norsjö the slide has the four limit lines,
riket, the three other kommuner within the limits and the förbund's two kommuner.
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.chart import XL_MARKER_STYLE

from data.areas import forbund_regions
from exports.cli import main
from exports.files import CSV_DECIMAL, CSV_ENCODING, CSV_SEPARATOR
from exports.kinds import KINDS, slide_funnel
from exports.pdf import report_pages
from exports.powerpoint import is_picture, report_pptx
from exports.readings import funnel_reading
from exports.report import (
    COUNTY,
    FUNNEL,
    MAP,
    NEEDS,
    SECTIONS,
    ReportOptions,
    plan_report,
)
from exports.slide_charts import FUNNEL_LINE_POINTS
from exports.tables import FUNNEL_DOWNLOAD_COLUMNS, funnel_download
from exports.workbook import report_workbook
from metrics.chance import Z_95, Z_998
from metrics.model import build_model
from tests.factories import NORSJO, SYNTHETIC, two_counties, write
from tests.target_dataset import target_frame

SN = "skelleftea-norsjo"
TODAY = date(2026, 6, 8)
NBSP = "\u00a0"
RIKET = 23_725 / 762_000 * 100


@pytest.fixture(scope="module")
def model():
    return build_model(target_frame(), forbund_regions())


@pytest.fixture(scope="module")
def report(model):
    return plan_report(model, SYNTHETIC, ReportOptions(SN, 2023, 2024), TODAY)


@pytest.fixture(scope="module")
def funnel_slide(report):
    (found,) = [s for s in report.slides if s.kind == FUNNEL]
    return found


@pytest.fixture(scope="module")
def chart(report):
    deck = Presentation(io.BytesIO(report_pptx(report)))
    shown = [s.kind for s in report.slides if not is_picture(s)]  # the map needs a browser
    number = shown.index(FUNNEL) + 1
    (found,) = [shape.chart for shape in deck.slides[number].shapes if shape.has_chart]
    return found


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def test_the_funnel_follows_the_county_and_map_slides_and_can_be_left_out(model, report):
    kinds = [s.kind for s in report.slides]
    at = kinds.index(FUNNEL)
    assert kinds[at - 2 : at + 2] == [COUNTY, MAP, FUNNEL, NEEDS]
    assert SECTIONS.index(FUNNEL) == SECTIONS.index(MAP) + 1 == SECTIONS.index(COUNTY) + 2
    options = ReportOptions(SN, 2023, 2024, sections=tuple(s for s in SECTIONS if s != FUNNEL))
    assert FUNNEL not in {s.kind for s in plan_report(model, SYNTHETIC, options, TODAY).slides}


def test_the_slide_reads_the_forbunds_kommuner_by_the_funnels_limits(funnel_slide):
    assert funnel_slide.title == "Summa helårsekvivalenter 2024 – kommunerna jämfört med riket"
    assert plain(funnel_slide.reading) == (
        "2024: Norsjö 6,2 % (tydligt högre än i riket) och Skellefteå 4,0 % (ungefär som i "
        "riket); riket 3,1 %. 1 av 5 kommuner ligger över och 0 under 99,8 %-gränserna."
    )
    assert funnel_slide.sheet == "Tratt Totalt 2024"


def test_the_reading_says_higher_only_outside_the_limits():
    """Two kommuner 1 percentage point above riket's 10 %: the small one within its
    limits is 'ungefär som i riket', the large one outside them 'tydligt högre'."""
    table = pd.DataFrame(
        {
            "region_code": ["1", "2", "3"],
            "name": ["Lilla", "Stora", "Mitten"],
            "share": [11.0, 11.0, 8.0],
            "signal": ["", "high", "low"],
        }
    )
    assert plain(funnel_reading(table, 10.0, ["1"], 2024)) == (
        "2024: Lilla 11,0 % (ungefär som i riket); riket 10,0 %. 1 av 3 kommuner ligger över "
        "och 1 under 99,8 %-gränserna."
    )
    assert "Stora 11,0 % (tydligt högre än i riket)" in plain(
        funnel_reading(table, 10.0, ["2"], 2024)
    )
    assert "Mitten 8,0 % (tydligt lägre än i riket)" in plain(
        funnel_reading(table, 10.0, ["3"], 2024)
    )
    assert plain(funnel_reading(table, 10.0, [], 2024)).startswith("2024: riket 10,0 %. 1 av 3")


# --- PowerPoint -------------------------------------------------------------------


def test_the_powerpoint_chart_is_a_native_scatter_with_limit_lines(chart):
    space = chart._chartSpace
    assert len(space.xpath(".//c:scatterChart")) == 1
    series = list(chart.plots[0].series)
    assert [plain(s.name) for s in series] == [
        "95 %-gränser",
        "95 %-gränser (undre)",
        "99,8 %-gränser",
        "99,8 %-gränser (undre)",
        "Riket (sammanräknat): 3,1 %",
        "Kommuner inom gränserna",
        "Områdets kommuner",
    ]
    assert [len(list(s.values)) for s in series] == [FUNNEL_LINE_POINTS] * 4 + [2, 3, 2]
    assert list(series[4].values) == pytest.approx([RIKET, RIKET])
    # the lower lines have no legend entry of their own
    assert sorted(space.xpath(".//c:legendEntry/c:idx/@val")) == ["1", "3"]
    # the population axis is logarithmic, from 1 000 to 1 000 000
    population = space.xpath(".//c:valAx")[0]
    assert population.xpath("./c:scaling/c:logBase/@val") == ["10"]
    assert float(population.xpath("./c:scaling/c:min/@val")[0]) == 1_000
    assert float(population.xpath("./c:scaling/c:max/@val")[0]) == 1_000_000


def test_the_limit_lines_are_the_funnels_limits(chart, funnel_slide):
    funnel = slide_funnel(funnel_slide)
    assert funnel.reference_share == pytest.approx(RIKET)
    series = list(chart.plots[0].series)
    for index, z in ((0, Z_95), (2, Z_998)):
        upper, lower = series[index], series[index + 1]
        x = [float(v) for v in upper._element.xpath("./c:xVal//c:v/text()")]
        assert x[0] == pytest.approx(2_000 * 0.9)
        assert x[-1] == pytest.approx(600_000 * 1.1)
        low, high = funnel.limits(pd.Series(x).to_numpy(), z)
        assert list(upper.values) == pytest.approx(list(high))
        assert list(lower.values) == pytest.approx([max(0.0, v) for v in low])


def test_the_forbunds_kommuner_are_their_own_series_named_and_marked(chart):
    series = list(chart.plots[0].series)
    within, marked = series[5], series[6]
    assert list(within.values) == pytest.approx(
        [18_000 / 600_000 * 100, 2_400 / 80_000 * 100, 1_600 / 40_000 * 100]
    )
    assert list(marked.values) == pytest.approx([6.25, 4.0])
    assert [float(v) for v in marked._element.xpath("./c:xVal//c:v/text()")] == [2_000, 40_000]
    labels = marked._element.xpath("./c:dLbls/c:dLbl//a:t/text()")
    assert labels == ["Norsjö", "Skellefteå"]
    # Norsjö lies above its 99,8 % limit: a triangle, as in the app
    assert marked.points[0].marker.style == XL_MARKER_STYLE.TRIANGLE
    assert marked.marker.style == XL_MARKER_STYLE.CIRCLE


def test_the_notes_name_the_method(funnel_slide):
    notes = [text for line in KINDS[FUNNEL].notes(funnel_slide) for text, _colour in line]
    assert any("Spiegelhalter" in n or "slumpens variation" in n for n in notes)


# --- Excel and PDF ----------------------------------------------------------------


def test_the_workbook_sheet_is_the_funnel_table(report, funnel_slide):
    workbook = load_workbook(io.BytesIO(report_workbook(report)))
    sheet = workbook["Tratt Totalt 2024"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][: len(FUNNEL_DOWNLOAD_COLUMNS)]) == list(FUNNEL_DOWNLOAD_COLUMNS)
    expected = funnel_download(slide_funnel(funnel_slide))
    assert [r[0] for r in rows[1:6]] == ["0180", "2417", "2480", "2482", "2580"]
    assert [r[2] for r in rows[1:6]] == pytest.approx(expected["share"].tolist())
    assert sheet.cell(2, 3).number_format == "0.0"
    assert sheet.cell(2, 4).number_format == "0.0"


def test_the_pdf_page_is_the_apps_funnel_figure(report, funnel_slide):
    pages = report_pages(report)
    figure = pages[report.slides.index(funnel_slide) + 1]
    assert figure.layout.title.text.startswith(funnel_slide.title)
    names = [t.name for t in figure.data]
    assert names.count("95 %-gränser") == 2 and names.count("99,8 %-gränser") == 2
    (marked,) = [t for t in figure.data if t.name == "Områdets kommuner"]
    assert list(marked.y) == pytest.approx([6.25, 4.0])


# --- the command line --------------------------------------------------------------


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory):
    directory = tmp_path_factory.mktemp("data")
    write(two_counties(), directory)
    return directory


def _export(argv: list[str], data_dir) -> int:
    return main(["export", "--chart", "funnel", *argv, "--data-dir", str(data_dir)], io.StringIO())


def test_the_cli_writes_the_funnel_csv_unrounded(data_dir, tmp_path):
    target = tmp_path / "funnel.csv"
    argv = ["--year", "2018", "--measure", "summa", "--sex", "K", "--region", NORSJO]
    assert _export([*argv, "--format", "csv", "--out", str(target)], data_dir) == 0
    written = pd.read_csv(
        target,
        sep=CSV_SEPARATOR,
        decimal=CSV_DECIMAL,
        encoding=CSV_ENCODING,
        dtype={"region_code": str, "signal": str},
        keep_default_na=False,
    )
    assert list(written.columns) == [
        "region_code",
        "population",
        "share",
        "lower_95",
        "upper_95",
        "lower_998",
        "upper_998",
        "signal",
        "method",
    ]
    model = build_model(two_counties(), forbund_regions())
    expected = funnel_download(model.funnel(2018, "summa", "K"))
    assert len(written) == len(expected) > 0
    assert written["region_code"].tolist() == expected["region_code"].tolist()
    for column in ("population", "share", "lower_95", "upper_95", "lower_998", "upper_998"):
        assert written[column].tolist() == expected[column].tolist(), column
    assert written["signal"].tolist() == expected["signal"].tolist()
    assert set(written["method"]) == {expected["method"].iloc[0]}


def test_the_cli_draws_the_funnel_for_riket_without_a_region(data_dir, tmp_path):
    target = tmp_path / "funnel.csv"
    assert _export(["--out", str(target)], data_dir) == 0
    text = target.read_bytes().decode(CSV_ENCODING)
    assert text.startswith(CSV_SEPARATOR.join(["region_code", "population", "share", ""]))


def test_the_format_and_the_file_name_must_agree(data_dir, tmp_path, capsys):
    assert _export(["--format", "csv", "--out", str(tmp_path / "f.png")], data_dir) == 1
    assert "f.png: the file name must end in .csv" in capsys.readouterr().err
    code = main(
        ["export", "--chart", "trend", "--out", str(tmp_path / "t.csv"), "--data-dir", "x"],
        io.StringIO(),
    )
    assert code == 1
    assert "give --region (or, for the map, --county)" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
