"""The fake PxWeb server: SCB's v2 and v1 endpoints over a few `FakeTable`s.

v2 (root `/api/v2`): `/config`, `/tables?query=…`, `/tables/{id}`, `/tables/{id}/metadata`
(json-stat2), `/tables/{id}/data` by GET (`valuecodes[VAR]=a,b`) or POST
(`{"selection": [...]}`); errors are RFC 7807 problems: 400 for too many cells or an
unknown code, 404 for an unknown table, 500 with an empty body for a repeated code.
v1 (root `/OV0104/v1/doris/sv/ssd`): `…/doris/sv/?config`, GET a table path for its
metadata, POST it (`{"query": [...]}`) for json-stat2; 403 for too many cells.
Both: 429 with `Retry-After` (plain text body) above the enforced rate limit.

Faults are queued per endpoint kind (`config`, `metadata`, `search`, `data`) and used
by the next requests of that kind: an HTTP status, a slow answer (the client times
out), a truncated body, invalid JSON, a value count that does not match the sizes, or
a hold until the test releases it. Every request is recorded in `requests`.
"""

from __future__ import annotations

import collections
import json
import math
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import numpy as np

from tests.fakepxweb.tables import FakeTable

V2_ROOT = "/api/v2"
V1_LANG_ROOT = "/OV0104/v1/doris/sv"
V1_ROOT = f"{V1_LANG_ROOT}/ssd"
PROBLEM = "application/problem+json; charset=utf-8"
JSON = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Fault:
    """What to do instead of (or before) answering normally.

    kinds: `ok` (answer normally), `status` (answer `status` with `body`), `slow` (wait
    `delay` s, then answer),
    `truncate` (promise the full length, send half, close), `invalid_json`,
    `wrong_count` (drop the last value), `hold` (wait until `release()`).
    """

    kind: str
    status: int = 500
    body: bytes = b""
    content_type: str = PROBLEM
    delay: float = 0.0


@dataclass
class Record:
    method: str
    kind: str
    path: str
    table: str | None = None
    cells: int | None = None
    status: int = 200
    selection: dict[str, list[str]] = field(default_factory=dict)


class _Problem(Exception):
    def __init__(self, status: int, title: str, detail: str = "", body: bytes | None = None):
        super().__init__(title)
        self.status, self.title, self.detail, self.body = status, title, detail, body


