"""The server's per-run CPU log (app_pages/ui/timing.py), read by the load benchmark."""

from __future__ import annotations

from pathlib import Path

import pytest

from app_pages.ui import timing


def test_a_finished_run_appends_its_page_and_cpu_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "runs.txt"
    monkeypatch.setenv(timing.RUN_TIMES_ENV, str(log))
    timing.begin()
    sum(i * i for i in range(200_000))
    timing.end("Om data")
    stamp, page, cpu_ms, wall_ms = log.read_text(encoding="utf-8").split()
    assert page == "Om_data"
    assert float(stamp) > 0
    assert 0 < float(cpu_ms) <= float(wall_ms) * 1.05


def test_without_begin_or_without_the_variable_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "runs.txt"
    monkeypatch.setenv(timing.RUN_TIMES_ENV, str(log))
    timing.end("Översikt")
    assert not log.exists()
    monkeypatch.delenv(timing.RUN_TIMES_ENV)
    timing.begin()
    timing.end("Översikt")
    assert not log.exists()
