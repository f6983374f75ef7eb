"""json-stat2 → numpy cube: row-major values, index forms, statuses, and rejections."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.scb.jsonstat import JsonStatError, parse_dimensions, parse_jsonstat2

SAMPLES = Path(__file__).parent / "scb_samples"


def dataset(**overrides):
    """Region (2) × Tid (3): values 1..6 row-major, Tid fastest."""
    document = {
        "version": "2.0",
        "class": "dataset",
        "label": "test",
        "updated": "2026-01-01T00:00:00Z",
        "id": ["Region", "Tid"],
        "size": [2, 3],
        "dimension": {
            "Region": {
                "label": "region",
                "category": {"index": {"00": 0, "2417": 1}, "label": {"00": "Riket"}},
            },
            "Tid": {"label": "månad", "category": {"index": ["2014M01", "2014M02", "2014M03"]}},
        },
        "value": [1, 2, 3, 4, 5.5, None],
        "status": {"5": ".."},
    }
    document.update(overrides)
    return document


def test_values_are_row_major_with_the_last_dimension_fastest():
    cube = parse_jsonstat2(dataset())
    assert cube.ids == ("Region", "Tid")
    assert cube.values.shape == (2, 3)
    assert cube.values[0].tolist() == [1.0, 2.0, 3.0]
    assert cube.values[1, :2].tolist() == [4.0, 5.5]
    assert math.isnan(cube.values[1, 2])
    assert cube.status == {5: ".."}
    assert cube.updated == "2026-01-01T00:00:00Z"


def test_codes_follow_the_index_and_labels_default_to_codes():
    cube = parse_jsonstat2(dataset())
    region = cube.dimension("Region")
    assert region.codes == ("00", "2417")
    assert region.texts == ("Riket", "2417")
    assert cube.dimension("Tid").codes == ("2014M01", "2014M02", "2014M03")


def test_index_object_out_of_order_places_codes_by_position():
    document = dataset()
    document["dimension"]["Region"]["category"]["index"] = {"2417": 1, "00": 0}
    assert parse_jsonstat2(document).dimension("Region").codes == ("00", "2417")


def test_status_as_array_and_as_single_text():
    cube = parse_jsonstat2(dataset(status=[None, None, None, None, None, ".."]))
    assert cube.status == {5: ".."}
    cube = parse_jsonstat2(dataset(status="p"))
    assert cube.status == dict.fromkeys(range(6), "p")


def test_sparse_value_object_leaves_other_cells_missing():
    cube = parse_jsonstat2(dataset(value={"0": 7, "4": 8.5}))
    assert cube.values[0, 0] == 7.0
    assert cube.values[1, 1] == 8.5
    assert int(np.isnan(cube.values).sum()) == 4


def test_single_category_without_index_uses_the_label():
    document = dataset(size=[1, 3], value=[1, 2, 3], status=None)
    document["dimension"]["Region"]["category"] = {"label": {"00": "Riket"}}
    assert parse_jsonstat2(document).dimension("Region").codes == ("00",)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"value": [1, 2, 3, 4, 5]}, "value count 5 does not match the product of size \\(6\\)"),
        ({"value": [1, 2, 3, 4, 5, 6, 7]}, "value count 7"),
        ({"value": [1, 2, 3, 4, 5, ".."]}, "non-numeric value of type str"),
        ({"value": [1, 2, 3, 4, 5, True]}, "non-numeric value of type bool"),
        ({"size": [2, 4]}, "dimension 'Tid' has 3 categories but size says 4"),
        ({"size": [2]}, "'id' has 2 entries but 'size' has 1"),
        ({"id": ["Region", "Region"]}, "repeats a dimension"),
        ({"id": ["Region", "Kon"]}, "'dimension' lacks Kon"),
        ({"class": "collection"}, "expected class 'dataset'"),
        ({"status": {"9": ".."}}, "status key '9' is not a cell index below 6"),
        ({"status": [".."]}, "status has 1 entries"),
        ({"value": {"x": 1}}, "value key 'x'"),
        ({"value": "1,2"}, "neither an array nor an object"),
    ],
)
def test_malformed_documents_are_rejected_with_a_reason(overrides, message):
    with pytest.raises(JsonStatError, match=message):
        parse_jsonstat2(dataset(**overrides))


def test_index_that_is_not_a_permutation_is_rejected():
    document = dataset()
    document["dimension"]["Region"]["category"]["index"] = {"00": 0, "2417": 2}
    with pytest.raises(JsonStatError, match=r"index positions are not 0\.\.1"):
        parse_jsonstat2(document)


def test_missing_value_is_rejected_but_metadata_has_dimensions_only():
    document = dataset()
    del document["value"]
    with pytest.raises(JsonStatError, match="no 'value'"):
        parse_jsonstat2(document)
    assert [d.code for d in parse_dimensions(document)] == ["Region", "Tid"]


def test_not_an_object_is_rejected():
    with pytest.raises(JsonStatError, match="not a JSON object"):
        parse_jsonstat2([1, 2])


def test_real_scb_response_parses():
    cube = parse_jsonstat2(json.loads((SAMPLES / "TAB6471_data.json").read_text()))
    assert cube.values.shape == (21, 11, 3, 1, 4)
    # Stockholms län, 0-9 år, totalt, 2026M01 is the first value of the file.
    assert cube.values[0, 0, 0, 0, 0] == 245284.0
    # The fifth value is the next kön (män) at the same region, age and first month.
    assert cube.values[0, 0, 1, 0, 0] == 125373.0
    assert cube.dimension("Kon").codes == ("TotSa", "1", "2")


@st.composite
def documents(draw):
    sizes = draw(st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=4))
    count = math.prod(sizes)
    ids = [f"D{i}" for i in range(len(sizes))]
    dimensions = {}
    for dim, size in zip(ids, sizes, strict=True):
        codes = [f"{dim}c{j}" for j in range(size)]
        order = draw(st.permutations(range(size)))
        index = (
            {code: order[j] for j, code in enumerate(codes)}
            if draw(st.booleans())
            else [codes[k] for k in order]
        )
        dimensions[dim] = {"category": {"index": index}}
    cell = st.one_of(st.none(), st.integers(-(10**6), 10**6), st.floats(allow_nan=False))
    length = draw(st.one_of(st.just(count), st.integers(0, count + 2)))
    values = draw(st.lists(cell, min_size=length, max_size=length))
    missing = [i for i, v in enumerate(values) if v is None]
    status = draw(
        st.sampled_from(
            [
                None,
                {str(i): ".." for i in missing},
                [".." if v is None else None for v in values],
            ]
        )
    )
    document = {"id": ids, "size": sizes, "dimension": dimensions, "value": values}
    if status is not None:
        document["status"] = status
    return document


@settings(max_examples=300, deadline=None)
@given(documents())
def test_random_documents_parse_correctly_or_fail_with_our_error(document):
    sizes = document["size"]
    try:
        cube = parse_jsonstat2(document)
    except JsonStatError:
        assert len(document["value"]) != math.prod(sizes) or isinstance(
            document.get("status"), list
        )
        return
    assert len(document["value"]) == math.prod(sizes)
    flat = cube.values.ravel()
    for position, value in enumerate(document["value"]):
        if value is None:
            assert math.isnan(flat[position])
        else:
            assert flat[position] == float(value)
    for dim, size in zip(document["id"], sizes, strict=True):
        index = document["dimension"][dim]["category"]["index"]
        expected = index if isinstance(index, list) else sorted(index, key=index.get)
        assert list(cube.dimension(dim).codes) == expected
        assert cube.dimension(dim).size == size


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=3),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    ["id", "size", "dimension", "value", "status", "category", "index", "0"]
                ),
                inner,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_arbitrary_json_never_raises_anything_but_our_error(document):
    try:
        cube = parse_jsonstat2(document)
    except JsonStatError as err:
        assert str(err)
    else:
        assert cube.values.size == math.prod(document["size"])


def test_a_document_claiming_a_huge_cube_is_refused_before_anything_is_allocated():
    codes = {d: [f"{d}{i}" for i in range(3000)] for d in ("A", "B", "C")}
    document = {
        "id": list(codes),
        "size": [3000, 3000, 3000],
        "dimension": {d: {"category": {"index": c}} for d, c in codes.items()},
        "value": {},
    }
    with pytest.raises(JsonStatError, match="claims 27000000000 cells, more than 20000000"):
        parse_jsonstat2(document)


SYMBOLS = st.sampled_from(["..", ".", "-", "p", "r", "", "…", "\u00a0"])


@st.composite
def documents_with_statuses(draw):
    """A valid cube with statuses in any of json-stat2's forms, or a broken status."""
    sizes = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    count = math.prod(sizes)
    ids = [f"D{i}" for i in range(len(sizes))]
    dimensions = {
        d: {"category": {"index": [f"{d}{j}" for j in range(n)]}}
        for d, n in zip(ids, sizes, strict=True)
    }
    values = draw(st.lists(st.none() | st.floats(0, 1e6), min_size=count, max_size=count))
    form = draw(st.sampled_from(["none", "text", "array", "object", "bad key", "bad symbol"]))
    if form == "text":
        status = draw(SYMBOLS)
    elif form == "array":
        status = draw(st.lists(st.none() | SYMBOLS, min_size=count, max_size=count))
    elif form == "object":
        status = draw(st.dictionaries(st.integers(0, count - 1).map(str), SYMBOLS))
    elif form == "bad key":
        status = {draw(st.sampled_from([str(count), "-1", "x", "1.0"])): ".."}
    elif form == "bad symbol":
        status = {"0": draw(st.integers() | st.none() | st.lists(st.text(max_size=2)))}
    else:
        status = None
    document = {"id": ids, "size": sizes, "dimension": dimensions, "value": values}
    if status is not None:
        document["status"] = status
    return document, form


