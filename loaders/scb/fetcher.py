"""The thin front: fetch SCB's HE tables (or re-parse a kept fetch) into `he.parquet`.

Order of work, so that any failure leaves the previous dataset untouched:
config → table metadata → the age table, if any → data requests (in parallel, under
the rate limiter), each response kept compressed in a staging directory and placed
into one array per table → long table → cross-checks → contract validation → Parquet
bytes → the raw directory and its record are committed → `he.parquet` is replaced
atomically → older raw directories are pruned.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from data.contract import ContractError
from data.store import DATASET_FILE, atomic_write, encode_dataset, read_provenance
from loaders.scb.api import (
    AGE_TABLE_V1,
    KON_TABLE,
    V2,
    ApiFormatError,
    Call,
    Limits,
    PxApi,
    TableMeta,
    V2Api,
    make_api,
)
from loaders.scb.assemble import (
    KIND_AGE,
    KIND_KON,
    AssemblyError,
    CheckResult,
    CubeAssembler,
    TablePlan,
    combine,
    cross_check,
    long_table,
    plan_table,
)
from loaders.scb.http import HttpClient, HttpError, RateLimiter, Response, RetryPolicy
from loaders.scb.jsonstat import Cube, JsonStatError, parse_jsonstat2
from loaders.scb.mapping import MappingError
from loaders.scb.progress import Progress
from loaders.scb.query import Selection, count_cells, minimum_requests, split_selection
from loaders.scb.rawstore import (
    RECORD_FORMAT,
    RawFile,
    RawStoreError,
    Staging,
    locked,
    new_fetch_id,
    prune,
    raw_dir,
    read_raw,
    read_record,
    remove_leftovers,
    write_record,
)

log = logging.getLogger(__name__)

RATE_MARGIN = 1.1
RATE_SLACK = 0.05
"""Our window is 10 % + 50 ms longer than the API's: the server counts arrivals, which
come a little after our sends, and a 429 costs more than the wait."""
AUTO = "auto"
NONE = "none"


class FetchError(Exception):
    """A fetch or re-parse failed; the message is one line naming table, request and cause."""


@dataclass(frozen=True)
class FetchOptions:
    data_dir: Path
    api: str = V2
    base_url: str | None = None
    first: str | None = "2014M01"
    last: str | None = None
    age_table: str = AUTO
    workers: int = 3
    policy: RetryPolicy = field(default_factory=RetryPolicy)


@dataclass(frozen=True)
class TableResult:
    plan: TablePlan
    frame: pd.DataFrame
    checks: list[CheckResult]
    updated: str | None
    flagged: int
    label: str


@dataclass(frozen=True)
class Summary:
    """What a fetch or re-parse did, for the command line and the tests."""

    path: Path
    fetch_id: str
    rows: int
    tables: list[str]
    updated: str
    first_month: str
    last_month: str
    requests: int
    data_requests: int
    minimum_data_requests: int
    elapsed: float
    checks: list[CheckResult]
    notes: list[str]

    @property
    def warnings(self) -> list[str]:
        return [c.message() for c in self.checks if c.mismatches]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _file_stem(table_id: str) -> str:
    return table_id.replace("/", "_")


def _finish_table(
    plan: TablePlan, assembler: CubeAssembler, meta: TableMeta, where: str
) -> TableResult:
    try:
        values = assembler.result()
    except AssemblyError as err:
        raise FetchError(f"{plan.table_id}: {where}: {err}") from err
    return TableResult(
        plan=plan,
        frame=long_table(plan, values),
        checks=cross_check(plan, values, assembler.decimals),
        updated=assembler.updated or meta.updated,
        flagged=assembler.flagged,
        label=meta.label,
    )


def _plan(meta: TableMeta, kind: str, first: str | None, last: str | None) -> TablePlan:
    try:
        return plan_table(meta, kind, first, last)
    except MappingError as err:
        message = str(err)
        prefix = "" if message.startswith(meta.table_id) else f"{meta.table_id}: "
        raise FetchError(f"{prefix}{message}") from err


def _provenance(record: Mapping[str, Any], results: list[TableResult]) -> dict[str, str]:
    stamps = [r.updated for r in results if r.updated]
    provenance = {
        "source": "scb",
        "tables": json.dumps([r.plan.table_id for r in results]),
        "fetched_at": record["fetched_at"],
        "api": record["api"],
        "base_url": record["base_url"],
        "fetch_id": record["fetch_id"],
    }
    if stamps:
        provenance["updated"] = max(stamps)
    return provenance


def _encode(results: list[TableResult], provenance: Mapping[str, str]) -> bytes:
    frame = combine([r.frame for r in results])
    try:
        return encode_dataset(frame, provenance)
    except ContractError as err:
        tables = ", ".join(r.plan.table_id for r in results)
        raise FetchError(f"{tables}: the parsed data breaks the data contract: {err}") from err


def _table_record(result: TableResult, files: list[str], requests: int, max_cells: int) -> dict:
    plan = result.plan
    return {
        "id": plan.table_id,
        "kind": plan.kind,
        "label": result.label,
        "updated": result.updated,
        "cells": plan.cells,
        "rows": len(result.frame),
        "flagged_cells": result.flagged,
        "requests": requests,
        "minimum_requests": minimum_requests(plan.cells, max_cells),
        "first_month": plan.months[0],
        "last_month": plan.months[-1],
        "files": files,
        "notes": list(plan.notes),
    }


def _summary(
    path: Path, record: Mapping[str, Any], results: list[TableResult], elapsed: float
) -> Summary:
    months = [m for r in results for m in (r.plan.months[0], r.plan.months[-1])]
    return Summary(
        path=path,
        fetch_id=record["fetch_id"],
        rows=sum(len(r.frame) for r in results),
        tables=[r.plan.table_id for r in results],
        updated=max((r.updated or "" for r in results), default=""),
        first_month=min(months),
        last_month=max(months),
        requests=record["requests"]["sent"],
        data_requests=record["requests"]["data"],
        minimum_data_requests=sum(t["minimum_requests"] for t in record["tables"]),
        elapsed=elapsed,
        checks=[c for r in results for c in r.checks],
        notes=[f"{r.plan.table_id}: {n}" for r in results for n in r.plan.notes],
    )


class _Fetch:
    """One run of `fetch`: owns the HTTP client and the staging directory."""

    def __init__(
        self, options: FetchOptions, progress: Progress, staging: Staging, fetched_at: datetime
    ) -> None:
        self.options = options
        self.progress = progress
        self.staging = staging
        self.fetched_at = fetched_at
        self.api: PxApi = make_api(options.api, options.base_url)
        self.stop = threading.Event()
        self.http = HttpClient(options.policy, sleep=self._sleep)
        self.data_requests = 0

    def _sleep(self, seconds: float) -> None:
        if self.stop.wait(seconds):
            raise HttpError("cancelled because another request failed")

    def _send(self, what: str, call: Call) -> Response:
        try:
            return self.http.send(call)
        except HttpError as err:
            raise FetchError(f"{what} ({call.describe()}) failed: {err}") from err

    def _json(self, what: str, call: Call, response: Response) -> Any:
        try:
            return json.loads(response.body)
        except ValueError as err:
            raise FetchError(
                f"{what} ({call.describe()}): the answer is not valid JSON ({_one_line(str(err))})"
            ) from err

    def _get(self, what: str, call: Call, name: str) -> Any:
        response = self._send(what, call)
        self.staging.save(name, call, response)
        return self._json(what, call, response)

    def _limits(self) -> Limits:
        call = self.api.config_call()
        try:
            return self.api.parse_limits(self._get("config request", call, "config.json.gz"))
        except ApiFormatError as err:
            raise FetchError(f"config request ({call.describe()}): {err}") from err

    def _metadata(self, table_id: str) -> TableMeta:
        call = self.api.metadata_call(table_id)
        what = f"{table_id}: metadata request"
        doc = self._get(what, call, f"{_file_stem(table_id)}-metadata.json.gz")
        try:
            return self.api.parse_metadata(table_id, doc)
        except ApiFormatError as err:
            raise FetchError(f"{what} ({call.describe()}): {err}") from err

    def _age_table(self) -> TableMeta | None:
        """The optional age table: named, searched for (v2), or SCB's known v1 path."""
        choice = self.options.age_table
        if choice == NONE:
            return None
        if choice != AUTO:
            return self._metadata(choice)
        if isinstance(self.api, V2Api):
            call = self.api.search_call()
            doc = self._get("table search", call, "tables-search.json.gz")
            try:
                table_id = self.api.pick_age_table(doc, KON_TABLE[V2])
            except ApiFormatError as err:
                raise FetchError(f"table search ({call.describe()}): {err}") from err
            if table_id is None:
                log.info("no HE table by ålder found; fetching the kön table only")
                return None
            return self._metadata(table_id)
        try:
            return self._metadata(AGE_TABLE_V1)
        except FetchError as err:
            if isinstance(err.__cause__, HttpError) and err.__cause__.status == 404:
                log.info("no HE table by ålder at %s; fetching the kön table only", AGE_TABLE_V1)
                return None
            raise

    def _request(
        self, plan: TablePlan, number: int, total: int, chunk: Selection
    ) -> tuple[Cube, Selection]:
        table_id = plan.table_id
        call = self.api.data_call(table_id, chunk)
        what = f"{table_id}: request {number}/{total}"
        response = self._send(what, call)
        self.staging.save(
            f"{_file_stem(table_id)}-data-{number:03d}.json.gz", call, response, chunk
        )
        doc = self._json(what, call, response)
        try:
            return parse_jsonstat2(doc), chunk
        except JsonStatError as err:
            raise FetchError(f"{what} ({call.describe()}): not valid json-stat2: {err}") from err

    def _table(self, meta: TableMeta, kind: str, limits: Limits) -> TableResult:
        plan = _plan(meta, kind, self.options.first, self.options.last)
        chunks = split_selection(plan.selection, limits.max_cells)
        self.data_requests += len(chunks)
        assembler = CubeAssembler(plan)
        self.progress.start(plan.table_id, len(chunks), plan.cells)
        pool = ThreadPoolExecutor(max_workers=max(1, self.options.workers))
        pending: set[Future] = {
            pool.submit(self._request, plan, i + 1, len(chunks), chunk)
            for i, chunk in enumerate(chunks)
        }
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in done:
                    cube, chunk = future.result()
                    try:
                        assembler.add(cube, chunk)
                    except AssemblyError as err:
                        raise FetchError(f"{plan.table_id}: {err}") from err
                    self.progress.advance(count_cells(chunk))
        except BaseException:
            self.stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        finally:
            self.progress.finish()
        pool.shutdown()
        return _finish_table(plan, assembler, meta, "the responses")

    def run(self) -> Summary:
        started = time.monotonic()
        data_dir = self.options.data_dir
        try:
            limits = self._limits()
            limiter = RateLimiter(
                limits.max_calls, limits.window * RATE_MARGIN + RATE_SLACK, sleep=self._sleep
            )
            limiter.acquire()  # the config request just made counts too
            self.http.limiter = limiter
            metas = [(self._metadata(KON_TABLE[self.api.name]), KIND_KON)]
            age = self._age_table()
            if age is not None:
                metas.append((age, KIND_AGE))
            results = [self._table(meta, kind, limits) for meta, kind in metas]
            record = self._record(limits, results, time.monotonic() - started)
            provenance = _provenance(record, results)
            payload = _encode(results, provenance)
            record["dataset"] = _dataset_entry(payload, results)
            self.staging.commit(record)
        except OSError as err:
            self.staging.discard()
            raise FetchError(f"cannot write the raw responses in {data_dir}: {err}") from err
        except BaseException:
            self.staging.discard()
            raise
        finally:
            self.stop.set()
            self.http.close()
        target = data_dir / DATASET_FILE
        try:
            atomic_write(target, lambda handle: handle.write(payload))
        except OSError as err:
            # The dataset does not point at the raw files just kept: remove them, so a full
            # disk is not kept full by this fetch and the next one has room.
            shutil.rmtree(raw_dir(data_dir, self.staging.fetch_id), ignore_errors=True)
            raise FetchError(f"cannot write {target}: {err}") from err
        prune(data_dir, keep=self.staging.fetch_id)
        return _summary(target, record, results, time.monotonic() - started)

    def _record(self, limits: Limits, results: list[TableResult], elapsed: float) -> dict:
        files = sorted(self.staging.files, key=lambda f: f.name)
        tables = []
        for result in results:
            stem = f"{_file_stem(result.plan.table_id)}-data-"
            names = [f.name for f in files if f.name.startswith(stem)]
            tables.append(_table_record(result, names, len(names), limits.max_cells))
        return {
            "format": RECORD_FORMAT,
            "fetch_id": self.staging.fetch_id,
            "source": "scb",
            "api": self.api.name,
            "base_url": self.api.base_url,
            "fetched_at": self.fetched_at.isoformat().replace("+00:00", "Z"),
            "options": {
                "first": self.options.first,
                "last": self.options.last,
                "age_table": self.options.age_table,
            },
            "limits": {
                "max_cells": limits.max_cells,
                "max_calls": limits.max_calls,
                "window": limits.window,
            },
            "requests": {
                "sent": self.http.attempts,
                "retries": self.http.retries,
                "data": self.data_requests,
            },
            "elapsed_seconds": round(elapsed, 3),
            "tables": tables,
            "checks": [c.to_record() for r in results for c in r.checks],
            "files": [f.to_record() for f in files],
        }


