"""Streamlit glue for areas made of kommuner: the visitor's own, the operator's shared
ones, areas a link brings, the URL, and operator mode.

Safe on a public address: no visitor can change what another one sees.

- A visitor's area lives in its link (`?area=2482.2417~Mitt förbund`) and, when the
  visitor saves it, in this session only (:data:`state.VISITOR_AREAS`) — never in a file.
  At most :data:`MAX_VISITOR_AREAS` per session.
- Areas shared with every visitor are the operator's: `$HE_DATA_DIR/areas_user.json` (see
  :mod:`data.areas`), written on Områden only in operator mode, which the secret
  `HE_ADMIN_PASSWORD` (or `admin_password` in Streamlit's secrets) unlocks per session.
"""

from __future__ import annotations

import hmac
import logging
import math
import os
import time
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlencode

import streamlit as st

from app_pages.ui import state
from data.areas import (
    LINK_SUFFIX_NAME,
    MAX_SHARED_AREAS,
    AreaDefinition,
    AreaError,
    add_user_area,
    check_count,
    check_definition,
    forbund_regions,
    link_text,
    load_valid_definitions,
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

MAX_VISITOR_AREAS = 20
"""Most areas one visitor can save in a session (each is pooled into the session's model)."""
ADMIN_PASSWORD_ENV = "HE_ADMIN_PASSWORD"
ADMIN_SECRET = "admin_password"
"""The key in Streamlit's secrets (`.streamlit/secrets.toml`) that may hold the secret."""
MAX_WRONG_PASSWORDS = 5
"""Wrong operator passwords a session may give before it must wait."""
PASSWORD_WAIT = 60.0
"""Seconds a session waits after its fifth wrong password; each further wrong one
doubles the wait, up to :data:`MAX_PASSWORD_WAIT`: guessing the secret stays slow."""
MAX_PASSWORD_WAIT = 3600.0


def user_file() -> Path:
    return user_areas_path()


Saved = tuple[tuple[AreaDefinition, ...], tuple[str, ...]]


def saved_definitions() -> Saved:
    """The operator's shared areas that are valid, and a Swedish sentence for each part of
    the file that is not (then left out; the rest is served).

    Read again only when the file changes (another process may have saved an area).
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
    loaded = load_valid_definitions(Path(path), forbund_regions(), MAX_SHARED_AREAS)
    for problem in loaded.problems:
        LOG.warning("shared areas: %s", problem)
    return loaded.definitions, loaded.problems


def visitor_definitions() -> list[AreaDefinition]:
    """The areas this visitor saved in this session (none of them shared)."""
    shared = {d.id for d in saved_definitions()[0]}
    return [d for d in st.session_state.get(state.VISITOR_AREAS, []) if d.id not in shared]


def link_definitions() -> list[AreaDefinition]:
    """Areas that links brought into this session and nobody has saved (yet)."""
    saved = {d.id for d in (*saved_definitions()[0], *visitor_definitions())}
    return [d for d in st.session_state.get(state.LINK_AREAS, []) if d.id not in saved]


def own_definitions() -> list[AreaDefinition]:
    """This session's areas beyond the shipped and shared ones: saved here, then links."""
    return [*visitor_definitions(), *link_definitions()]


def session_areas() -> tuple[Area, ...]:
    """The areas this session knows beyond the shipped ones: shared, own, from links."""
    return tuple(d.to_area() for d in (*saved_definitions()[0], *own_definitions()))


def init_link_area() -> None:
    """On a session's first run, make the area of the link's `area` parameter known and
    select it (by pointing `region` at it). A bad parameter becomes a note."""
    if st.session_state.get(state.INITIALISED) or state.AREA not in st.query_params:
        return
    text = st.query_params.get(state.AREA, "")
    regions = with_definitions(forbund_regions(), saved_definitions()[0])
    try:
        definition = resolve_link(text[: state.MAX_PARAM_LENGTH * 10], regions)
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
    for definition in (*saved_definitions()[0], *own_definitions()):
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


def _regions_besides(area_id: str) -> Regions:
    """Every area this session knows except the one with `area_id`."""
    others = [d for d in own_definitions() if d.id != area_id]
    return with_definitions(with_definitions(forbund_regions(), saved_definitions()[0]), others)


def save_area(definition: AreaDefinition) -> AreaDefinition:
    """Save a new area (or one a link brought) for this visitor, in this session only.

    AreaError if it clashes with an area this session knows or the visitor already has
    :data:`MAX_VISITOR_AREAS`.
    """
    saved = st.session_state.get(state.VISITOR_AREAS, [])
    check_count(len(saved), MAX_VISITOR_AREAS)
    check_definition(definition, _regions_besides(definition.id))
    st.session_state[state.VISITOR_AREAS] = [*saved, definition]
    forget_link_area(definition.id)
    return definition


def delete_area(area_id: str) -> AreaDefinition:
    """Remove one of this visitor's areas (saved or from a link) and return it."""
    removed = next((d for d in own_definitions() if d.id == area_id), None)
    if removed is None:
        raise AreaError(
            "not_found",
            f"no area {area_id!r} in this session",
            "Området finns inte bland dina områden (längre).",
        )
    saved = st.session_state.get(state.VISITOR_AREAS, [])
    st.session_state[state.VISITOR_AREAS] = [d for d in saved if d.id != area_id]
    forget_link_area(area_id)
    return removed


def share_area(definition: AreaDefinition) -> AreaDefinition:
    """Operator mode: save an area in the shared file, for every visitor; return it as
    saved (its id may carry a number, see :func:`data.areas.fresh_id`)."""
    require_operator()
    others = [d for d in own_definitions() if d.id != definition.id]
    shared = add_user_area(definition, with_definitions(forbund_regions(), others), user_file())
    saved = st.session_state.get(state.VISITOR_AREAS, [])
    st.session_state[state.VISITOR_AREAS] = [d for d in saved if d.id != definition.id]
    forget_link_area(definition.id)
    return shared


def unshare_area(area_id: str) -> AreaDefinition:
    """Operator mode: delete a shared area (for every visitor) and return it."""
    require_operator()
    return remove_user_area(area_id, forbund_regions(), user_file())


def forget_link_area(area_id: str) -> None:
    links = st.session_state.get(state.LINK_AREAS, [])
    st.session_state[state.LINK_AREAS] = [d for d in links if d.id != area_id]


def user_definitions_in(
    regions: Regions,
) -> tuple[list[AreaDefinition], list[AreaDefinition], list[AreaDefinition]]:
    """The shared, the visitor's own and the link areas that `regions` knows."""
    shared = [d for d in saved_definitions()[0] if d.id in regions]
    own = [d for d in visitor_definitions() if d.id in regions]
    links = [d for d in link_definitions() if d.id in regions]
    return shared, own, links


# --- operator mode -------------------------------------------------------------------


def operator_secret() -> str:
    """The operator's secret: `$HE_ADMIN_PASSWORD`, else `admin_password` in Streamlit's
    secrets; "" when neither is set (then operator mode cannot be unlocked)."""
    secret = os.environ.get(ADMIN_PASSWORD_ENV, "")
    if secret:
        return secret
    try:
        return str(st.secrets.get(ADMIN_SECRET, "") or "")
    except Exception:  # no secrets file, or one Streamlit cannot parse: no secret
        return ""


def password_wait(failures: int, last_failure: float, now: float) -> float:
    """Seconds before a session with `failures` wrong passwords (the last at
    `last_failure`) may try again: none for the first :data:`MAX_WRONG_PASSWORDS`."""
    if failures < MAX_WRONG_PASSWORDS:
        return 0.0
    wait = min(PASSWORD_WAIT * 2 ** (failures - MAX_WRONG_PASSWORDS), MAX_PASSWORD_WAIT)
    return max(0.0, last_failure + wait - now)


def wait_text(seconds: float) -> str:
    """'1 minut', '4 minuter': a wait in whole minutes, rounded up."""
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minut" if minutes == 1 else f"{minutes} minuter"


def unlock_operator(password: str) -> str:
    """Turn on operator mode for this session if `password` is the secret; otherwise
    the Swedish reason. After too many wrong passwords the session must wait, and
    during the wait no password (not even the right one) is compared."""
    failures, last = st.session_state.get(state.OPERATOR_FAILURES, (0, 0.0))
    now = time.monotonic()
    wait = password_wait(failures, last, now)
    if wait > 0:
        return f"För många felaktiga lösenord. Vänta {wait_text(wait)} innan du försöker igen."
    secret = operator_secret()
    if secret and hmac.compare_digest(password.encode(), secret.encode()):
        st.session_state[state.OPERATOR] = True
        st.session_state.pop(state.OPERATOR_FAILURES, None)
        return ""
    failures += 1
    st.session_state[state.OPERATOR_FAILURES] = (failures, now)
    LOG.warning("operator mode: wrong password (%d in this session)", failures)
    wait = password_wait(failures, now, now)
    if wait > 0:
        return (
            "Fel lösenord. För många felaktiga försök – vänta "
            f"{wait_text(wait)} innan du försöker igen."
        )
    return "Fel lösenord – förvaltarläget är inte upplåst."


def is_operator() -> bool:
    return bool(st.session_state.get(state.OPERATOR)) and bool(operator_secret())


def lock_operator() -> None:
    st.session_state.pop(state.OPERATOR, None)


def require_operator() -> None:
    if not is_operator():
        raise AreaError(
            "not_operator",
            "shared areas can only be changed in operator mode",
            "Delade områden kan bara ändras i förvaltarläget.",
        )


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