@settings(max_examples=200, deadline=None)
@given(documents_with_statuses())
def test_statuses_in_every_form_are_read_and_broken_ones_refused(case):
    document, form = case
    count = math.prod(document["size"])
    try:
        cube = parse_jsonstat2(document)
    except JsonStatError as err:
        assert form in ("bad key", "bad symbol"), err
        return
    assert form not in ("bad key", "bad symbol")
    status = document.get("status")
    if isinstance(status, str):
        assert cube.status == dict.fromkeys(range(count), status)
    elif isinstance(status, list):
        assert cube.status == {i: s for i, s in enumerate(status) if s}
    elif isinstance(status, dict):
        assert cube.status == {int(k): v for k, v in status.items()}
    else:
        assert cube.status == {}
    flat = cube.values.ravel()
    assert [math.isnan(v) for v in flat] == [v is None for v in document["value"]]


@settings(max_examples=100, deadline=None)
@given(
    sizes=st.lists(st.integers(0, 6) | st.integers(0, 10**7), min_size=1, max_size=4),
    sparse=st.booleans(),
)
def test_any_claimed_size_gives_a_cube_or_our_error_never_a_memory_error(sizes, sparse):
    """The categories must match the sizes; a document may still lie about them."""
    ids = [f"D{i}" for i in range(len(sizes))]
    shown = [min(n, 5) for n in sizes]
    dimensions = {
        d: {"category": {"index": [f"{d}{j}" for j in range(n)]}}
        for d, n in zip(ids, shown, strict=True)
    }
    document = {
        "id": ids,
        "size": sizes,
        "dimension": dimensions,
        "value": {} if sparse else [1.0] * min(math.prod(shown), 50),
    }
    try:
        cube = parse_jsonstat2(document)
    except JsonStatError as err:
        assert str(err)
    else:
        assert cube.values.shape == tuple(sizes)
        assert sizes == shown
        assert sparse or math.prod(sizes) <= 50
