"""Målgrupper: which groups, by age, kön and benefit system, need coordinated support most."""

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages.ui import session, state, views
from app_pages.ui.chart import camera_config
from app_pages.ui.data import app_data
from app_pages.ui.frames import show_table
from app_pages.ui.state import escape_markdown
from app_pages.ui.widgets import area_label
from charts.targets import HE, MATRIX_VALUES, POINTS, change_chart, matrix_chart, needs_chart
from charts.theme import HEIGHT, WIDTH, for_screen, source_text
from charts.trend import trend_chart
from data.regions import LEVEL_FORBUND, LEVEL_KOMMUN, LEVEL_RIKET
from exports.files import csv_bytes, safe_filename, xlsx_bytes
from exports.tables import SHARE_HEADERS, trend_download
from exports.targets import (
    decomposition_download,
    matrix_download,
    ranking_download,
    reference_labels,
    share_headers,
)
from metrics.comparables import member_trends
from metrics.labels import FREQUENCY_LABELS, MEASURE_LABELS, SHARE_MEASURES
from metrics.periods import FREQUENCIES
from metrics.targets import (
    DIMENSION_AGE,
    RIKET,
    TOTAL,
    Group,
    group_change,
    need_sentences,
    rank_needs,
    references_of,
    target_groups,
)

VALUE_LABELS = {POINTS: "Procentenheter", HE: "Helårsekvivalenter"}

app = app_data()
model = app.model
regions = app.regions
selection = session.current_selection()
area = regions[selection.region]
year = selection.year
source = source_text(app.provenance)
groups = target_groups(model.age_groups)
area_text = escape_markdown(area.name)


def show_chart(fig: go.Figure) -> None:
    """A chart as wide as the page (its fixed export width would be cut off), with its
    text alternative for screen readers, laid out for any screen (see `for_screen`)."""
    fig = for_screen(fig)
    meta = fig.layout.meta
    config = camera_config(
        Path(safe_filename(str(meta.get("title", "Diagram")), "png")).stem,
        fig.layout.width or WIDTH,
        fig.layout.height or HEIGHT,
    )
    st.plotly_chart(fig.update_layout(width=None), theme=None, config=config, alt=meta["alt"])


