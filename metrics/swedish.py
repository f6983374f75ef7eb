"""Swedish number formats: decimal comma, space as thousands separator, ' %'.

Swedish typography separates thousands and the per cent sign with a space; we use the
no-break space (U+00A0) so '12,3 %' and '1 234' never wrap across lines.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

NBSP = "\u00a0"
MINUS = "−"
"""U+2212, the typographic minus sign used in Swedish print."""


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


_SWEDISH_DIGITS = str.maketrans({",": NBSP, ".": ","})


def _swedish(value: float, decimals: int) -> str:
    text = f"{abs(value):,.{decimals}f}".translate(_SWEDISH_DIGITS)
    if value < 0 and text.strip("0,\u00a0"):
        return MINUS + text
    return text


def format_number(value: float | None, decimals: int = 0, missing: str = "–") -> str:
    """1234.5 → '1 234,5' (with decimals=1); None/NaN → `missing`."""
    if _is_missing(value):
        return missing
    return _swedish(value, decimals)


def format_percent(value: float | None, decimals: int = 1, missing: str = "–") -> str:
    """12.345 → '12,3 %'."""
    if _is_missing(value):
        return missing
    return f"{_swedish(value, decimals)}{NBSP}%"


def format_numbers(
    values: Iterable[float | None], decimals: int = 0, missing: str = "–"
) -> list[str]:
    """:func:`format_number` of many values at once (a chart's points: no call per value
    beyond the formatting itself)."""
    return [missing if v is None or v != v else _swedish(v, decimals) for v in values]


def format_percents(
    values: Iterable[float | None], decimals: int = 1, missing: str = "–"
) -> list[str]:
    """:func:`format_percent` of many values at once."""
    suffix = f"{NBSP}%"
    return [missing if v is None or v != v else _swedish(v, decimals) + suffix for v in values]


POINTS_SHORT = "p.e."
"""'procentenheter' where the room is a card's width; the card's help spells it out."""


def format_points(
    value: float | None, decimals: int = 1, missing: str = "–", *, short: bool = False
) -> str:
    """A difference in percentage points with an explicit sign: 1.25 → '+1,3 procentenheter'
    (with `short`, '+1,3 p.e.')."""
    if _is_missing(value):
        return missing
    sign = "+" if round(value, decimals) > 0 else ""
    unit = POINTS_SHORT if short else "procentenheter"
    return f"{sign}{format_number(value, decimals)} {unit}"


def format_signed(value: float | None, decimals: int = 1, missing: str = "–") -> str:
    """A difference with an explicit sign: 1.26 → '+1,3', -0.3 → '−0,3', 0 → '0,0'."""
    if _is_missing(value):
        return missing
    sign = "+" if round(value, decimals) > 0 else ""
    return f"{sign}{format_number(value, decimals)}"


_SWEDISH_LETTER_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})
"""Characters that sort right after 'z' in code point order, in Swedish alphabet order."""


def swedish_sort_key(text: str) -> str:
    """A sort key that puts å, ä, ö after z, in that order, as Swedish lists do."""
    return text.casefold().translate(_SWEDISH_LETTER_ORDER)


MONTH_NAMES: tuple[str, ...] = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def format_date(value: date) -> str:
    """date(2026, 6, 8) → '8 juni 2026'."""
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def as_of_text(as_of: str) -> str:
    """An as-of date of 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' in words: '2023', 'januari
    2015', '1 januari 2022'."""
    parts = [int(p) for p in as_of.split("-")]
    if len(parts) == 3:
        return format_date(date(*parts))
    if len(parts) == 2:
        return format_month(date(parts[0], parts[1], 1))
    return str(parts[0])


def format_month(value: date) -> str:
    """date(2025, 9, 1) → 'september 2025'."""
    return month_text(value.year, value.month)


def month_text(year: int, month: int) -> str:
    """(2025, 9) → 'september 2025'."""
    return f"{MONTH_NAMES[month - 1]} {year}"
