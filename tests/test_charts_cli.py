"""`python -m charts profile` against a small dataset with known answers."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from data.store import DATA_DIR_ENV
from exports.cli import main
from tests.factories import NORSJO, two_counties, write

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("data")
    write(two_counties(), directory)
    return directory


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, out=out)
    return code, out.getvalue()


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_profile_prints_measure_sex_share_quartile(data_dir: Path) -> None:
    code, text = _run(
        ["profile", "--region", NORSJO, "--year", "2018", "--data-dir", str(data_dir)]
    )
    assert code == 0
    assert text.splitlines()[0] == "measure,sex,share,quartile"
    rows = _csv_rows(text)
    assert len(rows) == 21
    assert rows[0] == {"measure": "summa", "sex": "T", "share": "8.0", "quartile": "high"}
    assert rows[1]["sex"] == "K"
    assert float(rows[1]["share"]) == pytest.approx(9.6)
    assert rows[2]["quartile"] == "high"
    assert [r["measure"] for r in rows[::3]] == [
        "summa",
        "sjukpenning",
        "sjuk_och_aktivitetsersattning",
        "etableringsersattning",
        "arbetsmarknadsatgarder",
        "arbetsloshetsersattning",
        "ekonomiskt_bistand",
    ]
    missing = rows[-1]
    assert missing == {"measure": "ekonomiskt_bistand", "sex": "M", "share": "", "quartile": ""}


def test_profile_of_a_county_is_pooled_and_unrounded(data_dir: Path) -> None:
    code, text = _run(["profile", "--region", "24", "--year", "2018", "--data-dir", str(data_dir)])
    assert code == 0
    summa = _csv_rows(text)[0]
    assert float(summa["share"]) == pytest.approx(230 / 7000 * 100, abs=1e-12)
    assert len(summa["share"]) > 8
    assert summa["quartile"] == "mid"


def test_profile_of_riket_as_json(data_dir: Path) -> None:
    argv = ["profile", "--region", "00", "--year", "2018", "--data-dir", str(data_dir)]
    code, text = _run([*argv, "--format", "json"])
    assert code == 0
    rows = json.loads(text)
    assert rows[0] == {
        "measure": "summa",
        "sex": "T",
        "share": pytest.approx(450 / 11000 * 100),
        "quartile": "mid",
    }
    assert rows[-1]["share"] is None
    assert rows[-1]["quartile"] is None


def test_data_dir_comes_from_the_environment(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    code, text = _run(["profile", "--region", "2418", "--year", "2018"])
    assert code == 0
    assert _csv_rows(text)[0]["quartile"] == "low"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--region", "9999", "--year", "2018"],
            "error: unknown region code '9999'; use a kommun code (e.g. 2417), "
            "a county code (e.g. 24), 00 for riket or a förbund id (e.g. skelleftea-norsjo)",
        ),
        (
            ["--region", NORSJO, "--year", "1999"],
            "error: no data for year 1999; the dataset has 2018–2019",
        ),
        (
            ["--region", "0114", "--year", "2018"],
            "error: the dataset has no figures for 0114 (Upplands Väsby) in 2018",
        ),
    ],
)
def test_unknown_region_or_year_is_one_clear_error_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, text = _run(["profile", *argv, "--data-dir", str(data_dir)])
    assert code == 1
    assert text == ""
    assert capsys.readouterr().err.splitlines() == [message]


def test_a_missing_dataset_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = _run(["profile", "--region", NORSJO, "--year", "2018", "--data-dir", str(tmp_path)])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no dataset at ")
    assert "Traceback" not in err


def test_python_dash_m_charts_runs_the_command(data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "charts", "profile", "--region", "9999", "--year", "2018"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={DATA_DIR_ENV: str(data_dir), "PATH": ""},
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: unknown region code '9999'")
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["profile", "report", "export"])
def test_the_help_names_the_data_directory_var(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "data directory (default: $HE_DATA_DIR or var/)" in help_text
    assert "data/)" not in help_text
