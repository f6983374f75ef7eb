"""Selections of value codes, and splitting them so no request exceeds the cell limit.

A selection is an ordered mapping variable code → value codes; the request for it
returns the product of those codes' counts in cells. PxWeb refuses a request over its
`maxDataCells`, so a large selection is cut into a grid of blocks: every variable is
cut into a few contiguous, balanced parts, and every combination of parts is one
request. :func:`plan_parts` chooses the number of parts per variable that gives the
fewest requests (it searches all grids, so it is never worse than cutting only the
largest variable, which is what pxwebpy does).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

Selection = dict[str, tuple[str, ...]]


class SplitError(ValueError):
    """A selection cannot be split under the given cell limit."""


def count_cells(selection: Mapping[str, Sequence[str]]) -> int:
    """Cells a request for `selection` returns: the product of the value counts."""
    return math.prod(len(codes) for codes in selection.values())


def minimum_requests(cells: int, max_cells: int) -> int:
    """The lower bound on requests for `cells` cells: no split can do better."""
    return max(1, math.ceil(cells / max_cells)) if cells else 0


def _chunk_sizes(size: int) -> list[int]:
    """Distinct block lengths ceil(size / k) for k = 1..size, longest first."""
    return sorted({math.ceil(size / k) for k in range(1, size + 1)}, reverse=True)


def plan_parts(sizes: Sequence[int], max_cells: int) -> tuple[int, ...]:
    """Parts per variable such that each block has at most `max_cells` cells.

    Minimises the number of requests (the product of the parts); among equal counts it
    prefers cutting fewer variables, then cutting later variables (earlier ones stay
    whole). Raises :class:`SplitError` if `max_cells` is below 1.
    """
    if max_cells < 1:
        raise SplitError(f"the cell limit must be at least 1, got {max_cells}")
    if any(size < 0 for size in sizes):
        raise SplitError(f"negative variable size in {list(sizes)}")
    if 0 in sizes or math.prod(sizes) <= max_cells:
        return tuple(1 for _ in sizes)
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], -i))
    best: list[tuple[tuple[int, int, tuple[int, ...]], tuple[int, ...]]] = []

    def rank(parts: tuple[int, ...]) -> tuple[int, int, tuple[int, ...]]:
        return (math.prod(parts), sum(p > 1 for p in parts), parts)

    def search(depth: int, budget: int, parts: list[int]) -> None:
        if depth == len(order):
            candidate = tuple(parts)
            if not best or rank(candidate) < best[0][0]:
                best[:] = [(rank(candidate), candidate)]
            return
        index = order[depth]
        rest = math.prod(sizes[i] for i in order[depth + 1 :])
        requests_so_far = math.prod(parts[i] for i in order[:depth])
        for length in _chunk_sizes(sizes[index]):
            if length > budget:
                continue
            count = math.ceil(sizes[index] / length)
            bound = requests_so_far * count * math.ceil(rest / (budget // length))
            if best and bound > best[0][0][0]:
                continue
            parts[index] = count
            search(depth + 1, budget // length, parts)
            parts[index] = 1

    search(0, max_cells, [1] * len(sizes))
    return best[0][1]


def balanced_parts(codes: Sequence[str], parts: int) -> list[tuple[str, ...]]:
    """`codes` cut into `parts` contiguous blocks whose lengths differ by at most one."""
    size, extra = divmod(len(codes), parts)
    blocks, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        blocks.append(tuple(codes[start:end]))
        start = end
    return blocks


def split_selection(selection: Mapping[str, Sequence[str]], max_cells: int) -> list[Selection]:
    """`selection` as a grid of blocks of at most `max_cells` cells, in row-major order."""
    variables = list(selection)
    parts = plan_parts([len(selection[v]) for v in variables], max_cells)
    blocks_per_variable = [
        balanced_parts(tuple(selection[v]), p) for v, p in zip(variables, parts, strict=True)
    ]
    return [
        dict(zip(variables, combination, strict=True))
        for combination in itertools.product(*blocks_per_variable)
    ]
