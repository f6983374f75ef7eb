"""SCB's codes and labels → the codes of our data contract, by their texts.

SCB's content codes are opaque (`0000018J`) and may change between tables and API
versions, so contents are recognised by their texts, tolerant of SCB's own spelling
("aktivitetsersersättning"), dashes, soft hyphens, spacing and case. Everything that is
not recognised raises :class:`MappingError` naming it: an unknown or missing content
must stop the fetch, never become a silent zero.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date

from data.contract import POPULATION

CHECK_TOTAL = "check_total"
"""SCB's "Summa helårsekvivalenter": compared with our sum of the six systems."""
CHECK_SHARE = "check_share"
"""SCB's "Andel av befolkningen": compared with our sum ÷ population."""

ROLE_REGION = "region"
ROLE_SEX = "sex"
ROLE_AGE = "age"
ROLE_CONTENTS = "contents"
ROLE_TIME = "time"

CONTENT_TEXTS: dict[str, str] = {
    "Sjukpenning": "sjukpenning",
    "Sjuk- och aktivitetsersättning": "sjuk_och_aktivitetsersattning",
    "Arbetslöshetsersättning": "arbetsloshetsersattning",
    "Arbetsmarknadsåtgärder": "arbetsmarknadsatgarder",
    "Ekonomiskt bistånd": "ekonomiskt_bistand",
    "Etableringsersättning": "etableringsersattning",
    "Summa helårsekvivalenter": CHECK_TOTAL,
    "Folkmängd": POPULATION,
    "Andel av befolkningen": CHECK_SHARE,
}
"""The nine contents of SCB's HE tables, by the text SCB shows (minus SCB's typo)."""

_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_MONTH = re.compile(r"^(\d{4})M(0[1-9]|1[0-2])$")
_AGE = re.compile(r"(\d{2})\s*-\s*(\d{2})")
_REGION = re.compile(r"^(00|\d{4})$")


class MappingError(ValueError):
    """SCB's metadata has a value we cannot map to the data contract."""


def normalize_label(text: str) -> str:
    """Casefolded, dashes unified, invisible characters dropped, spaces collapsed."""
    folded = unicodedata.normalize("NFC", text).casefold()
    folded = _INVISIBLE.sub("", _DASHES.sub("-", folded))
    return " ".join(folded.split())


def _compact(text: str) -> str:
    """The letters and digits of a normalised label, SCB's 'ersersättning' repaired."""
    letters = re.sub(r"[^\w]", "", normalize_label(text).replace("-", ""))
    return letters.replace("ersersättning", "ersättning")


_CONTENT_KEYS: tuple[tuple[str, str], ...] = tuple(
    sorted(((_compact(t), name) for t, name in CONTENT_TEXTS.items()), key=lambda kv: -len(kv[0]))
)


def content_name(text: str) -> str | None:
    """Our name for a content text (`"Sjuk- och aktivitetsersersättning"` → ...), or None.

    A text matches a known content if, compacted, it starts with the known text:
    `"Folkmängd 20-64 år"` is `population`.
    """
    compact = _compact(text)
    for key, name in _CONTENT_KEYS:
        if compact.startswith(key):
            return name
    return None


def map_contents(codes: Sequence[str], texts: Sequence[str]) -> dict[str, str]:
    """Content code → our measure (or a check), requiring each of the nine exactly once."""
    mapping: dict[str, str] = {}
    seen: dict[str, str] = {}
    for code, text in zip(codes, texts, strict=True):
        name = content_name(text)
        if name is None:
            raise MappingError(f"unknown content {text!r} (code {code})")
        if name in seen:
            raise MappingError(f"contents {seen[name]!r} and {text!r} both mean {name}")
        seen[name] = text
        mapping[code] = name
    missing = [t for t, name in CONTENT_TEXTS.items() if name not in seen]
    if missing:
        raise MappingError(f"missing content(s): {', '.join(repr(m) for m in missing)}")
    return mapping


