"""SCB's numbers without a terminal, in the app: the first start with progress in the
page, the background refresh job, the notice when new numbers arrive, and the lines
that say how fresh the data are (footer, Om data).

The work itself is in loaders/refresh.py; this module only draws it and starts the job
once per server process (`st.cache_resource`), whatever the number of sessions.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime

import streamlit as st

from app_pages.ui.data import AppData
from app_pages.ui.state import escape_markdown
from data.freshness import RefreshStatus, read_status
from data.provenance import Provenance
from data.store import data_dir, dataset_path
from loaders.refresh import FALLBACK, FETCHED, RefreshJob, first_start
from loaders.settings import settings
from metrics.sources import (
    fallback_sentence,
    freshness_sentence,
    period_text,
    source_sentence,
    stale_warning,
)
from metrics.swedish import format_month

LOG = logging.getLogger(__name__)
SEEN_DATASET = "_seen_dataset"

_PHASES = {
    "scb": "Hämtar SCB:s siffror för första gången …",
    "synthetic": "SCB kunde inte nås – bygger exempeldata …",
    "offline": "Bygger exempeldata (SCB kontaktas inte: HE_OFFLINE=1) …",
}


def ensure_dataset() -> None:
    """On the first start (no dataset yet) get one, showing progress in the page: SCB's
    tables request by request, or the synthetic dataset and why SCB's are not shown."""
    if dataset_path().exists():
        return
    directory = data_dir()
    with st.status("Hämtar data …", expanded=True) as status:
        bar = st.progress(0.0, text="Kontaktar SCB …")

        def on_phase(phase: str) -> None:
            status.update(label=_PHASES[phase], expanded=True)

        def on_progress(table: str, done: int, planned: int, cells: int, total: int) -> None:
            share = done / planned if planned else 0.0
            bar.progress(
                min(1.0, share),
                text=f"Tabell {table}: {done} av {planned} förfrågningar, "
                f"{cells:,} av {total:,} celler".replace(",", "\u00a0"),
            )

        try:
            outcome = first_start(directory, settings(), listener=on_progress, on_phase=on_phase)
        except OSError as err:  # the page then explains that there are no data
            LOG.error("first start: cannot build a dataset in %s: %s", directory, err)
            status.update(label="Data kunde inte sparas.", state="error")
            return
        LOG.info("first start: %s", outcome.message)
        if outcome.kind == FETCHED:
            status.update(label="SCB:s siffror är hämtade.", state="complete", expanded=False)
        elif outcome.kind == FALLBACK:
            status.update(label="Exempeldata är byggda.", state="complete", expanded=False)
        else:
            status.update(label="Data finns.", state="complete", expanded=False)


@st.cache_resource(show_spinner=False)
def _job(directory: str) -> RefreshJob:
    return RefreshJob(data_dir(directory), settings()).start()


def start_refresh_job() -> RefreshJob:
    """The process's refresh job for the current data directory (started once)."""
    return _job(str(data_dir()))


def _identity(app: AppData) -> str:
    provenance = app.provenance
    return f"{provenance.source}|{provenance.fetch_id}|{provenance.last_month}"


def for_markdown(provenance: Provenance) -> Provenance:
    """`provenance` with the texts read from the file's metadata (tables, generator, seed,
    fallback reason) escaped, for sentences that Streamlit renders as Markdown: a dataset
    file could otherwise put links or styling on every page."""
    return replace(
        provenance,
        tables=tuple(escape_markdown(table) for table in provenance.tables),
        generator_version=escape_markdown(provenance.generator_version),
        seed=escape_markdown(provenance.seed),
        fallback_reason=escape_markdown(provenance.fallback_reason),
    )


def announce_new_data(app: AppData) -> None:
    """Tell a session once that the data changed under it (SCB published a month)."""
    identity = _identity(app)
    seen = st.session_state.get(SEEN_DATASET)
    st.session_state[SEEN_DATASET] = identity
    if seen is None or seen == identity or app.is_synthetic:
        return
    last = app.provenance.last_month
    until = f" – nu till och med {format_month(last)}" if last else ""
    st.success(f"Nya siffror från SCB{until}.", icon=":material/update:")


def fallback_notice(app: AppData) -> None:
    """Why the synthetic data are shown, and when SCB is tried again (every page)."""
    sentence = fallback_sentence(for_markdown(app.provenance), read_status())
    if sentence:
        st.info(sentence, icon=":material/cloud_off:")


def freshness_lines(app: AppData, status: RefreshStatus | None = None) -> list[str]:
    """The footer's sentences: source, period, fetched, checks; the stale warning apart."""
    status = read_status() if status is None else status
    provenance = for_markdown(app.provenance)
    model = app.model
    lines = [
        source_sentence(provenance),
        f"Period: {period_text(model.first_month.date(), model.latest_month.date())}.",
    ]
    if not app.is_synthetic:
        lines.append(
            f"Uppgifterna för {app.preliminary_year} är preliminära. Inte officiell statistik."
        )
    freshness = freshness_sentence(provenance, status)
    if freshness:
        lines.append(freshness)
    return lines


def stale(app: AppData, status: RefreshStatus | None = None) -> str:
    status = read_status() if status is None else status
    return stale_warning(app.provenance, status, datetime.now(UTC))
