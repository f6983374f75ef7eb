"""SCB's data without a terminal: the first start, the check of SCB's stamps, the job.

- :func:`first_start` gives an empty data directory a dataset: SCB's (through the loader,
  with a short connect timeout) or, when SCB cannot be reached or the fetch fails, the
  embedded synthetic one, which records *why* in its metadata (`fallback_reason`).
- :func:`refresh` asks SCB for the `updated` stamp of each table (metadata requests
  only) and fetches only when a stamp is newer than the dataset's, or when the dataset
  is synthetic; the loader replaces he.parquet atomically, a failure keeps it as it is.
- :class:`RefreshJob` runs :func:`refresh` every `HE_REFRESH_EVERY` seconds. Each server
  process starts one, but only the process holding the directory's leader lock
  (`.refresh.lock`, an flock freed when the process dies) checks; the others wait to
  take over. So replicas sharing a directory make one check and one fetch, not one each.
  Every outcome is written to `refresh.json` (data/freshness.py) for all processes.
"""

from __future__ import annotations

import fcntl
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from data.freshness import RefreshStatus, read_status, write_status
from data.provenance import FALLBACK_REASON, Provenance, parse_stamp
from data.store import dataset_path, read_provenance, write_dataset
from loaders.scb.api import KON_TABLE, V2, ApiFormatError, make_api
from loaders.scb.fetcher import FetchError, FetchOptions, fetch
from loaders.scb.http import HttpClient, HttpError, RetryPolicy
from loaders.scb.progress import Listener, Progress
from loaders.settings import CONNECT_TIMEOUT, Settings
from loaders.synthetic import generate, provenance

log = logging.getLogger(__name__)

LEADER_FILE = ".refresh.lock"
FIRST_START_FILE = ".first-start.lock"
FALLBACK_RETRY = 600.0
"""Seconds until SCB is tried again after a fallback (at most `HE_REFRESH_EVERY`): a
synthetic dataset is replaced by SCB's as soon as SCB answers."""
FOLLOWER_POLL = 30.0
"""How often a process that is not the leader tries to become it."""
CHECK_POLICY = RetryPolicy(
    max_retries=1, backoff_base=1.0, timeout=30.0, connect_timeout=CONNECT_TIMEOUT
)
"""The stamps are checked with one retry: an unreachable SCB is known in seconds."""


# outcomes of a check or a first start
CURRENT = "current"
FETCHED = "fetched"
FALLBACK = "fallback"
FAILED = "failed"
PRESENT = "present"


@dataclass(frozen=True)
class Outcome:
    kind: str
    message: str
    """One English line for logs and the command line."""
    reason: str = ""
    """For users, in Swedish: why SCB's data could not be had (fallback or failure)."""
    retry_soon: bool = False
    """Whether SCB is asked again sooner than usual: the data shown are synthetic."""


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def fetch_options(data_dir: Path, settings: Settings) -> FetchOptions:
    """The loader's options for the app and `--if-newer`: SCB at `HE_SCB_API`, v2."""
    return FetchOptions(
        data_dir=data_dir,
        api=V2,
        base_url=settings.scb_api,
        policy=RetryPolicy(connect_timeout=CONNECT_TIMEOUT),
    )


def reason_for(err: Exception) -> str:
    """A short Swedish reason for users: the network cause if there is one."""
    cause: BaseException | None = err
    while cause is not None:
        if isinstance(cause, HttpError):
            return f"SCB kunde inte nås ({cause.cause})"
        cause = cause.__cause__
    text = " ".join(str(err).split())
    return f"Hämtningen från SCB misslyckades ({text[:160]})"


def remote_stamps(settings: Settings, tables: tuple[str, ...]) -> dict[str, str]:
    """SCB's `updated` stamp of each table, by metadata requests only (no data)."""
    api = make_api(V2, settings.scb_api)
    client = HttpClient(CHECK_POLICY)
    stamps = {}
    try:
        for table_id in tables:
            call = api.metadata_call(table_id)
            try:
                response = client.send(call)
                meta = api.parse_metadata(table_id, json.loads(response.body))
            except (HttpError, ApiFormatError, ValueError) as err:
                raise FetchError(
                    f"{table_id}: metadata request ({call.describe()}): {err}"
                ) from err
            stamps[table_id] = meta.updated or ""
    finally:
        client.close()
    return stamps


