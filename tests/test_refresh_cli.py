"""`python -m loaders fetch --if-newer` and `python -m loaders ensure` as processes,
against the fake PxWeb server: the settings come from the environment."""

from __future__ import annotations

import os
import subprocess

import pytest

from data.store import DATASET_FILE, read_provenance
from tests.fakepxweb import FakePxWeb, kon_table
from tests.scb_support import FAST, ROOT, subprocess_command
from tests.test_refresh import DOWN, MONTHS, publish


@pytest.fixture
def fake():
    server = FakePxWeb([kon_table(kommuner=3, months=MONTHS)]).start()
    yield server
    server.stop()


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "HE_OFFLINE"}
    return subprocess.run(
        subprocess_command(*args),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**environ, **env},
    )


def if_newer(fake: FakePxWeb, data_dir) -> subprocess.CompletedProcess:
    """The cron line: the API from HE_SCB_API, not from an option."""
    return run(
        "fetch", "--if-newer", "--data-dir", str(data_dir), "--age-table", "none", *FAST,
        HE_SCB_API=fake.v2_url,
    )  # fmt: skip


def test_if_newer_fetches_only_when_scb_has_newer_data(fake, tmp_path):
    first = if_newer(fake, tmp_path)  # no dataset yet: fetch
    assert first.returncode == 0, first.stderr
    fetched = (tmp_path / DATASET_FILE).read_bytes()
    fake.reset()

    same = if_newer(fake, tmp_path)
    assert (same.returncode, same.stderr) == (0, "")
    assert same.stdout == (
        f"the data in {tmp_path / DATASET_FILE} are current "
        "(SCB updated TAB1386 2026-02-20T07:00:00Z); nothing fetched\n"
    )
    assert fake.data_requests(status=None) == []
    assert (tmp_path / DATASET_FILE).read_bytes() == fetched

    publish(fake, MONTHS + 1, "2026-03-20T07:00:00Z")
    newer = if_newer(fake, tmp_path)
    assert newer.returncode == 0, newer.stderr
    assert fake.data_requests()
    assert read_provenance(tmp_path / DATASET_FILE)["updated"] == "2026-03-20T07:00:00Z"


def test_if_newer_with_scb_down_fails_and_keeps_the_data(fake, tmp_path):
    assert if_newer(fake, tmp_path).returncode == 0
    before = (tmp_path / DATASET_FILE).read_bytes()
    done = run("fetch", "--if-newer", "--data-dir", str(tmp_path), *FAST, HE_SCB_API=DOWN)
    assert done.returncode == 1
    assert "connection failed" in done.stderr
    assert "the existing dataset was not changed" in done.stderr
    assert (tmp_path / DATASET_FILE).read_bytes() == before


def test_offline_fetch_refuses_without_an_explicit_server(tmp_path):
    done = run("fetch", "--data-dir", str(tmp_path), *FAST, HE_OFFLINE="1")
    assert done.returncode == 1
    assert done.stderr == ("error: HE_OFFLINE is set: SCB is not contacted (name --base-url to)\n")
    assert not (tmp_path / DATASET_FILE).exists()


def test_ensure_tries_scb_first_then_falls_back_within_seconds(fake, tmp_path):
    up = run("ensure", "--data-dir", str(tmp_path / "up"), HE_SCB_API=fake.v2_url)
    assert up.returncode == 0, up.stderr
    assert read_provenance(tmp_path / "up" / DATASET_FILE)["source"] == "scb"
    down = run("ensure", "--data-dir", str(tmp_path / "down"), HE_SCB_API=DOWN)
    assert down.returncode == 0, down.stderr
    assert "SCB could not be reached: building the embedded synthetic dataset" in down.stdout
    provenance = read_provenance(tmp_path / "down" / DATASET_FILE)
    assert provenance["source"] == "synthetic"
    assert provenance["fallback_reason"] == "SCB kunde inte nås (connection failed)"
    again = run("ensure", "--data-dir", str(tmp_path / "down"), HE_SCB_API=fake.v2_url)
    assert again.returncode == 0
    assert read_provenance(tmp_path / "down" / DATASET_FILE)["source"] == "synthetic"
