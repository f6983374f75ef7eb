"""Målgrupper: which groups, by age, kön and benefit system, need coordinated support most."""

import streamlit as st

from app_pages.ui import session, state, views, widgets
from app_pages.ui.chart import show_chart
from app_pages.ui.data import app_data
from app_pages.ui.state import escape_markdown
from app_pages.ui.tables import show_table
from app_pages.ui.widgets import area_label
from charts.targets import HE, MATRIX_VALUES, POINTS
from data.regions import LEVEL_FORBUND, LEVEL_KOMMUN, LEVEL_RIKET
from exports.targets import (
    reference_labels,
)
from metrics.labels import FREQUENCY_LABELS, MEASURE_LABELS, SHARE_MEASURES
from metrics.periods import FREQUENCIES
from metrics.targets import (
    DIMENSION_AGE,
    RIKET,
    TOTAL,
    Group,
    need_sentences,
    needs_heading,
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
groups = target_groups(model.age_groups)
area_text = escape_markdown(area.name)


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
        chosen = session.bound_multiselect(
            "Jämförbara kommuner",
            options,
            key,
            chosen,
            format_func=lambda code: area_label(regions, code),
            placeholder="Välj kommuner",
        )

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

    st.header(needs_heading(ranking, reference_name, str(year)))
    sentences = need_sentences(ranking, area_name=area.name, reference_name=reference_name)
    st.markdown("\n".join(f"- {escape_markdown(s)}" for s in sentences))
    show_chart(
        views.needs_view(app, area.code, year, comparables, reference, labels),
        key="targets.needs",
    )

    st.header("Andelar per grupp och ersättningssystem")
    value = session.bound_selectbox(
        "Visa skillnaden i",
        list(MATRIX_VALUES),
        key=state.TARGET_VALUE,
        format_func=VALUE_LABELS.get,
    )
    matrix_view = views.matrix_view(app, area.code, year, comparables, reference, labels, value)
    show_chart(matrix_view, key="targets.matrix")
    st.caption(
        "I tabellen nedan placerar kolumnen ”Jämfört med landets kommuner” området mot "
        "samma gränser som landets kommuner i samma grupp (lägsta 25 %, mellersta 50 %, "
        "högsta 25 %), också när området är ett samordningsförbund eller ett län."
    )
    with st.expander("Tabell: alla grupper och system", icon=":material/table:"):
        show_table(matrix_view.table)

    st.header("Utveckling för en grupp")
    trend_groups = [*groups, TOTAL]
    controls = widgets.controls_row()
    group: Group = session.bound_selectbox(
        "Grupp",
        trend_groups,
        key=state.TARGET_GROUP,
        format_func=lambda g: g.label,
        container=controls,
        help="Unga vuxna 20–29 år står först: en prioriterad grupp för många förbund.",
        width=widgets.NARROW_BOX,
    )
    measure = session.bound_selectbox(
        "Ersättningssystem",
        list(SHARE_MEASURES),
        key=state.TARGET_MEASURE,
        format_func=MEASURE_LABELS.get,
        container=controls,
        width=widgets.MEASURE_BOX,
    )
    frequency = session.bound_radio(
        "Period",
        list(FREQUENCIES),
        key=state.TARGET_FREQUENCY,
        format_func=FREQUENCY_LABELS.get,
        container=controls,
        help=widgets.FREQUENCY_HELP,
    )
    members = len(area.members) > 1 and st.checkbox(
        "Visa områdets kommuner som tunna linjer", key=state.TARGET_MEMBERS
    )
    compared = bool(comparables) and st.checkbox(
        "Visa de jämförbara kommunerna", key=state.TARGET_COMPARISON, value=True
    )
    show_chart(
        views.group_trend_view(
            app,
            area.code,
            group,
            measure,
            frequency,
            members=members,
            comparables=comparables if compared else (),
        ),
        key="targets.trend",
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
        show_chart(
            views.change_view(app, area.code, change_group, from_year, year),
            key="targets.change",
        )
