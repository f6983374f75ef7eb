"""Conventions of the codebase, enforced: layers, network access, HTML, page folder."""

from __future__ import annotations

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
