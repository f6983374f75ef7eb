"""The dataset and the derived model, loaded once per process and shared by all sessions."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from data.regions import Regions, load_regions
from data.store import dataset_path, read_dataset
from metrics.model import Model, build_model

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppData:
    """What every page needs: the model, the regions and the dataset's provenance."""

    model: Model
    provenance: Mapping[str, str]
    path: Path
    stamp: str = ""
    """Names this dataset in cache keys: the file and its modification time."""

    @property
    def regions(self) -> Regions:
        return self.model.regions

    @property
    def is_synthetic(self) -> bool:
        return self.provenance.get("source") == "synthetic"

    @property
    def tables(self) -> list[str]:
        return [str(t) for t in json.loads(self.provenance.get("tables", "[]"))]

    @property
    def updated(self) -> date | None:
        """SCB's `updated` stamp of the table, if the data came from SCB."""
        stamp = self.provenance.get("updated")
        if not stamp:
            return None
        try:
            return pd.Timestamp(stamp).date()
        except ValueError:
            return None

    @property
    def preliminary_year(self) -> int:
        """SCB marks the latest year in the table as preliminary."""
        return self.model.years[-1]


@st.cache_resource(show_spinner="Läser in data …", max_entries=2)
def _load(path: str, modified_ns: int) -> AppData:
    """Read, validate and derive; keyed on the file's mtime so a new dataset is picked up."""
    LOG.info("loading dataset %s (mtime %s)", path, modified_ns)
    dataset = read_dataset(path)
    model = build_model(dataset.frame, load_regions())
    return AppData(
        model=model,
        provenance=dict(dataset.provenance),
        path=Path(path),
        stamp=f"{path}@{modified_ns}",
    )


def app_data() -> AppData:
    """The current dataset's AppData (raises the store's errors if it cannot be read)."""
    path = dataset_path()
    modified_ns = path.stat().st_mtime_ns if path.exists() else 0
    return _load(str(path), modified_ns)
