"""The app's shared view state: every session_state key and URL parameter, named once.

The selection (area, year, measure, kön) lives in `st.session_state` under the keys
below and is mirrored in the URL (`?region=2417&year=2018`), so a link reproduces the
view. This module is pure (no Streamlit): it parses URL parameters into a selection,
with a Swedish note for every parameter it had to replace, and turns a selection back
into parameters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from data.contract import SEX_TOTAL, SEXES
from data.regions import Regions
from metrics.labels import MEASURE_LABELS, SHARE_MEASURES, SUMMA

# session_state keys of the shared selection (also the URL parameter names)
REGION = "region"
YEAR = "year"
MEASURE = "measure"
SEX = "sex"
SELECTION_KEYS: tuple[str, ...] = (REGION, YEAR, MEASURE, SEX)

# other session_state keys
INITIALISED = "state.initialised"
URL_NOTES = "state.url_notes"
WIDGET_PREFIX = "widget."

# the Export page's widgets and the files it has made
EXPORT_YEARS = "export.years"
EXPORT_FORMAT = "export.format"
EXPORT_SECTIONS = "export.sections"
EXPORT_MEASURES = "export.measures"
EXPORT_FILE = "export.file"
EXPORT_CHART = "export.chart"
EXPORT_CHART_MEASURE = "export.chart_measure"
EXPORT_IMAGE_FORMAT = "export.image_format"
EXPORT_IMAGE = "export.image"

DEFAULT_REGION = "2417"
"""Norsjö: the kommun of the report we reproduce."""

MAX_SHOWN_PARAM = 40
"""How much of a rejected URL value is quoted back to the user."""


@dataclass(frozen=True)
class Selection:
    region: str
    year: int
    measure: str = SUMMA
    sex: str = SEX_TOTAL

    def with_region(self, region: str) -> Selection:
        return replace(self, region=region)


def widget_key(key: str) -> str:
    """The key of the widget that edits the session_state value `key`."""
    return f"{WIDGET_PREFIX}{key}"


def default_selection(regions: Regions, years: Sequence[int], default_year: int) -> Selection:
    region = DEFAULT_REGION if DEFAULT_REGION in regions else regions.kommuner[0].code
    return Selection(region=region, year=default_year if default_year in years else years[-1])


def escape_markdown(text: str) -> str:
    """User text made safe to show inside Streamlit markdown (no links, HTML, styling)."""
    special = "\\`*_{}[]()<>#+-.!|~$:"
    return "".join(f"\\{ch}" if ch in special else ch for ch in text)


def _quoted(value: str) -> str:
    shown = value if len(value) <= MAX_SHOWN_PARAM else value[:MAX_SHOWN_PARAM] + "…"
    return f"”{escape_markdown(shown)}”"


def _first(params: Mapping[str, str | Sequence[str]], key: str) -> str | None:
    value = params.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        value = value[0] if value else ""
    return value.strip()


def parse_selection(
    params: Mapping[str, str | Sequence[str]],
    regions: Regions,
    years: Sequence[int],
    default: Selection,
) -> tuple[Selection, list[str]]:
    """The selection a URL asks for, and a Swedish note per parameter that was replaced.

    A region may be given by code (`2417`) or by name (`Norsjö`). Unknown, malformed or
    out-of-range values fall back to the default; they never raise.
    """
    notes: list[str] = []
    selection = default

    region = _first(params, REGION)
    if region is not None:
        area = regions.find(region)
        if area is None:
            notes.append(
                f"Länkens område {_quoted(region)} finns inte – visar "
                f"{regions.name(default.region)} i stället."
            )
        else:
            selection = replace(selection, region=area.code)

    year = _first(params, YEAR)
    if year is not None:
        if year.isdigit() and len(year) == 4 and int(year) in years:
            selection = replace(selection, year=int(year))
        else:
            notes.append(
                f"Året {_quoted(year)} finns inte i data (som täcker {years[0]}–{years[-1]}) – "
                f"visar {default.year} i stället."
            )

    measure = _first(params, MEASURE)
    if measure is not None:
        if measure in SHARE_MEASURES:
            selection = replace(selection, measure=measure)
        else:
            notes.append(
                f"Måttet {_quoted(measure)} finns inte – visar "
                f"{MEASURE_LABELS[default.measure].lower()} i stället."
            )

    sex = _first(params, SEX)
    if sex is not None:
        if sex.upper() in SEXES:
            selection = replace(selection, sex=sex.upper())
        else:
            notes.append(f"Könet {_quoted(sex)} finns inte – visar totalt i stället.")

    return selection, notes


def selection_params(selection: Selection, default: Selection) -> dict[str, str]:
    """URL parameters for a selection; region and year always, the rest when not default."""
    params = {REGION: selection.region, YEAR: str(selection.year)}
    if selection.measure != default.measure:
        params[MEASURE] = selection.measure
    if selection.sex != default.sex:
        params[SEX] = selection.sex
    return params
