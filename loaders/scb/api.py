"""What differs between PxWeb API v2 and v1: URLs, request bodies, config and metadata.

Pure functions and small value classes only; `http` sends the :class:`Call` objects
built here. Both flavours are turned into the same :class:`Limits` and
:class:`TableMeta`, so everything after this module is API-independent.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from loaders.scb.jsonstat import JsonStatError, parse_dimensions
from loaders.scb.mapping import normalize_label

V2 = "v2"
V1 = "v1"
DEFAULT_BASE_URLS: dict[str, str] = {
    V2: "https://statistikdatabasen.scb.se/api/v2",
    V1: "https://api.scb.se/OV0104/v1/doris/sv/ssd",
}
KON_TABLE: dict[str, str] = {V2: "TAB1386", V1: "START/HE/HE0112/HE0000T02N2"}
"""SCB's HE table by region, kön and åldersgrupp, monthly (required)."""
AGE_TABLE_V1 = "START/HE/HE0000/HE0000T01N"
"""SCB's HE table by region and ålder in API v1 (optional; its v2 id is searched for)."""
AGE_TABLE_SEARCH = "helårsekvivalenter"
LANGUAGE = "sv"
"""Contents are mapped by their Swedish texts, so every request asks for Swedish."""
MAX_GET_URL = 1000
"""Longer data requests are POSTed: SCB has answered very long GET URLs with 404."""


class ApiFormatError(ValueError):
    """A config, metadata or search document is not what the API should answer."""


@dataclass(frozen=True)
class Limits:
    """The API's limits: cells per request, and calls per time window (seconds)."""

    max_cells: int
    max_calls: int
    window: float


@dataclass(frozen=True)
class Call:
    """One HTTP request: method, URL, query parameters and JSON body."""

    method: str
    url: str
    params: tuple[tuple[str, str], ...] = ()
    body: Mapping[str, Any] | None = None

    @property
    def full_url(self) -> str:
        return f"{self.url}?{urlencode(self.params)}" if self.params else self.url

    def describe(self) -> str:
        return f"{self.method} {self.full_url}"


@dataclass(frozen=True)
class Variable:
    code: str
    text: str
    codes: tuple[str, ...]
    texts: tuple[str, ...]
    is_time: bool = False
    is_contents: bool = False


@dataclass(frozen=True)
class TableMeta:
    """A table's variables (in the API's order), label, update stamp and decimals."""

    table_id: str
    label: str
    updated: str | None
    variables: tuple[Variable, ...]
    decimals: Mapping[str, int] = field(default_factory=dict)

    def variable(self, code: str) -> Variable:
        for variable in self.variables:
            if variable.code == code:
                return variable
        raise KeyError(code)


def _positive_int(doc: Mapping[str, Any], key: str, *, allow_zero: bool = False) -> int:
    value = doc.get(key)
    if type(value) is not int or value < (0 if allow_zero else 1):
        raise ApiFormatError(f"the API's config has no valid {key} (got {value!r})")
    return value


def _window(doc: Mapping[str, Any], key: str) -> float:
    value = doc.get(key)
    if type(value) not in (int, float) or not math.isfinite(value) or value <= 0:
        raise ApiFormatError(f"the API's config has no valid {key} (got {value!r})")
    return float(value)


def _require_object(doc: object, what: str) -> Mapping[str, Any]:
    if not isinstance(doc, dict):
        raise ApiFormatError(f"the {what} is not a JSON object")
    return doc


