"""The map as a chart kind (issue #14): planned after the county's kommuner, drawn
through :data:`exports.kinds.KINDS` (figure, Excel sheet), a picture slide in PowerPoint
when a browser is there and left out with a note when not; `export --chart map` as PNG
and SVG; and `report --forbund all`, one report per shipped förbund with a line each and
a summary."""

from __future__ import annotations

import io
import json
import struct
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from data.areas import SHIPPED_AREAS, forbund_regions
from exports import batch
from exports.batch import report_bytes
from exports.cli import shipped_forbund_codes
from exports.images import BROWSER_ENV, ChartRenderer
from exports.kinds import CHART_KINDS, KINDS
from exports.powerpoint import (
    CHART_HEIGHT,
    CHART_TOP,
    PICTURE_HEIGHT,
    PICTURE_WIDTH,
    PICTURES_LEFT_OUT,
    report_pptx,
)
from exports.report import COUNTY, MAP, PROFILE, ReportOptions, plan_report
from exports.tables import map_download
from exports.workbook import report_workbook
from metrics.model import build_model
from tests.cli_support import run
from tests.factories import NORSJO, SYNTHETIC, two_counties, write
from tests.known_dataset import known_frame

TODAY = date(2026, 6, 8)
UMEA_REGION = "umearegionen"
REGIONS = forbund_regions()
VASTERBOTTEN = [k.code for k in REGIONS.kommuner_in("24")]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def model():
    return build_model(known_frame(), REGIONS)


def plan(model, sections=(PROFILE, MAP), code=UMEA_REGION):
    return plan_report(model, SYNTHETIC, ReportOptions(code, 2023, 2024, sections), TODAY)


@pytest.fixture(scope="module")
def report(model):
    return plan(model)


def map_of(report):
    (found,) = [s for s in report.slides if s.kind == MAP]
    return found


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_the_map_comes_after_the_county_slides_by_default(model):
    report = plan_report(model, SYNTHETIC, ReportOptions(UMEA_REGION, 2023, 2024), TODAY)
    kinds = [s.kind for s in report.slides]
    assert kinds.count(MAP) == 1
    assert kinds[kinds.index(MAP) - 1] == COUNTY
    assert COUNTY not in kinds[kinds.index(MAP) :]


def test_the_map_slide_is_the_county_with_the_forbund_outlined(report):
    slide = map_of(report)
    members = REGIONS[UMEA_REGION].members
    assert slide.place.scope_name == "Västerbottens län"
    assert slide.place.outline == members
    assert slide.place.outline_name == "Samordningsförbundet Umeåregionen"
    assert slide.table["region_code"].tolist() == VASTERBOTTEN
    assert slide.title == "Karta: Summa helårsekvivalenter i Västerbottens läns kommuner 2024"
    assert slide.reading.startswith(f"Av {len(VASTERBOTTEN)} kommuner i Västerbottens län hör ")
    assert "Samordningsförbundet Umeåregionen (svart kontur): " in slide.reading
    assert slide.sheet == "Karta 2024"


def test_the_kind_fills_each_kommun_by_class_and_tables_them(report):
    slide = map_of(report)
    kind = KINDS[MAP]
    assert MAP in CHART_KINDS and kind.label == "Karta" and kind.native is None
    figure = kind.figure(slide, 1280, 720)
    fills = [t for t in figure.data if t.fill == "toself"]
    classes = {code: t.meta["quartile"] for t in fills for code in t.meta["codes"]}
    assert sum(len(t.meta["codes"]) for t in fills) == len(classes) == len(VASTERBOTTEN)
    quartiles = ["" if q != q else str(q) for q in slide.table["quartile"].astype(object)]
    assert [classes[code] for code in VASTERBOTTEN] == quartiles
    (points,) = [t for t in figure.data if t.name == "Kommun"]
    assert list(points.meta["codes"]) == VASTERBOTTEN
    assert points.text[VASTERBOTTEN.index("2480")].startswith("<b>Umeå</b><br>")
    outlines = [t for t in figure.data if t.name == "Samordningsförbundet Umeåregionen"]
    assert len(outlines) == 1
    assert kind.download(slide).equals(map_download(slide.table))
    notes = ["".join(text for text, _ in line) for line in kind.notes(slide)]
    assert notes[0].startswith("Jämfört med landets kommuner:")
    assert "Svart kontur: Samordningsförbundet Umeåregionen." in notes


