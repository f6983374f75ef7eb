"""The loader as a real process: exit codes, stderr, progress on a terminal, and SIGKILL
at every stage of a fetch — the dataset is always either the old file, byte for byte,
or the complete new one, and the next run cleans up whatever the killed one left.
"""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys

import pytest

from data.store import DATASET_FILE, read_dataset
from loaders.scb.rawstore import describe_fetch
from tests.fakepxweb import FakePxWeb, Fault, kon_table
from tests.scb_support import (
    FAST,
    ROOT,
    leftovers,
    old_dataset,
    raw_fetches,
    subprocess_command,
)


@pytest.fixture
def fake():
    server = FakePxWeb([kon_table(kommuner=3, months=4)], max_cells=200).start()
    yield server
    server.stop()


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def fetch_command(fake: FakePxWeb, data_dir, *extra: str) -> list[str]:
    return [
        "fetch",
        "--base-url",
        fake.v2_url,
        "--data-dir",
        str(data_dir),
        "--age-table",
        "none",
        *FAST,
        *extra,
    ]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        subprocess_command(*args), cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def dataset_bytes(data_dir) -> bytes:
    return (data_dir / DATASET_FILE).read_bytes()


def test_fetch_info_and_reparse_as_processes(fake, data_dir):
    old_dataset(data_dir)
    done = run(*[a for a in fetch_command(fake, data_dir) if a != "--quiet"])
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # not a terminal: no progress line
    assert done.stdout.startswith(f"wrote {data_dir / DATASET_FILE}: 672 rows from TAB1386")
    info = run("info", "--data-dir", str(data_dir))
    assert info.returncode == 0
    assert "source      scb" in info.stdout
    assert "the record matches he.parquet" in info.stdout
    fetched = dataset_bytes(data_dir)
    fake.stop()
    again = run("reparse", "--data-dir", str(data_dir), "--quiet")
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    assert dataset_bytes(data_dir) == fetched


def test_a_failing_fetch_exits_1_with_one_line(fake, data_dir):
    old = old_dataset(data_dir)
    fake.add_faults("data", *[Fault("status", 500)] * 3)
    done = run(*fetch_command(fake, data_dir, "--workers", "1"))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("error: TAB1386: request 1/")
    assert "failed: HTTP 500 Internal Server Error after 3 attempts" in done.stderr
    assert dataset_bytes(data_dir) == old
    assert leftovers(data_dir) == [] and raw_fetches(data_dir) == []


def test_progress_shows_on_a_terminal_only(fake, data_dir):
    leader, follower = pty.openpty()
    args = [a for a in fetch_command(fake, data_dir) if a != "--quiet"]
    process = subprocess.Popen(
        subprocess_command(*args), cwd=ROOT, stdout=subprocess.PIPE, stderr=follower
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=120) == 0
    os.close(leader)
    text = output.decode()
    # Riket + 3 kommuner: 4·3·2·9·4 = 864 cells, at most 200 per request: 5 requests.
    assert "TAB1386: 0/5 requests, 0/864 cells" in text
    assert "TAB1386: 5/5 requests, 864/864 cells" in text
    quiet = subprocess.Popen(
        subprocess_command(*fetch_command(fake, data_dir)), cwd=ROOT, stderr=subprocess.PIPE
    )
    assert quiet.communicate(timeout=120)[1] == b""


def test_sigkill_during_the_fetch_keeps_the_old_dataset(fake, data_dir):
    first = run(*fetch_command(fake, data_dir))
    assert first.returncode == 0, first.stderr
    old, old_fetch = dataset_bytes(data_dir), raw_fetches(data_dir)
    fake.add_faults("data", Fault("ok"), Fault("hold"))
    process = subprocess.Popen(
        subprocess_command(*fetch_command(fake, data_dir, "--workers", "1")), cwd=ROOT
    )
    try:
        assert fake.held.wait(timeout=60), "the loader never reached its second data request"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=60) == -signal.SIGKILL
    finally:
        fake.release()
    assert dataset_bytes(data_dir) == old
    assert raw_fetches(data_dir) == old_fetch
    staged = leftovers(data_dir)
    assert len(staged) == 1 and staged[0].startswith(".staging-")
    assert describe_fetch(data_dir, old_fetch[0])["matches_dataset"]
    again = run(*fetch_command(fake, data_dir))
    assert again.returncode == 0, again.stderr
    assert leftovers(data_dir) == []
    assert raw_fetches(data_dir) != old_fetch and len(raw_fetches(data_dir)) == 1


