"""The refresh status of a data directory: the last check of SCB's stamps and the next.

One process per data directory checks SCB (see loaders/refresh.py); every process and
replica reads this small JSON file (`refresh.json` beside he.parquet) to tell its users
when the data were last checked, whether that worked, and when the next check is.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from data.provenance import parse_stamp
from data.store import atomic_write, data_dir

STATUS_FILE = "refresh.json"


@dataclass(frozen=True)
class RefreshStatus:
    """The outcome of the latest check (or first start) and when the next one is due."""

    checked_at: datetime | None = None
    ok: bool = True
    error: str = ""
    next_check_at: datetime | None = None

    @property
    def failed(self) -> bool:
        return self.checked_at is not None and not self.ok


def status_path(directory: str | os.PathLike[str] | None = None) -> Path:
    return data_dir(directory) / STATUS_FILE


def read_status(directory: str | os.PathLike[str] | None = None) -> RefreshStatus:
    """The directory's status; an absent or unreadable file means "never checked"."""
    try:
        doc = json.loads(status_path(directory).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return RefreshStatus()
    if not isinstance(doc, dict):
        return RefreshStatus()
    return RefreshStatus(
        checked_at=parse_stamp(doc.get("checked_at")),
        ok=bool(doc.get("ok", True)),
        error=str(doc.get("error") or ""),
        next_check_at=parse_stamp(doc.get("next_check_at")),
    )


def write_status(status: RefreshStatus, directory: str | os.PathLike[str] | None = None) -> None:
    """Replace the status file atomically (readers never see half a file)."""
    doc = {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in asdict(status).items()
    }
    payload = json.dumps(doc, ensure_ascii=False, indent=1).encode()
    atomic_write(status_path(directory), lambda handle: handle.write(payload))
