"""What a hostile visitor or a careless operator tried (issue #17), each refused with a
Swedish message (app) or one English line (CLI), and no data lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app_pages.ui import state
from data import areas as areas_module
from data.areas import (
    MAX_FILE_BYTES,
    MAX_MEMBERS,
    MAX_SHARED_AREAS,
    AreaDefinition,
    AreaError,
    add_user_area,
    forbund_regions,
    load_valid_definitions,
    new_definition,
    remove_user_area,
    user_areas_path,
)
from data.store import DATASET_FILE, read_provenance
from loaders.cli import main as loaders_main
from tests.known_dataset import known_frame, write_known_dataset

REGIONS = forbund_regions()


# --- URL parameters ------------------------------------------------------------------


def _parse(params):
    default = state.Selection(region="2417", year=2024)
    return state.parse_selection(params, REGIONS, [2023, 2024], default)


def test_fifty_thousand_compared_values_make_one_note_and_read_only_a_few():
    selection, notes = _parse({"compare": ",".join(["x"] * 50_000)})
    assert selection.compare == ()
    _, notes_of_mixed = _parse({"compare": "a,b,2417,c,d"})
    assert notes_of_mixed == [
        "Jämförelseområdena ”a”, ”b”, ”c” och fler finns inte eller ryms inte och visas inte."
    ]
    assert notes == ["Jämförelseområdena ”x” och fler finns inte eller ryms inte och visas inte."]


def test_many_valid_compared_values_are_cut_to_the_limit_with_one_note():
    values = ["2417", "2482", "2480", "24", "00", "0180", "0114", "2418"] * 10_000
    selection, notes = _parse({"compare": values})
    assert selection.compare == ("2417", "2482", "2480", "24", "00", "0180")
    assert notes == ["Högst 6 områden kan jämföras – visar de 6 första."]


def test_a_huge_value_is_refused_unread_and_quoted_short():
    selection, notes = _parse({"region": "a" * 1_000_000, "measure": "b" * 100_000})
    assert selection.region == "2417"
    assert len(notes) == 2
    assert all(len(note) < 200 for note in notes)


# --- areas: limits, ids, damaged files, read-only directory ----------------------------


def test_an_area_with_too_many_kommuner_is_refused():
    codes = list(REGIONS.kommun_codes())[: MAX_MEMBERS + 1]
    with pytest.raises(AreaError) as caught:
        areas_module.check_definition(new_definition("Stort", codes), REGIONS)
    assert caught.value.problem == "too_many_kommuner"
    assert caught.value.sv == f"Ett område får ha högst {MAX_MEMBERS} kommuner (det här har 61)."


def test_the_shared_file_holds_at_most_its_limit(tmp_path):
    path = user_areas_path(tmp_path)
    definitions = [
        AreaDefinition(f"omrade-{n}", f"Område {n}", ("2417",)) for n in range(MAX_SHARED_AREAS)
    ]
    areas_module.write_definitions(path, definitions)
    before = path.read_bytes()
    with pytest.raises(AreaError) as caught:
        add_user_area(new_definition("Ett till", ["2418"]), REGIONS, path)
    assert caught.value.sv == (
        f"Det får finnas högst {MAX_SHARED_AREAS} sparade områden. Ta bort ett område först."
    )
    assert path.read_bytes() == before


def test_a_hand_made_file_of_4000_areas_is_read_only_up_to_the_limit(tmp_path):
    path = user_areas_path(tmp_path)
    areas_module.write_definitions(
        path, [AreaDefinition(f"omrade-{n}", f"Område {n}", ("2417",)) for n in range(4000)]
    )
    loaded = load_valid_definitions(path, REGIONS, MAX_SHARED_AREAS)
    assert len(loaded.definitions) == MAX_SHARED_AREAS
    assert loaded.problems == (
        f"Filen med områden (areas_user.json) har 4000 områden; bara de {MAX_SHARED_AREAS} "
        "första visas.",
    )


def test_a_deleted_id_is_never_given_to_an_area_of_other_kommuner(tmp_path):
    path = user_areas_path(tmp_path)
    add_user_area(new_definition("Mitt förbund", ["2417", "2482"]), REGIONS, path)
    remove_user_area("mitt-forbund", REGIONS, path)
    again = add_user_area(new_definition("Mitt förbund", ["2480"]), REGIONS, path)
    assert again.id == "mitt-forbund-2"
    remove_user_area("mitt-forbund-2", REGIONS, path)
    # the same kommuner again may have their old id back (an undo)
    undone = add_user_area(new_definition("Mitt förbund", ["2417", "2482"]), REGIONS, path)
    assert undone.id == "mitt-forbund"
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["retired"] == [{"id": "mitt-forbund-2", "kommuner": ["2480"]}]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[" * 100_000 + "]" * 100_000, "den är inte läsbar JSON."),
        ('{"format": 1, "areas": []}' + " " * (MAX_FILE_BYTES + 1), "den är för stor"),
        (b"\xff\xfe not text", "den är inte läsbar JSON."),
    ],
)
def test_a_damaged_nested_or_huge_file_is_named_and_nothing_else_breaks(tmp_path, content, problem):
    path = user_areas_path(tmp_path)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    loaded = load_valid_definitions(path, REGIONS)
    assert loaded.definitions == ()
    assert len(loaded.problems) == 1
    assert problem in loaded.problems[0]


def test_a_shipped_file_with_an_unknown_kommun_or_invalid_json_keeps_the_valid_rest(
    tmp_path, monkeypatch
):
    shipped = tmp_path / "areas.json"
    shipped.write_text(
        '{"format": 1, "areas": [{"id": "bra", "name": "Bra", "kommuner": ["2417"],'
        ' "source": "förbundets webbplats", "as_of": "2024", "confidence": "high"},'
        ' {"id": "fel", "name": "Fel", "kommuner": ["9999"]}]}',
        encoding="utf-8",
    )
    monkeypatch.setattr(areas_module, "SHIPPED_AREAS", shipped)
    areas_module.shipped_areas.cache_clear()
    try:
        loaded = areas_module.shipped_areas()
        assert [d.id for d in loaded.definitions] == ["bra"]
        assert "”fel”: Okänd kommunkod: 9999." in loaded.problems[0]
        shipped.write_text("{not json", encoding="utf-8")
        areas_module.shipped_areas.cache_clear()
        assert areas_module.shipped_definitions() == ()
        assert "inte läsbar JSON" in areas_module.shipped_areas().problems[0]
    finally:
        areas_module.shipped_areas.cache_clear()


def test_a_read_only_directory_refuses_save_and_delete_with_a_swedish_message(
    tmp_path, monkeypatch
):
    path = user_areas_path(tmp_path)
    add_user_area(new_definition("Mitt", ["2417"]), REGIONS, path)
    before = path.read_bytes()

    def read_only(target, write):
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(areas_module, "atomic_write", read_only)
    for change in (
        lambda: add_user_area(new_definition("Nytt", ["2418"]), REGIONS, path),
        lambda: remove_user_area("mitt", REGIONS, path),
    ):
        with pytest.raises(AreaError) as caught:
            change()
        assert caught.value.problem == "write_failed"
        assert "skrivskyddad eller full" in caught.value.sv
    assert path.read_bytes() == before


# --- loaders ---------------------------------------------------------------------------


def _scb_dataset(directory: Path) -> bytes:
    from data.store import write_dataset

    write_dataset(
        known_frame(),
        {"source": "scb", "tables": '["TAB1386"]', "fetched_at": "2026-01-01T00:00:00Z"},
        directory / DATASET_FILE,
    )
    return (directory / DATASET_FILE).read_bytes()


def test_demo_never_replaces_scb_data_unless_forced(tmp_path, capsys):
    before = _scb_dataset(tmp_path)
    assert loaders_main(["demo", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "holds data from scb; not replaced with synthetic data (use --force" in err
    assert (tmp_path / DATASET_FILE).read_bytes() == before
    assert loaders_main(["demo", "--data-dir", str(tmp_path), "--force"]) == 0
    assert read_provenance(tmp_path / DATASET_FILE)["source"] == "synthetic"


def test_demo_waits_for_no_fetch_it_fails_under_the_lock(tmp_path, capsys):
    from loaders.scb.rawstore import locked

    write_known_dataset(tmp_path)
    before = (tmp_path / DATASET_FILE).read_bytes()
    with locked(tmp_path):
        assert loaders_main(["demo", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "another fetch or reparse is running in" in err
    assert (tmp_path / DATASET_FILE).read_bytes() == before


def test_fetch_into_a_directory_it_cannot_create_is_one_english_line(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    code = loaders_main(
        ["fetch", "--data-dir", str(blocker / "data"), "--base-url", "http://127.0.0.1:9/"]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1
    assert err.startswith("error: cannot write in ")
    assert "Traceback" not in err


# --- downloads and Om data -------------------------------------------------------------


def test_csv_cells_that_excel_would_run_are_quoted_and_numbers_stay_numbers():
    import pandas as pd

    from exports.files import CSV_ENCODING, csv_bytes

    table = pd.DataFrame(
        {
            "Område": ["-SUM(A1:A9)", "=1+1", "+A1", "@x", "\tx", "\rx", "Norsjö"],
            "Förändring": [-1.5, 2.0, 0.0, 1.0, 1.0, 1.0, 1.0],
        }
    )
    lines = csv_bytes(table).decode(CSV_ENCODING).split("\r\n")
    assert lines[1] == "'-SUM(A1:A9);-1,5"
    assert lines[2] == "'=1+1;2,0"
    assert lines[3] == "'+A1;0,0"
    assert lines[4] == "'@x;1,0"
    assert lines[5] == "'\tx;1,0"
    assert lines[6].startswith("\"'\r") or lines[6].startswith("'")
    assert "Norsjö;1,0" in lines


def test_an_xlsx_cell_starting_with_equals_is_text_not_a_formula():
    import io

    import pandas as pd
    from openpyxl import load_workbook

    from exports.files import add_text_sheet, new_workbook, workbook_bytes, xlsx_bytes

    names = ["Norsjö", '=HYPERLINK("x")', "Malå", "=1+1"]
    data = xlsx_bytes({"Blad": pd.DataFrame({"Område": names, "HE": [1.0, 2.0, 3.0, 4.0]})})
    sheet = load_workbook(io.BytesIO(data))["Blad"]
    assert [sheet[f"A{row}"].value for row in range(2, 6)] == names
    assert [sheet[f"A{row}"].data_type for row in range(2, 6)] == ["s"] * 4
    workbook = new_workbook()
    add_text_sheet(workbook, "Om", [("Område", "Norsjö"), ("Namn", "=1+1")])
    text = load_workbook(io.BytesIO(workbook_bytes(workbook)))["Om"]
    assert (text["B2"].value, text["B2"].data_type) == ("=1+1", "s")


def _om_data(tmp_path: Path, monkeypatch, metadata: dict[str, str]):
    """Om data in AppTest on the known dataset with `metadata`; its facts table as a dict."""
    from streamlit.testing.v1 import AppTest

    from data.store import write_dataset

    write_dataset(known_frame(), metadata, tmp_path / DATASET_FILE)
    monkeypatch.setenv("HE_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/about.py").run()
    assert not at.exception
    facts = at.table[0].value
    return at, dict(zip(facts.index, facts.iloc[:, 0], strict=True))


def test_markdown_in_the_datasets_metadata_is_shown_as_text_on_om_data(tmp_path, monkeypatch):
    metadata = {
        "source": "synthetic",
        "tables": '["[klicka](https://e.se)"]',
        "generator_version": "**fet** [länk](https://e.se)",
        "seed": "<img src=x>",
    }
    at, facts = _om_data(tmp_path, monkeypatch, metadata)
    assert facts["Generatorversion"] == r"\*\*fet\*\* \[länk\]\(https\://e\.se\)"
    assert facts["Tabeller"].startswith("\\[klicka\\]\\(")
    assert facts["Frö (seed)"] == "\\<img src=x\\>"
    shown = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    assert "**fet**" not in shown
    assert "\\*\\*fet\\*\\*" in shown


def test_om_data_names_the_data_file_without_its_server_path(tmp_path, monkeypatch):
    metadata = {"source": "synthetic", "tables": '["TAB1386"]'}
    at, facts = _om_data(tmp_path, monkeypatch, metadata)
    assert facts["Datafil"] == r"he\.parquet"  # escaped for the table's Markdown
    shown = [str(value) for value in facts.values()]
    shown += [e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning)]
    assert not [text for text in shown if str(tmp_path) in text]


def test_ersattningssystem_of_a_kommun_without_rows_says_so_instead_of_failing(
    tmp_path, monkeypatch
):
    from streamlit.testing.v1 import AppTest

    write_known_dataset(tmp_path)  # five kommuner: Malå (2418) has no rows
    monkeypatch.setenv("HE_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=60)
    at.query_params.update({"region": "2418", "year": "2024"})
    at.run()
    at.switch_page("app_pages/benefits.py").run()
    assert not at.exception
    assert [e.value for e in at.error] == []
    assert any("Uppgifter saknas" in m.value for m in at.markdown)