_SEX_CODES = {"totsa": "T", "1+2": "T", "t": "T", "1": "M", "2": "K"}


def sex_code(code: str, text: str) -> str | None:
    """T/K/M for a kön value, by its text first (`totalt`, `kvinnor`, `män`), then its code."""
    words = normalize_label(text).replace(",", " ").split()
    if words and (words[0] in {"totalt", "samtliga", "båda"} or "totalt" in words):
        return "T"
    if "kvinnor" in words and "män" not in words:
        return "K"
    if "män" in words and "kvinnor" not in words:
        return "M"
    return _SEX_CODES.get(code.casefold())


def map_sex(codes: Sequence[str], texts: Sequence[str]) -> dict[str, str]:
    """Kön code → T/K/M; an unknown or repeated kön is an error."""
    mapping: dict[str, str] = {}
    for code, text in zip(codes, texts, strict=True):
        sex = sex_code(code, text)
        if sex is None:
            raise MappingError(f"unknown kön {text!r} (code {code})")
        if sex in mapping.values():
            raise MappingError(f"two kön values mean {sex}: {text!r} (code {code}) is the second")
        mapping[code] = sex
    return mapping


def age_group(code: str, text: str) -> str | None:
    """`20-64` for a code or text that names an age range like `20-64` or `20–64 år`."""
    for candidate in (code, text):
        found = _AGE.search(normalize_label(candidate))
        if found:
            return f"{found.group(1)}-{found.group(2)}"
    return None


def map_ages(codes: Sequence[str], texts: Sequence[str]) -> dict[str, str]:
    """Ålder code → age group; an unknown or repeated group is an error."""
    mapping: dict[str, str] = {}
    for code, text in zip(codes, texts, strict=True):
        group = age_group(code, text)
        if group is None:
            raise MappingError(f"unknown age group {text!r} (code {code})")
        if group in mapping.values():
            raise MappingError(f"two age values mean {group}: {text!r} (code {code})")
        mapping[code] = group
    return mapping


def month_of(code: str) -> date:
    """SCB's month code `2014M01` → 2014-01-01."""
    found = _MONTH.fullmatch(code)
    if not found:
        raise MappingError(f"unknown month {code!r} (expected like 2014M01)")
    return date(int(found.group(1)), int(found.group(2)), 1)


def is_contract_region(code: str) -> bool:
    """Riket `00` or a kommun (four digits); län and other areas are pooled by us."""
    return _REGION.fullmatch(code) is not None


def variable_role(code: str, *, is_time: bool, is_contents: bool) -> str | None:
    """Which of our roles a table variable plays, by its code (and the API's roles)."""
    folded = code.casefold()
    if is_contents or folded == "contentscode":
        return ROLE_CONTENTS
    if is_time or folded == "tid":
        return ROLE_TIME
    if folded == "region":
        return ROLE_REGION
    if folded == "kon":
        return ROLE_SEX
    if folded.startswith("alder"):
        return ROLE_AGE
    return None


def assign_roles(variables: Mapping[str, tuple[bool, bool]]) -> dict[str, str]:
    """Role → variable code for a table's variables (code → (is_time, is_contents)).

    Region, contents and time are required, kön and ålder optional; an unknown or a
    repeated role is an error.
    """
    roles: dict[str, str] = {}
    for code, (is_time, is_contents) in variables.items():
        role = variable_role(code, is_time=is_time, is_contents=is_contents)
        if role is None:
            raise MappingError(f"unknown variable {code!r}")
        if role in roles:
            raise MappingError(f"variables {roles[role]!r} and {code!r} both look like {role}")
        roles[role] = code
    missing = [r for r in (ROLE_REGION, ROLE_CONTENTS, ROLE_TIME) if r not in roles]
    if missing:
        raise MappingError(f"no variable for {', '.join(missing)}")
    return roles
