"""Swedish words said once, for every layer (this is the lowest that needs them)."""

from __future__ import annotations

from collections.abc import Sequence

SOFT_HYPHEN = "\u00ad"
"""Where a long word may break with a hyphen if, and only if, the line is too narrow."""


def swedish_list(items: Sequence[str]) -> str:
    """'a', 'a och b', 'a, b och c' (no comma before 'och', as Swedish writes it)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]
