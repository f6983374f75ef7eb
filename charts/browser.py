"""How a chart behaves in the browser: the plotly.js configuration the app passes along.

The toolbar has no camera (a page offers the chart's image in the report's layout as
its own download), and it speaks Swedish:
plotly.js takes a locale's texts and formats in `config.locales`, so no extra script
is loaded; the number formats themselves come from each figure's `layout.separators`.
"""

from __future__ import annotations

from typing import Any

from metrics.swedish import MONTH_NAMES

LOCALE = "sv"

SWEDISH_TOOLBAR: dict[str, str] = {
    "Download plot as a PNG": "Ladda ner diagrammet som bild (PNG)",
    "Download plot": "Ladda ner diagrammet som bild",
    "Preparing image - this may take a few seconds": "Bilden förbereds – det kan ta några sekunder",
    "Image download succeeded": "Bilden är nedladdad",
    "Sorry, there was a problem downloading your image!": "Bilden kunde inte laddas ner.",
    "Zoom": "Zooma",
    "Zoom in": "Zooma in",
    "Zoom out": "Zooma ut",
    "Pan": "Panorera",
    "Autoscale": "Visa allt",
    "Reset axes": "Återställ axlarna",
    "Reset view": "Återställ vyn",
    "Box Select": "Markera med rektangel",
    "Lasso Select": "Markera med lasso",
    "Toggle Spike Lines": "Visa eller dölj hjälplinjer",
    "Show closest data on hover": "Visa närmaste värde",
    "Compare data on hover": "Jämför värden",
    "Double-click on legend to isolate one trace": (
        "Dubbelklicka på en förklaring för att visa bara den serien"
    ),
    "Double-click to zoom back out": "Dubbelklicka för att zooma ut igen",
}
"""plotly.js's own English texts (its locale dictionary keys) and ours."""

SWEDISH_FORMAT: dict[str, Any] = {
    "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
    "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
    "months": list(MONTH_NAMES),
    "shortMonths": [name[:3] for name in MONTH_NAMES],
    "date": "%Y-%m-%d",
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "year": "%Y",
    "month": "%b %Y",
    "dayMonth": "%-d %b",
    "dayMonthYear": "%-d %b %Y",
}


def browser_config() -> dict[str, Any]:
    """The `config` of `st.plotly_chart`: a Swedish toolbar without plotly's camera.

    The camera saved what the screen showed (a phone's wrapped title, the legend below):
    a page offers the chart's image in the report's layout instead, drawn on the server
    (:mod:`exports.images`).
    """
    return {
        "modeBarButtonsToRemove": ["toImage"],
        "displaylogo": False,
        "scrollZoom": False,
        "locale": LOCALE,
        "locales": {LOCALE: {"dictionary": SWEDISH_TOOLBAR, "format": SWEDISH_FORMAT}},
    }
