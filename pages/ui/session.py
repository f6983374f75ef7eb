"""Streamlit glue for the shared selection: initialise it from the URL, bind widgets to
it, and write it back to the URL after every run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from pages.ui import areas, state
from pages.ui.data import AppData
from pages.ui.state import Selection


def default_selection(app: AppData) -> Selection:
    model = app.model
    return state.default_selection(app.regions, model.years, model.default_year())


def init_selection(app: AppData) -> None:
    """On a session's first run, take the selection from the URL (with notes for bad
    parameters); afterwards session_state is the truth and the URL follows it."""
    if st.session_state.get(state.INITIALISED):
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    selection, notes = state.parse_selection(
        params, app.regions, app.model.years, default_selection(app)
    )
    for key in state.SELECTION_KEYS:
        st.session_state[key] = getattr(selection, key)
    st.session_state[state.URL_NOTES] = [*st.session_state.get(state.URL_NOTES, []), *notes]
    st.session_state[state.INITIALISED] = True


def current_selection() -> Selection:
    return Selection(**{key: st.session_state[key] for key in state.SELECTION_KEYS})


def set_region(code: str) -> None:
    """Move the whole app to another area (e.g. a kommun clicked in a chart)."""
    st.session_state[state.REGION] = code


def write_url(app: AppData) -> None:
    """Mirror the selection in the URL, so the address bar is always a shareable link."""
    params = state.selection_params(current_selection(), default_selection(app))
    params.update(areas.area_params(current_selection().region))
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)


def pop_url_notes() -> list[str]:
    return st.session_state.pop(state.URL_NOTES, [])


def _copy_widget_value(key: str) -> None:
    st.session_state[key] = st.session_state[state.widget_key(key)]


def bound_selectbox(
    label: str,
    options: Sequence[Any],
    key: str,
    format_func: Callable[[Any], str] = str,
    container: Any = st,
    **kwargs: Any,
) -> Any:
    """A selectbox that edits `st.session_state[key]`, which outlives page switches.

    Widget state is dropped when a page without the widget runs; the shared value is not,
    so the widget is re-seeded from it on every run.
    """
    wkey = state.widget_key(key)
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    st.session_state[wkey] = st.session_state[key]
    return container.selectbox(
        label,
        options,
        key=wkey,
        format_func=format_func,
        on_change=_copy_widget_value,
        args=(key,),
        **kwargs,
    )
