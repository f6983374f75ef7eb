"""The content of a report, planned once and shared by PowerPoint, PDF and Excel.

A report is the Statisticon report "Offentlig försörjning" for any area and span of
years: a title page, the försörjningsprofil, a page on how to read it, then per measure
(summa first, :data:`metrics.labels.REPORT_ORDER`) the trend and the kvinnor/män chart,
the distribution over the systems, the county's kommuner (20–64, and 20–29 when the
data has that age group), every kommun against riket in a funnel plot (the first
measure; the area's kommuner marked, :func:`funnel_slide`), the map of the county's
kommuner (all Sweden's for riket or a förbund across counties) with the area outlined
(:func:`map_slide`) and, beyond the report,
Målgrupper (:func:`target_slides`):
the groups with the greatest needs against riket, every group × system, and the change
of the total between the span's first and last year. :func:`plan_report` turns a model
and :class:`ReportOptions` into a :class:`Report`: a list of :class:`Slide` s, each with
its title, a one-line reading generated from the numbers, and the tidy table behind the
chart. Writers (:mod:`exports.powerpoint`, :mod:`exports.pdf`, :mod:`exports.workbook`)
only lay it out.

The trend charts cover the span; the profile, distribution, county, funnel and
Målgrupper charts show the last year of the span, as the report does.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from charts.theme import source_text
from data.areas import shipped_definitions
from data.contract import AGE_TOTAL, SEX_TOTAL, SEXES
from data.provenance import Provenance
from data.regions import LEVEL_FORBUND, LEVEL_KOMMUN, LEVEL_LAN, LEVEL_RIKET, Area
from data.text import swedish_list
from exports import readings
from exports.checks import (
    ReportError,
    check_county,
    check_measures,
    check_region,
    check_sections,
    check_span,
)
from exports.targets import target_report
from metrics.beside import Beside, beside_of
from metrics.forbund_ranking import forbund_ranking
from metrics.labels import (
    MEASURE_LABELS,
    MEASURE_SHORT_LABELS,
    REPORT_ORDER,
    SEX_LABELS,
    SUMMA,
    age_label,
)
from metrics.maps import MapScope, map_scope, map_table
from metrics.model import Model
from metrics.periods import PERIOD
from metrics.sources import period_text
from metrics.swedish import format_date
from metrics.targets import DIMENSION_AGE, TOTAL, needs_heading, target_groups

PROFILE = "profile"
ABOUT = "about"
TREND = "trend"
GENDER = "gender"
DISTRIBUTION = "distribution"
COUNTY = "county"
FUNNEL = "funnel"
MAP = "map"
FORBUND_RANKING = "forbund-ranking"
TARGETS = "targets"
NEEDS = "needs"
MATRIX = "matrix"
CHANGE = "change"

SECTIONS: tuple[str, ...] = (
    PROFILE,
    ABOUT,
    TREND,
    GENDER,
    DISTRIBUTION,
    COUNTY,
    MAP,
    FUNNEL,
    TARGETS,
)
"""The parts of a report, in the report's order."""
TARGET_KINDS: tuple[str, ...] = (NEEDS, MATRIX, CHANGE)
"""The slides of the Målgrupper section: ranked needs, group × system, the change."""
SECTION_LABELS: dict[str, str] = {
    PROFILE: "Försörjningsprofil",
    ABOUT: "Om statistiken och diagrammen",
    TREND: "Utveckling per ersättningssystem",
    GENDER: "Kvinnor och män per ersättningssystem",
    DISTRIBUTION: "Fördelning på ersättningssystem",
    COUNTY: "Länets kommuner",
    FUNNEL: "Kommunerna mot riket (trattdiagram)",
    MAP: "Karta",
    TARGETS: "Målgrupper",
}
YOUNG = "20-29"
"""The second age group of the report's county charts."""

