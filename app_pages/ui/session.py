"""Streamlit glue for the shared selection: initialise it from the URL, bind widgets to
it, and write it back to the URL after every run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from app_pages.ui import areas, state
from app_pages.ui.data import AppData
from app_pages.ui.state import Selection
from data.contract import AGE_TOTAL, SEX_TOTAL


def default_selection(app: AppData) -> Selection:
    model = app.model
    return state.default_selection(app.regions, model.years, model.default_year())


def init_selection(app: AppData) -> None:
    """On a session's first run, take the selection from the URL (with notes for bad
    parameters); afterwards session_state is the truth and the URL follows it."""
    if st.session_state.get(state.INITIALISED):
        return
    params = {
        key: st.query_params.get_all(key)[: state.MAX_PARAM_VALUES]
        for key in state.SELECTION_KEYS
        if key in st.query_params
    }
    selection, notes = state.parse_selection(
        params, app.regions, app.model.years, default_selection(app), app.model.age_groups
    )
    for key in state.SELECTION_KEYS:
        st.session_state[key] = getattr(selection, key)
    st.session_state[state.URL_NOTES] = [*st.session_state.get(state.URL_NOTES, []), *notes]
    st.session_state[state.INITIALISED] = True


def current_selection() -> Selection:
    values = {key: st.session_state[key] for key in state.SELECTION_KEYS}
    values[state.COMPARE] = tuple(values[state.COMPARE])
    return Selection(**values)


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
    """The notes about the link, each once (a link may repeat a bad value many times)."""
    return list(dict.fromkeys(st.session_state.pop(state.URL_NOTES, [])))


def _copy_widget_value(key: str) -> None:
    value = st.session_state[state.widget_key(key)]
    st.session_state[key] = tuple(value) if isinstance(value, list) else value
    if key == state.AGE and value != AGE_TOTAL:
        st.session_state[state.SEX] = SEX_TOTAL


def _bound_single(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[Any],
    key: str,
    format_func: Callable[[Any], str],
    **kwargs: Any,
) -> Any:
    """A one-choice widget that edits `st.session_state[key]`, which outlives page switches.

    Widget state is dropped when a page without the widget runs; the shared value is not,
    so the widget is re-seeded from it on every run.
    """
    wkey = state.widget_key(key)
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    st.session_state[wkey] = st.session_state[key]
    return widget(
        label,
        options,
        key=wkey,
        format_func=format_func,
        on_change=_copy_widget_value,
        args=(key,),
        **kwargs,
    )


def bound_selectbox(
    label: str,
    options: Sequence[Any],
    key: str,
    format_func: Callable[[Any], str] = str,
    container: Any = st,
    **kwargs: Any,
) -> Any:
    """A selectbox bound to `st.session_state[key]` (see :func:`_bound_single`)."""
    return _bound_single(container.selectbox, label, options, key, format_func, **kwargs)


def bound_radio(
    label: str,
    options: Sequence[Any],
    key: str,
    format_func: Callable[[Any], str] = str,
    container: Any = st,
    **kwargs: Any,
) -> Any:
    """A horizontal radio bound to `st.session_state[key]` (see :func:`_bound_single`)."""
    return _bound_single(
        container.radio, label, options, key, format_func, horizontal=True, **kwargs
    )


MULTISELECT: dict[str, Any] = {"select_all": False, "filter_mode": "contains"}
"""How every multiselect searches. Streamlit's "Select all" / "Select N matches" option
is English and cannot be translated, and with it highlighted Enter added every match
(typing "Malå" added Malå *and* Malmö); without it Enter adds the first match. Typed
text is matched anywhere in a name ("Väsby" finds Upplands Väsby), never as a fuzzy
subsequence (where "Malå" also matched Malmö)."""


def bound_multiselect(
    label: str,
    options: Sequence[Any],
    key: str,
    shown: Sequence[Any],
    format_func: Callable[[Any], str] = str,
    container: Any = st,
    **kwargs: Any,
) -> list[Any]:
    """A multiselect that edits the tuple `st.session_state[key]`, showing `shown`.

    `shown` is what the widget holds now: the stored choice, or a default derived from
    other state while nothing is stored (the stored value stays empty until the user
    edits the widget, so the default can follow e.g. the area).
    """
    wkey = state.widget_key(key)
    st.session_state[wkey] = [value for value in shown if value in options]
    return container.multiselect(
        label,
        options,
        key=wkey,
        format_func=format_func,
        on_change=_copy_widget_value,
        args=(key,),
        **{**MULTISELECT, **kwargs},
    )


def _move_to_chosen(key: str) -> None:
    chosen = st.session_state.get(key)
    if chosen:
        set_region(chosen)


def region_picker(
    label: str,
    codes: Sequence[str],
    key: str,
    format_func: Callable[[str], str] = str,
    container: Any = st,
    **kwargs: Any,
) -> str | None:
    """A selectbox of some areas that moves the whole app to the one chosen.

    It shows the current area when that is one of `codes`, else its placeholder.
    """
    current = st.session_state.get(state.REGION)
    st.session_state[key] = current if current in codes else None
    return container.selectbox(
        label,
        codes,
        key=key,
        format_func=format_func,
        on_change=_move_to_chosen,
        args=(key,),
        **kwargs,
    )


def move_to_clicked(key: str, allowed: Sequence[str]) -> None:
    """Callback of a chart whose points are areas: move the app to the one clicked."""
    code = state.clicked_region(st.session_state.get(key), allowed)
    if code:
        set_region(code)
