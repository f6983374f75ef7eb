"""`python -m charts report` and `python -m charts export` against a small dataset."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation

from exports.images import BROWSER_ENV
from tests.cli_support import run
from tests.factories import MALA, NORSJO, SKELLEFTEA, UMEA, two_counties, write

FEW_SECTIONS = ["--sections", "profile,county"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("data")
    write(two_counties(), directory)
    return directory


@pytest.mark.slow
def test_report_as_pptx(data_dir, tmp_path):
    target = tmp_path / "norsjo.pptx"
    code, text = run(
        ["report", "--region", NORSJO, "--from", "2018", "--to", "2018", "--out", str(target)],
        data_dir,
    )
    assert code == 0
    # a browser is here (tests/e2e needs one), so the map slide is drawn as a picture
    assert text == f"wrote {target} (24 pages)\n"
    slides = Presentation(str(target)).slides
    assert len(slides) == 24
    assert slides[1].shapes.title.text == "Försörjningsprofil 2018 – Norsjö"
    # the map, then the funnel; the data have an age band, so Målgrupper is on; one year
    # has no change slide
    assert [s.shapes.title.text for s in slides][-4:] == [
        "Karta: Summa helårsekvivalenter i Västerbottens läns kommuner 2018",
        "Summa helårsekvivalenter 2018 – kommunerna jämfört med riket",
        "Målgrupper med störst behov 2018 – Norsjö",
        "Andelar per grupp och ersättningssystem 2018 – Norsjö",
    ]


def test_report_as_xlsx_with_chosen_sections(data_dir, tmp_path):
    target = tmp_path / "norsjo.xlsx"
    sections = ["--sections", "trend,profile"]
    code, _ = run(
        ["report", "--region", NORSJO, "--to", "2018", *sections, "--out", str(target)], data_dir
    )
    assert code == 0
    assert load_workbook(target).sheetnames[:3] == ["Om data", "Profil 2018", "Totalt"]


def test_a_county_batch_writes_one_report_per_kommun_with_data(data_dir, tmp_path):
    out = tmp_path / "vasterbotten"
    code, text = run(
        ["report", "--county", "24", "--to", "2018", *FEW_SECTIONS, "--out", f"{out}/"],
        data_dir,
    )
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "Offentlig-forsorjning-Mala-2018.pptx",
        "Offentlig-forsorjning-Norsjo-2018.pptx",
        "Offentlig-forsorjning-Skelleftea-2018.pptx",
        "Offentlig-forsorjning-Umea-2018.pptx",
    ]
    assert len(text.splitlines()) == 4
    subtitles = {
        "Mala": "Malå 2018",
        "Norsjo": "Norsjö 2018",
        "Skelleftea": "Skellefteå 2018",
        "Umea": "Umeå 2018",
    }
    for path in out.iterdir():
        cover = Presentation(str(path)).slides[0]
        texts = [s.text_frame.text for s in cover.shapes if s.has_text_frame]
        assert subtitles[path.name.split("-")[2]] in texts


def test_several_regions_into_a_pattern(data_dir, tmp_path):
    pattern = str(tmp_path / "r-{code}-{name}.xlsx")
    code, _ = run(
        ["report", "--region", SKELLEFTEA, "--region", UMEA, "--to", "2018", "--out", pattern],
        data_dir,
    )
    assert code == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["r-2480-Umea.xlsx", "r-2482-Skelleftea.xlsx"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--region", NORSJO, "--region", MALA, "--out", "x.pptx"], "2 reports need --out"),
        (["--region", NORSJO, "--out", "x.docx"], "the file name must end in .pptx, .pdf, .xlsx"),
        (["--region", "9999", "--out", "x.pptx"], "unknown region code '9999'"),
        (["--county", "2417", "--out", "x/"], "unknown county code '2417'"),
        (["--region", NORSJO, "--from", "2010", "--out", "x.pptx"], "no data for year 2010"),
        (["--region", NORSJO, "--sections", "maps", "--out", "x.pptx"], "unknown section(s) maps"),
    ],
)
def test_bad_report_requests_fail_with_one_line_and_no_file(
    data_dir, tmp_path, monkeypatch, capsys, argv, message
):
    monkeypatch.chdir(tmp_path)
    code, _ = run(["report", *argv], data_dir)
    assert code == 1
    error = capsys.readouterr().err
    assert error.startswith("error: ")
    assert message in error
    assert error.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_pdf_and_images_say_plainly_when_there_is_no_browser(
    data_dir, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv(BROWSER_ENV, str(tmp_path / "no-chrome"))
    for argv in (
        ["report", "--region", NORSJO, "--out", str(tmp_path / "r.pdf")],
        ["export", "--chart", "trend", "--region", NORSJO, "--out", str(tmp_path / "t.png")],
    ):
        code, _ = run(argv, data_dir)
        assert code == 1
        assert "no Chrome or Chromium found" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_export_options_are_checked(data_dir, tmp_path, capsys):
    both = ["--year", "2018", "--from", "2018"]
    code, _ = run(
        ["export", "--chart", "trend", "--region", NORSJO, *both, "--out", str(tmp_path / "t.png")],
        data_dir,
    )
    assert code == 1
    assert "give either --year or --from/--to, not both" in capsys.readouterr().err
    code, _ = run(
        ["export", "--chart", "trend", "--region", NORSJO, "--out", str(tmp_path / "t.gif")],
        data_dir,
    )
    assert code == 1
    assert "must end in .png, .svg, .pdf" in capsys.readouterr().err


@pytest.mark.slow
def test_export_one_chart_as_svg(data_dir, tmp_path):
    svg = tmp_path / "trend.svg"
    chosen = ["--measure", "sjukpenning", "--sex", "K", "--from", "2018", "--to", "2019"]
    code, text = run(
        ["export", "--chart", "trend", "--region", NORSJO, *chosen, "--out", str(svg)], data_dir
    )
    assert code == 0
    assert text == f"wrote {svg}\n"
    drawn = svg.read_text(encoding="utf-8")
    assert drawn.startswith("<svg")
    assert "Sjukpenning – kvinnor i Norsjö" in drawn


@pytest.mark.slow
def test_pptx_is_a_valid_zip_package(data_dir, tmp_path):
    target = tmp_path / "mala.pptx"
    run(["report", "--region", MALA, "--to", "2018", "--out", str(target)], data_dir)
    with zipfile.ZipFile(target) as package:
        assert package.testzip() is None
        assert "ppt/presentation.xml" in package.namelist()
        assert any(n.startswith("ppt/embeddings/") for n in package.namelist())
