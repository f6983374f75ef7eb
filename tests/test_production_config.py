"""The production settings of `.streamlit/config.toml` (issue #17): no error details, XSRF
on, no uploads, no developer options in the toolbar — the values `make run` and the
README's deployment use."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_visitors_never_see_error_details_or_developer_options():
    client = _config()["client"]
    assert client["showErrorDetails"] == "none"
    assert client["toolbarMode"] in ("minimal", "viewer")
    assert _config()["global"]["developmentMode"] is False


def test_xsrf_is_on_and_uploads_are_minimal():
    server = _config()["server"]
    assert server["enableXsrfProtection"] is True
    assert server["enableCORS"] is True
    assert server["maxUploadSize"] == 1
    assert server["enableStaticServing"] is False
    assert server["headless"] is True


def test_streamlit_accepts_every_setting():
    """A misspelt option would be ignored silently: each must be one Streamlit knows."""
    from streamlit import config

    for section, values in _config().items():
        for key in values:
            assert f"{section}.{key}" in config._config_options_template, (section, key)


def test_no_page_uses_a_file_uploader():
    pages = [*ROOT.glob("app.py"), *(ROOT / "app_pages").rglob("*.py")]
    assert pages
    assert not [p for p in pages if "file_uploader" in p.read_text(encoding="utf-8")]
