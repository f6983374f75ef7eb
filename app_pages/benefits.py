"""Ersättningssystem: each system over time, in total and for kvinnor and män."""

import streamlit as st

from app_pages.ui import session, state, views, widgets
from app_pages.ui.chart import show_chart
from app_pages.ui.data import app_data
from data.contract import AGE_TOTAL
from data.regions import LEVEL_FORBUND
from data.text import SOFT_HYPHEN
from metrics.labels import MEASURE_LABELS, REPORT_ORDER, age_label

SYSTEM_VIEW_LABELS = {state.ONE_SYSTEM: "Ett system", state.ALL_SYSTEMS: "Alla system"}

app = app_data()
area = app.regions[session.current_selection().region]

# "Ersättningssystem" at a heading's size is wider than a phone: it breaks with a hyphen
st.title(f"Ersättnings{SOFT_HYPHEN}system – {area.name}")
st.markdown(
    "Här visas ett ersättningssystem i taget, eller alla efter varandra. Det första "
    "diagrammet jämför området med kommunerna i länet, riket och spridningen mellan "
    "landets kommuner; det andra visar kvinnor och män var för sig."
)

controls = widgets.controls_row()
session.bound_radio(
    "Visa",
    state.SYSTEM_VIEWS,
    key=state.SYSTEMS,
    format_func=SYSTEM_VIEW_LABELS.get,
    container=controls,
    help="Alla system efter varandra, i samma ordning som i Statisticons rapport.",
)
if st.session_state[state.SYSTEMS] == state.ONE_SYSTEM:
    session.bound_selectbox(
        "Ersättningssystem",
        REPORT_ORDER,
        key=state.MEASURE,
        format_func=MEASURE_LABELS.get,
        container=controls,
        width=widgets.MEASURE_BOX,
    )
widgets.frequency_selector(controls)
widgets.age_selector(app, controls)
members = area.level == LEVEL_FORBUND and st.checkbox(
    "Visa områdets kommuner som tunna linjer",
    key=state.BENEFITS_MEMBERS,
    help="Varje kommun i området som en egen tunn linje, bakom områdets sammanräknade linje.",
)

selection = session.current_selection()
measures = REPORT_ORDER if selection.systems == state.ALL_SYSTEMS else (selection.measure,)
for measure in measures:
    label = MEASURE_LABELS[measure]
    words = views.reading(app, area.code, selection.year, measure, selection.age)
    st.header(label)
    st.markdown(f"{words.description} {words.example}")
    show_chart(
        views.trend_view(app, area.code, measure, selection.age, selection.freq, members),
        key=f"benefits.{measure}.trend",
    )
    st.subheader(f"{label} för kvinnor och män")
    if selection.age == AGE_TOTAL:
        st.markdown(
            "Andelen för kvinnor räknas på kvinnorna 20–64 år och andelen för män på "
            f"männen. {words.gender_example}"
        )
        show_chart(
            views.gender_view(app, area.code, measure, selection.freq),
            key=f"benefits.{measure}.gender",
        )
    else:
        st.info(
            f"Uppdelning på kvinnor och män finns bara för hela åldersgruppen 20–64 år. "
            f"SCB redovisar inte kön och ålder samtidigt, så {age_label(selection.age)} "
            "visas för båda könen tillsammans.",
            icon=":material/info:",
        )

st.header(f"Fördelning på ersättningssystem {selection.year}")
st.markdown(
    "Hur helårsekvivalenterna fördelas mellan ersättningssystemen, för kvinnor och män (20–64 år)."
)
show_chart(views.distribution_view(app, area.code, selection.year), key="benefits.distribution")
