"""Offentlig försörjning: the entry point. Owns navigation, the shared selection and the
frame around every page (data banner, selectors, footer, error boundary).

Start it with `make run` (or `streamlit run app.py`).
"""

import streamlit as st

from app_pages.ui import areas, data, freshness, session, timing, widgets

timing.begin()

# The page icon is a file of the app's own: a Material icon name here makes the browser
# fetch the icon from fonts.gstatic.com, which fails on an intranet without internet.
st.set_page_config(
    page_title="Offentlig försörjning",
    page_icon="app_pages/icon.png",
    layout="wide",
)

# The page scripts live in app_pages/, not pages/: a folder named pages/ beside this file
# switches Streamlit into its legacy multipage mode for the first run of every server
# process, which shows "Page not found" to whoever opens a shared deep link first.
# URLs are Swedish (lanet, jamfor …); file names are plain English. The start page lives
# at the root ("/"), as Streamlit serves every default page; "/oversikt" (in older links)
# leads there too, through a hidden page, instead of Streamlit's English "Page not found".
START = st.Page("app_pages/overview.py", title="Översikt", icon=":material/home:", default=True)


def _to_start_page() -> None:
    st.switch_page(START)


PAGES = [
    START,
    st.Page(
        "app_pages/benefits.py",
        title="Ersättningssystem",
        icon=":material/payments:",
        url_path="ersattningssystem",
    ),
    st.Page("app_pages/county.py", title="Länet", icon=":material/map:", url_path="lanet"),
    st.Page("app_pages/compare.py", title="Jämför", icon=":material/compare:", url_path="jamfor"),
    st.Page(
        "app_pages/target_groups.py",
        title="Målgrupper",
        icon=":material/diversity_3:",
        url_path="malgrupper",
    ),
    st.Page("app_pages/areas.py", title="Områden", icon=":material/groups:", url_path="omraden"),
    st.Page(
        "app_pages/export.py", title="Exportera", icon=":material/download:", url_path="exportera"
    ),
    st.Page("app_pages/about.py", title="Om data", icon=":material/info:", url_path="om-data"),
    st.Page(_to_start_page, title="Översikt", url_path="oversikt", visibility="hidden"),
]

navigation = st.navigation(PAGES)
# a failure outside the page (the area box, the footer) also gets the Swedish message,
# never Streamlit's English one
with widgets.error_boundary():
    freshness.ensure_dataset()
    freshness.start_refresh_job()
    areas.init_link_area()
    app = widgets.load_app_data_or_stop()
    freshness.announce_new_data(app)
    session.init_selection(app)
    widgets.area_and_year_selectors(app)
    widgets.synthetic_banner(app)
    widgets.url_notes()
    with widgets.error_boundary():
        navigation.run()
    widgets.footer(app)
    session.write_url(app)
    data.build_period_tables_in_background(app)
    data.trim_heap_when_idle()
    timing.end(navigation.title)
