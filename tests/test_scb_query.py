"""Splitting selections under PxWeb's cell limit: hand-computed cases and properties."""

from __future__ import annotations

import functools
import itertools
import json
import math
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from loaders.scb.api import MAX_GET_URL, make_api
from loaders.scb.query import (
    SplitError,
    SplitPlan,
    balanced_parts,
    count_cells,
    minimum_requests,
    plan_parts,
    plan_split,
    split_selection,
)


def selection_of(**sizes: int) -> dict[str, tuple[str, ...]]:
    return {name: tuple(f"{name}{i}" for i in range(n)) for name, n in sizes.items()}


def test_count_cells_is_the_product_of_value_counts():
    assert count_cells({"Region": ["00", "0114"], "Kon": ["1", "2", "TotSa"], "Tid": ["a"]}) == 6
    assert count_cells({"Region": [], "Tid": ["a"]}) == 0


def test_minimum_requests_is_cells_over_limit_rounded_up():
    assert minimum_requests(1944, 500) == 4
    assert minimum_requests(500, 500) == 1
    assert minimum_requests(501, 500) == 2
    assert minimum_requests(0, 500) == 0


def test_balanced_parts_are_contiguous_and_differ_by_at_most_one():
    assert balanced_parts(list("abcdefg"), 3) == [("a", "b", "c"), ("d", "e"), ("f", "g")]
    assert balanced_parts(list("ab"), 2) == [("a",), ("b",)]


def test_small_selection_is_not_split():
    assert plan_parts([6, 3, 2, 9, 6], 1944) == (1, 1, 1, 1, 1)


def test_tiny_he_table_needs_four_requests_of_at_most_500_cells():
    # 6 regions × 3 kön × 2 åldersgrupper × 9 contents × 6 months = 1 944 cells.
    # Cutting one variable cannot do it in 4: regions in 4 parts leave 2·324 = 648 cells,
    # months in 4 parts 2·324 = 648. Regions in 2 and months in 2: 3·3·2·9·3 = 486 cells.
    assert plan_parts([6, 3, 2, 9, 6], 500) == (1, 1, 2, 1, 2)


def test_full_tab1386_needs_the_minimum_of_16_requests():
    # 291 × 3 × 2 × 9 × 144 = 2 262 816 cells; 150 000 per request → at least 16.
    parts = plan_parts([291, 3, 2, 9, 144], 150_000)
    assert math.prod(parts) == 16
    # One more quarter (147 months: 2 310 174 cells) still fits in 16 by cutting two
    # variables, where cutting only the largest one (regions, 18 per request) needs 17.
    parts = plan_parts([291, 3, 2, 9, 147], 150_000)
    assert math.prod(parts) == 16
    assert math.ceil(291 / (150_000 // (3 * 2 * 9 * 147))) == 17


def test_one_cut_then_two_grids_reaches_the_minimum_where_no_grid_does():
    # TAB1386 over 156 months: 2 451 384 cells, at least 17 requests. The best grid needs
    # 18. Cutting off 7 regions (7·54·156 = 58 968 cells, one request) leaves 284 regions
    # as a 4 × 4 grid of 71 regions × 39 months (149 526 cells): 17.
    sizes = [291, 3, 2, 9, 156]
    assert math.prod(plan_parts(sizes, 150_000)) == 18
    plan = plan_split(sizes, 150_000)
    assert plan == SplitPlan((1, 1, 1, 1, 1), (0, 7), (4, 1, 1, 1, 4))
    assert plan.requests == 17 == minimum_requests(math.prod(sizes), 150_000)
    blocks = split_selection(selection_of(R=291, K=3, A=2, C=9, T=156), 150_000)
    assert len(blocks) == 17
    assert max(count_cells(b) for b in blocks) <= 150_000
    assert sum(count_cells(b) for b in blocks) == math.prod(sizes)


def test_a_grid_is_kept_when_it_reaches_the_minimum():
    assert plan_split([291, 3, 2, 9, 144], 150_000) == SplitPlan((1, 1, 1, 1, 16))


def test_among_equal_counts_fewer_variables_are_cut():
    assert plan_parts([4, 4], 8) == (1, 2)


def test_split_selection_covers_every_cell_once_in_row_major_order():
    selection = selection_of(A=3, B=2)
    blocks = split_selection(selection, 2)
    assert blocks == [
        {"A": ("A0",), "B": ("B0", "B1")},
        {"A": ("A1",), "B": ("B0", "B1")},
        {"A": ("A2",), "B": ("B0", "B1")},
    ]


def test_a_limit_below_one_cell_is_an_error():
    with pytest.raises(SplitError, match="at least 1"):
        plan_parts([3], 0)


def test_an_empty_variable_gives_one_empty_request():
    assert split_selection(selection_of(A=3, B=0), 2) == [{"A": ("A0", "A1", "A2"), "B": ()}]


@settings(max_examples=300, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=5),
    limit=st.integers(min_value=1, max_value=3000),
)
def test_split_never_exceeds_the_limit_and_covers_each_cell_once(sizes, limit):
    assume(math.prod(sizes) <= 20_000 and math.prod(sizes) / limit <= 2_000)
    selection = selection_of(**{f"V{i}": n for i, n in enumerate(sizes)})
    blocks = split_selection(selection, limit)
    assert all(count_cells(block) <= limit for block in blocks)
    cells = [combination for block in blocks for combination in _product(block)]
    assert len(cells) == len(set(cells)) == count_cells(selection)
    assert len(blocks) >= minimum_requests(count_cells(selection), limit)


@settings(max_examples=200, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=4),
    limit=st.integers(min_value=1, max_value=2000),
)
def test_plan_is_never_worse_than_cutting_the_largest_variable(sizes, limit):
    grid = math.prod(plan_parts(sizes, limit))
    ours = plan_split(sizes, limit).requests
    assert minimum_requests(math.prod(sizes), limit) <= ours <= grid
    assert grid <= _largest_first(tuple(sizes), limit)


