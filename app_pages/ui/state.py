"""The app's shared view state: every session_state key and URL parameter, named once.

The selection (area, year, measure, kön, kind of period, age group, compared areas,
chosen county, one or all systems) lives in `st.session_state` under the keys below
and is mirrored in the URL (`?region=2417&year=2018&freq=month`), so a link reproduces
the view. This module is pure (no Streamlit): it parses URL parameters into a
selection, with a Swedish note for every parameter it had to replace, and turns a
selection back into parameters.

URL parameters (region and year always written, the rest only when not the default):

    region   area code or name: 2417, Norsjö, 24, 00          (default Norsjö)
    year     2014 …                                           (latest complete year)
    measure  summa or a system: sjukpenning, ekonomiskt_bistand, …   (summa)
    sex      T, K or M (K and M only with age 20-64)          (T)
    freq     year, month or rolling12                         (year)
    age      20-64 or an age band in the data: 20-29, …       (20-64)
    compare  up to six areas, comma-separated: 2417,24,00     (the area, its county, riket)
    county   the county shown on Länet for riket: 24          (the area's own county)
    systems  one or all (Ersättningssystem page)              (one)

The page is the path: /, /ersattningssystem, /lanet, /jamfor, /om-data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from data.contract import AGE_TOTAL, SEX_TOTAL, SEXES
from data.regions import LEVEL_FORBUND, LEVEL_LAN, Regions
from metrics.labels import FREQUENCY_LABELS, MEASURE_LABELS, SHARE_MEASURES, SUMMA, age_label
from metrics.periods import FREQUENCIES
from metrics.periods import YEAR as YEARLY
from metrics.views import county_code_of

# session_state keys of the shared selection (also the URL parameter names)
REGION = "region"
YEAR = "year"
MEASURE = "measure"
SEX = "sex"
FREQ = "freq"
AGE = "age"
COMPARE = "compare"
COUNTY = "county"
SYSTEMS = "systems"
SELECTION_KEYS: tuple[str, ...] = (REGION, YEAR, MEASURE, SEX, FREQ, AGE, COMPARE, COUNTY, SYSTEMS)

ONE_SYSTEM = "one"
ALL_SYSTEMS = "all"
SYSTEM_VIEWS: tuple[str, ...] = (ONE_SYSTEM, ALL_SYSTEMS)
"""The Ersättningssystem page shows the chosen system, or all of them as the report does."""

MAX_COMPARED = 6
"""At most this many areas on the Jämför page's chart (more lines cannot be told apart)."""

# other session_state keys
INITIALISED = "state.initialised"
URL_NOTES = "state.url_notes"
WIDGET_PREFIX = "widget."

# Områden and Målgrupper: user-defined areas and the target-group pages
AREA = "area"
"""URL parameter of a user-defined area: kommun codes, '~', name ('2482.2417~Mitt förbund');
see :func:`data.areas.link_text`. A link with it selects that area."""
LINK_AREAS = "areas.from_links"
VISITOR_AREAS = "areas.visitor"
"""The areas this visitor saved: in this session only, never in a file."""
OPERATOR = "areas.operator"
"""True once this session unlocked operator mode with the secret."""
AREA_CONFIRM = "areas.confirm"
"""The id of the area whose "Ta bort" was clicked and awaits confirmation."""
AREA_UNDO = "areas.last_deleted"
"""The last deleted area (and whether it was shared), until it is restored or replaced."""
OPERATOR_PASSWORD = "areas.operator_password"
OPERATOR_FAILURES = "areas.operator_failures"
"""Wrong operator passwords in this session: how many, and when the last one was given."""
AREA_FLASH = "areas.flash"
AREA_NAME = "areas.name"
AREA_KOMMUNER = "areas.kommuner"
AREA_SUBMIT = "areas.submit"
TARGET_REFERENCE = "targets.reference"
TARGET_VALUE = "targets.value"
TARGET_GROUP = "targets.group"
TARGET_MEASURE = "targets.measure"
TARGET_FREQUENCY = "targets.frequency"
TARGET_MEMBERS = "targets.members"
TARGET_COMPARISON = "targets.comparison"
CHANGE_GROUP = "targets.change_group"
CHANGE_FROM = "targets.change_from"
COMPARABLES_PREFIX = "targets.comparables."


