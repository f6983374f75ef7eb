"""Jämför: up to six areas on one chart, for one measure and kön or age group."""

import streamlit as st

from app_pages.ui import ranking, session, state, views, widgets
from app_pages.ui.chart import show_chart
from app_pages.ui.data import app_data
from app_pages.ui.state import escape_markdown
from app_pages.ui.tables import latest_rows, show_table
from data.regions import LEVEL_FORBUND

app = app_data()
regions = app.regions

st.title("Jämför områden")
st.markdown(
    f"Välj upp till {state.MAX_COMPARED} kommuner, län, samordningsförbund eller riket och "
    "se dem i samma diagram. Varje område har en egen färg, linjetyp och symbol."
)

session.bound_multiselect(
    "Områden",
    widgets.area_options(regions),
    key=state.COMPARE,
    shown=state.compared_areas(session.current_selection(), regions),
    format_func=lambda code: widgets.area_label(regions, code),
    max_selections=state.MAX_COMPARED,
    placeholder="Skriv för att söka …",
    help="Utan eget val visas området som är valt överst på sidan, dess län och riket.",
)
area = regions[session.current_selection().region]
if area.level == LEVEL_FORBUND:
    shown = state.compared_areas(session.current_selection(), regions)
    missing = [m for m in area.members if m not in shown]
    room = state.MAX_COMPARED - len(shown)

    def add_members() -> None:
        st.session_state[state.COMPARE] = tuple([*shown, *missing][: state.MAX_COMPARED])

    st.button(
        f"Lägg till kommunerna i {escape_markdown(area.name)}",
        key=state.COMPARE_MEMBERS,
        on_click=add_members,
        disabled=not missing or room <= 0,
        icon=":material/add:",
        help=(
            "Områdets kommuner som egna linjer bredvid områdets sammanräknade linje."
            if missing and room > 0
            else "Kommunerna finns redan i diagrammet, eller så är det fullt: ta bort ett "
            "område först."
        ),
    )
controls = widgets.controls_row()
widgets.measure_and_sex_selectors(controls, session.current_selection().age)
widgets.age_selector(app, controls)
widgets.frequency_selector(controls)

selection = session.current_selection()
areas = state.compared_areas(selection, regions)
view = views.compare_view(
    app, areas, selection.measure, selection.sex, selection.age, selection.freq
)
show_chart(view, key="compare.chart")

st.header("Senaste värdet")
show_table(
    latest_rows(view.table),
    width="stretch",
    alt="Tabell över de jämförda områdenas senaste andel och klass bland landets kommuner.",
)

ranking.ranking_section(app, selection.region, selection.year)