def _dataset_entry(payload: bytes, results: list[TableResult]) -> dict[str, Any]:
    return {
        "file": DATASET_FILE,
        "rows": sum(len(r.frame) for r in results),
        "bytes": len(payload),
        "sha256": hashlib.sha256(payload).hexdigest(),
    }


def fetch(options: FetchOptions, progress: Progress | None = None) -> Summary:
    """Fetch SCB's tables into `options.data_dir`/he.parquet; raises FetchError on failure."""
    data_dir = options.data_dir
    try:
        with locked(data_dir):
            remove_leftovers(data_dir)
            fetched_at = _now()
            staging = Staging(data_dir, new_fetch_id(fetched_at))
            return _Fetch(options, progress or Progress(quiet=True), staging, fetched_at).run()
    except RawStoreError as err:
        raise FetchError(str(err)) from err
    except OSError as err:  # e.g. a read-only data directory: no lock file, no staging
        raise FetchError(f"cannot write in {data_dir}: {err.strerror or err}") from err


def current_fetch_id(data_dir: Path) -> str:
    """The fetch that the current dataset was built from (its `fetch_id` metadata)."""
    path = data_dir / DATASET_FILE
    try:
        provenance = read_provenance(path)
    except FileNotFoundError as err:
        raise FetchError(f"no dataset at {path}; name a fetch with --fetch-id") from err
    fetch_id = provenance.get("fetch_id")
    if provenance.get("source") != "scb" or not fetch_id:
        raise FetchError(
            f"{path} was not fetched from SCB (source={provenance.get('source')}); "
            "name a fetch with --fetch-id"
        )
    return fetch_id