def test_the_workbook_has_the_map_sheet(report):
    workbook = load_workbook(io.BytesIO(report_workbook(report)))
    assert workbook.sheetnames == ["Om data", "Profil 2024", "Karta 2024"]
    rows = list(workbook["Karta 2024"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Kommun", "Kommunkod")
    assert [r[1] for r in rows[1 : 1 + len(VASTERBOTTEN)]] == VASTERBOTTEN


def test_without_a_browser_the_deck_leaves_the_map_out_and_says_so(report, monkeypatch):
    monkeypatch.setattr(batch, "has_browser", lambda: False)
    deck = Presentation(io.BytesIO(report_bytes(report, "pptx")))
    slides = list(deck.slides)
    assert [s.shapes.title.text for s in slides[1:]] == [report.slides[0].title]
    assert any(PICTURES_LEFT_OUT in text for text in texts(slides[0]))
    assert slides[0].notes_slide.notes_text_frame.text == PICTURES_LEFT_OUT
    assert "2 / 2" in texts(slides[1])


@pytest.mark.slow
def test_with_a_browser_the_map_is_a_picture_slide(report):
    with ChartRenderer() as renderer:
        deck = Presentation(io.BytesIO(report_pptx(report, renderer=renderer)))
    slides = list(deck.slides)
    assert len(slides) == 3
    cover, chart = slides[0], slides[2]
    assert not any(PICTURES_LEFT_OUT in text for text in texts(cover))
    assert chart.shapes.title.text == map_of(report).title
    assert map_of(report).reading in texts(chart)
    assert "3 / 3" in texts(chart)
    (picture,) = [s for s in chart.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    blob = picture.image.blob
    assert blob[:8] == PNG_MAGIC
    assert struct.unpack(">II", blob[16:24]) == (2 * PICTURE_WIDTH, 2 * PICTURE_HEIGHT)
    assert picture.top >= CHART_TOP and picture.top + picture.height <= CHART_TOP + CHART_HEIGHT
    described = picture._element.nvPicPr.cNvPr.get("descr")
    assert described.startswith(map_of(report).title)


# --- the command line -----------------------------------------------------------------


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("data")
    write(two_counties(), directory)
    return directory


@pytest.mark.slow
def test_export_the_map_as_png_and_svg(data_dir, tmp_path):
    png, svg = tmp_path / "umea.png", tmp_path / "vasterbotten.svg"
    code, text = run(
        ["export", "--chart", "map", "--region", UMEA_REGION, "--year", "2018", "--out", str(png)],
        data_dir,
    )
    assert (code, text) == (0, f"wrote {png}\n")
    data = png.read_bytes()
    assert data[:8] == PNG_MAGIC
    assert struct.unpack(">II", data[16:24]) == (2560, 1440)
    assert len(data) > 20_000
    code, text = run(["export", "--chart", "map", "--county", "24", "--out", str(svg)], data_dir)
    assert (code, text) == (0, f"wrote {svg}\n")
    drawn = svg.read_text(encoding="utf-8")
    assert drawn.startswith("<svg")
    assert "Västerbottens läns kommuner 2018" in drawn
    assert 10_000 < len(drawn) < 1_000_000


def test_export_county_is_only_for_the_map(data_dir, tmp_path, capsys):
    target = tmp_path / "t.png"
    code, _ = run(["export", "--chart", "trend", "--county", "24", "--out", str(target)], data_dir)
    assert code == 1
    assert capsys.readouterr().err == "error: --county is only for --chart map\n"
    code, _ = run(["export", "--chart", "map", "--county", "2417", "--out", str(target)], data_dir)
    assert code == 1
    assert "unknown county code '2417'" in capsys.readouterr().err
    assert not target.exists()


def test_the_cli_deck_without_a_browser_says_the_map_is_left_out(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(BROWSER_ENV, str(tmp_path / "no-chrome"))
    target = tmp_path / "norsjo.pptx"
    sections = ["--sections", "profile,map"]
    code, text = run(
        ["report", "--region", NORSJO, "--to", "2018", *sections, "--out", str(target)], data_dir
    )
    assert code == 0
    assert text == (
        f"wrote {target} (2 pages; map slide left out: no Chrome or Chromium to draw it)\n"
    )
    assert len(Presentation(str(target)).slides) == 2


def test_forbund_all_is_every_shipped_forbund():
    shipped = [entry["id"] for entry in json.loads(SHIPPED_AREAS.read_text("utf-8"))["areas"]]
    assert shipped_forbund_codes() == shipped
    assert len(shipped) == len(set(shipped)) == 47


def test_forbund_all_plans_47_reports(data_dir, tmp_path, capsys):
    code, _ = run(["report", "--forbund", "all", "--out", str(tmp_path / "x.pptx")], data_dir)
    assert code == 1
    assert "47 reports need --out to be a directory" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_batch_writes_one_file_per_forbund_with_a_line_each_and_a_summary(
    data_dir, tmp_path, monkeypatch, capsys
):
    chosen = ["skelleftea-norsjo", UMEA_REGION, "stockholms-stad"]
    monkeypatch.setattr("exports.cli.shipped_forbund_codes", lambda: chosen)
    out = tmp_path / "alla"
    argv = ["report", "--forbund", "all", "--to", "2018", "--sections", "profile"]
    code, text = run([*argv, "--format", "xlsx", "--out", f"{out}/"], data_dir)
    assert code == 1, "one förbund has no figures in the data"
    assert text == ""
    assert sorted(p.name for p in out.iterdir()) == [
        "Offentlig-forsorjning-Samordningsforbundet-Skelleftea-Norsjo-2018.xlsx",
        "Offentlig-forsorjning-Samordningsforbundet-Umearegionen-2018.xlsx",
    ]
    for path in out.iterdir():
        assert load_workbook(path).sheetnames == ["Om data", "Profil 2018"]
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("[1/3] skelleftea-norsjo (Samordningsförbundet Skellefteå-Norsjö)")
    assert lines[0].endswith("Skelleftea-Norsjo-2018.xlsx (2 sheets)")
    assert lines[1].startswith("[2/3] umearegionen (Samordningsförbundet Umeåregionen): wrote ")
    assert lines[2] == (
        "[3/3] stockholms-stad (Samordningsförbundet Stockholms stad): failed: the dataset "
        "has no figures for Samordningsförbundet Stockholms stad"
    )
    assert lines[3] == (
        "2 of 3 reports written, 1 failed (stockholms-stad: the dataset has no figures for "
        "Samordningsförbundet Stockholms stad)"
    )


# --- the ranking of all förbund and the map's numbers from `export` -----------------------


def test_export_the_ranking_of_all_forbund_as_csv_and_xlsx(data_dir, tmp_path):
    csv_file, xlsx_file = tmp_path / "alla.csv", tmp_path / "alla.xlsx"
    year = ["--year", "2018"]
    ranking = ["export", "--chart", "forbund-ranking", *year]
    code, text = run([*ranking, "--out", str(csv_file)], data_dir)
    assert (code, text) == (0, f"wrote {csv_file}\n")
    rows = csv_file.read_bytes().decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Plats;Samordningsförbund;Län;Totalt 2018 (%);")
    assert len(rows) == 1 + 47
    # four förbund have kommuner in this data, pooled: Södra Norrbotten 160 HE of 3 000,
    # Skellefteå-Norsjö (20 + 80) of 2 000, Umeåregionen (Umeå) 120 of 4 000, Södra
    # Lappland (Malå) 10 of 1 000; the other 43 are listed last, unranked
    assert [row.split(";")[:4] for row in rows[1:5]] == [
        ["1", "Samordningsförbundet Södra Norrbotten", "Norrbottens län", "5,333"],
        ["2", "Samordningsförbundet Skellefteå-Norsjö", "Västerbottens län", "5,0"],
        ["3", "Samordningsförbundet Umeåregionen", "Västerbottens län", "3,0"],
        ["4", "Samordningsförbundet Södra Lappland", "Västerbottens län", "1,0"],
    ]
    assert all(row.startswith(";") for row in rows[5:])
    chosen = ["--region", "skelleftea-norsjo"]
    code, _ = run(
        ["export", "--chart", "forbund-ranking", *chosen, *year, "--out", str(xlsx_file)], data_dir
    )
    assert code == 0
    sheet = load_workbook(xlsx_file)["Alla förbund 2018"]
    second = [c.value for c in sheet[3]][:4]
    assert second == [2, "Samordningsförbundet Skellefteå-Norsjö", "Västerbottens län", 5]
    assert sheet["D3"].number_format == "0.0"
    under = [r[0] for r in sheet.iter_rows(min_row=49, values_only=True) if r[0]]
    assert under[:2] == [
        "Alla samordningsförbund 2018",
        "Samordningsförbundet Skellefteå-Norsjö har plats 2 av 4 förbund (5,0\u00a0%).",
    ]


def test_export_the_maps_numbers_as_csv(data_dir, tmp_path):
    target = tmp_path / "karta.csv"
    code, _ = run(["export", "--chart", "map", "--county", "24", "--out", str(target)], data_dir)
    assert code == 0
    rows = target.read_bytes().decode("utf-8-sig").splitlines()
    assert rows[0] == (
        "Kommun;Kommunkod;Andel av befolkningen (%);Helårsekvivalenter;Folkmängd;"
        "Jämfört med landets kommuner"
    )
    assert len(rows) == 1 + len(VASTERBOTTEN)
    assert "Norsjö;2417;8,0;80,0;1000;Högsta 25 %" in rows
    assert "Nordmaling;2401;;;;" in rows, "a kommun without figures keeps its row, empty"