def test_ctrl_c_during_the_fetch_keeps_the_old_dataset_and_says_so(fake, data_dir):
    first = run(*fetch_command(fake, data_dir))
    assert first.returncode == 0, first.stderr
    old, old_fetch = dataset_bytes(data_dir), raw_fetches(data_dir)
    fake.add_faults("data", Fault("ok"), Fault("hold"))
    process = subprocess.Popen(
        subprocess_command(*fetch_command(fake, data_dir, "--workers", "1")),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert fake.held.wait(timeout=60), "the loader never reached its second data request"
        process.send_signal(signal.SIGINT)
    finally:
        fake.release()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.strip().splitlines()[-1] == "interrupted; the existing dataset was not changed"
    assert dataset_bytes(data_dir) == old
    assert raw_fetches(data_dir) == old_fetch
    assert leftovers(data_dir) == []


def paused_fetch(fake, data_dir, when: str, step: str) -> None:
    """Run a fetch that stops at `when` `step`, and SIGKILL it there."""
    command = [
        sys.executable,
        str(ROOT / "tests" / "killpoint.py"),
        when,
        step,
        "--",
        *fetch_command(fake, data_dir),
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    line = process.stdout.readline().decode()
    if line.strip() != f"PAUSED {when} {step}":
        process.kill()
        pytest.fail(f"the loader did not pause: {line!r} {process.stderr.read().decode()}")
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=60) == -signal.SIGKILL


@pytest.fixture
def fetched_once(fake, data_dir):
    done = run(*fetch_command(fake, data_dir))
    assert done.returncode == 0, done.stderr
    return dataset_bytes(data_dir), raw_fetches(data_dir)


def test_sigkill_before_the_raw_files_are_committed(fake, data_dir, fetched_once):
    old, old_fetch = fetched_once
    paused_fetch(fake, data_dir, "before", "raw")
    assert dataset_bytes(data_dir) == old
    assert raw_fetches(data_dir) == old_fetch
    assert [name[:9] for name in leftovers(data_dir)] == [".staging-"]
    reparsed = run("reparse", "--data-dir", str(data_dir), "--quiet")
    assert reparsed.returncode == 0, reparsed.stderr
    assert dataset_bytes(data_dir) == old
    assert leftovers(data_dir) == []


def test_sigkill_while_the_new_dataset_is_written(fake, data_dir, fetched_once):
    old, old_fetch = fetched_once
    paused_fetch(fake, data_dir, "before", "dataset")
    # The new file is complete in a temporary file; he.parquet is still the old one,
    # and the new raw directory is committed but nothing points to it.
    assert dataset_bytes(data_dir) == old
    assert [name[:12] for name in leftovers(data_dir)] == [".he.parquet."]
    assert len(raw_fetches(data_dir)) == 2
    assert read_dataset(data_dir / DATASET_FILE).provenance["fetch_id"] == old_fetch[0]
    assert describe_fetch(data_dir, old_fetch[0])["matches_dataset"]
    again = run(*fetch_command(fake, data_dir))
    assert again.returncode == 0, again.stderr
    assert leftovers(data_dir) == [] and len(raw_fetches(data_dir)) == 1


def test_sigkill_right_after_the_new_dataset_is_in_place(fake, data_dir, fetched_once):
    old, old_fetch = fetched_once
    paused_fetch(fake, data_dir, "after", "dataset")
    new = read_dataset(data_dir / DATASET_FILE)
    assert dataset_bytes(data_dir) != old
    (new_fetch,) = set(raw_fetches(data_dir)) - set(old_fetch)
    assert new.provenance["fetch_id"] == new_fetch
    assert describe_fetch(data_dir, new_fetch)["matches_dataset"]
    assert leftovers(data_dir) == []
    record = json.loads((data_dir / "raw" / new_fetch / "provenance.json").read_text())
    assert record["dataset"]["rows"] == len(new.frame)
