"""A page that fails on a real server shows the app's Swedish message: no stack trace, no
file path, nothing of Streamlit's own error box (`client.showErrorDetails = "none"`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from app_pages.ui.widgets import ERROR_MESSAGE
from tests.e2e.conftest import ROOT, Server, start_server, stop_server, wait_for_app
from tests.known_dataset import write_known_dataset

pytestmark = pytest.mark.e2e

# Loaded by Python at start-up (sitecustomize on PYTHONPATH): breaks one view of the app
# in the server process, as an unforeseen bug would.
BREAK_A_VIEW = """
from app_pages.ui import views


def _broken(*args, **kwargs):
    raise RuntimeError("a bug nobody foresaw in /secret/path/views.py")


views.profile_view = _broken
"""


@pytest.fixture(scope="module")
def broken_server(tmp_path_factory, artifacts) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("e2e-broken")
    write_known_dataset(data_dir)
    hooks = tmp_path_factory.mktemp("hooks")
    (hooks / "sitecustomize.py").write_text(BREAK_A_VIEW, encoding="utf-8")
    server = start_server(
        data_dir, artifacts / "server-broken.log", env={"PYTHONPATH": f"{hooks}:{ROOT}"}
    )
    yield server
    stop_server(server)


def test_a_failing_page_shows_the_swedish_message_and_no_trace(broken_server, page, artifacts):
    page.goto(f"{broken_server.url}/?region=2417&year=2024")
    expect(page.get_by_text(ERROR_MESSAGE)).to_be_visible(timeout=60_000)
    wait_for_app(page)
    body = page.locator("body").inner_text()
    for leak in ("Traceback", "RuntimeError", "a bug nobody foresaw", "/secret/path", ".py"):
        assert leak not in body, leak
    assert page.locator('[data-testid="stException"]').count() == 0
    # the rest of the frame still works: the sidebar and the footer
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Område")
    expect(page.get_by_text("Källa: exempeldata").first).to_be_visible()
    page.screenshot(path=artifacts / "error-page.png", full_page=True)
