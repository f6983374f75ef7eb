"""`python -m charts` for samordningsförbund: the profile of shipped and saved areas, the
report of a förbund, and its county chart with every kommun of the förbund marked."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from charts.theme import source_text
from data.areas import add_user_area, forbund_regions, new_definition, user_areas_path
from data.provenance import Provenance
from exports.batch import ChartRequest, chart_slide
from exports.cli import load_model_and_provenance, main
from exports.figures import slide_figure
from tests.factories import LULEA, PITEA, two_counties, write


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    write(two_counties(), tmp_path)
    return tmp_path


def _profile(region: str, data_dir: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = main(["profile", "--region", region, "--year", "2018", "--data-dir", str(data_dir)], out)
    return code, out.getvalue().splitlines()


def test_profile_of_the_shipped_forbund_is_pooled(data_dir):
    code, lines = _profile("skelleftea-norsjo", data_dir)
    assert code == 0
    # (20 + 80) / 2 000 = 5 %, between q25 = 2,75 and q75 = 6,25; kvinnor 60 / 1 000.
    assert lines[1:4] == ["summa,T,5.0,mid", "summa,K,6.0,mid", "summa,M,4.0,mid"]


def test_profile_of_an_area_saved_in_the_data_dir(data_dir):
    add_user_area(
        new_definition("Norra kusten", [LULEA, PITEA]), forbund_regions(), user_areas_path(data_dir)
    )
    code, lines = _profile("norra-kusten", data_dir)
    assert code == 0
    assert lines[1] == "summa,T,4.5,mid"


def test_a_broken_saved_file_is_reported_and_the_rest_still_works(data_dir, capsys):
    user_areas_path(data_dir).write_text("{broken", encoding="utf-8")
    code, lines = _profile("skelleftea-norsjo", data_dir)
    assert code == 0
    assert lines[1] == "summa,T,5.0,mid"
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("warning: saved areas left out: ")
    assert "areas_user.json: not readable JSON" in line


def test_one_bad_entry_leaves_out_only_that_area_in_one_english_line(data_dir, capsys):
    user_areas_path(data_dir).write_text(
        '{"format": 1, "areas": ['
        '{"id": "norra-kusten", "name": "Norra kusten", "kommuner": ["2580", "2581"]},'
        '{"id": "fel", "name": "Fel", "kommuner": ["9999"]},'
        '{"id": "halv", "name": "Halv"}]}',
        encoding="utf-8",
    )
    code, lines = _profile("norra-kusten", data_dir)
    assert code == 0
    assert lines[1] == "summa,T,4.5,mid"  # the valid area is kept
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("warning: saved areas left out: ")
    assert "area 'fel': " in line and "9999" in line
    assert "area 3 needs 'id', 'name' (text) and 'kommuner'" in line
    assert "norra-kusten" not in line


def test_report_of_the_shipped_forbund_as_a_workbook(data_dir, tmp_path):
    target = tmp_path / "x.xlsx"
    out = io.StringIO()
    argv = ["report", "--region", "skelleftea-norsjo", "--from", "2018", "--to", "2018"]
    code = main([*argv, "--out", str(target), "--data-dir", str(data_dir)], out)
    assert code == 0
    assert out.getvalue() == f"wrote {target} (23 sheets)\n"
    workbook = load_workbook(target)
    about = {r[0]: r[1] for r in workbook["Om data"].iter_rows(values_only=True) if r[0]}
    assert about["Offentlig försörjning"] == (
        "Samordningsförbundet Skellefteå-Norsjö 2018 (Samordningsförbund: Skellefteå och Norsjö)"
    )
    # (20 + 80) / 2 000 = 5 %, compared with Västerbotten's mean 3,5 % and riket 4,0909 %
    total = [c.value for c in workbook["Totalt"][2]]
    assert total[:4] == ["2018", "Totalt", 5, "Mellersta 50 %"]
    assert total[6:8] == [3.5, 4.091]
    county = [
        r[:2] for r in workbook["Länet 20-64 år"].iter_rows(min_row=2, max_row=5, values_only=True)
    ]
    assert county == [
        ("Norsjö", "2417"),
        ("Umeå", "2480"),
        ("Skellefteå", "2482"),
        ("Malå", "2418"),
    ]
    # the data have an age band, so Målgrupper is in (one year: no change sheet)
    assert workbook.sheetnames[-2:] == ["Störst behov", "Grupper och system"]
    first = [c.value for c in workbook["Störst behov"][2]]
    # 20–29 år: 20 HE of 200 = 10 % against riket's 5,5 %, above its 95 % limit 5,5 +
    # 1,96·√(0,055·0,945/200) = 8,66 %: the one need, 20 − 0,055 × 200 = 9,0 HE more.
    # Kvinnor (60 HE of 1 000 = 6 % against 270 / 5 500 = 4,909 %, 10,9 HE more) lie
    # within chance (limit 6,25 %) and come second.
    assert first[2:4] == ["20–29 år", "Sjukpenning"]
    assert first[7] == pytest.approx(9.0, abs=0.05)
    second = [c.value for c in workbook["Störst behov"][3]]
    assert second[2:4] == ["Kvinnor 20–64 år", "Sjukpenning"]
    assert second[7] == pytest.approx(60 - 270 / 5_500 * 1_000, abs=0.05)


def test_the_county_chart_of_a_forbund_highlights_all_its_kommuner(data_dir):
    model, provenance = load_model_and_provenance(str(data_dir))
    assert isinstance(provenance, Provenance)  # the typed value, not the raw metadata
    request = ChartRequest(
        chart="county", region="skelleftea-norsjo", first_year=2018, last_year=2018, year=2018
    )
    slide = chart_slide(model, source_text(provenance), request)
    assert slide.title == "Ersättningssystemens användning i Västerbottens läns kommuner 2018"
    figure = slide_figure(slide, height=None)
    assert list(figure.layout.yaxis.ticktext) == [
        "<b>▶ Norsjö</b>",
        "Umeå",
        "<b>▶ Skellefteå</b>",
        "Malå",
    ]
