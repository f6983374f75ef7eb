"""The raw responses of a fetch and its provenance record, kept beside the dataset.

Layout, in the data directory::

    he.parquet                      its metadata names the fetch (`fetch_id`)
    raw/<fetch_id>/provenance.json  the record: URLs, bodies, SCB's `updated`, checksums
    raw/<fetch_id>/*.json.gz        every response the dataset was built from

A fetch writes its files into `raw/.staging-<fetch_id>/`, renames that directory to
`raw/<fetch_id>/` only when it is complete (record included), and only then replaces
`he.parquet`. So a directory that the dataset points to is always complete, a killed
fetch leaves at most a staging directory that nothing trusts (removed by the next run),
and each raw file's SHA-256 is checked before `reparse` uses it.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import hashlib
import json
import os
import re
import secrets
import shutil
import threading
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from data.store import DATASET_FILE, atomic_write

if TYPE_CHECKING:
    from loaders.scb.api import Call
    from loaders.scb.http import Response

RAW_DIR = "raw"
RECORD_FILE = "provenance.json"
RECORD_FORMAT = 1
STAGING_PREFIX = ".staging-"
LOCK_FILE = ".loaders.lock"
_FETCH_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")


class RawStoreError(Exception):
    """The raw files or the record of a fetch are missing, damaged or locked."""


@dataclass(frozen=True)
class RawFile:
    """One kept response: how it was asked for and a checksum of what came back."""

    name: str
    method: str
    url: str
    status: int
    sha256: str
    size: int
    attempts: int
    body: Mapping[str, Any] | None = None
    selection: Mapping[str, list[str]] | None = None

    def to_record(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_record(cls, raw: Mapping[str, Any]) -> RawFile:
        try:
            return cls(**raw)
        except TypeError as err:
            raise RawStoreError(f"a file entry in the record is malformed: {err}") from err


class Staging:
    """A fetch's raw files being written; invisible to readers until :meth:`commit`."""

    def __init__(self, data_dir: Path, fetch_id: str) -> None:
        self.data_dir = data_dir
        self.fetch_id = fetch_id
        self.files: list[RawFile] = []
        self.path = data_dir / RAW_DIR / f"{STAGING_PREFIX}{fetch_id}"
        self.path.mkdir(parents=True)
        self._lock = threading.Lock()

    def save(
        self,
        name: str,
        call: Call,
        response: Response,
        selection: Mapping[str, tuple[str, ...]] | None = None,
    ) -> RawFile:
        """Keep `response` compressed as `name` and remember how it was requested."""
        _write_synced(self.path / name, gzip.compress(response.body, compresslevel=6, mtime=0))
        entry = RawFile(
            name=name,
            method=call.method,
            url=call.full_url,
            status=response.status,
            sha256=hashlib.sha256(response.body).hexdigest(),
            size=len(response.body),
            attempts=response.attempts,
            body=call.body,
            selection={k: list(v) for k, v in selection.items()} if selection else None,
        )
        with self._lock:
            self.files.append(entry)
        return entry

    def commit(self, record: Mapping[str, Any]) -> Path:
        """Write the record, then make the directory visible as `raw/<fetch_id>`."""
        _write_synced(self.path / RECORD_FILE, _record_bytes(record))
        _fsync_dir(self.path)
        final = raw_dir(self.data_dir, self.fetch_id)
        os.rename(self.path, final)
        _fsync_dir(final.parent)
        return final

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def new_fetch_id(now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def raw_dir(data_dir: Path, fetch_id: str) -> Path:
    if not _FETCH_ID.fullmatch(fetch_id):
        raise RawStoreError(f"{fetch_id!r} is not a fetch id (like 20260101T120000Z-0a1b2c)")
    return data_dir / RAW_DIR / fetch_id


def _record_bytes(record: Mapping[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _write_synced(path: Path, payload: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_record(data_dir: Path, fetch_id: str) -> dict[str, Any]:
    """The provenance record of fetch `fetch_id`; raises RawStoreError if unusable."""
    path = raw_dir(data_dir, fetch_id) / RECORD_FILE
    try:
        record = json.loads(path.read_bytes())
    except FileNotFoundError as err:
        raise RawStoreError(f"no provenance record at {path}") from err
    except ValueError as err:
        raise RawStoreError(f"the provenance record {path} is not valid JSON") from err
    if not isinstance(record, dict) or record.get("format") != RECORD_FORMAT:
        raise RawStoreError(f"{path} is not a provenance record of format {RECORD_FORMAT}")
    return record


def write_record(data_dir: Path, fetch_id: str, record: Mapping[str, Any]) -> None:
    """Replace the record of a committed fetch atomically (used by `reparse`)."""
    target = raw_dir(data_dir, fetch_id) / RECORD_FILE
    atomic_write(target, lambda handle: handle.write(_record_bytes(record)))


def read_raw(data_dir: Path, fetch_id: str, entry: RawFile) -> bytes:
    """A kept response, decompressed and checked against its recorded SHA-256."""
    path = raw_dir(data_dir, fetch_id) / entry.name
    try:
        body = gzip.decompress(path.read_bytes())
    except FileNotFoundError as err:
        raise RawStoreError(f"raw file {path} is missing") from err
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        raise RawStoreError(f"raw file {path} is damaged: {err}") from err
    if len(body) != entry.size or hashlib.sha256(body).hexdigest() != entry.sha256:
        raise RawStoreError(f"raw file {path} does not match its recorded checksum")
    return body


def remove_leftovers(data_dir: Path) -> list[Path]:
    """Delete what a killed run may leave: staging directories and temporary datasets."""
    removed = []
    raw = data_dir / RAW_DIR
    if raw.is_dir():
        for path in raw.iterdir():
            if path.name.startswith(STAGING_PREFIX) and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    for path in data_dir.glob(f".{DATASET_FILE}.*.tmp"):
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def prune(data_dir: Path, keep: str) -> None:
    """Delete the raw directories of earlier fetches; keep the one the dataset uses."""
    raw = data_dir / RAW_DIR
    for path in raw.iterdir():
        if path.is_dir() and path.name != keep and _FETCH_ID.fullmatch(path.name):
            shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Hold the data directory's lock: one fetch or reparse at a time (freed on kill)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / LOCK_FILE).open("a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise RawStoreError(f"another fetch or reparse is running in {data_dir}") from err
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def describe_fetch(data_dir: Path, fetch_id: str) -> dict[str, Any]:
    """The kept fetch behind a dataset, for `info`: where, what, and does it match?"""
    record = read_record(data_dir, fetch_id)
    files = record.get("files", [])
    dataset = data_dir / DATASET_FILE
    recorded = record.get("dataset", {}).get("sha256")
    actual = hashlib.sha256(dataset.read_bytes()).hexdigest() if dataset.exists() else None
    return {
        "fetch_id": fetch_id,
        "raw_dir": str(raw_dir(data_dir, fetch_id)),
        "files": len(files),
        "raw_bytes": sum(f.get("size", 0) for f in files),
        "requests": record.get("requests", {}),
        "tables": {t["id"]: t.get("updated") for t in record.get("tables", [])},
        "checks": record.get("checks", []),
        "matches_dataset": recorded is not None and recorded == actual,
        "reparsed_at": record.get("reparsed_at"),
    }