def downloads(name: str, sheets: dict[str, pd.DataFrame], shares: set[str]) -> None:
    """CSV (the first table) and Excel (every table) of what a chart shows, made only
    when a button is clicked."""
    stem = f"{name} {area.name} {year}"
    first = next(iter(sheets.values()))
    notes = {title: [source] for title in sheets}
    left, right = st.columns(2)
    left.download_button(
        "Ladda ner CSV",
        partial(csv_bytes, first),
        file_name=safe_filename(stem, "csv"),
        mime="text/csv",
        key=f"targets.csv.{name}",
        icon=":material/download:",
    )
    right.download_button(
        "Ladda ner Excel",
        partial(xlsx_bytes, sheets, shares, notes),
        file_name=safe_filename(stem, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"targets.xlsx.{name}",
        icon=":material/download:",
    )


def bound_multiselect(label: str, options: Sequence[str], key: str, default: list[str]) -> list:
    """A multiselect whose value outlives page switches (like `session.bound_selectbox`)."""
    if key not in st.session_state:
        st.session_state[key] = default
    widget = state.widget_key(key)
    st.session_state[widget] = [v for v in st.session_state[key] if v in options]

    def copy() -> None:
        st.session_state[key] = st.session_state[widget]

    return st.multiselect(
        label,
        options,
        key=widget,
        on_change=copy,
        format_func=lambda code: area_label(regions, code),
        placeholder="Välj kommuner",
        **session.MULTISELECT,
    )


def choose_comparables() -> list[str]:
    """The comparable kommuner: suggested by size, editable, kept per area."""
    if area.level not in (LEVEL_KOMMUN, LEVEL_FORBUND):
        return []
    suggested = views.suggested_comparables(app, area.code, year)
    key = state.comparables_key(area.code)
    chosen = st.session_state.get(key, suggested)
    with st.expander(f"Jämförbara kommuner ({len(chosen)})", icon=":material/compare_arrows:"):
        st.markdown(
            f"Kommunerna närmast {area_text} i storlek (folkmängd 20–64 år {year}), föreslagna "
            "automatiskt. Ändra urvalet om ni hellre jämför med andra kommuner; de jämförbara "
            "kommunerna räknas ihop som ett område."
        )
        options = [c for c in regions.kommun_codes() if c not in area.members]
        chosen = bound_multiselect("Jämförbara kommuner", options, key, suggested)

        def reset() -> None:
            st.session_state[key] = suggested

        st.button("Återställ förslaget", key="targets.comparables.reset", on_click=reset)
        if chosen:
            show_table(views.comparables_table(app, chosen, year))
    return chosen


st.title(f"Målgrupper – {area_text}")
st.markdown(
    "Vilka grupper har störst behov av samordnat stöd? Här jämförs områdets "
    "åldersgrupper och kvinnor och män med samma grupper i länet, riket och jämförbara "
    "kommuner, för varje ersättningssystem. Skillnaden anges i procentenheter och i "
    "**helårsekvivalenter**: hur många fler (eller färre) helårsekvivalenter gruppen har än "
    "om andelen hade varit densamma som där."
)
if not any(g.dimension == DIMENSION_AGE for g in groups):
    st.info(
        "Datan saknar SCB:s tabell efter ålder, så bara kvinnor och män 20–64 år visas.",
        icon=":material/info:",
    )

if area.level == LEVEL_RIKET:
    st.info(
        "Välj en kommun, ett län eller ett samordningsförbund överst på sidan: sidan jämför "
        "ett område med länet, riket och jämförbara kommuner.",
        icon=":material/info:",
    )
else:
    comparables = choose_comparables()
    found = references_of(model, area.code, comparables)
    references = {r.kind: r for r in sorted(found, key=lambda r: r.kind != RIKET)}
    labels = reference_labels(model, references.values())
    reference = session.bound_selectbox(
        "Jämför med",
        list(references),
        key=state.TARGET_REFERENCE,
        format_func=lambda kind: labels[kind],
        help="Skillnaderna och rangordningen räknas mot det här området.",
    )
    reference_name = references[reference].name
    matrix = views.target_matrix_view(app, area.code, year, comparables)
    ranking = rank_needs(matrix, reference)

    st.header(f"Störst behov {year}")
    sentences = need_sentences(ranking, area_name=area.name, reference_name=reference_name)
    st.markdown("\n".join(f"- {escape_markdown(s)}" for s in sentences))
    show_chart(
        needs_chart(
            ranking,
            area_name=area.name,
            reference_name=reference_name,
            period_text=str(year),
            source=source,
        )
    )
    ranking_table = ranking_download(ranking, labels[reference])
    downloads("Störst behov", {"Störst behov": ranking_table}, share_headers(ranking_table))

    st.header("Andelar per grupp och ersättningssystem")
    value = session.bound_selectbox(
        "Visa skillnaden i",
        list(MATRIX_VALUES),
        key=state.TARGET_VALUE,
        format_func=VALUE_LABELS.get,
    )
    show_chart(
        matrix_chart(
            matrix,
            area_name=area.name,
            reference=reference,
            reference_name=reference_name,
            period_text=str(year),
            value=value,
            source=source,
        )
    )
    st.caption(
        "Kolumnen ”Jämfört med landets kommuner” placerar området mot samma gränser som "
        "landets kommuner i samma grupp (lägsta 25 %, mellersta 50 %, högsta 25 %), också "
        "när området är ett samordningsförbund eller ett län."
    )
    matrix_table = matrix_download(matrix, labels)
    with st.expander("Tabell: alla grupper och system", icon=":material/table:"):
        show_table(matrix_table)
    downloads(
        "Grupper och system", {"Grupper och system": matrix_table}, share_headers(matrix_table)
    )

    st.header("Utveckling för en grupp")
    trend_groups = [*groups, TOTAL]
    columns = st.columns(3)
    group: Group = session.bound_selectbox(
        "Grupp",
        trend_groups,
        key=state.TARGET_GROUP,
        format_func=lambda g: g.label,
        container=columns[0],
        help="Unga vuxna 20–29 år står först: en prioriterad grupp för många förbund.",
    )
    measure = session.bound_selectbox(
        "Ersättningssystem",
        list(SHARE_MEASURES),
        key=state.TARGET_MEASURE,
        format_func=MEASURE_LABELS.get,
        container=columns[1],
    )
    frequency = session.bound_selectbox(
        "Period",
        list(FREQUENCIES),
        key=state.TARGET_FREQUENCY,
        format_func=FREQUENCY_LABELS.get,
        container=columns[2],
    )
    members = None
    if len(area.members) > 1 and st.checkbox(
        "Visa områdets kommuner som tunna linjer", key=state.TARGET_MEMBERS
    ):
        members = member_trends(
            model, area.code, measure, group.sex, group.age_group, frequency=frequency
        )
    comparison = None
    if comparables and st.checkbox(
        "Visa de jämförbara kommunerna", key=state.TARGET_COMPARISON, value=True
    ):
        comparison = views.comparison_view(
            app, comparables, measure, group.sex, group.age_group, frequency
        )
    county = model.county_code(area.code)
    trend = model.trend(
        area.code,
        measure=measure,
        sexes=(group.sex,),
        age_group=group.age_group,
        frequency=frequency,
    )
    who = group.label if group.sex == "T" else group.label.lower()
    show_chart(
        trend_chart(
            trend,
            area_name=area.name,
            measure=measure,
            county_name=regions.name(county) if county and county != area.code else None,
            age_group=group.age_group,
            frequency=frequency,
            member_lines=members,
            comparison=comparison,
            comparison_name=f"Jämförbara kommuner ({len(comparables)})",
            source=source,
            title=f"{MEASURE_LABELS[measure]} – {who} i {area.name}",
        )
    )
    downloads(
        "Utveckling",
        {"Utveckling": trend_download(trend, frequency)},
        set(SHARE_HEADERS),
    )

    st.header("Förändring mellan två år")
    earlier = [y for y in model.years if y < year]
    if not earlier:
        st.info(f"Det finns inga år före {year} i data att jämföra med.", icon=":material/info:")
    else:
        left, right = st.columns(2)
        default_from = max(earlier[0], year - 5)
        if st.session_state.get(state.CHANGE_FROM) not in earlier:
            st.session_state[state.CHANGE_FROM] = default_from
        from_year = session.bound_selectbox(
            "Från år",
            sorted(earlier, reverse=True),
            key=state.CHANGE_FROM,
            container=left,
        )
        change_group: Group = session.bound_selectbox(
            "Grupp",
            [TOTAL, *groups],
            key=state.CHANGE_GROUP,
            format_func=lambda g: g.label,
            container=right,
        )
        change = group_change(model, area.code, change_group, from_year, year)
        show_chart(
            change_chart(
                change,
                area_name=area.name,
                group_label=change_group.label,
                from_label=str(from_year),
                to_label=str(year),
                source=source,
            )
        )
        change_table = decomposition_download(change, str(from_year), str(year))
        downloads(
            "Förändring",
            {f"Förändring {from_year}–{year}": change_table},
            share_headers(change_table),
        )
