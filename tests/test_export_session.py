"""A visitor who leaves: when Streamlit ends their session (what it does when the tab's
connection closes: it releases the session's resources), their export is cancelled, and
nobody else's."""

from __future__ import annotations

import threading

from streamlit.runtime import caching
from streamlit.testing.v1 import AppTest

from exports.queue import CANCELLED, RUNNING, WAITING

HOLD = threading.Event()
"""Keeps the other visitor's export running while the test looks."""
SESSION_ID = "test session id"
"""The session id AppTest runs its scripts under."""


def _visitor() -> None:
    """Another visitor's export runs; this visitor queues one and does not wait for it."""
    import streamlit as st

    from app_pages.ui import jobs
    from tests.test_export_session import HOLD

    if "other" not in st.session_state:
        st.session_state["other"] = jobs.export_queue().submit(
            "another visitor", lambda progress: HOLD.wait(30)
        )
        jobs.submit("mine", "wanted", lambda progress: "made")


def test_the_export_of_a_visitor_who_leaves_is_cancelled_and_others_run_on():
    HOLD.clear()
    at = AppTest.from_function(_visitor, default_timeout=30)
    try:
        at.run()
        assert not at.exception
        other = at.session_state["other"]
        mine, wanted = at.session_state["mine"]
        assert wanted == "wanted"
        assert other.state in (WAITING, RUNNING) and mine.state == WAITING

        caching.clear_session_resource_cache(SESSION_ID)  # Streamlit: the session ended

        assert mine.state == CANCELLED
        assert other.state in (WAITING, RUNNING)
    finally:
        HOLD.set()
    assert other.wait(30) and other.result is True
