"""One chart on a page: the figure, its text alternative, and downloads of its data.

Every chart in the app goes through :func:`show_chart`, so each one has the same
toolbar (a Swedish one), the chart in words in a collapsed "Diagrammet i text", the
numbers behind it as CSV for Swedish Excel and as a workbook, and the chart itself as a
PNG and an SVG in the report's layout (title on one line, legend on the right), drawn on
the server whatever the screen it was chosen on: plotly's own camera saved the phone's
narrow drawing. The files are made only when the user clicks (Streamlit runs the
callable then), so a page does not pay for downloads nobody asks for.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache, cached_property, partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages.ui.state import escape_markdown
from charts.browser import browser_config
from charts.theme import for_screen
from exports.files import MIME_TYPES, csv_bytes, safe_filename, xlsx_bytes
from exports.images import has_browser, render_one
from exports.tables import SHARE_HEADERS

IMAGE_HINT = (
    "Diagrammet sparar du som bild med knapparna Bild (PNG) och Bild (SVG) under "
    "diagrammet: i rapportens utformning, hur smal din skärm än är."
)
NO_BROWSER = (
    "Bilder av diagrammen kräver en webbläsare (Chrome eller Chromium) på servern, och "
    "någon sådan finns inte här. Siffrorna (CSV och Excel) går att ladda ner ändå."
)
IMAGE_HELP = {
    "png": "Diagrammet som bild i rapportens utformning, för presentationer.",
    "svg": "Diagrammet som vektorbild, skarp i alla storlekar (tryck, redigering).",
}
_IMAGES = threading.Lock()
"""One chart image at a time per server: each one starts a browser (~450 MiB)."""


@dataclass(frozen=True)
class ChartView:
    """A finished chart and the table of numbers behind it (Swedish headers).

    The table is made on first use by `tabulate` (e.g. when a download is clicked), as
    most views are looked at and never downloaded.
    """

    figure: go.Figure
    tabulate: Callable[[], pd.DataFrame]
    sheet: str = "Data"
    """The name of the table's sheet in the workbook."""
    shares: Callable[[pd.DataFrame], Collection[str]] = lambda _table: SHARE_HEADERS
    """The columns of the table that hold shares (one decimal in the workbook)."""

    @cached_property
    def table(self) -> pd.DataFrame:
        return self.tabulate()

    @property
    def meta(self) -> dict[str, Any]:
        return self.figure.layout.meta or {}

    @property
    def title(self) -> str:
        return str(self.meta.get("title", "Diagram"))

    @property
    def alt(self) -> str:
        return str(self.meta.get("alt", ""))

    @property
    def notes(self) -> list[str]:
        return [str(note) for note in self.meta.get("notes", [])]

    def filename(self, extension: str) -> str:
        return safe_filename(self.title, extension)

    def csv(self) -> bytes:
        return csv_bytes(self.table)

    def image(self, fmt: str) -> bytes:
        """The chart in the report's layout (not the screen's) as PNG or SVG bytes."""
        with _IMAGES:
            return render_one(self.figure, fmt)

    def xlsx(self) -> bytes:
        """A workbook of one sheet; the chart's title, notes and source under the table."""
        lines = [self.title, *_plain_notes(self.notes), str(self.meta.get("source", ""))]
        return xlsx_bytes({self.sheet: self.table}, self.shares(self.table), {self.sheet: lines})


_TAG = re.compile(r"<[^>]+>")


def _plain_notes(notes: list[str]) -> list[str]:
    """Notes without the HTML tags a chart uses for coloured glyphs and bold text."""
    return [_TAG.sub("", note) for note in notes]


@cache
def _browser_ready() -> bool:
    """Whether the server can draw images (looked up once per process)."""
    return has_browser()


def show_chart(
    view: ChartView,
    *,
    key: str,
    on_select: Callable[[], None] | None = None,
) -> None:
    """Draw the chart, its text alternative and its download buttons.

    With `on_select`, a click on a point (a bar) reruns the app and calls it first; the
    selection is then in `st.session_state[key]`.
    """
    figure = for_screen(view.figure)
    config = browser_config()
    if on_select is None:
        st.plotly_chart(figure, theme=None, config=config, key=key, alt=view.alt)
    else:
        st.plotly_chart(
            figure,
            theme=None,
            config=config,
            key=key,
            alt=view.alt,
            on_select=on_select,
            selection_mode="points",
        )
    with st.expander("Diagrammet i text"):
        st.markdown(escape_markdown(view.alt))
        for note in _plain_notes(view.notes):
            st.caption(escape_markdown(note))
        st.caption(IMAGE_HINT if _browser_ready() else NO_BROWSER)
    # A row that wraps on a narrow screen: fixed columns cut the buttons' labels ("Dat…").
    buttons = st.container(horizontal=True, gap="small")
    buttons.download_button(
        "Data (CSV)",
        data=view.csv,
        file_name=view.filename("csv"),
        mime=MIME_TYPES["csv"],
        key=f"{key}.csv",
        on_click="ignore",
        icon=":material/download:",
        help="Siffrorna bakom diagrammet, för Excel (semikolon, decimalkomma).",
    )
    buttons.download_button(
        "Data (Excel)",
        data=view.xlsx,
        file_name=view.filename("xlsx"),
        mime=MIME_TYPES["xlsx"],
        key=f"{key}.xlsx",
        on_click="ignore",
        icon=":material/download:",
        help="Siffrorna bakom diagrammet som Excel-arbetsbok.",
    )
    for fmt, label in (("png", "Bild (PNG)"), ("svg", "Bild (SVG)")):
        buttons.download_button(
            label,
            data=partial(view.image, fmt),
            file_name=view.filename(fmt),
            mime=MIME_TYPES[fmt],
            key=f"{key}.{fmt}",
            on_click="ignore",
            icon=":material/image:",
            help=IMAGE_HELP[fmt] if _browser_ready() else NO_BROWSER,
            disabled=not _browser_ready(),
        )
