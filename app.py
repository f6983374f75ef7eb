"""Offentlig försörjning: the entry point. Owns navigation, the shared selection and the
frame around every page (data banner, selectors, footer, error boundary).

Start it with `make run` (or `streamlit run app.py`).
"""

import streamlit as st

from pages.ui import areas, session, widgets

st.set_page_config(
    page_title="Offentlig försörjning",
    page_icon=":material/groups:",
    layout="wide",
)

# Every url_path differs from its file's name: with a folder called pages/, Streamlit's
# legacy multipage mode would otherwise run a page file on its own, without this script
# (the first run of a server process, and every AppTest run, start in that mode).
PAGES = [
    st.Page(
        "pages/overview.py",
        title="Översikt",
        icon=":material/home:",
        url_path="oversikt",
        default=True,
    ),
    st.Page(
        "pages/benefits.py",
        title="Ersättningssystem",
        icon=":material/payments:",
        url_path="ersattningssystem",
    ),
    st.Page("pages/county.py", title="Länet", icon=":material/map:", url_path="lanet"),
    st.Page("pages/compare.py", title="Jämför", icon=":material/compare:", url_path="jamfor"),
    st.Page(
        "pages/target_groups.py",
        title="Målgrupper",
        icon=":material/diversity_3:",
        url_path="malgrupper",
    ),
    st.Page("pages/areas.py", title="Områden", icon=":material/groups:", url_path="omraden"),
    st.Page("pages/export.py", title="Exportera", icon=":material/download:", url_path="exportera"),
    st.Page("pages/about.py", title="Om data", icon=":material/info:", url_path="om-data"),
]

navigation = st.navigation(PAGES)
areas.init_link_area()
app = widgets.load_app_data_or_stop()
session.init_selection(app)
widgets.sidebar_selectors(app)
widgets.synthetic_banner(app)
widgets.url_notes()
with widgets.error_boundary():
    navigation.run()
widgets.footer(app)
session.write_url(app)
