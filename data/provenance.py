"""`Provenance`: where a dataset comes from, parsed once from its Parquet metadata.

The metadata are a flat string mapping on disk (see data/README.md); every reader in the
app, the exports and the command lines works with this typed value instead, so the keys
and their formats (JSON list of tables, ISO stamps) are interpreted in one place.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pandas as pd

SOURCE_SCB = "scb"
SOURCE_SYNTHETIC = "synthetic"
DEFAULT_TABLES: tuple[str, ...] = ("TAB1386",)
FALLBACK_REASON = "fallback_reason"
"""Metadata key of a synthetic dataset built because SCB could not be reached: why."""


def parse_stamp(text: str | None) -> datetime | None:
    """An ISO stamp ('2026-02-20T07:00:00Z', '2026-02-20') as an aware UTC datetime."""
    if not text:
        return None
    try:
        stamp = pd.Timestamp(text)
    except ValueError:
        return None
    if stamp is pd.NaT:
        return None
    stamp = stamp.tz_localize(UTC) if stamp.tzinfo is None else stamp.tz_convert(UTC)
    return stamp.to_pydatetime()


@dataclass(frozen=True)
class Provenance:
    """A dataset's origin: source, tables, SCB's `updated` stamp, when it was fetched,
    the period it covers and, for a fallback, why SCB's data are not shown."""

    source: str = SOURCE_SCB
    tables: tuple[str, ...] = DEFAULT_TABLES
    updated: datetime | None = None
    fetched_at: datetime | None = None
    api: str = ""
    base_url: str = ""
    fetch_id: str = ""
    generator_version: str = ""
    seed: str = ""
    fallback_reason: str = ""
    first_month: date | None = None
    last_month: date | None = None
    metadata: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_metadata(
        cls,
        metadata: Mapping[str, str],
        first_month: date | None = None,
        last_month: date | None = None,
    ) -> Provenance:
        tables = json.loads(metadata["tables"]) if metadata.get("tables") else DEFAULT_TABLES
        return cls(
            source=metadata.get("source", SOURCE_SCB),
            tables=tuple(str(t) for t in tables),
            updated=parse_stamp(metadata.get("updated")),
            fetched_at=parse_stamp(metadata.get("fetched_at")),
            api=metadata.get("api", ""),
            base_url=metadata.get("base_url", ""),
            fetch_id=metadata.get("fetch_id", ""),
            generator_version=metadata.get("generator_version", ""),
            seed=metadata.get("seed", ""),
            fallback_reason=metadata.get(FALLBACK_REASON, ""),
            first_month=first_month,
            last_month=last_month,
            metadata=dict(metadata),
        )

    @property
    def is_synthetic(self) -> bool:
        return self.source == SOURCE_SYNTHETIC

    @property
    def updated_date(self) -> date | None:
        return self.updated.date() if self.updated else None
