"""Pieces every page shares: the data banner and footer, the selectors, the error boundary."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from app_pages.ui import freshness, session, state
from app_pages.ui.data import AppData, app_data
from data.areas import shipped_membership
from data.contract import AGE_TOTAL, SEXES, ContractError
from data.freshness import read_status
from data.regions import LEVEL_FORBUND, LEVEL_KOMMUN, LEVEL_LAN, LEVEL_RIKET, Area, Regions
from data.store import DatasetMissingError
from metrics.labels import FREQUENCY_LABELS, MEASURE_LABELS, REPORT_ORDER, SEX_LABELS, age_label
from metrics.periods import FREQUENCIES
from metrics.sources import format_moment
from metrics.swedish import (
    MONTH_NAMES,
    format_date,
    format_month,
    format_number,
    swedish_sort_key,
)
from metrics.views import county_code_of

LOG = logging.getLogger(__name__)

SYNTHETIC_BANNER = (
    "**Exempeldata – inte SCB:s siffror.** Siffrorna i appen är påhittade (syntetiska) "
    "och visar bara hur verktyget fungerar. De får inte användas som underlag för beslut."
)
ERROR_MESSAGE = (
    "Något gick fel när sidan skulle visas. Prova att välja ett annat område eller år, "
    "eller ladda om sidan. Om felet finns kvar: kontakta den som driftar verktyget."
)


def load_app_data_or_stop() -> AppData:
    """The app's data, or a Swedish explanation and a stopped script if there is none."""
    try:
        return app_data()
    except (DatasetMissingError, ContractError) as err:
        LOG.error("dataset unavailable: %s", err)
        st.error(f"**Data saknas.** {err.sv}")
        st.stop()
        raise


@contextmanager
def error_boundary() -> Iterator[None]:
    """Turn any unexpected error in a page into a short Swedish message (logged in full)."""
    try:
        yield
    except Exception:
        LOG.exception("page failed")
        st.error(ERROR_MESSAGE)


def _by_name(areas: list[Area]) -> list[Area]:
    return sorted(areas, key=lambda a: swedish_sort_key(a.name))


def area_options(regions: Regions) -> list[str]:
    """Area codes in selector order, group by group: kommuner A–Ö, län A–Ö, the shipped
    samordningsförbund A–Ö, the users' own areas A–Ö, then riket."""
    kommuner = _by_name(regions.of_level(LEVEL_KOMMUN))
    counties = _by_name(regions.of_level(LEVEL_LAN))
    others = [a for a in regions.all() if a.level not in (LEVEL_KOMMUN, LEVEL_LAN, LEVEL_RIKET)]
    shipped = [a for a in others if shipped_membership(a.code) is not None]
    own = [a for a in others if shipped_membership(a.code) is None]
    groups = (kommuner, counties, _by_name(shipped), _by_name(own))
    return [a.code for group in groups for a in group] + [regions.riket.code]


def area_label(regions: Regions, code: str) -> str:
    """How an area is listed: a kommun with its county, a samordningsförbund with the word
    and its county (so typing "förbund" or a county's name finds it), others by name."""
    area = regions[code]
    if area.level == LEVEL_RIKET:
        return "Riket (hela Sverige)"
    if area.level == LEVEL_KOMMUN:
        county = regions.county_of(code)
        return f"{area.name} ({county.name})" if county else area.name
    if area.level == LEVEL_FORBUND and shipped_membership(code) is not None:
        return f"{area.name} ({forbund_place(regions, code)})"
    return area.name


def forbund_place(regions: Regions, code: str) -> str:
    """'förbund i Västerbottens län', or 'förbund i flera län'."""
    county = county_code_of(regions, code)
    return f"förbund i {regions.name(county)}" if county else "förbund i flera län"


PRELIMINARY = "preliminärt"
PRELIMINARY_SHORT = "prel."
"""The year box is narrow (a quarter of a tablet's page cut "2025 (prelimin…"): there the
preliminary year is marked "prel.", and the box's help says what that means."""


def year_label(app: AppData, year: int, *, short: bool = False) -> str:
    """'2025 (jan–jun, preliminärt)'; with `short`, '2025 (jan–jun, prel.)'."""
    notes = []
    latest = app.model.latest_month
    if year not in app.model.complete_years:
        if year == latest.year:
            notes.append(f"jan–{MONTH_NAMES[latest.month - 1][:3]}")
        else:
            notes.append("ofullständigt år")
    if year == app.preliminary_year:
        notes.append(PRELIMINARY_SHORT if short else PRELIMINARY)
    return f"{year} ({', '.join(notes)})" if notes else str(year)


def area_and_year_selectors(app: AppData) -> None:
    """Area and year, shared by every page, at the top of the page: on a phone the
    sidebar is folded away, and a board member should not have to find it to change
    kommun. Side by side on a wide screen, one above the other on a narrow one."""
    regions = app.regions
    area_column, year_column = st.columns([2, 1])
    session.bound_selectbox(
        "Område",
        area_options(regions),
        key=state.REGION,
        format_func=lambda code: area_label(regions, code),
        help="Skriv för att söka bland kommuner, län och samordningsförbund "
        "(t.ex. ”förbund” eller ett läns namn).",
        container=area_column,
    )
    session.bound_selectbox(
        "År",
        sorted(app.model.years, reverse=True),
        key=state.YEAR,
        format_func=lambda year: year_label(app, year, short=True),
        help=f"{PRELIMINARY_SHORT} = preliminära uppgifter: SCB kan ändra det senaste året. "
        "Ett år med månader inom parentes (jan–jun) är inte komplett i data; där visas "
        "medelvärdet av de månader som finns.",
        container=year_column,
    )


