"""File names built from what users chose (area names, chart titles) are safe everywhere.

Every download in the app and every file the command line names after an area goes
through :func:`exports.files.safe_filename`; this checks the function on any text, and
the pages' download buttons for where their names come from.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exports.batch import report_targets
from exports.files import MAX_FILENAME_STEM, safe_filename

ROOT = Path(__file__).resolve().parents[1]
SAFE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.[a-z0-9]+")
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10))}


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["csv", "xlsx", "pptx", "pdf", "png", ".svg"]))
def test_any_text_gives_a_short_plain_file_name(text, extension):
    name = safe_filename(text, extension)
    assert SAFE.fullmatch(name), name
    stem, suffix = name.rsplit(".", 1)
    assert suffix == extension.lstrip(".")
    assert len(stem) <= MAX_FILENAME_STEM + len("-fil")
    assert stem.upper() not in WINDOWS_DEVICES


@pytest.mark.parametrize(("text", "expected"), [("Nul", "Nul-fil.csv"), ("com1", "com1-fil.csv")])
def test_names_windows_keeps_for_devices_get_a_suffix(text, expected):
    assert safe_filename(text, "csv") == expected


def test_a_batch_names_each_areas_file_safely(tmp_path):
    names = {"x1": "../../Förbund: <Norr>/*", "x2": "NUL"}
    into_directory = report_targets(list(names), names, f"{tmp_path}/", "pptx", "2021-2025")
    by_pattern = report_targets(list(names), names, f"{tmp_path}/{{name}}.pdf", "pdf", "2025")
    assert [t.path.name for t in into_directory] == [
        "Offentlig-forsorjning-Forbund-Norr-2021-2025.pptx",
        "Offentlig-forsorjning-NUL-2021-2025.pptx",
    ]
    assert [t.path.name for t in by_pattern] == ["Forbund-Norr.pdf", "NUL-fil.pdf"]
    assert all(t.path.parent == tmp_path for t in (*into_directory, *by_pattern))


SAFE_SOURCES = ("safe_filename(", "report_filename(", ".filename(")


def _file_name_arguments(tree: ast.AST) -> list[ast.expr]:
    return [
        keyword.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "file_name"
    ]


def _name_entries(tree: ast.AST) -> list[ast.expr]:
    """The values stored under "name" in dict literals (what `made["name"]` reads)."""
    return [
        value
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        for key, value in zip(node.keys, node.values, strict=True)
        if isinstance(key, ast.Constant) and key.value == "name"
    ]


def test_every_download_button_names_its_file_through_safe_filename():
    checked = 0
    for path in sorted((ROOT / "app_pages").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for argument in _file_name_arguments(tree):
            text = ast.get_source_segment(source, argument) or ""
            if isinstance(argument, ast.Subscript) and text.endswith('["name"]'):
                stored = [ast.get_source_segment(source, v) or "" for v in _name_entries(tree)]
                assert stored and all(s.startswith(SAFE_SOURCES) for s in stored), (path, stored)
            else:
                assert any(s in text for s in SAFE_SOURCES), (path.name, text)
            checked += 1
    # Målgrupper's own CSV/Excel buttons went (its charts download through
    # ui/chart.show_chart like every page's), so four places name files now
    assert checked >= 4