def comparables_key(area_code: str) -> str:
    """The session key of the comparable kommuner chosen for one area."""
    return f"{COMPARABLES_PREFIX}{area_code}"


BENEFITS_MEMBERS = "benefits.members"
"""Ersättningssystem: show each kommun of an area made of kommuner as a thin line."""
COMPARE_MEMBERS = "compare.members"
"""Jämför: the button that adds the area's kommuner to the compared areas."""

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
EXPORT_JOB = "export.job"
"""The visitor's report in the export queue (a ticket and what it was made for)."""
IMAGE_JOB = "export.image_job"
JOB_OWNER = "jobs.owner"
"""This session's name in the export queue (one job per visitor)."""

DEFAULT_REGION = "2417"
"""Norsjö: the kommun of the report we reproduce."""

MAX_SHOWN_PARAM = 40
"""How much of a rejected URL value is quoted back to the user."""
MAX_PARAM_LENGTH = 200
"""Longest URL value read (an area's name, the longest, has 60 characters); a longer one
is refused as a whole, unread. The `area` parameter has its own, larger bound
(:data:`data.areas.MAX_LINK`)."""
MAX_PARAM_VALUES = 20
"""Most values of a repeated or comma-separated parameter read (`compare` takes six)."""
MAX_SHOWN_VALUES = 3
"""Rejected values quoted in the one note of a parameter; the rest are counted."""


@dataclass(frozen=True)
class Selection:
    """What the user looks at. Field names are the session_state keys and URL parameters.

    `compare` empty means "the area, its county and riket" (see :func:`compared_areas`);
    `county` empty means "the area's own county" (see :func:`shown_county`).
    """

    region: str
    year: int
    measure: str = SUMMA
    sex: str = SEX_TOTAL
    freq: str = YEARLY
    age: str = AGE_TOTAL
    compare: tuple[str, ...] = ()
    county: str = ""
    systems: str = ONE_SYSTEM

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
    return value[: MAX_PARAM_LENGTH + 1].strip()


def _all_values(params: Mapping[str, str | Sequence[str]], key: str) -> tuple[list[str], bool]:
    """The first :data:`MAX_PARAM_VALUES` values of a parameter given as a list, repeated,
    or comma-separated, and whether there were more (never all read: a link may hold
    50 000)."""
    value = params.get(key)
    if value is None:
        return [], False
    values = [value] if isinstance(value, str) else list(value)
    parts: list[str] = []
    for v in values:
        for part in v[: (MAX_PARAM_LENGTH + 1) * (MAX_PARAM_VALUES + 1)].split(","):
            if not part.strip():
                continue
            if len(parts) == MAX_PARAM_VALUES:
                return parts, True
            parts.append(part.strip()[: MAX_PARAM_LENGTH + 1])
    return parts, False


def _listed_values(values: Sequence[str], more: bool) -> str:
    """'”a”, ”b” och ”c”' or '”a”, ”b”, ”c” och fler': one note for many values."""
    distinct = list(dict.fromkeys(values))
    shown = [_quoted(v) for v in distinct[:MAX_SHOWN_VALUES]]
    if more or len(distinct) > len(shown):
        return f"{', '.join(shown)} och fler"
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} och {shown[-1]}"


