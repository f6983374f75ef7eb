"""Streamlit glue for the export queue (:mod:`exports.queue`): one queue per server
process, one job per visitor, and the status a waiting visitor sees.

A page submits a job and then waits for it in its own script run, showing the place in
the queue (or the progress) and an "Avbryt" button. A click on that button (or any other
widget) stops the wait with a rerun; the rerun cancels the job if the button was
clicked, else waits on. So the result lands in the session even if the visitor went to
another page in the meantime, and AppTest sees a finished export after one run.

A visitor who leaves (closes the tab) no longer needs their export: when Streamlit ends
the session's connection it releases the session's resources, and the release of
:func:`_visit` cancels the visitor's job, so nobody waits behind work nobody collects.
(A visitor whose connection drops for a moment loses the export the same way and sees
"avbröts" when the page reconnects.)
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from app_pages.ui import state
from exports.queue import (
    CANCELLED,
    DEFAULT_WORKERS,
    FAILED,
    RUNNING,
    WORKERS_ENV,
    Busy,
    ExportQueue,
    Ticket,
    Work,
)

LOG = logging.getLogger(__name__)
STATUS_INTERVAL_S = 0.5
"""How often a waiting visitor's status is redrawn."""


@st.cache_resource(show_spinner=False)
def export_queue() -> ExportQueue:
    """The server process's queue; `$HE_EXPORT_WORKERS` exports run at once (default 1)."""
    try:
        workers = int(os.environ.get(WORKERS_ENV, DEFAULT_WORKERS))
    except ValueError:
        workers = DEFAULT_WORKERS
    return ExportQueue(workers)


def _owner() -> str:
    """This visitor's session, as the queue knows it."""
    if state.JOB_OWNER not in st.session_state:
        st.session_state[state.JOB_OWNER] = uuid.uuid4().hex
    return st.session_state[state.JOB_OWNER]


@dataclass(frozen=True)
class Visit:
    """A visitor's tie to the queue, held for as long as their session lasts."""

    queue: ExportQueue
    owner: str


def leave(visit: Visit) -> None:
    """The visitor's session ended: cancel their export (a waiting one leaves the queue,
    a running one stops at its next progress report)."""
    ticket = visit.queue.active(visit.owner)
    if ticket is not None:
        LOG.info("export %s cancelled: its visitor left", ticket.number)
        ticket.cancel()


@st.cache_resource(scope="session", on_release=leave, show_spinner=False)
def _visit(owner: str) -> Visit:
    """This session's :class:`Visit`; Streamlit releases it when the session ends."""
    return Visit(export_queue(), owner)


def busy() -> bool:
    """True while this visitor has an export waiting or running."""
    return export_queue().active(_owner()) is not None


def submit(key: str, wanted: Any, work: Work) -> str | None:
    """Queue `work` for this visitor under `key`; a Swedish sentence if it cannot be."""
    visit = _visit(_owner())
    try:
        ticket = visit.queue.submit(visit.owner, work)
    except Busy:
        return (
            "Du har redan en export som väntar eller pågår. Vänta tills den är klar, "
            "eller avbryt den först."
        )
    st.session_state[key] = (ticket, wanted)
    return None


def _cancel(key: str) -> None:
    job = st.session_state.get(key)
    if job is not None:
        job[0].cancel()


def follow(key: str, on_done: Callable[[Any, Any], None], what: str) -> None:
    """Show this visitor's job under `key` until it ends, then call `on_done(result,
    wanted)` (DONE), or show why it did not finish. `what` names the export in Swedish."""
    job = st.session_state.get(key)
    if job is None:
        return
    ticket, wanted = job
    if not ticket.finished:
        st.button(
            "Avbryt",
            key=f"{key}.cancel",
            on_click=_cancel,
            args=(key,),
            icon=":material/cancel:",
        )
        status = st.empty()
        while not ticket.finished:
            _show_status(status, ticket, what)
            ticket.wait(STATUS_INTERVAL_S)
        status.empty()
    del st.session_state[key]
    if ticket.state == CANCELLED:
        st.info(f"{what} avbröts.", icon=":material/cancel:")
    elif ticket.state == FAILED:
        message = getattr(ticket.error, "sv", None) or "Något gick fel när filen skulle skapas."
        st.error(message, icon=":material/error:")
    else:
        on_done(ticket.result, wanted)


def _show_status(status: Any, ticket: Ticket, what: str) -> None:
    if ticket.state == RUNNING:
        status.progress(min(ticket.progress, 1.0), text=ticket.text or f"{what} skapas …")
        return
    place = ticket.position()
    ahead = place - 1 + export_queue().running()
    status.info(
        f"{what} står i kö: plats {place}. "
        + (f"{ahead} export{'er' if ahead != 1 else ''} före din. " if ahead else "")
        + "Rapporter görs en i taget så att verktyget förblir snabbt för alla.",
        icon=":material/hourglass_top:",
    )