def _product(block):
    return itertools.product(*(tuple((k, c) for c in v) for k, v in block.items()))


@functools.cache
def _largest_first(sizes: tuple[int, ...], limit: int) -> int:
    """pxwebpy's strategy: cut the largest variable, recurse while blocks are too big."""
    total = math.prod(sizes)
    if total <= limit or all(s == 1 for s in sizes):
        return 1
    largest = max(range(len(sizes)), key=lambda i: sizes[i])
    chunk = max(1, limit // (total // sizes[largest]))
    count = 0
    for start in range(0, sizes[largest], chunk):
        part = list(sizes)
        part[largest] = min(chunk, sizes[largest] - start)
        count += _largest_first(tuple(part), limit)
    return count


@settings(max_examples=150, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=5),
    limit=st.integers(min_value=1, max_value=20_000),
    code_length=st.integers(min_value=1, max_value=12),
    api=st.sampled_from(["v2", "v1"]),
)
def test_the_requests_sent_ask_for_each_cell_once_and_never_over_the_limit(
    sizes, limit, code_length, api
):
    """What goes over the wire (GET parameters or POST body), decoded again: each
    request's cells ≤ the limit, every cell of the selection asked for exactly once,
    long GET URLs POSTed instead."""
    assume(math.prod(sizes) <= 20_000 and math.prod(sizes) / limit <= 300)
    selection = {
        f"V{i}": tuple(f"{i}{j:0{code_length}d}" for j in range(n)) for i, n in enumerate(sizes)
    }
    client = make_api(api, "http://pxweb.invalid/api")
    seen: list[tuple[tuple[str, str], ...]] = []
    for block in split_selection(selection, limit):
        call = client.data_call("TAB1", block)
        asked = _decoded(call)
        assert asked == {v: list(c) for v, c in block.items()}
        assert count_cells(asked) <= limit
        if call.method == "GET":
            assert len(call.full_url) <= MAX_GET_URL
        seen.extend(_product(asked))
    assert len(seen) == len(set(seen)) == count_cells(selection)


def _decoded(call) -> dict[str, list[str]]:
    """The selection a data call asks for, read back from its URL or body."""
    if call.method == "GET":
        query = parse_qs(urlsplit(call.full_url).query)
        return {
            key[len("valuecodes[") : -1]: values[0].split(",")
            for key, values in query.items()
            if key.startswith("valuecodes[")
        }
    body = json.loads(json.dumps(call.body))
    if "selection" in body:
        return {s["variableCode"]: s["valueCodes"] for s in body["selection"]}
    return {q["code"]: q["selection"]["values"] for q in body["query"]}
