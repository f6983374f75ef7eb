"""Översikt: where the chosen area stands, in one minute."""

import streamlit as st

from app_pages.ui import maps, session, views, widgets
from app_pages.ui.chart import show_chart
from app_pages.ui.data import app_data
from app_pages.ui.state import escape_markdown
from data.contract import AGE_TOTAL
from metrics.labels import SUMMA

app = app_data()
selection = session.current_selection()
area = app.regions[selection.region]
year = selection.year

st.title(f"Offentlig försörjning – {escape_markdown(area.name)}")

summary = views.overview(app, area.code, year)
st.markdown(escape_markdown(" ".join(summary.sentences)))
if summary.note:
    st.info(escape_markdown(summary.note), icon=":material/groups:")
news = views.news(app, area.code)
if news:
    st.markdown("**Det senaste i data.** " + escape_markdown(" ".join(news)))
if year not in app.model.complete_years:
    st.caption(
        f"{widgets.year_label(app, year)}: året är inte komplett i data, så värdena är "
        "medelvärden av de månader som finns."
    )

columns = st.columns(len(summary.cards))
for column, card in zip(columns, summary.cards, strict=True):
    column.metric(
        label=card.label,
        value=card.value,
        delta=card.delta,
        delta_color="off" if card.steady else "inverse",
        delta_arrow="off" if card.steady else "auto",
        help=card.help,
    )

st.caption(
    "Helårsekvivalenter (HE): antalet personer som skulle kunna försörjas ett helt år med "
    "full ersättning från sjukpenning, sjuk- och aktivitetsersättning, arbetslöshetsersättning, "
    "arbetsmarknadsåtgärder, ekonomiskt bistånd och etableringsersättning. Två personer som "
    "varit heltidsarbetslösa ett halvår var blir tillsammans en helårsekvivalent."
)

st.header("Försörjningsprofil")
st.markdown(
    "Tabellen visar hur stor del av invånarna 20–64 år som försörjs av varje "
    "ersättningssystem. Färgen och symbolen visar var området ligger jämfört med landets "
    "kommuner: ▲ bland de 25 % med högst andel, ● i mitten, ▼ bland de 25 % med lägst andel."
    + (
        ""
        if area.is_kommun
        else f" {escape_markdown(area.name)} är inte en kommun men placeras mot samma gränser."
    )
)
show_chart(views.profile_view(app, area.code, year), key="overview.profile")

st.header("Utvecklingen över tid")
show_chart(views.trend_view(app, area.code, SUMMA), key="overview.trend")
st.caption("Mer om varje ersättningssystem finns på sidan Ersättningssystem.")

maps.map_section(app, area.code, None, key="overview.map", age=AGE_TOTAL)
