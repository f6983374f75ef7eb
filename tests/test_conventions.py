"""Conventions of the codebase, enforced: layers, network access, HTML, page folder."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIBRARY_PACKAGES = ("data", "loaders", "metrics", "charts", "exports")
NETWORK_IMPORT = re.compile(
    r"^\s*(import (requests|socket|http\.client)|from (requests|socket|http\.client)\b"
    r"|from urllib\.request|import urllib\.request)",
    re.MULTILINE,
)
STREAMLIT_IMPORT = re.compile(r"^\s*(import streamlit|from streamlit)", re.MULTILINE)


def python_files(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


def test_streamlit_is_imported_only_by_the_app_and_its_pages():
    offenders = [
        str(p.relative_to(ROOT))
        for p in python_files(*LIBRARY_PACKAGES)
        if STREAMLIT_IMPORT.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_only_loaders_talk_to_the_network():
    checked = [*python_files("data", "metrics", "charts", "exports", "app_pages"), ROOT / "app.py"]
    offenders = [
        str(p.relative_to(ROOT))
        for p in checked
        if NETWORK_IMPORT.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_raw_html_is_rendered():
    offenders = [
        str(p.relative_to(ROOT))
        for p in [*python_files("app_pages"), ROOT / "app.py"]
        if "unsafe_allow_html" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_there_is_no_folder_named_pages_beside_app_py():
    """A pages/ folder switches Streamlit into its legacy multipage mode on a server's
    first request, which breaks shared deep links (see app.py)."""
    assert not (ROOT / "pages").exists()


LAYERS: dict[str, int] = {
    "data": 0,
    "loaders": 1,
    "metrics": 1,
    "charts": 2,
    "exports": 3,
    "app_pages": 4,
}
"""The layers, lowest first: a module imports only from layers below its own (or its own
package). `loaders` and `metrics` stand side by side above `data`: neither imports the
other."""
LAYER_EXCEPTIONS: frozenset[str] = frozenset({"charts/__main__.py"})
"""`python -m charts` is the documented alias of `python -m exports` (README)."""


def imported_packages(path: Path) -> set[str]:
    """The top-level packages a file imports (absolute imports only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names


def test_layers_import_only_downwards():
    offenders = []
    for package, rank in LAYERS.items():
        for path in python_files(package):
            name = str(path.relative_to(ROOT))
            if name in LAYER_EXCEPTIONS:
                continue
            for imported in imported_packages(path) & LAYERS.keys() - {package}:
                if LAYERS[imported] >= rank:
                    offenders.append(f"{name} imports {imported}")
    assert offenders == []


def test_the_layer_check_catches_an_upward_import(tmp_path):
    upward = tmp_path / "upward.py"
    upward.write_text("from app_pages.ui import views\nimport exports.kinds\n", encoding="utf-8")
    assert imported_packages(upward) == {"app_pages", "exports"}


def page_shortcuts(path: Path) -> list[str]:
    """What a page reaches past its glue for: a chart builder imported from `charts/`
    (a name ending in `_chart`) or a method of the model called (`model.trend(…)`,
    `app.model.share(…)`). Pages draw through `app_pages/ui/views.py` (cached) instead."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("charts."):
            found += [f"imports {a.name}" for a in node.names if a.name.endswith("_chart")]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            named = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if named == "model":
                found.append(f"calls model.{node.func.attr}()")
    return found


def test_pages_draw_through_their_glue_not_builders_or_the_model():
    pages = sorted((ROOT / "app_pages").glob("*.py"))
    offenders = [f"{p.name} {found}" for p in pages for found in page_shortcuts(p)]
    assert offenders == []


def test_the_page_check_catches_a_builder_and_a_model_call(tmp_path):
    page = tmp_path / "page.py"
    page.write_text(
        "from charts.trend import HEIGHT, trend_chart\n"
        "rows = app.model.trend('2417')\n"
        "years = model.years\n",
        encoding="utf-8",
    )
    assert page_shortcuts(page) == ["imports trend_chart", "calls model.trend()"]


def test_page_scripts_hold_no_bare_strings_that_streamlit_would_show():
    """Streamlit's "magic" writes every bare expression of a page script on the page: a
    string after the module docstring (an attribute docstring, say) would reach visitors."""
    shown = []
    for path in [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]:
        body = ast.parse(path.read_text(encoding="utf-8")).body
        shown += [
            f"{path.name}:{node.lineno}"
            for node in body[1:]
            if isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ]
    assert shown == []
