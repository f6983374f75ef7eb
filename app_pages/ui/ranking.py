"""Alla samordningsförbund side by side: a section of Jämför (its own module, so that
other sections of the page stay apart)."""

from __future__ import annotations

from functools import partial

import streamlit as st

from app_pages.ui.chart import ChartView, show_chart
from app_pages.ui.data import AppData
from app_pages.ui.tables import show_table
from app_pages.ui.views import _key, _source, cached
from charts.forbund_ranking import forbund_ranking_chart
from data.areas import shipped_definitions
from data.regions import LEVEL_FORBUND
from exports.tables import forbund_ranking_download
from metrics.forbund_ranking import forbund_ranking


@cached
def _ranking(_app: AppData, key: tuple, year: int, highlight: str | None) -> ChartView:
    codes = [d.id for d in shipped_definitions() if d.id in _app.regions]
    ranking = forbund_ranking(_app.model.yearly, _app.regions, codes, year)
    figure = forbund_ranking_chart(ranking, year=year, highlight=highlight, source=_source(_app))
    return ChartView(figure, partial(forbund_ranking_download, ranking, year))


def ranking_view(app: AppData, year: int, highlight: str | None = None) -> ChartView:
    """Every shipped förbund ranked by its total share in `year`, `highlight` marked."""
    codes = [d.id for d in shipped_definitions() if d.id in app.regions]
    return _ranking(app, _key(app, *codes), year, highlight)


def ranking_section(app: AppData, region: str, year: int) -> None:
    """The section: heading, how to read it, the chart and the sortable table."""
    area = app.regions[region]
    highlight = region if area.level == LEVEL_FORBUND else None
    st.header("Alla samordningsförbund")
    st.markdown(
        f"Landets samordningsförbund sida vid sida {year}: varje förbund räknat ihop av sina "
        "kommuner (summan av helårsekvivalenterna delat med summan av folkmängden 20–64 "
        "år), sorterade efter den totala andelen. Färg och symbol visar klassen jämfört med "
        "landets kommuner; riket är den streckade linjen. Förbundens medlemmar är dagens "
        "och används för alla år. Klicka på en kolumnrubrik i tabellen för att sortera."
    )
    view = ranking_view(app, year, highlight)
    show_chart(view, key="compare.forbund")
    show_table(view.table)
