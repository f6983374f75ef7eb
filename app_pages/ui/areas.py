"""Streamlit glue for user-defined areas: the saved file, areas a link brings, the URL.

An area a user defines is saved in `$HE_DATA_DIR/areas_user.json` (see
:mod:`data.areas`) and is then known to every session. An area that arrives in a link
(`?area=2482.2417~Mitt förbund`) is known to that session only, until someone saves it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlencode

import streamlit as st

from app_pages.ui import state
from data.areas import (
    LINK_SUFFIX_NAME,
    AreaDefinition,
    AreaError,
    add_user_area,
    forbund_regions,
    link_text,
    load_user_definitions,
    remove_user_area,
    resolve_link,
    user_areas_path,
    with_definitions,
)
from data.regions import Area, Regions
from metrics.comparables import kommun_populations
from metrics.model import Model
from metrics.narrative import members_sentence

LOG = logging.getLogger(__name__)


def user_file() -> Path:
    return user_areas_path()


Saved = tuple[tuple[AreaDefinition, ...], str | None]


def saved_definitions() -> Saved:
    """The saved areas, and a Swedish sentence if the file cannot be used (then none).

    Read again only when the file changes (another session may have saved an area).
    """
    path = user_file()
    try:
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        version = (0, 0)
    return _read_saved(str(path), version)


@lru_cache(maxsize=8)
def _read_saved(path: str, version: tuple[int, int]) -> Saved:
    """`version` (modification time, size) only keys the cache."""
    try:
        return tuple(load_user_definitions(Path(path), forbund_regions())), None
    except AreaError as err:
        LOG.warning("user areas ignored: %s", err)
        return (), err.sv


def link_definitions() -> list[AreaDefinition]:
    """Areas that links brought into this session and nobody has saved (yet)."""
    saved = {d.id for d in saved_definitions()[0]}
    return [d for d in st.session_state.get(state.LINK_AREAS, []) if d.id not in saved]


def session_areas() -> tuple[Area, ...]:
    """The areas this session knows beyond the shipped ones: saved, then from links."""
    return tuple(d.to_area() for d in (*saved_definitions()[0], *link_definitions()))


def init_link_area() -> None:
    """On a session's first run, make the area of the link's `area` parameter known and
    select it (by pointing `region` at it). A bad parameter becomes a note."""
    if st.session_state.get(state.INITIALISED) or state.AREA not in st.query_params:
        return
    text = st.query_params.get(state.AREA, "")
    regions = with_definitions(forbund_regions(), saved_definitions()[0])
    try:
        definition = resolve_link(text, regions)
    except AreaError as err:
        note = f"Länkens område kunde inte visas: {err.sv}"
        st.session_state[state.URL_NOTES] = [state.escape_markdown(note)]
        return
    if definition.id not in regions:
        st.session_state[state.LINK_AREAS] = [definition]
    if definition.name.endswith(LINK_SUFFIX_NAME) and not text.endswith(LINK_SUFFIX_NAME):
        note = (
            "Ett annat område här har redan länkens namn, så länkens område visas som "
            f"”{definition.name}”."
        )
        st.session_state[state.URL_NOTES] = [state.escape_markdown(note)]
    st.query_params[state.REGION] = definition.id


def area_params(region_code: str) -> dict[str, str]:
    """`{"area": …}` when the selected area is a user's, so its link works anywhere."""
    for definition in (*saved_definitions()[0], *link_definitions()):
        if definition.id == region_code:
            return {state.AREA: link_text(definition)}
    return {}


def shareable_link(page_path: str, current_page_path: str, params: Mapping[str, str]) -> str:
    """The full address of `page_path` with `params`, built from the address the browser
    shows for this page (`current_page_path`); relative when that address is unknown."""
    url = st.context.url or ""
    base = url.removesuffix(f"/{current_page_path}").rstrip("/")
    query = urlencode(params, safe="~.", quote_via=quote)
    return f"{base}/{page_path}?{query}" if base else f"{page_path}?{query}"


def save_area(definition: AreaDefinition) -> None:
    """Save a new area (or one a link brought); AreaError if it cannot be saved.

    It is checked against the shipped and saved areas and this session's other link
    areas, so a saved area never hides one the user is looking at.
    """
    others = [d for d in link_definitions() if d.id != definition.id]
    add_user_area(definition, with_definitions(forbund_regions(), others), user_file())
    forget_link_area(definition.id)


def delete_area(area_id: str) -> None:
    remove_user_area(area_id, forbund_regions(), user_file())


def forget_link_area(area_id: str) -> None:
    links = st.session_state.get(state.LINK_AREAS, [])
    st.session_state[state.LINK_AREAS] = [d for d in links if d.id != area_id]


def user_definitions_in(regions: Regions) -> tuple[list[AreaDefinition], list[AreaDefinition]]:
    """The saved and the link areas that `regions` knows."""
    saved = [d for d in saved_definitions()[0] if d.id in regions]
    links = [d for d in link_definitions() if d.id in regions]
    return saved, links


def flash(message: str, ok: bool = True) -> None:
    """A message shown once, on the next run (e.g. after saving and rerunning); `ok`
    False for a failure."""
    st.session_state[state.AREA_FLASH] = (message, ok)


def pop_flash() -> tuple[str, bool] | None:
    return st.session_state.pop(state.AREA_FLASH, None)


def members_text(regions: Regions, model: Model, codes: list[str], year: int) -> str:
    """The kommuner chosen for a new area and their population 20–64 in `year`."""
    populations = kommun_populations(model, year)
    return members_sentence(
        {
            regions.name(code): float(populations[code]) if code in populations.index else None
            for code in codes
        },
        year,
    )
