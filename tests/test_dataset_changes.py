"""The dataset changes under a running app: replaced, deleted, put back.

`python -m loaders fetch` replaces `he.parquet` by an atomic rename while the server
runs. The next rerun must show the new numbers (the cache is keyed on the file's
modification time), a deleted file must give the Swedish "Data saknas" message and no
trace, and the app must recover when a file is back. Numbers: `tests/known_dataset.py`
(Norsjö 2024: 12,5 %); the replacement doubles every HE (25,0 %).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from app_pages.ui import data
from app_pages.ui.data import _build_period_tables
from data.regions import load_regions
from data.store import write_dataset
from metrics.model import build_model
from tests.known_dataset import known_frame, write_known_dataset

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"
PROVENANCE = {"source": "synthetic", "tables": '["TAB1386"]', "generator_version": "test"}


def norsjo_share(at: AppTest) -> str:
    return at.metric[0].value.replace(NBSP, " ")


def doubled_he() -> object:
    frame = known_frame()
    he = frame["measure"] != "population"
    frame.loc[he, "value"] = frame.loc[he, "value"] * 2
    return frame


def test_a_replaced_dataset_is_shown_on_the_next_rerun_and_a_deleted_one_explained(
    tmp_path, monkeypatch
):
    path = write_known_dataset(tmp_path)
    monkeypatch.setenv("HE_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert norsjo_share(at) == "12,5 %"
    before = path.stat().st_mtime_ns

    write_dataset(doubled_he(), PROVENANCE, path)  # temporary file, then rename
    os.utime(path, ns=(before + 10**9, before + 10**9))  # a clock too coarse cannot hide it
    at.run()
    assert not at.exception
    assert norsjo_share(at) == "25,0 %"

    # deleted: the next run builds a dataset like a first start (offline in tests: the
    # synthetic one, labelled); "Data saknas" is left for a directory that cannot hold
    # one (test_app_shell)
    path.unlink()
    at.run()
    assert not at.exception
    assert not at.error
    assert path.exists()
    assert at.warning[0].value.startswith("**Exempeldata – inte SCB:s siffror.**")

    write_known_dataset(tmp_path)
    at.run()
    assert not at.exception
    assert norsjo_share(at) == "12,5 %"


def test_a_dataset_deleted_between_looking_and_reading_is_explained_too(tmp_path, monkeypatch):
    """The file can vanish after the app saw it and before it is read."""
    write_known_dataset(tmp_path)
    monkeypatch.setenv("HE_DATA_DIR", str(tmp_path))
    real_stat = Path.stat
    looks = []

    def vanishing_stat(self, *args, **kwargs):
        if self.name == "he.parquet":
            looks.append(self)
            if len(looks) == 2:  # seen once (exists), gone when its time is asked
                self.unlink()
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", vanishing_stat)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.error[0].value.startswith("**Data saknas.**")


def test_the_monthly_tables_are_built_in_the_background_and_a_failure_only_logged(caplog):
    model = build_model(known_frame(), load_regions())
    _build_period_tables(model)
    assert {"monthly_tables", "rolling_tables"} <= set(vars(model))
    assert len(model.tables("month").periods) == 30

    class Broken:
        def tables(self, frequency: str) -> None:
            raise ValueError(f"no {frequency} tables")

    _build_period_tables(Broken())
    assert "building the monthly tables in the background failed" in caplog.text


def test_a_finished_run_starts_the_monthly_tables_in_the_background(tmp_path, monkeypatch):
    write_known_dataset(tmp_path)
    monkeypatch.setenv("HE_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    app = data.app_data()  # the run's AppData: the cache is shared within the process
    deadline = time.monotonic() + 60
    while "rolling_tables" not in vars(app.model) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert {"monthly_tables", "rolling_tables"} <= set(vars(app.model))


def test_freed_memory_is_given_back_once_after_a_busy_spell(monkeypatch):
    trimmed = threading.Event()
    calls: list[int] = []

    def trim() -> None:
        calls.append(1)
        trimmed.set()

    monkeypatch.setattr(data, "_malloc_trim", trim)
    monkeypatch.setattr(data, "TRIM_DELAY_S", 0.2)
    for _ in range(3):  # three runs finishing one after another
        data.trim_heap_when_idle()
    assert trimmed.wait(timeout=10)
    data._trim_timer.join(timeout=10)
    assert calls == [1]
