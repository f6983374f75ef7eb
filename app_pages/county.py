"""Länet: the county's kommuner side by side, by system, with the chosen kommun marked
(or every kommun of a chosen samordningsförbund that lies in the county)."""

from functools import partial

import streamlit as st

from app_pages.ui import maps, session, state, views, widgets
from app_pages.ui.chart import show_chart
from app_pages.ui.data import app_data
from app_pages.ui.state import escape_markdown
from app_pages.ui.tables import county_rows, show_table
from data.contract import AGE_TOTAL, SEX_TOTAL
from data.regions import LEVEL_FORBUND, LEVEL_KOMMUN
from metrics.labels import age_label
from metrics.swedish import swedish_sort_key

CHART_KEY = "county.chart"

app = app_data()
regions = app.regions
selection = session.current_selection()
area = regions[selection.region]
around = views.beside(app, area.code)

county = regions[state.shown_county(selection, regions)]
kommuner = sorted(regions.kommuner_in(county.code), key=lambda k: swedish_sort_key(k.name))
codes = [k.code for k in kommuner]
highlight = around.marked_in(county)

st.title(f"Länet – {county.name}")
st.markdown(
    f"Varje stapel är en kommun i {county.name}: hur stor del av invånarna som försörjs "
    "av varje ersättningssystem. Kommunerna är sorterade efter den totala andelen, högst "
    "överst. **Klicka på en stapel**, eller välj en kommun i listan, för att visa den "
    "kommunen i hela appen."
)
if around.county is None:
    counties = sorted(regions.counties, key=lambda c: swedish_sort_key(c.name))
    st.session_state[state.COUNTY] = county.code
    session.bound_selectbox(
        "Län",
        [c.code for c in counties],
        key=state.COUNTY,
        format_func=regions.name,
        help=f"{escape_markdown(area.name)} ligger inte i ett enda län: välj vilket län som "
        "ska visas.",
    )

age_column, pick_column = st.columns([1, 2])
widgets.age_selector(app, age_column)
session.region_picker(
    "Byt kommun i hela appen",
    codes,
    key="county.kommun",
    format_func=regions.name,
    container=pick_column,
    placeholder="Välj en kommun …",
)

selection = session.current_selection()
if area.level == LEVEL_FORBUND:
    note = views.members_note(app, area.code, highlight, selection.year, selection.age)
    st.info(escape_markdown(note), icon=":material/groups:")
view = views.county_view(app, county.code, selection.year, selection.age, highlight)
show_chart(view, key=CHART_KEY, on_select=partial(session.move_to_clicked, CHART_KEY, codes))

st.header("Tabell")
st.markdown(
    "Klicka på en kolumnrubrik för att sortera. Klassen jämför med landets alla kommuner "
    "(▲ högsta 25 %, ● mellersta 50 %, ▼ lägsta 25 %). "
    + (
        ""
        if selection.age == AGE_TOTAL
        else f"Andelarna gäller åldersgruppen {age_label(selection.age)}."
    )
)
rows = county_rows(view.table, highlight)
show_table(
    rows,
    rows["Kommun"].str.startswith("▶"),
    width="stretch",
    height="content",
    alt=f"Tabell över kommunerna i {county.name} {selection.year}: plats i länet, total "
    "andel, klass bland landets kommuner och andel per ersättningssystem.",
)


def funnel_section() -> None:
    """Trattdiagram: every kommun in Sweden against riket, with the limits chance sets,
    the chosen kommun (or a förbund's kommuner, or else this county's) marked."""
    st.header("Skiljer sig kommunen från riket mer än slumpen förklarar?")
    st.markdown(
        "Varje punkt är en kommun: andelen mot folkmängden. Linjerna visar hur långt från "
        "rikets andel en kommun av den storleken kan hamna av en slump (95 % och 99,8 %). "
        "En liten kommun kan ligga långt från riket utan att skillnaden säger något; en "
        "kommun utanför de yttre linjerna skiljer sig mer än slumpen och den vanliga "
        "spridningen mellan kommuner förklarar. Metoden beskrivs på sidan Om data."
    )
    widgets.measure_and_sex_selectors(
        widgets.controls_row(),
        session.current_selection().age,
        measure_label="Mått (trattdiagram och karta)",
    )
    chosen = session.current_selection()
    marked = area.members if area.level in (LEVEL_KOMMUN, LEVEL_FORBUND) else tuple(codes)
    funnel = views.funnel_view(
        app,
        chosen.year,
        chosen.measure,
        chosen.sex if chosen.age == AGE_TOTAL else SEX_TOTAL,
        chosen.age,
        marked,
    )
    show_chart(funnel, key="county.funnel")


funnel_section()

# the funnel's measure and kön (above) colour the map too
maps.map_section(app, area.code, county.code, key="county.map", controls=False)
