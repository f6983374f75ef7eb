"""The pages' charts and summaries, built once per dataset and selection.

Each function cuts a table from the model (:mod:`metrics.model`), draws it with a
builder from `charts/` and pairs it with its download table from
:mod:`exports.tables`. Results are cached for the process with `st.cache_resource`
(shared by all sessions, never copied), keyed on the dataset, the areas shown (see
:func:`_key`) and the selection, so a rerun with the same selection only sends the
finished figure again. Nothing here mutates a cached figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

from app_pages.ui.chart import ChartView
from app_pages.ui.data import AppData
from charts.compare import compare_chart
from charts.county import county_chart
from charts.distribution import distribution_chart
from charts.funnel import funnel_chart
from charts.profile import profile_chart
from charts.targets import change_chart, matrix_chart, needs_chart
from charts.theme import source_text
from charts.trend import gender_trend_chart, trend_chart
from data.areas import shipped_membership
from data.contract import AGE_TOTAL, SEX_TOTAL
from data.regions import LEVEL_FORBUND, LEVEL_LAN, Regions
from data.text import swedish_list
from exports.tables import (
    compare_download,
    county_download,
    distribution_download,
    funnel_download,
    profile_download,
    trend_download,
)
from exports.targets import (
    areas_download,
    comparables_download,
    decomposition_download,
    matrix_download,
    ranking_download,
    share_headers,
)
from metrics.beside import Beside, beside_of
from metrics.comparables import comparison_trend, member_trends, suggest_comparables
from metrics.labels import MEASURE_LABELS, age_label
from metrics.narrative import (
    Comparison,
    change_base_year,
    chart_description,
    reading_example,
    summary_sentences,
)
from metrics.news import news_sentences
from metrics.periods import MONTH, YEAR
from metrics.swedish import MINUS, POINTS_SHORT, as_of_text, format_percent, format_points
from metrics.targets import Group, group_change, rank_needs, references_of, target_matrix
from metrics.views import compare_table

ENTRIES = 32
"""Cached results per function: enough for a meeting's worth of areas and options. Most
are small (a profile 0.05 MiB, a county chart 0.1, a funnel 0.26, a month comparison
0.36: measured #18), so 32 of each hold a few MiB."""
cached = st.cache_resource(max_entries=ENTRIES, show_spinner=False)
"""The decorator of every view here: kept for the process, shared by all sessions,
:data:`ENTRIES` per function, no spinner (a view is quick once the model is built)."""
TREND_ENTRIES = 12
"""Cached trend figures per function (kind of trend chart): fewer than :data:`ENTRIES`,
as "alla system" draws six per area; 12 are "alla system" of the two latest areas (a
month chart is 0.1–0.2 MiB). Measured (#18): with 64, ten areas' trend figures held
~45 MiB."""
cached_trend = st.cache_resource(max_entries=TREND_ENTRIES, show_spinner=False)
PROFILE_HEIGHT = 500
"""The profile's seven rows and notes fill this; the 16:9 default leaves a gap."""


def _key(app: AppData, *codes: str) -> tuple:
    """The dataset and the areas a view shows, as they are defined now.

    An area counts by its code, name and member kommuner, so an area redefined under
    the same code (a samordningsförbund someone edited) never gets a chart drawn for
    its old definition.
    """
    regions = app.regions
    return (app.stamp, *((c, regions[c].name, hash(regions[c].members)) for c in codes))


def _source(app: AppData) -> str:
    return source_text(app.provenance)


def beside(app: AppData, area: str) -> Beside:
    """What is drawn beside an area: its county, riket, its kommuner to mark, the source
    (:mod:`metrics.beside`, the rule the report follows too)."""
    return beside_of(app.regions, area, _source(app))


@cached_trend
def _trend(
    _app: AppData, key: tuple, area: str, measure: str, age: str, freq: str, members: bool
) -> ChartView:
    model, around = _app.model, beside(_app, area)
    trend = model.trend(area, measure, (SEX_TOTAL,), age, freq)
    figure = trend_chart(
        trend,
        area_name=around.area.name,
        measure=measure,
        county_name=around.county_name,
        age_group=age,
        frequency=freq,
        compare_riket=around.compare_riket,
        member_lines=(
            member_trends(model, area, measure, SEX_TOTAL, age, frequency=freq) if members else None
        ),
        source=around.source,
    )
    return ChartView(figure, partial(trend_download, trend, freq))


def trend_view(
    app: AppData,
    area: str,
    measure: str,
    age: str = AGE_TOTAL,
    freq: str = YEAR,
    members: bool = False,
) -> ChartView:
    """Diagramtyp 1: the area beside its county's mean, riket and the kommun band; with
    `members`, each kommun of an area made of kommuner as a thin line."""
    return _trend(app, _key(app, area), area, measure, age, freq, members)


@cached_trend
def _gender(_app: AppData, key: tuple, area: str, measure: str, freq: str) -> ChartView:
    around = beside(_app, area)
    trend = _app.model.trend(area, measure, ("K", "M"), AGE_TOTAL, freq)
    figure = gender_trend_chart(
        trend,
        area_name=around.area.name,
        measure=measure,
        frequency=freq,
        compare_riket=around.compare_riket,
        source=around.source,
    )
    return ChartView(figure, partial(trend_download, trend, freq))


def gender_view(app: AppData, area: str, measure: str, freq: str = YEAR) -> ChartView:
    """Diagramtyp 2: kvinnor and män of the area beside riket's (20–64 år only)."""
    return _gender(app, _key(app, area), area, measure, freq)


@cached
def _profile(_app: AppData, key: tuple, area: str, year: int) -> ChartView:
    profile = _app.model.profile(area, [year])
    figure = profile_chart(
        profile,
        area_name=_app.regions.name(area),
        period=year,
        source=_source(_app),
        height=PROFILE_HEIGHT,
    )
    return ChartView(figure, partial(profile_download, profile))


def profile_view(app: AppData, area: str, year: int) -> ChartView:
    """The försörjningsprofil of one area and year."""
    return _profile(app, _key(app, area), area, year)


@cached
def _distribution(_app: AppData, key: tuple, area: str, year: int) -> ChartView:
    distribution = _app.model.distribution(area, year)
    figure = distribution_chart(
        distribution, area_name=_app.regions.name(area), period=year, source=_source(_app)
    )
    return ChartView(figure, partial(distribution_download, distribution))


def distribution_view(app: AppData, area: str, year: int) -> ChartView:
    """How the area's HE split over the six systems, for kvinnor and män."""
    return _distribution(app, _key(app, area), area, year)


@cached
def _county(
    _app: AppData, key: tuple, county: str, year: int, age: str, highlight: tuple[str, ...]
) -> ChartView:
    table = _app.model.county_kommuner(county, year, age_group=age)
    figure = county_chart(
        table,
        county_name=_app.regions.name(county),
        period=year,
        highlight=highlight,
        age_group=age,
        source=_source(_app),
    )
    return ChartView(figure, partial(county_download, table))


def county_view(
    app: AppData,
    county: str,
    year: int,
    age: str = AGE_TOTAL,
    highlight: Sequence[str] = (),
) -> ChartView:
    """The county's kommuner as stacked bars by system, the kommuner in `highlight` (one,
    or a förbund's) brought forward."""
    return _county(app, _key(app, county), county, year, age, tuple(highlight))


def members_note(
    app: AppData, area: str, marked: Sequence[str], year: int, age: str = AGE_TOTAL
) -> str:
    """Which kommuner of an area made of kommuner the county chart marks, and the area's
    own share: 'Samordningsförbundet Skellefteå-Norsjö: områdets kommuner i länet,
    Skellefteå och Norsjö, är markerade med ▶. Området som helhet: 10,1 % (2024).'"""
    regions = app.regions
    share = app.model.share(area, year, age_group=age)
    ages = "" if age == AGE_TOTAL else f"{age_label(age)}, "
    whole = (
        f" Området som helhet: {format_percent(share)} ({ages}{year})." if share is not None else ""
    )
    membership = membership_note(area)
    source = f" {membership}" if membership else ""
    if not marked:
        return (
            f"{regions.name(area)}: ingen av områdets kommuner ligger i det här länet."
            f"{whole}{source}"
        )
    names = swedish_list([regions.name(code) for code in marked])
    return (
        f"{regions.name(area)}: områdets kommuner i länet, {names}, är markerade med ▶. "
        "Länets kommuner jämförs var för sig; området räknas ihop av sina kommuner."
        f"{whole}{source}"
    )


@cached
def _compare(
    _app: AppData,
    key: tuple,
    areas: tuple[str, ...],
    measure: str,
    sex: str,
    age: str,
    freq: str,
) -> ChartView:
    table = compare_table(_app.model.tables(freq), _app.regions, areas, measure, sex, age)
    figure = compare_chart(
        table, measure=measure, sex=sex, age_group=age, frequency=freq, source=_source(_app)
    )
    return ChartView(figure, partial(compare_download, table, freq))


def compare_view(
    app: AppData,
    areas: Sequence[str],
    measure: str,
    sex: str = SEX_TOTAL,
    age: str = AGE_TOTAL,
    freq: str = YEAR,
) -> ChartView:
    """Up to six areas on one line chart."""
    return _compare(app, _key(app, *areas), tuple(areas), measure, sex, age, freq)


@cached
def _funnel(
    _app: AppData,
    key: tuple,
    year: int,
    measure: str,
    sex: str,
    age: str,
    highlight: tuple[str, ...],
) -> ChartView:
    funnel = _app.model.funnel(year, measure, sex, age)
    figure = funnel_chart(
        funnel,
        measure=measure,
        period_text=str(year),
        sex=sex,
        age_group=age,
        highlight=highlight,
        source=_source(_app),
    )
    return ChartView(figure, partial(funnel_download, funnel))


def funnel_view(
    app: AppData,
    year: int,
    measure: str,
    sex: str = SEX_TOTAL,
    age: str = AGE_TOTAL,
    highlight: Sequence[str] = (),
) -> ChartView:
    """Every kommun against riket with control limits (the trattdiagram), the kommuner
    in `highlight` marked; its download is the funnel's own table."""
    return _funnel(app, (app.stamp,), year, measure, sex, age, tuple(highlight))


@dataclass(frozen=True)
class Card:
    """A headline figure: 'Norsjö 2024', '12,5 %', '+1,0 p.e. mot 2023'.

    `steady` is True when the change rounds to 0,0 (shown without an arrow or colour);
    `help` says how the figure is counted (:func:`card_help`).
    """

    label: str
    value: str
    delta: str | None
    steady: bool = False
    help: str = ""


@dataclass(frozen=True)
class Overview:
    """What the start page says about an area in words and headline figures.

    `note` explains how an area made of kommuner (a samordningsförbund or an own area)
    is counted and compared; empty for a kommun, a county and riket.
    """

    sentences: tuple[str, ...]
    cards: tuple[Card, ...]
    note: str = ""


def area_note(regions: Regions, code: str, county_code: str | None) -> str:
    """How an area made of kommuner is counted, what it is compared with, and that its
    class comes from the kommun thresholds ('' for a kommun, a county or riket)."""
    area = regions[code]
    if area.level != LEVEL_FORBUND:
        return ""
    names = [regions.name(m) for m in area.members if m in regions]
    compared = (
        f"Området jämförs med {regions.name(county_code)}, där kommunerna ligger."
        if county_code
        else "Kommunerna ligger i olika län, så området jämförs bara med riket."
    )
    membership = membership_note(code)
    return (
        f"{area.name} räknas ihop av {swedish_list(names)}: summan av kommunernas "
        f"helårsekvivalenter delat med summan av deras folkmängd 20–64 år. {compared} "
        "Färgen och symbolen placerar området mot samma gränser som landets kommuner "
        "(högsta 25 %, mellersta 50 %, lägsta 25 %), fast området inte är en kommun."
        + (f" {membership}" if membership else "")
    )


def membership_note(code: str) -> str:
    """Where a shipped förbund's members come from, and that they count for every year
    ('' for any other area): 'Medlemmarna enligt sofsv.se … (1 januari 2022). Dagens
    medlemmar används för alla år, även år innan en kommun gick med.'"""
    membership = shipped_membership(code)
    if membership is None:
        return ""
    partly = (
        " Medlemskapet är härlett ur källan, inte hämtat ur en aktuell förteckning."
        if membership.confidence == "medium"
        else ""
    )
    return (
        f"Medlemmarna enligt {membership.source} ({as_of_text(membership.as_of)}).{partly} "
        "Dagens medlemmar används för alla år, även år innan en kommun gick med."
    )


SHARE_HELP = (
    "Andel av befolkningen 20–64 år som försörjs av offentliga ersättningar "
    "(helårsekvivalenter ÷ folkmängd 20–64 år)."
)


def card_help(regions: Regions, code: str) -> str:
    """What a card's figure is. For an area made of kommuner it is the pooled share,
    named as such beside the other county number the page shows (the mean of the
    kommuner, the trend chart's dashed line), so the two are never confused."""
    area = regions[code]
    if area.is_kommun:
        return SHARE_HELP
    pooled = (
        f"{SHARE_HELP} {area.name} som helhet: alla kommuners helårsekvivalenter ÷ deras "
        "sammanlagda folkmängd, så en stor kommun väger mer."
    )
    if area.level != LEVEL_LAN:
        return pooled
    return (
        f"{pooled} Det är inte samma tal som den streckade linjen ”Medelvärde för "
        "kommunerna” i diagrammet, där varje kommun väger lika."
    )


def _card(app: AppData, code: str, year: int) -> Card:
    model = app.model
    now, before = model.share(code, year), model.share(code, year - 1)
    label = f"{app.regions.name(code)} {year}"
    info = card_help(app.regions, code)
    if now is None or before is None:
        return Card(label, format_percent(now), None, help=info)
    # st.metric reads the direction of a delta from a leading ASCII '-'; the short unit
    # keeps the delta whole in a card a third of a tablet's page wide ("… procentenheter mo…")
    delta = f"{format_points(now - before, short=True).replace(MINUS, '-')} mot {year - 1}"
    info += f" Under talet: förändringen mot {year - 1} i procentenheter ({POINTS_SHORT})."
    return Card(label, format_percent(now), delta, steady=round(now - before, 1) == 0, help=info)


@cached
def _overview(_app: AppData, key: tuple, area: str, year: int) -> Overview:
    model, regions, around = _app.model, _app.regions, beside(_app, area)
    shown, county = around.area, around.county
    riket = regions.riket if around.compare_riket else None
    others = [a for a in (county, riket) if a is not None and a.code != area]
    comparisons = [Comparison(a.name_in_text, model.share(a.code, year)) for a in others]
    since = change_base_year(year, model.years)
    periods = [year] if since is None else [since, year]
    profile = model.profile(area, periods, sexes=(SEX_TOTAL,))
    sentences = summary_sentences(
        shown.name, year, profile, comparisons, since, population=model.population(area, year)
    )
    cards = tuple(_card(_app, a.code, year) for a in (shown, *others))
    return Overview(
        tuple(sentences), cards, area_note(regions, area, county.code if county else None)
    )


def overview(app: AppData, area: str, year: int) -> Overview:
    """The start page's three sentences and headline figures for an area and year."""
    return _overview(app, _key(app, area), area, year)


@dataclass(frozen=True)
class Reading:
    """The words beside a system's charts: what they show, and examples of reading them."""

    description: str
    example: str
    gender_example: str


@cached
def _reading(_app: AppData, key: tuple, area: str, year: int, measure: str, age: str) -> Reading:
    model = _app.model
    name = _app.regions.name(area)
    return Reading(
        description=chart_description(measure, name, age),
        example=reading_example(measure, model.share(area, year, measure, age_group=age), age),
        gender_example=reading_example(
            measure, model.share(area, year, measure, sex="K"), AGE_TOTAL, sex="K"
        ),
    )


def reading(app: AppData, area: str, year: int, measure: str, age: str = AGE_TOTAL) -> Reading:
    """How to read the charts of one system, with values near the area's own in `year`."""
    return _reading(app, _key(app, area), area, year, measure, age)


@cached
def _suggested(_app: AppData, key: tuple, area: str, year: int) -> tuple[str, ...]:
    return tuple(suggest_comparables(_app.model, area, year))


def suggested_comparables(app: AppData, area: str, year: int) -> list[str]:
    """Målgrupper: the kommuner nearest in size to the area (see
    :func:`metrics.comparables.suggest_comparables`)."""
    return list(_suggested(app, _key(app, area), area, year))


@cached
def _comparables_table(_app: AppData, key: tuple, year: int) -> pd.DataFrame:
    return comparables_download(_app.model, list(key[1:]), year)


def comparables_table(app: AppData, kommuner: Sequence[str], year: int) -> pd.DataFrame:
    """Målgrupper: the chosen comparable kommuner and their size (shared; do not modify)."""
    return _comparables_table(app, (app.stamp, *kommuner), year)


@cached
def _areas_table(
    _app: AppData, key: tuple, kinds: tuple[tuple[str, str], ...], year: int
) -> pd.DataFrame:
    return areas_download(_app.model, dict(kinds), year)


def areas_table(app: AppData, kinds: Mapping[str, str], year: int) -> pd.DataFrame:
    """Områden: every area made of kommuner, its kind, population, share and class
    (shared; do not modify). The same whichever area a visitor has chosen, so made once
    per set of areas and year, not on every run (#18: 60 % of the page's server time)."""
    return _areas_table(app, _key(app, *kinds), tuple(kinds.items()), year)


@cached
def _target_matrix(
    _app: AppData, key: tuple, area: str, year: int, comparables: tuple[str, ...]
) -> pd.DataFrame:
    return target_matrix(_app.model, area, year, comparables)


def target_matrix_view(
    app: AppData, area: str, year: int, comparables: Sequence[str]
) -> pd.DataFrame:
    """Målgrupper: each group's shares against the area's references (see
    :func:`metrics.targets.target_matrix`; shared between sessions, do not modify)."""
    return _target_matrix(app, _key(app, area), area, year, tuple(comparables))


@cached
def _comparison(
    _app: AppData, key: tuple, measure: str, sex: str, age: str, freq: str
) -> pd.DataFrame:
    return comparison_trend(_app.model.tables(freq), list(key[1:]), measure, sex, age)


def comparison_view(
    app: AppData, kommuner: Sequence[str], measure: str, sex: str, age: str, freq: str
) -> pd.DataFrame:
    """Målgrupper: the comparable kommuner pooled as one line (see
    :func:`metrics.comparables.comparison_trend`; shared between sessions, do not modify)."""
    return _comparison(app, (app.stamp, *kommuner), measure, sex, age, freq)


@cached
def _needs(
    _app: AppData,
    key: tuple,
    area: str,
    year: int,
    comparables: tuple[str, ...],
    reference: str,
    reference_name: str,
    label: str,
) -> ChartView:
    ranking = rank_needs(target_matrix_view(_app, area, year, comparables), reference)
    figure = needs_chart(
        ranking,
        area_name=_app.regions.name(area),
        reference_name=reference_name,
        period_text=str(year),
        source=_source(_app),
    )
    return ChartView(
        figure, partial(ranking_download, ranking, label), "Störst behov", share_headers
    )


def needs_view(
    app: AppData,
    area: str,
    year: int,
    comparables: Sequence[str],
    reference: str,
    labels: Mapping[str, str],
) -> ChartView:
    """Målgrupper: the group × system cells of greatest excess against `reference`
    (named in `labels`, a key of :data:`metrics.targets.REFERENCES`)."""
    name = _reference_name(app, area, comparables, reference)
    return _needs(
        app, _key(app, area), area, year, tuple(comparables), reference, name, labels[reference]
    )


def _reference_name(app: AppData, area: str, comparables: Sequence[str], reference: str) -> str:
    found = {r.kind: r for r in references_of(app.model, area, comparables)}
    return found[reference].name


@cached
def _matrix(
    _app: AppData,
    key: tuple,
    area: str,
    year: int,
    comparables: tuple[str, ...],
    reference: str,
    reference_name: str,
    value: str,
    labels: tuple[tuple[str, str], ...],
) -> ChartView:
    matrix = target_matrix_view(_app, area, year, comparables)
    figure = matrix_chart(
        matrix,
        area_name=_app.regions.name(area),
        reference=reference,
        reference_name=reference_name,
        period_text=str(year),
        value=value,
        source=_source(_app),
    )
    return ChartView(
        figure, partial(matrix_download, matrix, dict(labels)), "Grupper och system", share_headers
    )


def matrix_view(
    app: AppData,
    area: str,
    year: int,
    comparables: Sequence[str],
    reference: str,
    labels: Mapping[str, str],
    value: str,
) -> ChartView:
    """Målgrupper: every group × system, coloured by the difference from `reference` in
    `value` (percentage points or HE); its table has a column group per reference."""
    name = _reference_name(app, area, comparables, reference)
    return _matrix(
        app,
        _key(app, area),
        area,
        year,
        tuple(comparables),
        reference,
        name,
        value,
        tuple(labels.items()),
    )


@cached
def _group_trend(
    _app: AppData,
    key: tuple,
    area: str,
    group: Group,
    measure: str,
    freq: str,
    members: bool,
    comparables: tuple[str, ...],
) -> ChartView:
    model, around = _app.model, beside(_app, area)
    trend = model.trend(area, measure, (group.sex,), group.age_group, freq)
    who = group.label if group.sex == SEX_TOTAL else group.label.lower()
    figure = trend_chart(
        trend,
        area_name=around.area.name,
        measure=measure,
        county_name=around.county_name,
        age_group=group.age_group,
        frequency=freq,
        compare_riket=around.compare_riket,
        member_lines=(
            member_trends(model, area, measure, group.sex, group.age_group, frequency=freq)
            if members
            else None
        ),
        comparison=(
            comparison_view(_app, comparables, measure, group.sex, group.age_group, freq)
            if comparables
            else None
        ),
        comparison_name=f"Jämförbara kommuner ({len(comparables)})",
        source=around.source,
        title=f"{MEASURE_LABELS[measure]} – {who} i {around.area.name}",
    )
    return ChartView(figure, partial(trend_download, trend, freq), "Utveckling")


def group_trend_view(
    app: AppData,
    area: str,
    group: Group,
    measure: str,
    freq: str = YEAR,
    members: bool = False,
    comparables: Sequence[str] = (),
) -> ChartView:
    """Målgrupper: one group's share over time beside what goes beside the area (its
    county's mean, riket), with its kommuner (`members`) and the pooled `comparables`."""
    return _group_trend(
        app, _key(app, area), area, group, measure, freq, members, tuple(comparables)
    )


@cached
def _change(_app: AppData, key: tuple, area: str, group: Group, first: int, last: int) -> ChartView:
    change = group_change(_app.model, area, group, first, last)
    figure = change_chart(
        change,
        area_name=_app.regions.name(area),
        group_label=group.label,
        from_label=str(first),
        to_label=str(last),
        source=_source(_app),
    )
    table = partial(decomposition_download, change, str(first), str(last))
    return ChartView(figure, table, f"Förändring {first}–{last}", share_headers)


def change_view(app: AppData, area: str, group: Group, first: int, last: int) -> ChartView:
    """Målgrupper: how a group's share changed from `first` to `last`, system by system."""
    return _change(app, _key(app, area), area, group, first, last)


def news(app: AppData, area: str) -> list[str]:
    """What is new for `area` (latest month and 12 months against a year earlier), once
    the monthly tables are built: a cold start never waits for them (they are built in
    the background after the first run, see :func:`app_pages.ui.data`)."""
    model = app.model
    if not model.tables_ready(MONTH):
        return []
    rows = model.tables(MONTH).area_rows(area)
    rows = rows[(rows["sex"] == SEX_TOTAL) & (rows["age_group"] == AGE_TOTAL)]
    return news_sentences(rows, app.regions[area].name)