def _parse_file(data_dir: Path, fetch_id: str, entry: RawFile, loader: Callable[[Any], Any]) -> Any:
    body = read_raw(data_dir, fetch_id, entry)
    try:
        return loader(json.loads(body))
    except ValueError as err:
        raise FetchError(f"raw file {entry.name} ({entry.method} {entry.url}): {err}") from err


def _reparse_table(
    data_dir: Path, fetch_id: str, api: PxApi, record: Mapping[str, Any], table: Mapping
) -> TableResult:
    entries = {f["name"]: RawFile.from_record(f) for f in record["files"]}
    stem = _file_stem(table["id"])
    meta = _parse_file(
        data_dir,
        fetch_id,
        entries[f"{stem}-metadata.json.gz"],
        lambda doc: api.parse_metadata(table["id"], doc),
    )
    options = record["options"]
    plan = _plan(meta, table["kind"], options["first"], options["last"])
    assembler = CubeAssembler(plan)
    for name in table["files"]:
        entry = entries[name]
        cube = _parse_file(data_dir, fetch_id, entry, parse_jsonstat2)
        try:
            assembler.add(cube, entry.selection or {})
        except AssemblyError as err:
            raise FetchError(f"{table['id']}: raw file {name}: {err}") from err
    return _finish_table(plan, assembler, meta, "the raw files")