class FakePxWeb:
    """Serve `tables` like SCB. Use as a context manager, or `start()` / `stop()`."""

    def __init__(
        self,
        tables: list[FakeTable],
        *,
        max_cells: int = 150_000,
        max_calls: int = 30,
        window: float = 10.0,
        enforced_calls: int | None = None,
        enforced_window: float | None = None,
        retry_after: str | None = None,
        status_style: str = "object",
        max_get_url: int | None = None,
    ) -> None:
        self.tables = {t.table_id: t for t in tables}
        self.tables_v1 = {t.v1_path: t for t in tables}
        self.max_cells = max_cells
        self.max_calls = max_calls
        self.window = window
        self.enforced_calls = max_calls if enforced_calls is None else enforced_calls
        self.enforced_window = window if enforced_window is None else enforced_window
        self.retry_after = retry_after
        self.status_style = status_style
        self.max_get_url = max_get_url
        self.requests: list[Record] = []
        self.held = threading.Event()
        self._release = threading.Event()
        self._stopping = threading.Event()
        self._faults: dict[str, collections.deque[Fault]] = collections.defaultdict(
            collections.deque
        )
        self._calls: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()
        self._cache: dict[tuple, bytes] = {}
        self._httpd: ThreadingHTTPServer | None = None

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> FakePxWeb:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._release.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self) -> FakePxWeb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def root(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def v2_url(self) -> str:
        return f"{self.root}{V2_ROOT}"

    @property
    def v1_url(self) -> str:
        return f"{self.root}{V1_ROOT}"

    # -- test controls -----------------------------------------------------------------
    def add_faults(self, kind: str, *faults: Fault) -> None:
        with self._lock:
            self._faults[kind].extend(faults)

    def release(self) -> None:
        self._release.set()

    def reset(self) -> None:
        """Forget earlier requests and the rate window (a fresh client after a pause)."""
        with self._lock:
            self.requests.clear()
            self._calls.clear()

    def data_requests(self, status: int | None = 200) -> list[Record]:
        return [
            r for r in self.requests if r.kind == "data" and (status is None or r.status == status)
        ]

    # -- internals -----------------------------------------------------------------
    def _next_fault(self, kind: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(kind)
            return queue.popleft() if queue else None

    def _rate_limited(self) -> float | None:
        """Seconds until a call is allowed, or None if this call is allowed (and counted)."""
        if self.enforced_calls <= 0:
            return None
        with self._lock:
            now = time.monotonic()
            while self._calls and now - self._calls[0] >= self.enforced_window:
                self._calls.popleft()
            if len(self._calls) >= self.enforced_calls:
                return self._calls[0] + self.enforced_window - now
            self._calls.append(now)
            return None

    def wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    def wait_for_release(self) -> None:
        self.held.set()
        self._release.wait(60)

    def rendered(self, key: tuple, render) -> bytes:
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        body = render()
        with self._lock:
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[key] = body
        return body


def _category(variable, codes, decimals: dict[str, int]) -> dict[str, Any]:
    texts = dict(zip(variable.codes, variable.texts, strict=True))
    category: dict[str, Any] = {
        "index": {c: i for i, c in enumerate(codes)},
        "label": {c: texts[c] for c in codes},
    }
    if variable.code == "ContentsCode":
        category["unit"] = {c: {"base": "antal", "decimals": decimals.get(c, 0)} for c in codes}
    return category


def jsonstat_document(
    table: FakeTable, selection: dict[str, list[str]] | None, status_style: str = "object"
) -> dict[str, Any]:
    """The table (or the `selection` of it) as json-stat2; metadata when selection is None."""
    chosen = {
        v.code: (list(v.codes) if selection is None else selection[v.code]) for v in table.variables
    }
    document: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": table.label,
        "source": "SCB",
        "updated": table.updated,
        "id": [v.code for v in table.variables],
        "size": [len(chosen[v.code]) for v in table.variables],
        "dimension": {
            v.code: {
                "label": v.text,
                "category": _category(v, chosen[v.code], table.decimals),
                "extension": {"elimination": v.elimination, "show": "value"},
            }
            for v in table.variables
        },
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "extension": {"px": {"tableid": table.table_id, "decimals": 0, "language": "sv"}},
        "value": [],
    }
    if selection is None:
        return document
    index = np.ix_(
        *(
            np.array([v.codes.index(c) for c in chosen[v.code]], dtype=np.intp)
            for v in table.variables
        )
    )
    flat = table.values[index].ravel()
    values = [None if v != v else (int(v) if v.is_integer() else v) for v in flat.tolist()]
    document["value"] = values
    missing = np.flatnonzero(np.isnan(flat))
    if len(missing):
        if status_style == "array":
            status = [None] * len(values)
            for i in missing:
                status[int(i)] = ".."
            document["status"] = status
        else:
            document["status"] = {str(int(i)): ".." for i in missing}
    return document


def _v1_metadata(table: FakeTable) -> dict[str, Any]:
    variables = []
    for v in table.variables:
        entry: dict[str, Any] = {
            "code": v.code,
            "text": v.text,
            "values": list(v.codes),
            "valueTexts": list(v.texts),
        }
        if v.elimination:
            entry["elimination"] = True
        if v.time:
            entry["time"] = True
        variables.append(entry)
    return {"title": table.label, "variables": variables}


class _Handler(BaseHTTPRequestHandler):
    fake: FakePxWeb
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read `fake.requests` instead."""

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    # -- dispatch ------------------------------------------------------------------
    def _handle(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        record = Record(method=method, kind=self._kind(method, path, parts.query), path=path)
        self.fake.requests.append(record)
        try:
            wait = self.fake._rate_limited()
            if wait is not None:
                after = self.fake.retry_after or str(max(1, math.ceil(wait)))
                record.status = 429
                self._send(429, b"Too Many Requests", "text/plain", {"Retry-After": after})
                return
            fault = self.fake._next_fault(record.kind)
            if fault is not None and fault.kind == "status":
                record.status = fault.status
                self._send(fault.status, fault.body, fault.content_type)
                return
            if fault is not None and fault.kind == "slow":
                self.fake.wait(fault.delay)
            if fault is not None and fault.kind == "hold":
                self.fake.wait_for_release()
            status, body, content_type = self._route(method, path, parts.query, raw_body, record)
            record.status = status
            self._deliver(status, body, content_type, fault)
        except _Problem as problem:
            record.status = problem.status
            self._problem(problem, path)
        except (BrokenPipeError, ConnectionResetError):
            pass

    @staticmethod
    def _kind(method: str, path: str, query: str) -> str:
        if path == f"{V2_ROOT}/config" or (path.startswith(V1_LANG_ROOT) and query == "config"):
            return "config"
        if path == f"{V2_ROOT}/tables":
            return "search"
        if path.startswith(f"{V2_ROOT}/tables/"):
            return {"metadata": "metadata", "data": "data"}.get(path.rsplit("/", 1)[1], "table")
        if path.startswith(V1_ROOT + "/"):
            return "data" if method == "POST" else "metadata"
        return "other"

    def _route(self, method, path, query, raw_body, record) -> tuple[int, bytes, str]:
        fake = self.fake
        if record.kind == "config":
            return 200, json.dumps(self._config(path)).encode(), JSON
        if path.startswith(V2_ROOT):
            return self._v2(method, path, query, raw_body, record)
        if path.startswith(V1_ROOT + "/"):
            table = fake.tables_v1.get(path[len(V1_ROOT) + 1 :])
            if table is None:
                raise _Problem(404, "Not Found", body=b"Resource not found")
            record.table = table.table_id
            if method == "GET":
                return 200, json.dumps(_v1_metadata(table), ensure_ascii=False).encode(), JSON
            return self._data(table, self._v1_selection(table, raw_body), record, v1=True)
        raise _Problem(404, "Not Found", f"no resource at {path}")

    def _config(self, path: str) -> dict[str, Any]:
        fake = self.fake
        if path.startswith(V1_LANG_ROOT):
            return {
                "maxValues": fake.max_cells,
                "maxCells": fake.max_cells,
                "maxCalls": fake.max_calls,
                "timeWindow": fake.window,
                "CORS": True,
            }
        return {
            "apiVersion": "2.1.0",
            "appVersion": "fake",
            "languages": [{"id": "sv", "label": "Svenska"}, {"id": "en", "label": "English"}],
            "defaultLanguage": "sv",
            "maxDataCells": fake.max_cells,
            "maxCallsPerTimeWindow": fake.max_calls,
            "timeWindow": fake.window,
            "defaultDataFormat": "json-stat2",
            "dataFormats": ["json-stat2", "csv", "px"],
        }

    def _v2(self, method, path, query, raw_body, record) -> tuple[int, bytes, str]:
        fake = self.fake
        if path == f"{V2_ROOT}/tables":
            text = (parse_qs(query).get("query") or [""])[0].casefold()
            found = [t for t in fake.tables.values() if text in t.label.casefold()]
            return 200, json.dumps(_search_result(found), ensure_ascii=False).encode(), JSON
        rest = path[len(f"{V2_ROOT}/tables/") :].split("/")
        table = fake.tables.get(rest[0])
        if table is None:
            raise _Problem(404, "Not Found", f"No table with id {rest[0]}")
        record.table = table.table_id
        if len(rest) == 1:
            return 200, json.dumps(_table_entry(table), ensure_ascii=False).encode(), JSON
        if rest[1] == "metadata":
            document = jsonstat_document(table, None)
            return 200, json.dumps(document, ensure_ascii=False).encode(), JSON
        if rest[1] == "data":
            params = parse_qs(query)
            if params.get("outputFormat", ["json-stat2"])[0] != "json-stat2":
                raise _Problem(400, "Unsupported output format")
            if method == "GET":
                if fake.max_get_url is not None and len(self.path) > fake.max_get_url:
                    raise _Problem(404, "Not Found")
                selection = self._get_selection(table, params)
            else:
                selection = self._post_selection(table, raw_body)
            return self._data(table, selection, record, v1=False)
        raise _Problem(404, "Not Found", f"no resource at {path}")

    # -- selections ------------------------------------------------------------------
    def _get_selection(self, table: FakeTable, params: dict[str, list[str]]) -> dict:
        raw = {
            key[len("valuecodes[") : -1]: values[0].split(",")
            for key, values in params.items()
            if key.startswith("valuecodes[") and key.endswith("]")
        }
        return self._checked(table, raw, v1=False)

    def _post_selection(self, table: FakeTable, raw_body: bytes) -> dict:
        try:
            items = json.loads(raw_body)["selection"]
            raw = {item["variableCode"]: list(item["valueCodes"]) for item in items}
        except (ValueError, KeyError, TypeError) as err:
            raise _Problem(400, "Bad Request", f"malformed selection: {err}") from err
        return self._checked(table, raw, v1=False)

    def _v1_selection(self, table: FakeTable, raw_body: bytes) -> dict:
        try:
            query = json.loads(raw_body)
            raw = {}
            for item in query["query"]:
                if item["selection"]["filter"] != "item":
                    raise _Problem(400, "Bad Request", body=b"only item filters are supported")
                raw[item["code"]] = list(item["selection"]["values"])
        except (ValueError, KeyError, TypeError) as err:
            raise _Problem(400, "Bad Request", body=b"Parameter error") from err
        return self._checked(table, raw, v1=True)

    def _checked(self, table: FakeTable, raw: dict[str, list[str]], v1: bool) -> dict:
        unknown = [code for code in raw if code not in table.codes]
        if unknown:
            raise _Problem(400, "Bad Request", f"Unknown variable {unknown[0]}")
        selection = {}
        for variable in table.variables:
            codes = raw.get(variable.code)
            if not codes:
                raise _Problem(400, "Bad Request", f"Mandatory variable {variable.code} missing")
            if len(set(codes)) != len(codes):
                raise _Problem(500, "", body=b"")
            bad = [c for c in codes if c not in variable.codes]
            if bad:
                raise _Problem(400, "Bad Request", f"Non-existent value {bad[0]}")
            selection[variable.code] = [c for c in variable.codes if c in set(codes)]
        cells = math.prod(len(c) for c in selection.values())
        if cells > self.fake.max_cells:
            if v1:
                body = json.dumps({"error": "Too many values selected"}).encode()
                raise _Problem(403, "Forbidden", body=body)
            raise _Problem(400, "Too many cells selected", f"{cells} > {self.fake.max_cells}")
        return selection

    def _data(self, table, selection, record, v1: bool) -> tuple[int, bytes, str]:
        record.selection = selection
        record.cells = math.prod(len(c) for c in selection.values())
        fake = self.fake
        key = (
            table.table_id,
            id(table),
            tuple(tuple(c) for c in selection.values()),
            fake.status_style,
        )
        body = fake.rendered(
            key,
            lambda: json.dumps(
                jsonstat_document(table, selection, fake.status_style), ensure_ascii=False
            ).encode(),
        )
        return 200, body, JSON

    # -- output ----------------------------------------------------------------------
    def _deliver(self, status: int, body: bytes, content_type: str, fault: Fault | None) -> None:
        if fault is None or fault.kind in ("ok", "slow", "hold"):
            self._send(status, body, content_type)
        elif fault.kind == "truncate":
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif fault.kind == "invalid_json":
            self._send(status, body[: len(body) // 2], content_type)
        elif fault.kind == "wrong_count":
            document = json.loads(body)
            document["value"] = document["value"][:-1]
            self._send(status, json.dumps(document).encode(), content_type)
        else:
            raise ValueError(f"unknown fault {fault.kind!r}")

    def _problem(self, problem: _Problem, path: str) -> None:
        if problem.body is not None:
            self._send(problem.status, problem.body, "text/plain" if problem.body else "")
            return
        body = {
            "type": "https://tools.ietf.org/html/rfc9110#section-15",
            "title": problem.title,
            "status": problem.status,
            "detail": problem.detail,
            "instance": path,
        }
        self._send(problem.status, json.dumps(body).encode(), PROBLEM)

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def _table_entry(table: FakeTable) -> dict[str, Any]:
    months = table.variable("Tid").codes
    return {
        "id": table.table_id,
        "label": table.label,
        "description": "",
        "updated": table.updated,
        "firstPeriod": months[0] if months else None,
        "lastPeriod": months[-1] if months else None,
        "category": "public",
        "variableNames": [v.text for v in table.variables],
        "discontinued": False,
        "source": "SCB",
        "subjectCode": "HE",
        "timeUnit": "Monthly",
        "paths": [[{"id": "HE", "label": "Hushållens ekonomi"}]],
        "links": [],
    }


def _search_result(tables: list[FakeTable]) -> dict[str, Any]:
    return {
        "language": "sv",
        "tables": [_table_entry(t) for t in tables],
        "page": {
            "pageNumber": 1,
            "pageSize": 100,
            "totalElements": len(tables),
            "totalPages": 1,
            "links": [],
        },
        "links": [],
    }