class V2Api:
    """PxWeb API v2 (`/config`, `/tables/{id}/metadata`, `/tables/{id}/data`)."""

    name = V2

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def config_call(self) -> Call:
        return Call("GET", f"{self.base_url}/config")

    def parse_limits(self, doc: object) -> Limits:
        config = _require_object(doc, "config")
        return Limits(
            max_cells=_positive_int(config, "maxDataCells"),
            max_calls=_positive_int(config, "maxCallsPerTimeWindow", allow_zero=True),
            window=_window(config, "timeWindow"),
        )

    def metadata_call(self, table_id: str) -> Call:
        return Call("GET", f"{self.base_url}/tables/{table_id}/metadata", (("lang", LANGUAGE),))

    def parse_metadata(self, table_id: str, doc: object) -> TableMeta:
        meta = _require_object(doc, "metadata")
        try:
            dimensions = parse_dimensions(meta)
        except JsonStatError as err:
            raise ApiFormatError(f"the metadata is not json-stat2: {err}") from err
        role = meta.get("role") if isinstance(meta.get("role"), dict) else {}
        time_ids = set(role.get("time") or ())
        metric_ids = set(role.get("metric") or ())
        decimals: dict[str, int] = {}
        for dim in dimensions:
            if dim.code in metric_ids:
                for code, unit in (dim.category.get("unit") or {}).items():
                    if isinstance(unit, dict) and type(unit.get("decimals")) is int:
                        decimals[code] = unit["decimals"]
        label, updated = meta.get("label"), meta.get("updated")
        return TableMeta(
            table_id=table_id,
            label=label if isinstance(label, str) else table_id,
            updated=updated if isinstance(updated, str) else None,
            variables=tuple(
                Variable(
                    code=d.code,
                    text=d.label,
                    codes=d.codes,
                    texts=d.texts,
                    is_time=d.code in time_ids,
                    is_contents=d.code in metric_ids,
                )
                for d in dimensions
            ),
            decimals=decimals,
        )

    def data_call(self, table_id: str, selection: Mapping[str, Sequence[str]]) -> Call:
        """GET with `valuecodes[...]` when the URL is short, else POST the selection."""
        url = f"{self.base_url}/tables/{table_id}/data"
        params = (("lang", LANGUAGE), ("outputFormat", "json-stat2"))
        get = Call(
            "GET",
            url,
            params + tuple((f"valuecodes[{v}]", ",".join(c)) for v, c in selection.items()),
        )
        if len(get.full_url) <= MAX_GET_URL:
            return get
        body = {
            "selection": [{"variableCode": v, "valueCodes": list(c)} for v, c in selection.items()]
        }
        return Call("POST", url, params, body)

    def search_call(self) -> Call:
        return Call(
            "GET",
            f"{self.base_url}/tables",
            (("query", AGE_TABLE_SEARCH), ("lang", LANGUAGE), ("pageSize", "100")),
        )

    def pick_age_table(self, doc: object, kon_table: str) -> str | None:
        """The HE table by ålder among search results: monthly, with ålder but no kön.

        Several matches → the one with the latest last period (then the highest id).
        """
        result = _require_object(doc, "table search result")
        tables = result.get("tables")
        if not isinstance(tables, list):
            raise ApiFormatError("the table search result has no list of tables")
        candidates = []
        for table in tables:
            if not isinstance(table, dict) or table.get("id") == kon_table:
                continue
            names = [normalize_label(str(n)) for n in table.get("variableNames") or ()]
            label = normalize_label(str(table.get("label", "")))
            has_age = any(n.startswith("ålder") for n in names)
            has_sex = any(n.startswith("kön") for n in names)
            if has_age and not has_sex and AGE_TABLE_SEARCH in label and "månad" in names:
                candidates.append((str(table.get("lastPeriod", "")), str(table.get("id"))))
        return max(candidates)[1] if candidates else None


class V1Api:
    """PxWeb API v1 (`?config`, GET a table path for metadata, POST it for data)."""

    name = V1

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def config_call(self) -> Call:
        """`…/doris/sv/?config`: the config sits at the language level, above `ssd`."""
        return Call("GET", f"{self.base_url.rsplit('/', 1)[0]}/?config")

    def parse_limits(self, doc: object) -> Limits:
        config = _require_object(doc, "config")
        cells = [_positive_int(config, k) for k in ("maxValues", "maxCells") if k in config]
        if not cells:
            raise ApiFormatError("the API's config has neither maxValues nor maxCells")
        return Limits(
            max_cells=min(cells),
            max_calls=_positive_int(config, "maxCalls", allow_zero=True),
            window=_window(config, "timeWindow"),
        )

    def metadata_call(self, table_id: str) -> Call:
        return Call("GET", f"{self.base_url}/{table_id}")

    def parse_metadata(self, table_id: str, doc: object) -> TableMeta:
        meta = _require_object(doc, "metadata")
        raw_variables = meta.get("variables")
        if not isinstance(raw_variables, list):
            raise ApiFormatError("the metadata has no list of variables")
        variables = []
        for raw in raw_variables:
            if not isinstance(raw, dict) or not isinstance(raw.get("code"), str):
                raise ApiFormatError("a variable in the metadata has no code")
            codes, texts = raw.get("values"), raw.get("valueTexts", raw.get("values"))
            if not (
                isinstance(codes, list)
                and isinstance(texts, list)
                and len(codes) == len(texts)
                and all(isinstance(c, str) for c in (*codes, *texts))
            ):
                raise ApiFormatError(f"variable {raw['code']!r} has malformed values")
            variables.append(
                Variable(
                    code=raw["code"],
                    text=str(raw.get("text", raw["code"])),
                    codes=tuple(codes),
                    texts=tuple(texts),
                    is_time=bool(raw.get("time")),
                    is_contents=raw["code"] == "ContentsCode",
                )
            )
        title = meta.get("title")
        return TableMeta(
            table_id=table_id,
            label=title if isinstance(title, str) else table_id,
            updated=None,
            variables=tuple(variables),
        )

    def data_call(self, table_id: str, selection: Mapping[str, Sequence[str]]) -> Call:
        body = {
            "query": [
                {"code": v, "selection": {"filter": "item", "values": list(c)}}
                for v, c in selection.items()
            ],
            "response": {"format": "json-stat2"},
        }
        return Call("POST", f"{self.base_url}/{table_id}", (), body)


PxApi = V2Api | V1Api


def make_api(name: str, base_url: str | None = None) -> PxApi:
    """The API flavour `name` (`v2` or `v1`) at `base_url` (default: SCB's)."""
    if name not in DEFAULT_BASE_URLS:
        raise ValueError(f"unknown API version {name!r}; expected v2 or v1")
    url = base_url or DEFAULT_BASE_URLS[name]
    return V2Api(url) if name == V2 else V1Api(url)
