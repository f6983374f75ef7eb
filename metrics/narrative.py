"""Plain-Swedish sentences generated from the numbers, for readers who are not analysts.

Every sentence is built from figures passed in, so it is true for whatever area, year
and measure is shown; nothing here reads data.
"""

from __future__ import annotations

from dataclasses import dataclass

from metrics.swedish import format_number, format_percent

SAME_LEVEL_POINTS = 0.05
"""Differences smaller than this (in percentage points) are called 'about the same'."""


@dataclass(frozen=True)
class Comparison:
    """An area's share beside another area's share, in the same year."""

    name: str
    share: float | None


def compare_word(share: float, other: float) -> str:
    """'högre än', 'lägre än' or 'ungefär lika hög som', for two shares in %."""
    difference = share - other
    if abs(difference) < SAME_LEVEL_POINTS:
        return "ungefär lika hög som"
    return "högre än" if difference > 0 else "lägre än"


def change_sentence(share: float | None, previous: float | None, previous_year: int) -> str:
    """'Det är 0,4 procentenheter mer än 2024.' (or less, or unchanged); '' if unknown."""
    if share is None or previous is None:
        return ""
    difference = share - previous
    if abs(difference) < SAME_LEVEL_POINTS:
        return f"Det är ungefär samma nivå som {previous_year}."
    more_or_less = "mer" if difference > 0 else "mindre"
    points = format_number(abs(difference), 1)
    return f"Det är {points} procentenheter {more_or_less} än {previous_year}."


def level_sentence(
    area_name: str,
    year: int,
    share: float | None,
    comparisons: list[Comparison],
) -> str:
    """The total share in words, beside the comparison areas (county, riket).

    'År 2025 försörjdes motsvarande 14,1 % av invånarna 20–64 år i Norsjö av offentliga
    ersättningar. Andelen är högre än i Västerbottens län (13,2 %) och högre än i
    riket (12,5 %).'
    """
    if share is None:
        return f"För {area_name} saknas uppgifter för {year}."
    first = (
        f"År {year} försörjdes motsvarande {format_percent(share)} av invånarna 20–64 år i "
        f"{area_name} av offentliga ersättningar."
    )
    parts = [
        f"{compare_word(share, c.share)} i {c.name} ({format_percent(c.share)})"
        for c in comparisons
        if c.share is not None
    ]
    if not parts:
        return first
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]
    return f"{first} Andelen är {joined}."
