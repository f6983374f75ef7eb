"""The bounded export pool: served in order, one at a time, cancellable, one per visitor."""

from __future__ import annotations

import threading

import pytest

from exports.queue import CANCELLED, DONE, FAILED, RUNNING, Busy, ExportQueue

TIMEOUT = 30


def _blocked(started: list[str], name: str, release: threading.Event):
    def work(progress):
        started.append(name)
        progress(0.5, "halvvägs")
        assert release.wait(TIMEOUT)
        progress(1.0, "klar")
        return name

    return work


def _wait_until(condition) -> None:
    done = threading.Event()
    for _ in range(TIMEOUT * 100):
        if condition():
            return
        done.wait(0.01)
    raise AssertionError("condition not reached")


def test_jobs_run_one_at_a_time_in_the_order_they_came():
    queue = ExportQueue(workers=1)
    release = threading.Event()
    started: list[str] = []
    first = queue.submit("a", _blocked(started, "a", release))
    _wait_until(lambda: first.state == RUNNING)
    second = queue.submit("b", _blocked(started, "b", release))
    third = queue.submit("c", _blocked(started, "c", release))
    assert (first.position(), second.position(), third.position()) == (0, 1, 2)
    assert queue.running() == 1
    assert started == ["a"]
    release.set()
    assert third.wait(TIMEOUT)
    assert started == ["a", "b", "c"]
    assert [t.result for t in (first, second, third)] == ["a", "b", "c"]
    assert all(t.state == DONE for t in (first, second, third))


def test_a_waiting_job_can_be_cancelled_and_the_next_moves_up():
    queue = ExportQueue(workers=1)
    release = threading.Event()
    started: list[str] = []
    first = queue.submit("a", _blocked(started, "a", release))
    _wait_until(lambda: first.state == RUNNING)
    second = queue.submit("b", _blocked(started, "b", release))
    third = queue.submit("c", _blocked(started, "c", release))
    second.cancel()
    assert second.state == CANCELLED
    assert third.position() == 1
    release.set()
    assert third.wait(TIMEOUT)
    assert started == ["a", "c"]
    assert second.result is None


def test_a_running_job_stops_at_its_next_progress_report():
    queue = ExportQueue(workers=1)
    release = threading.Event()
    started: list[str] = []
    first = queue.submit("a", _blocked(started, "a", release))
    _wait_until(lambda: first.text == "halvvägs")
    first.cancel()
    release.set()
    assert first.wait(TIMEOUT)
    assert first.state == CANCELLED
    assert first.result is None


def test_a_visitor_cannot_start_a_second_while_one_waits_or_runs():
    queue = ExportQueue(workers=1)
    release = threading.Event()
    first = queue.submit("a", _blocked([], "a", release))
    with pytest.raises(Busy):
        queue.submit("a", _blocked([], "again", release))
    release.set()
    assert first.wait(TIMEOUT)
    again = queue.submit("a", lambda progress: "again")
    assert again.wait(TIMEOUT)
    assert again.result == "again"


def test_a_failing_job_is_reported_and_the_worker_serves_on():
    queue = ExportQueue(workers=1)

    def broken(progress):
        raise RuntimeError("kaleido died")

    failed = queue.submit("a", broken)
    assert failed.wait(TIMEOUT)
    assert failed.state == FAILED
    assert str(failed.error) == "kaleido died"
    ok = queue.submit("b", lambda progress: 42)
    assert ok.wait(TIMEOUT)
    assert ok.result == 42


def test_two_workers_run_two_jobs_at_once():
    queue = ExportQueue(workers=2)
    release = threading.Event()
    started: list[str] = []
    first = queue.submit("a", _blocked(started, "a", release))
    second = queue.submit("b", _blocked(started, "b", release))
    _wait_until(lambda: first.state == RUNNING and second.state == RUNNING)
    assert queue.running() == 2
    release.set()
    assert first.wait(TIMEOUT) and second.wait(TIMEOUT)
