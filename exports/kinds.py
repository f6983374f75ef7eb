"""Every kind of chart in one place: how each is planned, drawn, noted and tabled.

A planned :class:`~exports.report.Slide` names its kind (`slide.kind`, a string such
as ``"trend"``); :data:`KINDS` maps that name to a :class:`ChartKind` that holds all a
writer needs to know about it. PowerPoint (:mod:`exports.powerpoint`), the PDF and the
images (:func:`exports.figures.slide_figure`), Excel (:mod:`exports.workbook`), the
single-chart export (:func:`exports.batch.chart_slide`), the command line and the
page Exportera look the kind up here instead of switching on its name; a slide whose
kind is not here (the text page "Om statistiken") has no chart.

Steps to add a chart kind (e.g. a funnel plot):

1. ``metrics/`` – the tidy table behind it (a pure function, or a :class:`Model`
   method), with its unit test.
2. ``charts/<kind>.py`` – the plotly builder (table in, figure out), with its test.
3. ``exports/slide_charts.py`` – ``add_<kind>_chart(slide, box, table, …)``, the native
   PowerPoint chart built with :mod:`exports.pptx_kit` (or a native table).
4. ``exports/report.py`` – the kind's name (a constant), its slide factory
   (``<kind>_slide(model, scope, …) -> Slide``: title, reading, table, sheet name) and,
   if it belongs in the report, its place in :func:`~exports.report.plan_slides` (and
   :data:`~exports.report.SECTIONS`); its reading in :mod:`exports.readings`; its table
   for people in :mod:`exports.tables` (or pass it as `Slide.download`).
5. ``exports/kinds.py`` (here) – one :class:`ChartKind` in :data:`KINDS`: its plotly
   adapter, native builder, notes, download and, to offer it as a single chart in the
   command line and on the page Exportera, its label and request factory. PowerPoint,
   PDF, Excel, images, ``python -m exports export --chart`` and Exportera pick it up.
6. ``tests/`` – a test of the kind through :data:`KINDS` (figure, PowerPoint frame,
   workbook sheet), beside the builder's own tests.

A page of the app that shows the chart uses its builder through ``app_pages/ui/views.py``
(cached) and ``ui.chart.show_chart``; that is the page's business, not the kind's.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide as PptxSlide

from charts.county import county_chart
from charts.distribution import distribution_chart
from charts.forbund_ranking import forbund_ranking_chart
from charts.funnel import METHOD_NOTES, funnel_chart
from charts.map import map_chart
from charts.profile import profile_chart, profile_periods_chart
from charts.targets import (
    BREAKDOWN_NOTE,
    NEEDS_LIMIT,
    WATERFALL_NOTE,
    change_chart,
    matrix_chart,
    needs_chart,
)
from charts.texts import flag_notes, missing_note
from charts.theme import FEW_HE_NOTE, HEIGHT, MUTED_COLOUR
from charts.trend import gender_trend_chart, trend_chart
from data.contract import AGE_TOTAL, SEX_TOTAL, SEXES
from exports import slide_charts
from exports.checks import ReportError
from exports.pptx_kit import Box, Run
from exports.report import (
    CHANGE,
    COUNTY,
    DISTRIBUTION,
    FORBUND_RANKING,
    FUNNEL,
    GENDER,
    MAP,
    MATRIX,
    NEEDS,
    PROFILE,
    TREND,
    Scope,
    Slide,
    county_slide,
    distribution_slide,
    forbund_ranking_slide,
    funnel_marked,
    funnel_slide,
    gender_slide,
    map_slide,
    profile_periods_slide,
    profile_slide,
    trend_slide,
)
from exports.tables import (
    SHARE_HEADERS,
    county_download,
    distribution_download,
    forbund_ranking_download,
    funnel_download,
    map_download,
    profile_download,
    trend_download,
)
from exports.targets import share_headers
from metrics.funnel import FUNNEL_COLUMNS, Funnel, funnel_of
from metrics.labels import SEX_LABELS, SUMMA
from metrics.model import Model
from metrics.periods import PERIOD
from metrics.swedish import format_number, format_signed
from metrics.targets import TOTAL


class NoChartError(ValueError):
    """A slide without a chart (a text page, a county chart without a county) was asked
    for its figure."""


@dataclass(frozen=True)
class ChartRequest:
    """One chart to export: its kind, area, measure, sex, years and age group.

    `year` is the year of a profile (T/K/M), distribution or county chart; a profile
    without `year` shows `sex` over `first_year`–`last_year`.
    """

    chart: str
    region: str
    first_year: int
    last_year: int
    measure: str = SUMMA
    sex: str = SEX_TOTAL
    year: int | None = None
    age_group: str = AGE_TOTAL
    county: str | None = None
    """The county a map shows (None: the area's own county, else all Sweden)."""


Figure = Callable[[Slide, int, "int | None"], go.Figure]
"""(slide, width, height) → the app's plotly figure; `height` is None only for a kind
that grows with its rows."""
Native = Callable[[PptxSlide, Box, Slide], Sequence[GraphicFrame]]
"""(PowerPoint slide, chart area, planned slide) → the native chart(s) or table."""
Notes = Callable[[Slide], list[list[Run]]]
"""The legend and notes under a PowerPoint chart, as lines of coloured runs."""
Download = Callable[[Slide], pd.DataFrame]
"""The table behind the chart for people (Swedish headers), for Excel and CSV."""
Single = Callable[[Model, Scope, ChartRequest], Slide]
"""The planned slide of one chart asked for on its own (command line, Exportera)."""


@dataclass(frozen=True)
class ChartKind:
    """All the writers need to know about one kind of chart (see the module's steps)."""

    name: str
    figure: Figure
    native: Native | None
    """None: PowerPoint has no such chart (a choropleth), so the slide shows the figure
    as a picture drawn by the browser (:mod:`exports.powerpoint`)."""
    notes: Notes
    download: Download
    share_columns: Callable[[pd.DataFrame], Collection[str]] = lambda _table: SHARE_HEADERS
    """The columns of the download that hold shares (one decimal in Excel)."""
    label: str = ""
    """Its name on the page Exportera; empty for kinds only drawn inside a report."""
    single: Single | None = None
    """Its slide on its own; None for kinds only drawn inside a report."""
    grows: bool = False
    """Its figure grows with its rows (the county's kommuner) instead of a fixed height."""
    by_measure: bool = False
    """Drawn for one measure (the measure can be chosen when it is exported alone)."""
    needs_county: bool = False
    """Only for an area compared with one county."""
    text_beside: bool = False
    """The slide's `lines` stand in a column left of the chart (the greatest needs)."""
    area_optional: bool = False
    """The area is only marked in the chart (the funnel plot): asked for alone without
    an area, it is drawn for riket, with nothing marked."""


def _common(slide: Slide, width: int) -> dict[str, object]:
    return {
        "source": slide.scope.source,
        "title": slide.title,
        "width": width,
        "age_group": slide.age_group,
    }


def _target_common(slide: Slide, width: int, height: int | None) -> dict[str, object]:
    return {
        "area_name": slide.scope.area.name,
        "source": slide.scope.source,
        "title": slide.title,
        "width": width,
        "height": height,
    }


def _lines(notes: Sequence[str]) -> list[list[Run]]:
    return [[(note, MUTED_COLOUR)] for note in notes]


# Försörjningsprofil: a table of the measures by T/K/M in one year, or one sex by year.


def _profile_figure(slide: Slide, width: int, height: int | None) -> go.Figure:
    name = slide.scope.area.name
    if slide.year is None:
        return profile_periods_chart(
            slide.table, area_name=name, sex=slide.sex, height=height, **_common(slide, width)
        )
    return profile_chart(
        slide.table, area_name=name, period=slide.year, height=height, **_common(slide, width)
    )


def _profile_native(pptx: PptxSlide, box: Box, slide: Slide) -> list[GraphicFrame]:
    table = slide.table
    if slide.year is None:
        keys = sorted(table[PERIOD].unique())
        return [
            slide_charts.add_profile_table(pptx, box, table, PERIOD, keys, [str(k) for k in keys])
        ]
    headers = [SEX_LABELS[k] for k in SEXES]
    return [slide_charts.add_profile_table(pptx, box, table, "sex", SEXES, headers)]


def _profile_notes(slide: Slide) -> list[list[Run]]:
    return [
        slide_charts.table_legend_parts(),
        *_lines(flag_notes(slide.table, partial=slide.year is None)),
    ]


def _profile_single(model: Model, scope: Scope, request: ChartRequest) -> Slide:
    if request.year is None:
        return profile_periods_slide(model, scope, request.sex)
    return profile_slide(model, scope, request.year)


# Trend (Diagramtyp 1) and kvinnor/män (Diagramtyp 2) over the years.


def _trend_figure(slide: Slide, width: int, height: int | None) -> go.Figure:
    scope = slide.scope
    return trend_chart(
        slide.table,
        area_name=scope.area.name,
        measure=slide.measure,
        county_name=scope.county_name,
        compare_riket=scope.compare_riket,
        height=height,
        **_common(slide, width),
    )


def _gender_figure(slide: Slide, width: int, height: int | None) -> go.Figure:
    scope = slide.scope
    return gender_trend_chart(
        slide.table,
        area_name=scope.area.name,
        measure=slide.measure,
        compare_riket=scope.compare_riket,
        height=height,
        **_common(slide, width),
    )


def _trend_native(pptx: PptxSlide, box: Box, slide: Slide) -> list[GraphicFrame]:
    scope = slide.scope
    return [
        slide_charts.add_trend_chart(
            pptx,
            box,
            slide.table,
            area_name=scope.area.name,
            county_name=scope.county_name,
            compare_riket=scope.compare_riket,
            age_group=slide.age_group,
        )
    ]


def _gender_native(pptx: PptxSlide, box: Box, slide: Slide) -> list[GraphicFrame]:
    scope = slide.scope
    return [
        slide_charts.add_gender_chart(
            pptx,
            box,
            slide.table,
            area_name=scope.area.name,
            compare_riket=scope.compare_riket,
            age_group=slide.age_group,
        )
    ]


def _over_time_notes(slide: Slide, missing_label: Callable[[int, str], str]) -> list[list[Run]]:
    """The class legend, the flags and the years without a share."""
    table = slide.table
    missing = table.loc[table["share"].isna()]
    labels = [
        missing_label(int(p), str(s)) for p, s in zip(missing[PERIOD], missing["sex"], strict=True)
    ]
    notes = flag_notes(table, partial=True) + missing_note(labels)
    return [slide_charts.class_legend_parts(), *_lines(notes)]


def _trend_notes(slide: Slide) -> list[list[Run]]:
    return _over_time_notes(slide, lambda period, _sex: str(period))


def _gender_notes(slide: Slide) -> list[list[Run]]:
    return _over_time_notes(slide, lambda period, sex: f"{SEX_LABELS[sex].lower()} {period}")


def _trend_download(slide: Slide) -> pd.DataFrame:
    return trend_download(slide.table)


# Fördelning: each sex's HE split over the six systems.


def _distribution_figure(slide: Slide, width: int, height: int | None) -> go.Figure:
    return distribution_chart(
        slide.table,
        area_name=slide.scope.area.name,
        period=slide.year,
        height=height,
        **_common(slide, width),
    )


def _distribution_native(pptx: PptxSlide, box: Box, slide: Slide) -> list[GraphicFrame]:
    return [slide_charts.add_distribution_chart(pptx, box, slide.table)]


# Länets kommuner: the county's kommuner by system, the area's members marked.


def _county_figure(slide: Slide, width: int, height: int | None) -> go.Figure:
    scope = slide.scope
    if scope.county is None:
        raise NoChartError(f"the slide {slide.title!r} has no chart")
    return county_chart(
        slide.table,
        county_name=scope.county.name,
        period=slide.year,
        highlight=scope.members,
        height=height,
        **_common(slide, width),
    )


def _county_native(pptx: PptxSlide, box: Box, slide: Slide) -> list[GraphicFrame]:
    return slide_charts.add_county_chart(
        pptx, box, slide.table, highlight=slide.scope.members, age_group=slide.age_group
    )


def _county_notes(slide: Slide) -> list[list[Run]]:
    table = slide.table
    scope = slide.scope
    legend = [slide_charts.system_legend_parts()] if slide_charts.is_two_columns(table) else []
    order = "Kommunerna är sorterade efter total andel (inom parentes)"
    first = f"{order}; ▶ markerar {scope.area.name}." if scope.members else f"{order}."
    return [*legend, *_lines([first, *flag_notes(table)])]


# Målgrupper: the greatest needs, group × system, the change by system.


def _needs_figure(slide: Slide, width: int, height: int | None) -> go.Figure:
    return needs_chart(
        slide.table,
        reference_name=slide.reference_name,
        period_text=str(slide.year),
        **_target_common(slide, width, height),
    )


def _matrix_figure(slide: Slide, width: int, height: int | None) -> go.Figure:
    return matrix_chart(
        slide.table,
        reference=slide.reference,
        reference_name=slide.reference_name,
        period_text=str(slide.year),
        **_target_common(slide, width, height),
    )


def _change_figure(slide: Slide, width: int, height: int | None) -> go.Figure:
    return change_chart(
        slide.table,
        group_label=TOTAL.label,
        from_label=str(slide.scope.first_year),
        to_label=str(slide.scope.last_year),
        **_target_common(slide, width, height),
    )


def _needs_native(pptx: PptxSlide, box: Box, slide: Slide) -> list[GraphicFrame]:
    return [
        slide_charts.add_needs_chart(pptx, box, slide.table, reference_name=slide.reference_name)
    ]


def _matrix_native(pptx: PptxSlide, box: Box, slide: Slide) -> list[GraphicFrame]:
    return [slide_charts.add_matrix_table(pptx, box, slide.table, reference=slide.reference)]


def _change_native(pptx: PptxSlide, box: Box, slide: Slide) -> list[GraphicFrame]:
    scope = slide.scope
    return [
        slide_charts.add_waterfall_chart(
            pptx,
            box,
            slide.table,
            from_label=str(scope.first_year),
            to_label=str(scope.last_year),
        )
    ]


def _needs_notes(slide: Slide) -> list[list[Run]]:
    uncertain = bool(slide.table.head(NEEDS_LIMIT)["uncertain"].any())
    return _lines(
        [BREAKDOWN_NOTE, *([f"{FEW_HE_NOTE} Randig stapel = osäker."] if uncertain else [])]
    )


def _matrix_notes(slide: Slide) -> list[list[Run]]:
    notes = [
        "I varje ruta: gruppens andel (%) och skillnaden mot "
        f"{slide.reference_name} i procentenheter · i helårsekvivalenter (HE). Röd: "
        "högre, blå: lägre.",
        BREAKDOWN_NOTE,
    ]
    if bool(slide.table["few_he"].any()):
        notes.append(FEW_HE_NOTE)
    return _lines(notes)


def _change_notes(slide: Slide) -> list[list[Run]]:
    """The note on the waterfall (as in the app), and the change in HE."""
    total = slide.table.set_index("measure").loc[SUMMA]
    he = (
        f"Totalt {format_signed(total['he_change'], 0)} helårsekvivalenter "
        f"({format_number(total['from_he'])} → {format_number(total['to_he'])})."
    )
    return _lines([f"{WATERFALL_NOTE} {he}"])


# Trattdiagram: every kommun against riket, with the limits chance sets.


def slide_funnel(slide: Slide) -> Funnel:
    """The funnel of a planned funnel slide, from its table (:func:`metrics.funnel.funnel_of`
    gives the same limits again: they depend only on the kommuner's figures)."""
    table = slide.table
    return funnel_of(table, dict(zip(table["region_code"], table["name"], strict=True)))


def _funnel_figure(slide: Slide, width: int, height: int | None) -> go.Figure:
    return funnel_chart(
        slide_funnel(slide),
        measure=slide.measure,
        period_text=str(slide.year),
        sex=slide.sex,
        age_group=slide.age_group,
        highlight=funnel_marked(slide.scope.area),
        source=slide.scope.source,
        title=slide.title,
        width=width,
        height=height or HEIGHT,
    )


def _funnel_native(pptx: PptxSlide, box: Box, slide: Slide) -> list[GraphicFrame]:
    return [
        slide_charts.add_funnel_chart(
            pptx,
            box,
            slide_funnel(slide),
            highlight=funnel_marked(slide.scope.area),
            sex=slide.sex,
            age_group=slide.age_group,
        )
    ]


def _funnel_notes(slide: Slide) -> list[list[Run]]:
    method = str(slide.table["method"].iloc[0])
    return _lines(
        [
            "Varje punkt är en kommun. Linjerna visar hur långt från riket slumpen kan "
            "föra en kommun av den storleken; ◆ = under 99,8 %-gränsen.",
            METHOD_NOTES[method],
        ]
    )


def _funnel_single(model: Model, scope: Scope, request: ChartRequest) -> Slide:
    return funnel_slide(model, scope, request.measure, request.sex, request.year, request.age_group)


FUNNEL_SHARE_COLUMNS: frozenset[str] = frozenset(
    c for c in FUNNEL_COLUMNS if c == "share" or c.startswith(("lower_", "upper_"))
)
"""The funnel table's columns in % (one decimal in Excel)."""


# Karta: the kommuner of the county (or Sweden) by class, the area outlined.


def _map_figure(slide: Slide, width: int, height: int | None) -> go.Figure:
    place = slide.place
    if place is None:
        raise NoChartError(f"the slide {slide.title!r} has no map")
    return map_chart(
        slide.table,
        scope_name=place.scope_name,
        period=slide.year,
        measure=slide.measure,
        sex=slide.sex,
        age_group=slide.age_group,
        outline=place.outline,
        outline_name=place.outline_name,
        source=slide.scope.source,
        title=slide.title,
        width=width,
        height=height,
    )


def _map_notes(slide: Slide) -> list[list[Run]]:
    place = slide.place
    outlined = f"Svart kontur: {place.outline_name}." if place and place.outline_name else ""
    grey = "Grå: uppgift saknas." if bool(slide.table["quartile"].isna().any()) else ""
    return [slide_charts.table_legend_parts(), *_lines([t for t in (outlined, grey) if t])]


def _map_single(model: Model, scope: Scope, request: ChartRequest) -> Slide:
    return map_slide(
        model, scope, request.year, request.county, request.measure, request.sex, request.age_group
    )


# Alla samordningsförbund: every shipped förbund ranked, the area marked.


def _ranking_figure(slide: Slide, width: int, height: int | None) -> go.Figure:
    area = slide.scope.area
    return forbund_ranking_chart(
        slide.table,
        year=int(slide.year or slide.scope.last_year),
        highlight=area.code if area.code in set(slide.table["region_code"]) else None,
        source=slide.scope.source,
        width=width,
        height=height,
    )


def _ranking_shares(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if str(c).endswith("(%)") or "procentenheter" in str(c)]


def _given_download(slide: Slide) -> pd.DataFrame:
    """The table for people the slide was planned with (Målgrupper's own)."""
    if slide.download is None:
        raise ValueError(f"the slide {slide.title!r} has no table")
    return slide.download


KINDS: dict[str, ChartKind] = {
    kind.name: kind
    for kind in (
        ChartKind(
            PROFILE,
            figure=_profile_figure,
            native=_profile_native,
            notes=_profile_notes,
            download=lambda slide: profile_download(slide.table),
            label="Försörjningsprofil",
            single=_profile_single,
        ),
        ChartKind(
            TREND,
            figure=_trend_figure,
            native=_trend_native,
            notes=_trend_notes,
            download=_trend_download,
            label="Utveckling över tid",
            single=lambda model, scope, r: trend_slide(model, scope, r.measure, r.sex),
            by_measure=True,
        ),
        ChartKind(
            GENDER,
            figure=_gender_figure,
            native=_gender_native,
            notes=_gender_notes,
            download=_trend_download,
            label="Kvinnor och män över tid",
            single=lambda model, scope, r: gender_slide(model, scope, r.measure),
            by_measure=True,
        ),
        ChartKind(
            DISTRIBUTION,
            figure=_distribution_figure,
            native=_distribution_native,
            notes=lambda _slide: [],
            download=lambda slide: distribution_download(slide.table),
            label="Fördelning på ersättningssystem",
            single=lambda model, scope, r: distribution_slide(model, scope, r.year),
        ),
        ChartKind(
            COUNTY,
            figure=_county_figure,
            native=_county_native,
            notes=_county_notes,
            download=lambda slide: county_download(slide.table),
            label="Länets kommuner",
            single=lambda model, scope, r: county_slide(model, scope, r.age_group, r.year),
            grows=True,
            needs_county=True,
        ),
        ChartKind(
            FUNNEL,
            figure=_funnel_figure,
            native=_funnel_native,
            notes=_funnel_notes,
            download=lambda slide: funnel_download(slide_funnel(slide)),
            share_columns=lambda _table: FUNNEL_SHARE_COLUMNS,
            label="Trattdiagram: kommunerna mot riket",
            single=_funnel_single,
            by_measure=True,
            area_optional=True,
        ),
        ChartKind(
            MAP,
            figure=_map_figure,
            native=None,
            notes=_map_notes,
            download=lambda slide: map_download(slide.table),
            label="Karta",
            single=_map_single,
            by_measure=True,
        ),
        ChartKind(
            FORBUND_RANKING,
            figure=_ranking_figure,
            native=None,
            notes=lambda _slide: [],
            download=lambda slide: forbund_ranking_download(slide.table, int(slide.year or 0)),
            share_columns=_ranking_shares,
            label="Alla samordningsförbund",
            single=lambda model, scope, r: forbund_ranking_slide(model, scope, r.year),
            grows=True,
            area_optional=True,
        ),
        ChartKind(
            NEEDS,
            figure=_needs_figure,
            native=_needs_native,
            notes=_needs_notes,
            download=_given_download,
            share_columns=share_headers,
            text_beside=True,
        ),
        ChartKind(
            MATRIX,
            figure=_matrix_figure,
            native=_matrix_native,
            notes=_matrix_notes,
            download=_given_download,
            share_columns=share_headers,
        ),
        ChartKind(
            CHANGE,
            figure=_change_figure,
            native=_change_native,
            notes=_change_notes,
            download=_given_download,
            share_columns=share_headers,
        ),
    )
}
"""Every chart kind by name, in the report's order."""

CHART_KINDS: tuple[str, ...] = tuple(k.name for k in KINDS.values() if k.single is not None)
"""The kinds that can be exported alone (command line, Exportera), in the report's order."""
CHART_LABELS: dict[str, str] = {name: KINDS[name].label for name in CHART_KINDS}


def kind_of(slide: Slide) -> ChartKind | None:
    """The kind of a slide's chart; None for a page without a chart."""
    return KINDS.get(slide.kind)


def single_factory(name: str) -> Single:
    """The slide factory of a kind that can be exported alone, or :class:`ReportError`."""
    kind = KINDS.get(name)
    if kind is None or kind.single is None:
        raise ReportError(
            f"unknown chart {name!r}; choose from {', '.join(CHART_KINDS)}",
            f"Okänt diagram: {name!r}.",
        )
    return kind.single


def figure_height(slide: Slide, height: int) -> int | None:
    """The height to draw a slide's figure at: `height`, or None (its own) for a kind
    that grows with its rows."""
    kind = kind_of(slide)
    return None if kind is not None and kind.grows else height
