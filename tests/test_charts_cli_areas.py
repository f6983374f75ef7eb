"""`python -m charts profile` for samordningsförbund: shipped and saved in the data dir."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from charts.cli import main
from data.areas import add_user_area, forbund_regions, new_definition, user_areas_path
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
    assert "warning: saved areas left out" in capsys.readouterr().err
