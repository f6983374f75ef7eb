"""The dataset and the derived model, loaded once per process and shared by all sessions."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import threading
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import streamlit as st

from app_pages.ui.areas import session_areas
from data.areas import forbund_regions
from data.provenance import Provenance
from data.regions import LEVEL_FORBUND, Area, Regions
from data.store import dataset_path, read_dataset
from metrics.model import Model, build_model

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppData:
    """What every page needs: the model, the regions and the dataset's provenance."""

    model: Model
    provenance: Provenance
    path: Path
    stamp: str = ""
    """Names this dataset in cache keys: the file and its modification time."""

    @property
    def regions(self) -> Regions:
        return self.model.regions

    @property
    def is_synthetic(self) -> bool:
        return self.provenance.is_synthetic

    @property
    def tables(self) -> list[str]:
        return list(self.provenance.tables)

    @property
    def updated(self) -> date | None:
        """SCB's `updated` stamp of the table, if the data came from SCB."""
        return self.provenance.updated_date

    @property
    def preliminary_year(self) -> int:
        """SCB marks the latest year in the table as preliminary."""
        return self.model.years[-1]


@st.cache_resource(show_spinner="Läser in data …", max_entries=2)
def _load(path: str, modified_ns: int) -> AppData:
    """Read, validate and derive; keyed on the file's mtime so a new dataset is picked up."""
    LOG.info("loading dataset %s (mtime %s)", path, modified_ns)
    dataset = read_dataset(path)
    app = AppData(
        model=build_model(dataset.frame, forbund_regions()),
        provenance=dataset.origin,
        path=Path(path),
        stamp=f"{path}@{modified_ns}",
    )
    settle_heap()
    return app


def settle_heap() -> None:
    """After a build of long-lived tables: collect once, give the freed memory back to
    the system and freeze what is left, so that later collections skip it.

    Streamlit's full collection after every run is off (`runner.postScriptGC` in
    .streamlit/config.toml): over the ~140 000 objects the imports and the model leave
    it cost 34–45 ms of every rerun. Frozen, those objects are never scanned again;
    the young garbage of a run is still collected as usual. `malloc_trim` returns the
    pages that the temporary tables of a build leave free inside glibc's heap (measured:
    ~150 MiB after the model and the period tables)."""
    gc.collect()
    _malloc_trim()
    gc.freeze()


def _malloc_trim() -> None:
    name = ctypes.util.find_library("c")
    if name is None:
        return
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None)
    if trim is not None:  # glibc only
        trim(0)


TRIM_DELAY_S = 2.0
"""How long the server must have finished no run before freed memory is given back."""
_trim_lock = threading.Lock()
_trim_timer: threading.Timer | None = None


def trim_heap_when_idle() -> None:
    """Give the memory freed by runs back to the system once no run has finished for
    :data:`TRIM_DELAY_S` (the app calls this when a run has finished).

    Many sessions running at once leave their temporaries' memory free but held inside
    glibc's heap: measured (#18) with 50 visitors, 652 MiB of RSS of which `malloc_trim`
    gave back 174 MiB. One trim after a busy spell, in a timer thread, costs the runs
    nothing; every new run finishing postpones it."""
    global _trim_timer
    with _trim_lock:
        if _trim_timer is not None:
            _trim_timer.cancel()
        _trim_timer = threading.Timer(TRIM_DELAY_S, _malloc_trim)
        _trim_timer.name = "trim heap"
        _trim_timer.daemon = True
        _trim_timer.start()


PERIOD_TABLES_DELAY_S = 3.0
"""How long after a finished run the monthly and rolling tables are started: long enough
for the browser to draw the first page (measured: a build right after the run made the
next user's page 0.8 s slower on two cores), short enough that few users ask for months
before they are ready (and whoever does builds them at once, see :class:`Model`)."""


def build_period_tables_in_background(app: AppData) -> None:
    """Build the monthly and rolling tables of `app`'s dataset in the background (several
    seconds on the full dataset), once per dataset, so that a user who switches to
    months does not wait for them. The app calls this when a run has finished."""
    _period_tables_timer(app.stamp, app.model.base or app.model)


@st.cache_resource(show_spinner=False, max_entries=2)
def _period_tables_timer(stamp: str, _model: Model) -> threading.Timer:
    timer = threading.Timer(PERIOD_TABLES_DELAY_S, _build_period_tables, args=(_model,))
    timer.name = f"period tables {stamp}"
    timer.daemon = True
    timer.start()
    return timer


def _build_period_tables(model: Model) -> None:
    """Build the model's monthly and rolling tables (they are built once, on first use)
    and release the dataset frame they are made from."""
    try:
        model.tables("month")
        model.tables("rolling12")
        model.release_frame()
    except Exception:
        LOG.exception("building the monthly tables in the background failed")
        return
    settle_heap()


AreaKey = tuple[tuple[str, str, tuple[str, ...]], ...]


@st.cache_resource(show_spinner=False, max_entries=32)
def _with_areas(path: str, modified_ns: int, areas: AreaKey) -> AppData:
    """The dataset's AppData plus user-defined areas, pooled on top of the shared model
    (cheap: only the new areas are computed), once per set of areas."""
    base = _load(path, modified_ns)
    extra = [Area(code, name, LEVEL_FORBUND, members) for code, name, members in areas]
    return replace(base, model=base.model.with_areas(extra))


def app_data() -> AppData:
    """The current dataset's AppData (raises the store's errors if it cannot be read),
    with the areas this session knows: the shipped förbund, the saved user areas and
    any area a link brought."""
    path = dataset_path()
    try:
        modified_ns = path.stat().st_mtime_ns
    except FileNotFoundError:  # read_dataset explains a missing file
        modified_ns = 0
    areas = session_areas()
    if not areas:
        return _load(str(path), modified_ns)
    key = tuple((a.code, a.name, a.members) for a in areas)
    return _with_areas(str(path), modified_ns, key)
