"""The map of the kommuner, as a cached chart view and a page section.

Like :mod:`app_pages.ui.views`: cut from the model, drawn by a builder of `charts/`,
paired with the numbers behind it, cached per dataset and selection for the process.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import streamlit as st

from app_pages.ui import session, widgets
from app_pages.ui.chart import ChartView, show_chart
from app_pages.ui.data import AppData
from app_pages.ui.views import _key, _source
from charts.map import map_chart
from data.contract import AGE_TOTAL, SEX_TOTAL
from exports.tables import map_download
from metrics.maps import map_scope, map_table

MAP_ENTRIES = 8
"""Cached maps: a map of all Sweden was ~1.1 MiB in plotly's objects with one trace per
kommun (294 traces), so a cache of 64 (as for other views) could hold ~70 MiB; measured
(#18). With one trace per class (8 traces) it holds about a third as much (tracemalloc:
0.77 → 0.27 MiB), so this bound is cautious."""


@st.cache_resource(max_entries=MAP_ENTRIES, show_spinner=False)
def _map(
    _app: AppData,
    key: tuple,
    county: str | None,
    area: str,
    year: int,
    measure: str,
    sex: str,
    age: str,
) -> ChartView:
    regions = _app.regions
    scope = map_scope(regions, area, county)
    table = map_table(_app.model.yearly, regions, scope.kommuner, year, measure, sex, age)
    figure = map_chart(
        table,
        scope_name=scope.scope_name,
        period=year,
        measure=measure,
        sex=sex,
        age_group=age,
        outline=scope.outline,
        outline_name=scope.outline_name,
        source=_source(_app),
    )
    return ChartView(figure, partial(map_download, table))


def map_view(
    app: AppData,
    area: str,
    year: int,
    measure: str,
    sex: str,
    age: str,
    county: str | None = None,
) -> ChartView:
    """The kommuner of all Sweden (or of `county`) coloured by class, `area` outlined."""
    codes: Sequence[str] = (area,) if county is None else (area, county)
    return _map(app, _key(app, *codes), county, area, year, measure, sex, age)


def map_section(
    app: AppData,
    area: str,
    county: str | None,
    key: str,
    age: str | None = None,
    controls: bool = True,
) -> None:
    """A page's map: a heading, what it shows, the measure and kön to colour by, the map.

    The measure and kön are the app's shared ones (also those of Jämför); the age group
    is `age` (Översikt: 20–64 år, like its profile) or else the app's shared one (Länet),
    and kön is only for 20–64 år. With `controls` off the page has already placed the
    measure and kön widgets above (a widget key can be bound only once per page).
    """
    selection = session.current_selection()
    age = age or selection.age
    st.header("Karta")
    st.markdown(
        ("Kartan visar länets kommuner" if county else "Kartan visar landets alla kommuner")
        + " i samma färger och klasser som försörjningsprofilen: ▲ röd bland de 25 % med "
        "högst andel, ● gul i mitten, ▼ grön bland de 25 % med lägst andel, grå där "
        "uppgift saknas. Det valda området är inramat i svart. Håll muspekaren över en "
        "kommun (eller tryck på den) för namn, klass och andel."
    )
    if controls:
        widgets.measure_and_sex_selectors(
            widgets.controls_row(), age, measure_label="Mått på kartan"
        )
    selection = session.current_selection()
    sex = selection.sex if age == AGE_TOTAL else SEX_TOTAL
    view = map_view(app, area, selection.year, selection.measure, sex, age, county)
    show_chart(view, key=key)