REPORT_TITLE = "Offentlig försörjning"
SYNTHETIC_WARNING = "Exempeldata – inte SCB:s siffror"
MEASURED = (
    "Andel av befolkningen 20–64 år som försörjs av sjukpenning, sjuk- och "
    "aktivitetsersättning, etableringsersättning, arbetsmarknadsåtgärder, "
    "arbetslöshetsersättning och ekonomiskt bistånd (helårsekvivalenter)."
)
"""What the report measures, in one sentence for its title page."""
DATA_SOURCE = "Exempeldata (syntetiska)"


@dataclass(frozen=True)
class ReportOptions:
    """What to put in a report: the area, the span of years, the sections and measures."""

    area_code: str
    first_year: int
    last_year: int
    sections: tuple[str, ...] | None = None
    """None: every section the data allow (:func:`default_sections`)."""
    measures: tuple[str, ...] = REPORT_ORDER


@dataclass(frozen=True)
class Scope:
    """The area a report is about, what is drawn beside it, and the years.

    What goes beside the area (its county, riket, its kommuner to mark, the source) is
    :class:`metrics.beside.Beside`'s decision, the same as on the app's pages.
    """

    beside: Beside
    first_year: int
    last_year: int

    @property
    def area(self) -> Area:
        return self.beside.area

    @property
    def county(self) -> Area | None:
        return self.beside.county

    @property
    def source(self) -> str:
        return self.beside.source

    @property
    def members(self) -> tuple[str, ...]:
        """The kommuner of the area that lie in `county` (highlighted in county charts)."""
        return self.beside.members

    @property
    def span(self) -> str:
        if self.first_year == self.last_year:
            return str(self.last_year)
        return f"{self.first_year}–{self.last_year}"

    @property
    def compare_riket(self) -> bool:
        return self.beside.compare_riket

    @property
    def county_name(self) -> str | None:
        return self.beside.county_name


@dataclass(frozen=True)
class Slide:
    """One page of a report: what it shows, its title, its reading and its data.

    `table` is the tidy table the chart is drawn from (see :mod:`metrics.views`,
    :mod:`metrics.targets`), already cut to the report's years; `sheet` names its sheet
    in the workbook; `lines` holds the text of a page without a chart, or the sentences
    beside the chart of greatest needs. Målgrupper slides also carry what their groups
    are compared with (`reference`, a key of :data:`metrics.targets.REFERENCES`, and
    `reference_name` as written after 'i') and `download`, their table for people
    (:mod:`exports.targets`).
    """

    kind: str
    title: str
    reading: str
    scope: Scope
    table: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    measure: str = SUMMA
    sex: str = SEX_TOTAL
    age_group: str = AGE_TOTAL
    year: int | None = None
    sheet: str = ""
    lines: tuple[str, ...] = ()
    reference: str = ""
    reference_name: str = ""
    download: pd.DataFrame | None = field(default=None, repr=False)
    place: MapScope | None = None
    """A map's kommuner, the name of what it shows and the outlined area (map slides)."""


@dataclass(frozen=True)
class Report:
    """A planned report: the title page's texts and the slides in order."""

    scope: Scope
    slides: tuple[Slide, ...]
    title: str
    subtitle: str
    description: str
    data_note: str
    created: date
    provenance: Provenance = field(default_factory=Provenance)

    @property
    def is_synthetic(self) -> bool:
        return self.provenance.is_synthetic

    @property
    def charts(self) -> list[Slide]:
        """The slides that carry a chart (every slide but the text pages)."""
        return [s for s in self.slides if s.kind != ABOUT]

    @property
    def file_stem(self) -> str:
        """'Offentlig försörjning Norsjö 2014–2018', before it is made a safe file name."""
        return f"{REPORT_TITLE} {self.scope.area.name} {self.scope.span}"


def check_options(model: Model, options: ReportOptions) -> None:
    """Raise :class:`ReportError` unless the area, years, sections and measures exist."""
    check_region(model.regions, options.area_code)
    check_span(model.years, options.first_year, options.last_year)
    sections = default_sections(model) if options.sections is None else options.sections
    check_sections(sections, SECTIONS)
    check_measures(options.measures)


