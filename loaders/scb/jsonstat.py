"""Unpack json-stat2 (what PxWeb answers) into a numpy cube, rejecting malformed input.

json-stat2 stores one flat `value` list, row-major over the dimensions in `id` (the
last one varies fastest), with each dimension's categories placed by `category.index`
(an object code → position, or an array of codes). Missing cells have `null` and, in
`status`, a symbol such as `..`; `value` and `status` may be arrays or sparse objects.
Anything that does not add up (a value count that differs from the product of `size`,
an index that is not a permutation, a non-numeric value) raises :class:`JsonStatError`,
so a damaged response can never become numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

MAX_CELLS = 20_000_000
"""The most cells a document may claim. PxWeb answers at most its cell limit (SCB:
150 000); a document claiming far more is broken, and a sparse `value` object for such
a cube would make the parser allocate gigabytes."""


class JsonStatError(ValueError):
    """A document is not valid json-stat2 (or not the dataset we can use)."""


@dataclass(frozen=True)
class Dimension:
    """One dimension: its id, label, and category codes and texts in index order."""

    code: str
    label: str
    codes: tuple[str, ...]
    texts: tuple[str, ...]
    category: Mapping[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.codes)


@dataclass(frozen=True)
class Cube:
    """A json-stat2 dataset: values shaped by its dimensions, NaN where missing."""

    dimensions: tuple[Dimension, ...]
    values: np.ndarray
    status: Mapping[int, str]
    updated: str | None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.dimensions)

    def dimension(self, code: str) -> Dimension:
        for dim in self.dimensions:
            if dim.code == code:
                return dim
        raise KeyError(code)


_NUMBER_TYPES = frozenset({int, float, type(None)})


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise JsonStatError(message)


def _category_codes(dim_id: str, category: Mapping[str, Any], size: int) -> tuple[str, ...]:
    index = category.get("index")
    labels = category.get("label")
    if index is None:
        _require(isinstance(labels, dict), f"dimension {dim_id!r} has neither index nor label")
        codes = tuple(labels)
    elif isinstance(index, list):
        _require(
            all(isinstance(c, str) for c in index), f"dimension {dim_id!r}: index codes not text"
        )
        codes = tuple(index)
    elif isinstance(index, dict):
        positions = list(index.values())
        _require(
            all(type(p) is int for p in positions)
            and sorted(positions) == list(range(len(positions))),
            f"dimension {dim_id!r}: index positions are not 0..{len(positions) - 1}",
        )
        codes = tuple(sorted(index, key=index.__getitem__))
    else:
        raise JsonStatError(f"dimension {dim_id!r}: index is neither an array nor an object")
    _require(len(set(codes)) == len(codes), f"dimension {dim_id!r} repeats a category code")
    _require(
        len(codes) == size,
        f"dimension {dim_id!r} has {len(codes)} categories but size says {size}",
    )
    return codes


def _dimension(dim_id: str, raw: object, size: int) -> Dimension:
    _require(isinstance(raw, dict), f"dimension {dim_id!r} is not an object")
    category = raw.get("category")
    _require(isinstance(category, dict), f"dimension {dim_id!r} has no category")
    codes = _category_codes(dim_id, category, size)
    labels = category.get("label") or {}
    _require(isinstance(labels, dict), f"dimension {dim_id!r}: category.label is not an object")
    texts = tuple(str(labels.get(code, code)) for code in codes)
    label = raw.get("label")
    return Dimension(
        code=dim_id,
        label=label if isinstance(label, str) else dim_id,
        codes=codes,
        texts=texts,
        category=category,
    )


def parse_dimensions(document: object) -> tuple[Dimension, ...]:
    """The dimensions of a json-stat2 dataset (values are not read: metadata has none)."""
    _require(isinstance(document, dict), "the document is not a JSON object")
    klass = document.get("class")
    _require(klass in (None, "dataset"), f"expected class 'dataset', got {klass!r}")
    ids, sizes, dimensions = document.get("id"), document.get("size"), document.get("dimension")
    _require(
        isinstance(ids, list) and all(isinstance(i, str) for i in ids), "'id' is not a list of text"
    )
    _require(len(set(ids)) == len(ids), "'id' repeats a dimension")
    _require(
        isinstance(sizes, list) and all(type(s) is int and s >= 0 for s in sizes),
        "'size' is not a list of non-negative integers",
    )
    _require(len(ids) == len(sizes), f"'id' has {len(ids)} entries but 'size' has {len(sizes)}")
    _require(isinstance(dimensions, dict), "'dimension' is not an object")
    missing = [i for i in ids if i not in dimensions]
    _require(not missing, f"'dimension' lacks {', '.join(missing)}")
    return tuple(_dimension(i, dimensions[i], s) for i, s in zip(ids, sizes, strict=True))


def _flat_values(raw: object, count: int) -> np.ndarray:
    if isinstance(raw, list):
        _require(
            len(raw) == count,
            f"value count {len(raw)} does not match the product of size ({count})",
        )
        kinds = set(map(type, raw))
        _require(kinds <= _NUMBER_TYPES, f"non-numeric value of type {_first_bad(kinds)}")
        try:
            return np.array(raw, dtype=np.float64) if raw else np.empty(0, dtype=np.float64)
        except OverflowError as err:
            raise JsonStatError("a value is too large for a number") from err
    if isinstance(raw, dict):
        values = np.full(count, np.nan)
        for key, value in raw.items():
            position = _position(key, count, "value")
            _require(type(value) in _NUMBER_TYPES, f"non-numeric value of type {type(value)}")
            try:
                values[position] = np.nan if value is None else float(value)
            except OverflowError as err:
                raise JsonStatError("a value is too large for a number") from err
        return values
    raise JsonStatError("'value' is neither an array nor an object")


def _first_bad(kinds: set[type]) -> str:
    return ", ".join(sorted(k.__name__ for k in kinds - _NUMBER_TYPES))


def _position(key: str, count: int, what: str) -> int:
    _require(
        isinstance(key, str) and key.isdigit() and int(key) < count,
        f"{what} key {key!r} is not a cell index below {count}",
    )
    return int(key)


def _status(raw: object, count: int) -> dict[int, str]:
    if raw is None:
        return {}
    if isinstance(raw, str):
        return dict.fromkeys(range(count), raw)
    if isinstance(raw, list):
        _require(len(raw) == count, f"status has {len(raw)} entries but there are {count} cells")
        return {i: s for i, s in enumerate(raw) if isinstance(s, str) and s}
    if isinstance(raw, dict):
        status = {}
        for key, symbol in raw.items():
            _require(isinstance(symbol, str), f"status {key!r} is not text")
            status[_position(key, count, "status")] = symbol
        return status
    raise JsonStatError("'status' is neither text, an array nor an object")


def parse_jsonstat2(document: object) -> Cube:
    """A json-stat2 dataset as a :class:`Cube`; raises :class:`JsonStatError` if malformed."""
    dimensions = parse_dimensions(document)
    assert isinstance(document, dict)
    shape = tuple(d.size for d in dimensions)
    count = math.prod(shape)
    _require(count <= MAX_CELLS, f"the dataset claims {count} cells, more than {MAX_CELLS}")
    _require("value" in document, "the dataset has no 'value'")
    values = _flat_values(document["value"], count)
    status = _status(document.get("status"), count)
    updated = document.get("updated")
    return Cube(
        dimensions=dimensions,
        values=values.reshape(shape),
        status=status,
        updated=updated if isinstance(updated, str) else None,
    )


def describe_codes(codes: Sequence[str], limit: int = 3) -> str:
    """A short description of a list of codes for messages: `0114, 0115 … 2584 (290)`."""
    if len(codes) <= limit:
        return ", ".join(codes)
    return f"{', '.join(codes[: limit - 1])} … {codes[-1]} ({len(codes)})"