def reparse(data_dir: Path, fetch_id: str | None = None) -> Summary:
    """Rebuild he.parquet from a kept fetch's raw files, without the network."""
    started = time.monotonic()
    try:
        with locked(data_dir):
            remove_leftovers(data_dir)
            fetch_id = fetch_id or current_fetch_id(data_dir)
            record = read_record(data_dir, fetch_id)
            api = make_api(record["api"], record["base_url"])
            results = [
                _reparse_table(data_dir, fetch_id, api, record, table) for table in record["tables"]
            ]
            provenance = _provenance(record, results)
            payload = _encode(results, provenance)
            record = {
                **record,
                "reparsed_at": _now().isoformat().replace("+00:00", "Z"),
                "checks": [c.to_record() for r in results for c in r.checks],
                "dataset": _dataset_entry(payload, results),
            }
            write_record(data_dir, fetch_id, record)
            target = data_dir / DATASET_FILE
            atomic_write(target, lambda handle: handle.write(payload))
    except (RawStoreError, OSError) as err:
        raise FetchError(f"cannot re-parse fetch {fetch_id or '?'}: {err}") from err
    except (KeyError, TypeError) as err:
        raise FetchError(
            f"cannot re-parse fetch {fetch_id or '?'}: its record is malformed ({err!r})"
        ) from err
    return _summary(target, record, results, time.monotonic() - started)