def parse_selection(
    params: Mapping[str, str | Sequence[str]],
    regions: Regions,
    years: Sequence[int],
    default: Selection,
    age_groups: Sequence[str] = (AGE_TOTAL,),
) -> tuple[Selection, list[str]]:
    """The selection a URL asks for, and a Swedish note per parameter that was replaced.

    A region may be given by code (`2417`) or by name (`Norsjö`), and so may compared
    areas (`compare=2417,24,00`) and the county. Unknown, malformed or out-of-range
    values fall back to the default; they never raise. Kön exists only for 20–64 år, so
    an age band with kvinnor or män falls back to totalt.
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

    selection = _parse_period_and_group(params, selection, default, age_groups, notes)
    selection = _parse_areas(params, selection, regions, notes)
    return selection, notes


def _parse_period_and_group(
    params: Mapping[str, str | Sequence[str]],
    selection: Selection,
    default: Selection,
    age_groups: Sequence[str],
    notes: list[str],
) -> Selection:
    freq = _first(params, FREQ)
    if freq is not None:
        if freq in FREQUENCIES:
            selection = replace(selection, freq=freq)
        else:
            notes.append(
                f"Perioden {_quoted(freq)} finns inte – visar "
                f"{FREQUENCY_LABELS[default.freq].lower()} i stället."
            )

    age = _first(params, AGE)
    if age is not None:
        if age in age_groups:
            selection = replace(selection, age=age)
        else:
            notes.append(
                f"Åldersgruppen {_quoted(age)} finns inte i data – visar "
                f"{age_label(default.age)} i stället."
            )
    if selection.age != AGE_TOTAL and selection.sex != SEX_TOTAL:
        notes.append(
            f"Uppdelning på kön finns bara för {age_label(AGE_TOTAL)} – visar båda könen "
            f"för {age_label(selection.age)}."
        )
        selection = replace(selection, sex=SEX_TOTAL)

    systems = _first(params, SYSTEMS)
    if systems is not None:
        if systems in SYSTEM_VIEWS:
            selection = replace(selection, systems=systems)
        else:
            notes.append(f"Visningen {_quoted(systems)} finns inte – visar ett system i taget.")
    return selection


def _parse_areas(
    params: Mapping[str, str | Sequence[str]],
    selection: Selection,
    regions: Regions,
    notes: list[str],
) -> Selection:
    compared: list[str] = []
    unknown: list[str] = []
    values, more = _all_values(params, COMPARE)
    for value in values:
        area = regions.find(value) if len(value) <= MAX_PARAM_LENGTH else None
        if area is None:
            unknown.append(value)
        elif area.code not in compared:
            compared.append(area.code)
    if unknown:
        notes.append(
            f"Jämförelseområdet {_quoted(unknown[0])} finns inte och visas inte."
            if len(set(unknown)) == 1 and not more
            else f"Jämförelseområdena {_listed_values(unknown, more)} finns inte eller "
            "ryms inte och visas inte."
        )
    if len(compared) > MAX_COMPARED or (more and not unknown):
        notes.append(f"Högst {MAX_COMPARED} områden kan jämföras – visar de {MAX_COMPARED} första.")
    selection = replace(selection, compare=tuple(compared[:MAX_COMPARED]))

    county = _first(params, COUNTY)
    if county is not None:
        area = regions.find(county)
        if area is not None and area.level == LEVEL_LAN:
            selection = replace(selection, county=area.code)
        else:
            notes.append(f"Länet {_quoted(county)} finns inte – visar ett län ur listan.")
    return selection


def compared_areas(selection: Selection, regions: Regions) -> list[str]:
    """The areas on the Jämför page: those chosen, or the area, its county and riket."""
    if selection.compare:
        return list(selection.compare)
    codes = [selection.region, county_code_of(regions, selection.region), regions.riket.code]
    return list(dict.fromkeys(code for code in codes if code))


def shown_county(selection: Selection, regions: Regions) -> str:
    """The county on the Länet page: the area's own, else the chosen one, else the
    county of the area's first kommun (a förbund across counties), else the first."""
    own = county_code_of(regions, selection.region)
    if own:
        return own
    if selection.county in regions:
        return selection.county
    area = regions[selection.region]
    if area.level == LEVEL_FORBUND and area.members:
        first = regions[area.members[0]].county_code
        if first in regions:
            return first
    return regions.counties[0].code


def clicked_region(event: Mapping | None, allowed: Sequence[str]) -> str | None:
    """The area code of the bar a user clicked in a chart, or None.

    `event` is Streamlit's plotly selection state (`{"selection": {"points": [...]}}`);
    the county chart's bars sit on a category axis of kommun codes, so a point's `y` is
    the code. Anything else (no point, a code not in `allowed`) gives None.
    """
    if not event:
        return None
    points = (event.get("selection") or {}).get("points") or []
    for point in points:
        code = str(point.get("y", ""))
        if code in allowed:
            return code
    return None


def selection_params(selection: Selection, default: Selection) -> dict[str, str]:
    """URL parameters for a selection; region and year always, the rest when not default."""
    params = {REGION: selection.region, YEAR: str(selection.year)}
    for key in (MEASURE, SEX, FREQ, AGE, COUNTY, SYSTEMS):
        value = getattr(selection, key)
        if value != getattr(default, key):
            params[key] = value
    if selection.compare:
        params[COMPARE] = ",".join(selection.compare)
    return params