def make_scope(model: Model, area_code: str, first_year: int, last_year: int, source: str) -> Scope:
    """The scope of a report or chart: the area, what goes beside it, the years."""
    return Scope(beside_of(model.regions, area_code, source), first_year, last_year)


def _in_span(table: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    periods = table[PERIOD]
    return table.loc[(periods >= scope.first_year) & (periods <= scope.last_year)].reset_index(
        drop=True
    )


def _year_title(text: str, year: int, partial: bool) -> str:
    return f"{text} {year}{' (ofullständigt år)' if partial else ''}"


def profile_slide(model: Model, scope: Scope, year: int | None = None) -> Slide:
    """The försörjningsprofil of the scope's last year (or `year`)."""
    year = scope.last_year if year is None else year
    table = model.profile(scope.area.code, [year], sexes=SEXES)
    partial = bool(table["partial"].any())
    return Slide(
        kind=PROFILE,
        title=f"{_year_title('Försörjningsprofil', year, partial)} – {scope.area.name}",
        reading=readings.profile_reading(table, scope.area, year),
        scope=scope,
        table=table,
        year=year,
        sheet=f"Profil {year}",
    )


def profile_periods_slide(model: Model, scope: Scope, sex: str = SEX_TOTAL) -> Slide:
    """The försörjningsprofil of one sex over the scope's years (years as columns)."""
    years = [y for y in model.years if scope.first_year <= y <= scope.last_year]
    table = model.profile(scope.area.code, years, sexes=(sex,))
    who = scope.area.name if sex == SEX_TOTAL else f"{SEX_LABELS[sex].lower()} i {scope.area.name}"
    rows = table.loc[table[PERIOD] == scope.last_year]
    return Slide(
        kind=PROFILE,
        title=f"Försörjningsprofil {scope.span} – {who[0].upper()}{who[1:]}",
        reading=readings.profile_reading(rows, scope.area, scope.last_year, sex=sex),
        scope=scope,
        table=table,
        sex=sex,
        sheet=f"Profil {scope.span}",
    )


def trend_slide(model: Model, scope: Scope, measure: str = SUMMA, sex: str = SEX_TOTAL) -> Slide:
    """Diagramtyp 1: the area's share of one measure over the years."""
    table = _in_span(model.trend(scope.area.code, measure, sexes=(sex,)), scope)
    label = MEASURE_LABELS[measure]
    who = scope.area.name if sex == SEX_TOTAL else f"{SEX_LABELS[sex].lower()} i {scope.area.name}"
    short = MEASURE_SHORT_LABELS[measure]
    return Slide(
        kind=TREND,
        title=f"{label} – {who}",
        reading=readings.trend_reading(
            table,
            scope.area,
            county_name=scope.county_name,
            compare_riket=scope.compare_riket,
        ),
        scope=scope,
        table=table,
        measure=measure,
        sex=sex,
        sheet=short if sex == SEX_TOTAL else f"{short} {sex}",
    )


def gender_slide(model: Model, scope: Scope, measure: str = SUMMA) -> Slide:
    """Diagramtyp 2: kvinnor and män of the area beside riket's, over the years."""
    table = _in_span(model.trend(scope.area.code, measure, sexes=("K", "M")), scope)
    return Slide(
        kind=GENDER,
        title=f"{MEASURE_LABELS[measure]} för kvinnor och män – {scope.area.name}",
        reading=readings.gender_reading(table, scope.area, compare_riket=scope.compare_riket),
        scope=scope,
        table=table,
        measure=measure,
        sheet=f"{MEASURE_SHORT_LABELS[measure]} K-M",
    )


def distribution_slide(model: Model, scope: Scope, year: int | None = None) -> Slide:
    """How the area's HE split over the six systems, for kvinnor and män, in one year."""
    year = scope.last_year if year is None else year
    table = model.distribution(scope.area.code, year)
    partial = _is_partial(model, scope.area.code, year)
    return Slide(
        kind=DISTRIBUTION,
        title=f"{_year_title('Fördelning på ersättningssystem', year, partial)} – "
        f"{scope.area.name}",
        reading=readings.distribution_reading(table, year),
        scope=scope,
        table=table,
        year=year,
        sheet=f"Fördelning {year}",
    )


def county_slide(
    model: Model, scope: Scope, age_group: str = AGE_TOTAL, year: int | None = None
) -> Slide:
    """The county's kommuner by system in one year, for one age group.

    Raises :class:`ReportError` for an area without a county (riket, a förbund across
    counties).
    """
    if scope.county is None:
        raise ReportError(
            f"{scope.area.name} is not compared with one county, so it has no county chart",
            f"{scope.area.name} jämförs inte med ett enskilt län och har inget länsdiagram.",
        )
    year = scope.last_year if year is None else year
    table = model.county_kommuner(scope.county.code, year, age_group=age_group)
    partial = bool(table["partial"].any())
    ages = "" if age_group == AGE_TOTAL else f", {age_label(age_group)}"
    county_share = model.share(scope.county.code, year, age_group=age_group)
    return Slide(
        kind=COUNTY,
        title=_year_title(
            f"Ersättningssystemens användning i {scope.county.name}s kommuner", year, partial
        )
        + ages,
        reading=readings.county_reading(
            table,
            scope.area,
            scope.county,
            scope.members,
            county_share,
            area_share=model.share(scope.area.code, year, age_group=age_group)
            if scope.area.level == LEVEL_FORBUND
            else None,
        ),
        scope=scope,
        table=table,
        age_group=age_group,
        year=year,
        sheet=f"Länet {age_label(age_group)}".replace("–", "-"),
    )


def funnel_marked(area: Area) -> tuple[str, ...]:
    """The kommuner a funnel plot marks for `area`: a kommun itself, a förbund's or a
    county's kommuner; none for riket (every kommun is riket's)."""
    return () if area.level == LEVEL_RIKET else tuple(area.members)


def funnel_slide(
    model: Model,
    scope: Scope,
    measure: str = SUMMA,
    sex: str = SEX_TOTAL,
    year: int | None = None,
    age_group: str = AGE_TOTAL,
) -> Slide:
    """The trattdiagram: every kommun's share against its population around riket's,
    with the 95 % and 99,8 % limits, the area's kommuner marked.

    Raises :class:`ReportError` when no kommun has a share that year.
    """
    year = scope.last_year if year is None else year
    funnel = model.funnel(year, measure, sex, age_group)
    table = funnel.table
    if table["share"].isna().all():
        raise ReportError(
            f"no kommun has figures for {measure} in {year}",
            f"Ingen kommun har uppgifter för {MEASURE_LABELS[measure].lower()} {year}.",
        )
    who = "" if sex == SEX_TOTAL else f", {SEX_LABELS[sex].lower()}"
    ages = "" if age_group == AGE_TOTAL else f", {age_label(age_group)}"
    return Slide(
        kind=FUNNEL,
        title=f"{MEASURE_LABELS[measure]} {year}{who}{ages} – kommunerna jämfört med riket",
        reading=readings.funnel_reading(
            table, funnel.reference_share, funnel_marked(scope.area), year
        ),
        scope=scope,
        table=table,
        measure=measure,
        sex=sex,
        age_group=age_group,
        year=year,
        sheet=f"Tratt {MEASURE_SHORT_LABELS[measure]} {year}",
    )


def map_slide(
    model: Model,
    scope: Scope,
    year: int | None = None,
    county_code: str | None = None,
    measure: str = SUMMA,
    sex: str = SEX_TOTAL,
    age_group: str = AGE_TOTAL,
) -> Slide:
    """The map of the kommuner coloured by class, the area outlined: the kommuner of
    `county_code`, else of the area's county (:class:`~metrics.beside.Beside`), else all
    Sweden (riket, a förbund across counties)."""
    year = scope.last_year if year is None else year
    if county_code is None and scope.county is not None:
        county_code = scope.county.code
    place = map_scope(model.regions, scope.area.code, county_code)
    table = map_table(model.yearly, model.regions, place.kommuner, year, measure, sex, age_group)
    area_share = model.share(scope.area.code, year, measure, sex, age_group)
    who = "" if sex == SEX_TOTAL else f", {SEX_LABELS[sex].lower()}"
    ages = "" if age_group == AGE_TOTAL else f", {age_label(age_group)}"
    return Slide(
        kind=MAP,
        title=f"Karta: {MEASURE_LABELS[measure]} i {place.scope_name}s kommuner {year}{who}{ages}",
        reading=readings.map_reading(table, place.scope_name, place.outline_name, area_share),
        scope=scope,
        table=table,
        measure=measure,
        sex=sex,
        age_group=age_group,
        year=year,
        sheet=f"Karta {year}",
        place=place,
    )


def forbund_ranking_slide(model: Model, scope: Scope, year: int | None = None) -> Slide:
    """Every shipped förbund ranked by its total share in one year, the scope's area
    marked if it is one of them (not in the report: a single chart and its table)."""
    year = scope.last_year if year is None else year
    codes = [d.id for d in shipped_definitions() if d.id in model.regions]
    table = forbund_ranking(model.yearly, model.regions, codes, year)
    return Slide(
        kind=FORBUND_RANKING,
        title=f"Alla samordningsförbund {year}",
        reading=readings.ranking_reading(table, scope.area.code),
        scope=scope,
        table=table,
        year=year,
        sheet=f"Alla förbund {year}",
    )


def _is_partial(model: Model, area_code: str, year: int) -> bool:
    rows = model.annual_rows(area_code, measure=SUMMA, sex=SEX_TOTAL)
    return bool(rows.loc[rows[PERIOD] == year, "partial"].any())


TARGETS_ABOUT = (
    "Målgrupper jämför åldersgrupper (kvinnor och män tillsammans) och kvinnor och män "
    "20–64 år med samma grupp i riket. Skillnaden i helårsekvivalenter är (andel − rikets "
    "andel) × gruppens folkmängd: så många fler (+) eller färre (−) helårsekvivalenter än "
    "om andelen hade varit densamma som i riket. ‡ = färre än 10 helårsekvivalenter, "
    "osäker andel."
)


def about_lines(scope: Scope, targets: bool = False) -> tuple[str, ...]:
    """The text of the page on how to read the report (true for the scope's area), with
    a paragraph on Målgrupper when the report has that section."""
    lines = []
    if scope.county:
        lines.append(
            f"den streckade linjen medelvärdet av kommunerna i {scope.county.name} (varje "
            "kommun väger lika)"
        )
    if scope.compare_riket:
        lines.append("den tjocka svarta linjen riket")
    lines.append("den grå ytan spridningen mellan kommunen med lägst och kommunen med högst andel")
    listed = swedish_list(lines)
    return (
        "En helårsekvivalent är antalet personer som skulle kunna försörjas ett helt år med "
        "full ersättning. Två personer som varit heltidsarbetslösa ett halvår var blir "
        "tillsammans en helårsekvivalent.",
        "Andelen är helårsekvivalenterna delat med folkmängden 20–64 år i samma område (och "
        "samma kön eller åldersgrupp), i procent. Summa är summan av de sex "
        "ersättningssystemen: sjukpenning, sjuk- och aktivitetsersättning, "
        "etableringsersättning, arbetsmarknadsåtgärder, arbetslöshetsersättning och "
        "ekonomiskt bistånd.",
        "Färgen och formen på punkterna visar var området ligger jämfört med landets "
        "kommuner samma år: röd triangel upp = bland de 25 % med högst andel, gul cirkel = "
        "de 50 % i mitten, grön = bland de 25 % med lägst andel. Kvinnor jämförs med "
        "kvinnor och män med män."
        + (
            ""
            if scope.area.level == LEVEL_KOMMUN
            else f" {scope.area.name} placeras mot samma gränser som landets kommuner."
        ),
        f"I utvecklingsdiagrammen visar {listed}.",
        "Län, riket och samordningsförbund räknas från kommunerna: summan av "
        "helårsekvivalenterna delat med summan av folkmängden. Årsvärdet är medelvärdet av "
        "årets månader; ett ofullständigt år markeras med *.",
        *((TARGETS_ABOUT,) if targets else ()),
    )


def about_slide(scope: Scope, targets: bool = False) -> Slide:
    return Slide(
        kind=ABOUT,
        title=SECTION_LABELS[ABOUT],
        reading="",
        scope=scope,
        lines=about_lines(scope, targets),
    )


def area_description(model: Model, area: Area) -> str:
    """'Kommun i Västerbottens län', 'Samordningsförbund: Skellefteå och Norsjö' …"""
    regions = model.regions
    if area.level == LEVEL_KOMMUN:
        county = regions.county_of(area.code)
        return f"Kommun i {county.name}" if county else "Kommun"
    if area.level == LEVEL_LAN:
        return f"Län med {len(area.members)} kommuner"
    if area.level == LEVEL_RIKET:
        return "Hela Sverige, alla kommuner"
    names = [regions.name(m) for m in area.members if m in regions]
    return f"Samordningsförbund: {swedish_list(names)}"


def data_note(model: Model, provenance: Provenance, created: date) -> str:
    """Where the data come from, how fresh they are, and when the report was made."""
    months = period_text(model.first_month.date(), model.latest_month.date())
    tables = ", ".join(provenance.tables)
    if provenance.is_synthetic:
        origin = f"{DATA_SOURCE} i form av SCB:s {tables}"
    else:
        stamp = provenance.updated_date
        updated = f", uppdaterad {format_date(stamp)}" if stamp else ""
        origin = f"SCB, helårsekvivalenter ({tables}){updated}"
    return f"Data: {origin}. Perioden i data: {months}. Rapporten skapad {format_date(created)}."


def has_age_table(model: Model) -> bool:
    """Whether the data have SCB's table by age band (the Målgrupper section's groups)."""
    return any(g.dimension == DIMENSION_AGE for g in target_groups(model.age_groups))


def default_sections(model: Model) -> tuple[str, ...]:
    """Every section; Målgrupper only when the data have the age table (without it the
    section would compare kvinnor and män only, which the other sections already do)."""
    return SECTIONS if has_age_table(model) else tuple(s for s in SECTIONS if s != TARGETS)


def _wanted(model: Model, options: ReportOptions, section: str) -> bool:
    sections = default_sections(model) if options.sections is None else options.sections
    return section in sections


def needs_title(ranking: pd.DataFrame, area_name: str, reference_name: str, year: int) -> str:
    """'Målgrupper med störst behov 2024 – Norsjö', or, when no group × system is a
    need beyond chance, 'Ingen grupp har en tydligt högre andel än i riket 2024 – Norsjö'
    (:func:`metrics.targets.needs_heading`)."""
    heading = needs_heading(ranking, reference_name, str(year))
    if bool(ranking["need"].any()):
        heading = f"Målgrupper med {heading[0].lower()}{heading[1:]}"
    return f"{heading} – {area_name}"


def target_slides(model: Model, scope: Scope) -> list[Slide]:
    """Målgrupper in the last year against riket: the greatest needs (with the top three
    in words), every group × system, and the change of the total 20–64 år by system
    from the first year (left out for a single year). None for riket itself."""
    if not scope.compare_riket:
        return []
    area, year, first = scope.area, scope.last_year, scope.first_year
    found = target_report(model, area.code, year, from_year=first)
    reference_name = found.reference_name
    common = {
        "scope": scope,
        "year": year,
        "reference": found.reference,
        "reference_name": reference_name,
    }
    sheets = list(found.tables)
    slides = [
        Slide(
            kind=NEEDS,
            title=needs_title(found.ranking, area.name, reference_name, year),
            reading=readings.needs_reading(found.ranking, area.name, reference_name),
            table=found.ranking,
            sheet=sheets[0],
            lines=tuple(found.sentences),
            download=found.tables[sheets[0]],
            **common,
        ),
        Slide(
            kind=MATRIX,
            title=f"Andelar per grupp och ersättningssystem {year} – {area.name}",
            reading=readings.matrix_reading(found.matrix, found.reference, reference_name),
            table=found.matrix,
            sheet=sheets[1],
            download=found.tables[sheets[1]],
            **common,
        ),
    ]
    if first < year:
        slides.append(
            Slide(
                kind=CHANGE,
                title=f"Förändring {first}–{year} per ersättningssystem – {area.name}",
                reading=readings.change_reading(found.change, TOTAL, area.name, first, year),
                table=found.change,
                sheet=sheets[2],
                download=found.tables[sheets[2]],
                **common,
            )
        )
    return slides


def plan_slides(model: Model, scope: Scope, options: ReportOptions) -> list[Slide]:
    """The slides of a report, in the report's order."""
    slides: list[Slide] = []
    if _wanted(model, options, PROFILE):
        slides.append(profile_slide(model, scope))
    if _wanted(model, options, ABOUT):
        targets = _wanted(model, options, TARGETS) and scope.compare_riket
        slides.append(about_slide(scope, targets))
    measures = [m for m in REPORT_ORDER if m in options.measures]
    has_sexes = {"K", "M"} <= set(model.annual["sex"].astype(str).unique())
    for measure in measures:
        if _wanted(model, options, TREND):
            slides.append(trend_slide(model, scope, measure))
        if _wanted(model, options, GENDER) and has_sexes:
            slides.append(gender_slide(model, scope, measure))
    if _wanted(model, options, DISTRIBUTION) and has_sexes:
        slides.append(distribution_slide(model, scope))
    if _wanted(model, options, COUNTY) and scope.county is not None:
        for age_group in county_age_groups(model):
            slides.append(county_slide(model, scope, age_group))
    if _wanted(model, options, MAP):
        slides.append(map_slide(model, scope))
    if _wanted(model, options, FUNNEL) and measures:
        with suppress(ReportError):  # no kommun has figures that year: no funnel
            slides.append(funnel_slide(model, scope, measures[0]))
    if _wanted(model, options, TARGETS):
        slides.extend(target_slides(model, scope))
    return slides


def county_age_groups(model: Model) -> list[str]:
    """20–64, and 20–29 when the data has it (as the report)."""
    return [a for a in (AGE_TOTAL, YOUNG) if a in model.age_groups]


def plan_report(
    model: Model,
    provenance: Provenance,
    options: ReportOptions,
    created: date,
) -> Report:
    """The whole report for one area and span (raises :class:`ReportError`)."""
    check_options(model, options)
    scope = make_scope(
        model, options.area_code, options.first_year, options.last_year, source_text(provenance)
    )
    area = scope.area
    return Report(
        scope=scope,
        slides=tuple(plan_slides(model, scope, options)),
        title=REPORT_TITLE,
        subtitle=f"{area.name} {scope.span}",
        description=area_description(model, area),
        data_note=data_note(model, provenance, created),
        created=created,
        provenance=provenance,
    )


def kommun_codes_of_county(model: Model, county_code: str) -> list[str]:
    """The kommuner of a county that have figures in the data, for a batch of reports.

    Raises :class:`ReportError` for a code that is not a county.
    """
    regions = model.regions
    check_county(regions, county_code)
    return [a.code for a in regions.kommuner_in(county_code) if not model.annual_rows(a.code).empty]


def default_span(model: Model, years: int = 5) -> tuple[int, int]:
    """The report's default span: the latest complete year and the four before it."""
    last = model.default_year()
    first = max(model.years[0], last - years + 1)
    return first, last
