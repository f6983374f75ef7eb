"""How a chart behaves in the browser: the plotly.js configuration the app passes along.

The camera button of the chart's toolbar saves the figure as a PNG at slide size
(1280 × 720, twice the pixels), named after the chart. The toolbar speaks Swedish:
plotly.js takes a locale's texts and formats in `config.locales`, so no extra script
is loaded; the number formats themselves come from each figure's `layout.separators`.
"""

from __future__ import annotations

from typing import Any

from charts.theme import HEIGHT, WIDTH
from metrics.swedish import MONTH_NAMES

IMAGE_SCALE = 2
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


CAMERA_FORMATS = ("png", "svg")
"""What the toolbar's camera can save: PNG for slides, SVG for print and editing."""


def browser_config(
    filename: str, width: int = WIDTH, height: int = HEIGHT, image_format: str = "png"
) -> dict[str, Any]:
    """The `config` of `st.plotly_chart`: a Swedish toolbar whose camera saves the chart
    as `image_format` (one of :data:`CAMERA_FORMATS`; plotly's toolbar has one camera).

    `filename` is the file's name without extension (make it safe first: see
    :func:`exports.files.safe_filename`); `width` and `height` are the figure's own
    size, so a tall chart (a county of 49 kommuner) is saved whole.
    """
    if image_format not in CAMERA_FORMATS:
        raise ValueError(f"unknown image format {image_format!r}; choose from {CAMERA_FORMATS}")
    return {
        "toImageButtonOptions": {
            "format": image_format,
            "filename": filename,
            "width": width,
            "height": height,
            "scale": IMAGE_SCALE,
        },
        "displaylogo": False,
        "scrollZoom": False,
        "locale": LOCALE,
        "locales": {LOCALE: {"dictionary": SWEDISH_TOOLBAR, "format": SWEDISH_FORMAT}},
    }