def synthetic_banner(app: AppData) -> None:
    if app.is_synthetic:
        st.warning(SYNTHETIC_BANNER, icon=":material/science:")
        freshness.fallback_notice(app)


def url_notes() -> None:
    for note in session.pop_url_notes():
        st.info(note, icon=":material/link_off:")


def source_text(app: AppData) -> str:
    """Where the numbers come from and how fresh they are, in a few sentences."""
    return " ".join(freshness.freshness_lines(app))


def provenance_facts(app: AppData) -> dict[str, str]:
    """The dataset's provenance as Swedish label → value, for the Om data page (a table
    that renders Markdown: every value read from the file's metadata is escaped)."""
    provenance = app.provenance
    model = app.model
    status = read_status()
    facts = {
        "Källa": "Exempeldata (syntetiska) – inte SCB:s siffror"
        if app.is_synthetic
        else "SCB, Statistikdatabasen (PxWeb-API)",
        "Tabeller": ", ".join(app.tables),
        "Period": f"{format_month(model.first_month.date())} – "
        f"{format_month(model.latest_month.date())}",
        "Senaste månad": format_month(model.latest_month.date()),
        "Preliminära uppgifter": str(app.preliminary_year),
        "Antal rader": format_number(model.rows),
    }
    if app.updated:
        facts["SCB uppdaterade tabellen"] = format_date(app.updated)
    if provenance.fetched_at:
        facts["Hämtad"] = format_moment(provenance.fetched_at)
    if provenance.base_url:
        facts["API"] = f"{provenance.api} {provenance.base_url}".strip()
    if app.is_synthetic:
        facts["Generatorversion"] = provenance.generator_version or "okänd"
        facts["Frö (seed)"] = provenance.seed or "okänt"
    if provenance.fallback_reason:
        facts["Varför exempeldata"] = provenance.fallback_reason
    if status.checked_at:
        facts["Senaste kontroll hos SCB"] = format_moment(status.checked_at) + (
            "" if status.ok else f" – misslyckades: {status.error or ''}"
        )
    facts["Nästa kontroll"] = (
        format_moment(status.next_check_at) if status.next_check_at else "ingen (avstängd)"
    )
    facts["Datafil"] = app.path.name  # never a server path (a visitor need not know it)
    return {label: state.escape_markdown(value) for label, value in facts.items()}


def footer(app: AppData) -> None:
    st.divider()
    warning = freshness.stale(app)
    if warning:
        st.warning(warning, icon=":material/history:")
    st.caption(source_text(app))


MEASURE_BOX = 240
"""The width (px) of a select box of ersättningssystem: "Sjuk- och aktivitetsersättning"
whole (170 px of text, and the box's padding and arrow)."""
NARROW_BOX = 170
"""The width (px) of a select box of short values: an age group, a target group."""


def controls_row() -> Any:
    """A row of a page's controls, each as wide as its content (a select box as wide as
    its values need), that wraps onto a new line where the page is narrow: columns of a
    fixed share cut a select box's value on a tablet ("Summa helårsekvivale")."""
    return st.container(horizontal=True, gap="medium")


AGE_HELP = (
    "Uppdelning på kön finns bara för 20–64 år. Finns bara 20–64 år i data går "
    "åldersgruppen inte att byta."
)
FREQUENCY_HELP = (
    "Årsmedelvärden, enskilda månader, eller vid varje månad medelvärdet av de senaste "
    "tolv månaderna (jämnar ut säsongsvariationer)."
)


def age_selector(app: AppData, container: Any = st) -> None:
    """The shared age group (20–64 år, or a band of SCB's age table when the data has it)."""
    groups = app.model.age_groups
    session.bound_selectbox(
        "Åldersgrupp",
        groups,
        key=state.AGE,
        format_func=age_label,
        container=container,
        disabled=len(groups) == 1,
        help=AGE_HELP,
        width=NARROW_BOX,
    )


def measure_and_sex_selectors(container: Any, age: str, measure_label: str = "Mått") -> None:
    """The shared measure and kön (kön only for 20–64 år, the ages the kön table has), in
    `container` (a :func:`controls_row`)."""
    session.bound_selectbox(
        measure_label,
        REPORT_ORDER,
        key=state.MEASURE,
        format_func=MEASURE_LABELS.get,
        container=container,
        width=MEASURE_BOX,
    )
    session.bound_radio(
        "Kön",
        SEXES,
        key=state.SEX,
        format_func=SEX_LABELS.get,
        container=container,
        disabled=age != AGE_TOTAL,
        help="Uppdelning på kön finns bara för 20–64 år.",
    )


def frequency_selector(container: Any = st) -> None:
    """The shared kind of period: years, months or rolling 12 months."""
    session.bound_radio(
        "Period",
        FREQUENCIES,
        key=state.FREQ,
        format_func=FREQUENCY_LABELS.get,
        container=container,
        help=FREQUENCY_HELP,
    )
