"""SCB's data without a terminal (loaders/refresh.py): first start, stamp checks, the
refresh job and its leader lock, against the fake PxWeb server over real HTTP."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from data.freshness import read_status
from data.provenance import Provenance
from data.store import DATASET_FILE, read_dataset, read_provenance
from loaders.refresh import (
    CURRENT,
    FAILED,
    FALLBACK,
    FALLBACK_RETRY,
    FETCHED,
    PRESENT,
    RefreshJob,
    first_start,
    is_newer,
    refresh,
)
from loaders.settings import DEFAULT_REFRESH_EVERY, Settings, settings
from tests.fakepxweb import KON_TABLE_ID, FakePxWeb, Fault, kon_table

DOWN = "http://127.0.0.1:9/api/v2"  # nothing listens on the discard port
MONTHS = 4


def publish(fake: FakePxWeb, months: int, updated: str) -> None:
    """SCB publishes: the table gets `months` months and a new `updated` stamp."""
    table = replace(kon_table(kommuner=3, months=months), updated=updated)
    with fake._lock:
        fake.tables[KON_TABLE_ID] = table
        fake.tables_v1[table.v1_path] = table
        fake._cache.clear()


@pytest.fixture
def fake():
    server = FakePxWeb([kon_table(kommuner=3, months=MONTHS)]).start()
    yield server
    server.stop()


@pytest.fixture
def up(fake) -> Settings:
    return Settings(scb_api=fake.v2_url, refresh_every=60)


def metadata_requests(fake: FakePxWeb) -> int:
    return sum(1 for r in fake.requests if r.kind == "metadata")


# -- settings ---------------------------------------------------------------------------


def test_settings_are_read_from_exactly_these_variables():
    assert settings({}) == Settings(refresh_every=DEFAULT_REFRESH_EVERY, offline=False)
    assert settings({}).scb_api.startswith("https://")
    read = settings({"HE_SCB_API": "http://x/api/v2", "HE_REFRESH_EVERY": "0", "HE_OFFLINE": "1"})
    assert (read.scb_api, read.refresh_every, read.offline) == ("http://x/api/v2", 0.0, True)
    assert not read.refresh_on
    assert settings({"HE_REFRESH_EVERY": "90"}).refresh_on
    assert not settings({"HE_OFFLINE": "0"}).offline


@pytest.mark.parametrize("text", ["soon", "-5", "nan"])
def test_a_malformed_interval_falls_back_to_the_default(text):
    assert settings({"HE_REFRESH_EVERY": text}).refresh_every == DEFAULT_REFRESH_EVERY


# -- is_newer -----------------------------------------------------------------------------


def test_is_newer_compares_scb_stamps_with_the_dataset():
    local = Provenance.from_metadata(
        {"source": "scb", "tables": '["TAB1386"]', "updated": "2026-02-20T07:00:00Z"}
    )
    assert not is_newer({"TAB1386": "2026-02-20T07:00:00Z"}, local)
    assert not is_newer({"TAB1386": "2026-01-20T07:00:00Z"}, local)
    assert is_newer({"TAB1386": "2026-03-20T07:00:00Z"}, local)
    assert is_newer({"TAB1386": ""}, local)  # no stamp: fetch rather than miss a month
    synthetic = Provenance.from_metadata({"source": "synthetic", "tables": "[]"})
    assert is_newer({"TAB1386": "2020-01-01"}, synthetic)


# -- first start --------------------------------------------------------------------------


def test_first_start_with_scb_up_fetches_scb_data_with_progress(fake, up, tmp_path):
    steps = []
    outcome = first_start(tmp_path, up, listener=lambda *step: steps.append(step))
    assert outcome.kind == FETCHED
    dataset = read_dataset(tmp_path / DATASET_FILE)
    assert dataset.origin.source == "scb"
    assert dataset.origin.updated == datetime(2026, 2, 20, 7, tzinfo=UTC)
    assert dataset.origin.last_month.isoformat() == "2014-04-01"
    assert steps[0][:3] == (KON_TABLE_ID, 0, 1) and steps[-1][1:3] == (1, 1)
    status = read_status(tmp_path)
    assert status.ok and status.checked_at is not None
    assert status.next_check_at - status.checked_at == timedelta(seconds=60)
    again = first_start(tmp_path, up)
    assert again.kind == PRESENT


def test_first_start_with_scb_down_builds_synthetic_data_saying_why(tmp_path):
    outcome = first_start(tmp_path, Settings(scb_api=DOWN))
    assert outcome.kind == FALLBACK
    assert outcome.reason == "SCB kunde inte nås (connection failed)"
    origin = read_dataset(tmp_path / DATASET_FILE).origin
    assert origin.is_synthetic
    assert origin.fallback_reason == "SCB kunde inte nås (connection failed)"
    status = read_status(tmp_path)
    assert not status.ok and status.error == outcome.reason
    # a fallback is retried soon, not after the six hours of a normal check
    assert status.next_check_at - status.checked_at == timedelta(seconds=FALLBACK_RETRY)


def test_first_start_offline_never_asks_scb(fake, tmp_path):
    outcome = first_start(tmp_path, Settings(scb_api=fake.v2_url, offline=True))
    assert outcome.kind == FALLBACK
    assert fake.requests == []
    origin = read_dataset(tmp_path / DATASET_FILE).origin
    assert origin.is_synthetic and origin.fallback_reason == ""


# -- refresh ------------------------------------------------------------------------------


def test_an_unchanged_stamp_makes_no_data_request(fake, up, tmp_path):
    first_start(tmp_path, up)
    before = (tmp_path / DATASET_FILE).read_bytes()
    fake.reset()
    outcome = refresh(tmp_path, up)
    assert outcome.kind == CURRENT
    assert fake.data_requests(status=None) == []
    assert [r.kind for r in fake.requests] == ["metadata"]
    assert (tmp_path / DATASET_FILE).read_bytes() == before


def test_a_newer_stamp_fetches_the_new_month(fake, up, tmp_path):
    first_start(tmp_path, up)
    publish(fake, MONTHS + 1, "2026-03-20T07:00:00Z")
    outcome = refresh(tmp_path, up)
    assert outcome.kind == FETCHED
    origin = read_dataset(tmp_path / DATASET_FILE).origin
    assert origin.last_month.isoformat() == "2014-05-01"
    assert origin.updated == datetime(2026, 3, 20, 7, tzinfo=UTC)


@pytest.mark.parametrize(
    "fault",
    [
        ("metadata", Fault("status", status=503)),
        ("data", Fault("status", status=400, body=b'{"title": "bad"}')),
        ("data", Fault("invalid_json")),
    ],
)
def test_a_failed_refresh_keeps_the_data_byte_for_byte(fake, up, tmp_path, fault):
    first_start(tmp_path, up)
    before = (tmp_path / DATASET_FILE).read_bytes()
    publish(fake, MONTHS + 1, "2026-03-20T07:00:00Z")
    kind, what = fault
    fake.add_faults(kind, *[what] * 12)
    outcome = refresh(tmp_path, up)
    assert outcome.kind == FAILED
    assert outcome.reason.startswith(("SCB kunde inte nås (HTTP", "Hämtningen från SCB"))
    assert (tmp_path / DATASET_FILE).read_bytes() == before


def test_a_synthetic_dataset_is_replaced_as_soon_as_scb_answers(fake, up, tmp_path):
    first_start(tmp_path, Settings(scb_api=DOWN))
    assert refresh(tmp_path, up).kind == FETCHED
    assert read_provenance(tmp_path / DATASET_FILE)["source"] == "scb"


# -- the job ------------------------------------------------------------------------------


def test_one_job_per_directory_checks_and_another_takes_over(fake, tmp_path):
    """Two processes (here: two jobs with their own lock handles, as flock sees two
    processes) on one directory: one leads and checks; when it stops, the other leads."""
    fast = Settings(scb_api=fake.v2_url, refresh_every=0.3)
    first_start(tmp_path, fast)
    fake.reset()
    a = RefreshJob(tmp_path, fast, follower_poll=0.05).start()
    b = RefreshJob(tmp_path, fast, follower_poll=0.05).start()
    try:
        wait_until(lambda: a.checks + b.checks >= 3)
        assert sorted([a.leader, b.leader]) == [False, True]
        leader, follower = (a, b) if a.leader else (b, a)
        assert follower.checks == 0
        assert fake.data_requests(status=None) == []  # the stamp did not change
        leader.stop()
        wait_until(lambda: follower.leader and follower.checks >= 1)
    finally:
        a.stop()
        b.stop()


def test_the_job_fetches_a_published_month_once(fake, tmp_path):
    fast = Settings(scb_api=fake.v2_url, refresh_every=0.3)
    first_start(tmp_path, fast)
    fake.reset()
    job = RefreshJob(tmp_path, fast).start()
    try:
        publish(fake, MONTHS + 1, "2026-03-20T07:00:00Z")
        wait_until(
            lambda: (
                read_provenance(tmp_path / DATASET_FILE).get("updated") == "2026-03-20T07:00:00Z"
            )
        )
        checks = job.checks
        wait_until(lambda: job.checks >= checks + 2)
    finally:
        job.stop()
    assert len({r.path for r in fake.data_requests()}) >= 1
    fetches = sum(1 for r in fake.requests if r.kind == "config")
    assert fetches == 1
    status = json.loads((tmp_path / "refresh.json").read_text())
    assert status["ok"] is True


def test_the_job_is_off_with_zero_or_offline(tmp_path):
    for off in (Settings(refresh_every=0), Settings(offline=True)):
        job = RefreshJob(tmp_path, off).start()
        assert not job._thread.is_alive()


def wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)