def is_newer(remote: dict[str, str], local: Provenance) -> bool:
    """Whether SCB has anything newer than the dataset: any stamp after the dataset's,
    a stamp SCB gives that the dataset lacks, or a synthetic dataset at all."""
    if local.is_synthetic or local.updated is None:
        return True
    for stamp in remote.values():
        moment = parse_stamp(stamp)
        if moment is None or moment > local.updated:
            return True
    return False


def _local(data_dir: Path) -> Provenance | None:
    try:
        return Provenance.from_metadata(read_provenance(dataset_path(data_dir)))
    except FileNotFoundError:
        return None


def scb_has_newer(data_dir: Path, settings: Settings) -> tuple[bool, dict[str, str]]:
    """Whether SCB has newer data than `data_dir`'s dataset (or there is none), and SCB's
    stamps; asks for the metadata of the dataset's tables only (raises FetchError)."""
    local = _local(data_dir)
    tables = (KON_TABLE[V2],) if local is None or local.is_synthetic else local.tables
    remote = remote_stamps(settings, tables)
    return local is None or is_newer(remote, local), remote


def refresh(data_dir: Path, settings: Settings, listener: Listener | None = None) -> Outcome:
    """Fetch SCB's tables into `data_dir` if SCB's stamps are newer than the dataset's.

    Raises nothing: a failure is an :class:`Outcome` of kind FAILED, and the dataset is
    left byte for byte as it was (the loader only replaces it with a complete new one).
    """
    try:
        newer, remote = scb_has_newer(data_dir, settings)
        if not newer:
            stamp = max(remote.values(), default="")
            return Outcome(CURRENT, f"the data in {data_dir} are current (SCB updated {stamp})")
        summary = fetch(fetch_options(data_dir, settings), Progress(quiet=True, listener=listener))
    except FetchError as err:
        log.warning("checking SCB for new data failed: %s", err)
        local = _local(data_dir)
        synthetic = local is None or local.is_synthetic
        return Outcome(FAILED, f"checking SCB failed: {err}", reason_for(err), synthetic)
    return Outcome(
        FETCHED,
        f"fetched {', '.join(summary.tables)} (updated {summary.updated}), "
        f"{summary.first_month}–{summary.last_month}, into {summary.path}",
    )


def next_check(settings: Settings, outcome: Outcome, now: datetime) -> datetime | None:
    """When SCB is asked next: sooner after a fallback, never when the job is off."""
    if not settings.refresh_on:
        return None
    seconds = settings.refresh_every
    if outcome.retry_soon:
        seconds = min(seconds, FALLBACK_RETRY)
    return now + timedelta(seconds=seconds)


def record(data_dir: Path, settings: Settings, outcome: Outcome, now: datetime) -> RefreshStatus:
    """Write what happened, and when the next check is, for every process to show."""
    status = RefreshStatus(
        checked_at=now,
        ok=outcome.kind not in (FAILED, FALLBACK),
        error=outcome.reason,
        next_check_at=next_check(settings, outcome, now),
    )
    write_status(status, data_dir)
    return status


@contextmanager
def _flock(path: Path, wait: float) -> Iterator[bool]:
    """Hold an exclusive flock on `path`, waiting up to `wait` seconds; yields whether
    it was had (the lock goes with the process, so a killed holder frees it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.2)
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def write_fallback(data_dir: Path, reason: str) -> None:
    """The synthetic dataset, recording why it is there instead of SCB's."""
    metadata = {**provenance(), FALLBACK_REASON: reason} if reason else provenance()
    write_dataset(generate(), metadata, dataset_path(data_dir))


