"""What a report or chart may be asked for, checked once for the app and the command line.

Every check raises :class:`ReportError` with one English sentence (printed by the
command line as `error: …`) and its Swedish counterpart `sv` (shown in the app), so a
wrong region, year, measure, kön, age group, section or file format reads the same
wherever it is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from pathlib import Path

from data.contract import SEXES
from data.regions import LEVEL_LAN, Regions
from metrics.labels import REPORT_ORDER, SHARE_MEASURES


class ReportError(ValueError):
    """A report that cannot be made as asked (unknown area, years outside the data …).

    `str(err)` is English for the command line; `err.sv` is the Swedish text for the app.
    """

    def __init__(self, message: str, sv: str) -> None:
        super().__init__(message)
        self.sv = sv


def check_region(regions: Regions, code: str) -> None:
    """A kommun, county, riket or förbund the model knows."""
    if code not in regions:
        raise ReportError(
            f"unknown region code {code!r}; use a kommun code (e.g. 2417), a county code "
            "(e.g. 24), 00 for riket or a förbund id (e.g. skelleftea-norsjo)",
            f"Okänt område: {code!r}.",
        )


def check_year(years: Sequence[int], year: int) -> None:
    """A year the dataset has."""
    if year not in years:
        span = f"{years[0]}–{years[-1]}" if years else "no years"
        raise ReportError(
            f"no data for year {year}; the dataset has {span}",
            f"Det finns inga uppgifter för {year}; data finns för {span}.",
        )


def check_span(years: Sequence[int], first: int, last: int) -> None:
    """Two years the dataset has, the first not after the last."""
    for year in (first, last):
        check_year(years, year)
    if first > last:
        raise ReportError(
            f"the first year ({first}) is after the last ({last})",
            f"Första året ({first}) ligger efter det sista ({last}).",
        )


def check_measure(measure: str) -> None:
    """Summa or one of the six systems."""
    if measure not in SHARE_MEASURES:
        raise ReportError(
            f"unknown measure {measure!r}; choose from {', '.join(SHARE_MEASURES)}",
            f"Okänt mått: {measure!r}.",
        )


def _check_chosen(
    chosen: Collection[str], known: Sequence[str], what: str, listed: Sequence[str], sv: str
) -> None:
    """At least one of `known` chosen, and nothing else."""
    unknown = [c for c in chosen if c not in known]
    if unknown or not chosen:
        raise ReportError(
            f"unknown {what}(s) {', '.join(unknown) or '(none given)'}; "
            f"choose from {', '.join(listed)}",
            sv,
        )


def check_measures(measures: Collection[str]) -> None:
    """At least one measure, each known."""
    _check_chosen(
        measures, SHARE_MEASURES, "measure", REPORT_ORDER, "Välj minst ett ersättningssystem."
    )


def check_sex(sex: str) -> None:
    """T, K or M."""
    if sex not in SEXES:
        raise ReportError(
            f"unknown sex {sex!r}; choose T (totalt), K (kvinnor) or M (män)",
            f"Okänt kön: {sex!r}.",
        )


def check_age_group(age_groups: Sequence[str], age_group: str) -> None:
    """An age group the dataset has."""
    if age_group not in age_groups:
        raise ReportError(
            f"no age group {age_group!r} in the data; it has {', '.join(age_groups)}",
            f"Åldersgruppen {age_group} finns inte i data.",
        )


def check_sections(sections: Collection[str], known: Sequence[str]) -> None:
    """At least one section, each one of `known` (the report's parts)."""
    _check_chosen(sections, known, "section", known, "Välj minst en av rapportens delar.")


def check_county(regions: Regions, code: str) -> None:
    """A county (län) code."""
    if code not in regions or regions[code].level != LEVEL_LAN:
        raise ReportError(
            f"unknown county code {code!r}; use a two-digit county code (e.g. 24)",
            f"Okänt län: {code!r}.",
        )


def format_of(
    path: str | os.PathLike[str], formats: Sequence[str], wanted: str | None = None
) -> str:
    """The format a file name asks for by its extension, one of `formats`.

    Given `wanted` (an explicit `--format`), the extension must be that format's, so a
    file named '.png' never holds a CSV table.
    """
    allowed = [wanted] if wanted else list(formats)
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in allowed:
        endings = ", ".join("." + f for f in allowed)
        raise ReportError(
            f"{path}: the file name must end in {endings}",
            f"Filnamnet måste sluta på {endings}.",
        )
    return suffix