def first_start(
    data_dir: Path,
    settings: Settings,
    listener: Listener | None = None,
    on_phase: Callable[[str], None] | None = None,
    wait: float = 900.0,
) -> Outcome:
    """Give `data_dir` a dataset if it has none: SCB's, else the synthetic one.

    Processes and sessions starting together take turns (`.first-start.lock`): the
    first builds, the others wait and find the dataset there.
    """
    path = dataset_path(data_dir)
    phase = on_phase or (lambda text: None)
    if path.exists():
        return Outcome(PRESENT, f"{path} exists")
    with _flock(data_dir / FIRST_START_FILE, wait) as had:
        if path.exists():
            return Outcome(PRESENT, f"{path} was built by another process")
        if not had:
            return Outcome(FAILED, f"timed out waiting for another process to build {path}")
        now = _now()
        if settings.offline:
            phase("offline")
            write_fallback(data_dir, "")
            outcome = Outcome(FALLBACK, "HE_OFFLINE is set: built the synthetic dataset")
            write_status(RefreshStatus(), data_dir)
            return outcome
        phase("scb")
        try:
            remote_stamps(settings, (KON_TABLE[V2],))  # quick: is SCB there at all?
            summary = fetch(
                fetch_options(data_dir, settings), Progress(quiet=True, listener=listener)
            )
        except FetchError as err:
            log.warning("first start: SCB's data could not be fetched: %s", err)
            phase("synthetic")
            reason = reason_for(err)
            write_fallback(data_dir, reason)
            outcome = Outcome(
                FALLBACK, f"SCB failed ({err}); built the synthetic dataset", reason, True
            )
        else:
            outcome = Outcome(FETCHED, f"fetched {', '.join(summary.tables)} into {summary.path}")
        record(data_dir, settings, outcome, now)
        return outcome


class RefreshJob:
    """The background check of one data directory (see the module's docstring).

    `start()` starts a daemon thread; `stop()` ends it. `leader` says whether this
    process is the one that checks SCB.
    """

    def __init__(
        self,
        data_dir: Path,
        settings: Settings,
        clock: Callable[[], datetime] = _now,
        follower_poll: float = FOLLOWER_POLL,
    ) -> None:
        self.data_dir = data_dir
        self.settings = settings
        self.clock = clock
        self.follower_poll = follower_poll
        self.leader = False
        self.checks = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"refresh {data_dir}", daemon=True)

    def start(self) -> RefreshJob:
        if self.settings.refresh_on:
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        lock_path = self.data_dir / LEADER_FILE
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with lock_path.open("a") as handle:
            while not self._stop.is_set():
                if self._try_lead(handle):
                    break
                self._stop.wait(min(self.follower_poll, self.settings.refresh_every))
            while not self._stop.is_set():
                self._stop.wait(self._due_in())
                if self._stop.is_set():
                    break
                self.check_now()

    def _try_lead(self, handle) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self.leader = True
        log.info("refresh job for %s: this process checks SCB", self.data_dir)
        return True

    def _due_in(self) -> float:
        """Seconds until the next check: as recorded (by whichever process was leader),
        else one interval from now (the first check of a fresh directory)."""
        status = read_status(self.data_dir)
        due = status.next_check_at
        if due is None:
            due = self.clock() + timedelta(seconds=self.settings.refresh_every)
            write_status(replace(status, next_check_at=due), self.data_dir)
        return max(0.0, (due - self.clock()).total_seconds())

    def check_now(self) -> Outcome:
        """One check (and fetch if newer); its outcome is written to refresh.json."""
        now = self.clock()
        try:
            outcome = refresh(self.data_dir, self.settings)
        except Exception as err:  # the job must outlive any surprise
            log.exception("refresh of %s failed unexpectedly", self.data_dir)
            outcome = Outcome(FAILED, f"unexpected error: {err!r}", "Oväntat fel vid kontrollen")
        log.info("refresh job: %s", outcome.message)
        self.checks += 1
        record(self.data_dir, self.settings, outcome, now)
        return outcome
