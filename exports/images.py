"""Charts as PNG, SVG and PDF, rendered server-side by kaleido in a headless Chrome.

Kaleido needs a Chrome or Chromium. :func:`find_browser` looks for one the way kaleido
itself does (the `BROWSER_PATH` environment variable, then `chromium`, `google-chrome`
… on `PATH` and their usual install paths, then a Chrome kaleido downloaded), so what
we report is what kaleido will use. Without one, :class:`BrowserMissingError` says so
plainly (in English and in Swedish); the PowerPoint and Excel exports never need it.

:class:`ChartRenderer` keeps one browser open for many figures (a report, a batch), on
an event loop of its own in a background thread, so it works the same from a script,
a command line and a Streamlit page (which may have its own loop). Kaleido reloads its
page (and with it plotly.js) after every figure; ours does so only every
:data:`RELOAD_EVERY` figures, which keeps the browser's memory bounded without paying
the reload for each. A document of many pages (the PDF report) is drawn as SVGs and
printed once, as one multi-page PDF (:meth:`ChartRenderer.render_document`): printing
each page on its own was two thirds of the time of a report.
"""

from __future__ import annotations

import asyncio
import base64
import html
import os
import threading
from collections.abc import Coroutine, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from charts.theme import HEIGHT, WIDTH

if TYPE_CHECKING:
    import kaleido

IMAGE_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
PNG_SCALE = 2
"""PNGs are drawn at twice the slide size (2560 × 1440), sharp on a projector."""
RENDER_TIMEOUT = 90.0
"""Seconds one figure may take before the browser is given up."""
BROWSER_ENV = "BROWSER_PATH"
RELOAD_EVERY = 8
"""Figures a browser tab draws before its page is loaded afresh (memory stays bounded)."""
DOCUMENT_FILE = "document.html"


class BrowserMissingError(RuntimeError):
    """No Chrome or Chromium was found, so charts cannot be drawn as images here."""

    def __init__(self) -> None:
        where = os.environ.get(BROWSER_ENV)
        hint = (
            f"{BROWSER_ENV}={where!r} is not an executable browser"
            if where
            else f"install chromium (e.g. 'apt-get install chromium') or set {BROWSER_ENV}"
        )
        super().__init__(
            f"no Chrome or Chromium found to draw charts as images: {hint}; "
            "PowerPoint and Excel exports work without one"
        )
        self.sv = (
            "Diagram som bild (PNG, SVG, PDF) kräver en webbläsare (Chrome eller Chromium) "
            "på servern, och någon sådan finns inte installerad här. PowerPoint och Excel "
            "fungerar ändå, liksom diagrammens siffror (CSV och Excel)."
        )


class RenderError(RuntimeError):
    """The browser failed to draw a figure (it crashed or took too long)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.sv = "Diagrammet kunde inte ritas som bild. Försök igen om en stund."


def find_browser() -> str | None:
    """The path of the Chrome/Chromium kaleido will use, or None if there is none.
    kaleido and choreographer are imported only when an image is made or a browser
    looked for (every page imports this module; they are ~17 MiB of memory, #18)."""
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    if path and os.path.isfile(path) and os.access(path, os.X_OK):
        return str(path)
    return None


def has_browser() -> bool:
    return find_browser() is not None


def require_browser() -> str:
    """The browser's path, or :class:`BrowserMissingError`."""
    path = find_browser()
    if path is None:
        raise BrowserMissingError()
    return path


@dataclass(frozen=True)
class ImageRequest:
    """One figure to draw: the figure, the format, and the size in CSS pixels."""

    figure: go.Figure
    fmt: str = "png"
    width: int | None = None
    height: int | None = None
    scale: float | None = None
    """None: :data:`PNG_SCALE` for a PNG, 1 for the vector formats."""


def image_options(request: ImageRequest) -> dict[str, Any]:
    """Kaleido's options: the figure's own size unless given, PNG at :data:`PNG_SCALE`."""
    layout = request.figure.layout
    default_scale = PNG_SCALE if request.fmt == "png" else 1
    return {
        "format": request.fmt,
        "width": request.width or layout.width or WIDTH,
        "height": request.height or layout.height or HEIGHT,
        "scale": default_scale if request.scale is None else request.scale,
    }


@cache
def _kaleido_class() -> type[kaleido.Kaleido]:
    """:class:`_Kaleido`, defined when first needed (kaleido imported then)."""
    import kaleido

    class _Kaleido(kaleido.Kaleido):
        """Kaleido reloading a tab every :data:`RELOAD_EVERY` figures instead of after each.

        Overrides kaleido's (1.5) private hook that hands a tab back after a figure; the
        tests draw many figures in one renderer, so a change in kaleido shows there."""

        _drawn: dict[int, int]

        async def _return_kaleido_tab(self, tab: Any) -> None:
            drawn = self.__dict__.setdefault("_drawn", {})
            drawn[id(tab)] = drawn.get(id(tab), 0) + 1
            if drawn[id(tab)] % RELOAD_EVERY == 0:
                await tab.reload()
            await self.tabs_ready.put(tab)

        async def print_document(self, page: str) -> bytes:
            """`page` (HTML) printed to PDF by one tab, which then goes back to kaleido's page."""
            tab = await self._get_kaleido_tab()
            try:
                folder = Path(self._index.removeprefix("file://")).parent
                document = folder / DOCUMENT_FILE
                document.write_text(page, encoding="utf-8")
                await tab.navigate(document.as_uri())
                answer = await tab.tab.send_command(
                    "Page.printToPDF",
                    params={"printBackground": True, "preferCSSPageSize": True},
                )
                if "result" not in answer:
                    raise RuntimeError(f"printing failed: {answer.get('error', answer)}")
                return base64.b64decode(answer["result"]["data"])
            finally:
                await tab.navigate(self._index)
                await self.tabs_ready.put(tab)

    return _Kaleido


def document_html(svgs: Sequence[bytes], width: int, height: int) -> str:
    """One page per SVG, each `width` × `height` CSS pixels; an SVG larger than the page
    is scaled down onto it (centred), as a tall county chart must be."""
    pages = "".join(
        '<div class="page"><img src="data:image/svg+xml;base64,'
        f'{base64.b64encode(svg).decode("ascii")}" alt=""></div>'
        for svg in svgs
    )
    style = (
        f"@page {{size: {width}px {height}px; margin: 0}}"
        "html, body {margin: 0; padding: 0}"
        f".page {{width: {width}px; height: {height}px; overflow: hidden; display: flex;"
        " align-items: center; justify-content: center; break-after: page}"
        ".page:last-child {break-after: auto}"
        ".page img {max-width: 100%; max-height: 100%}"
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape('PDF')}"
        f"</title><style>{style}</style></head><body>{pages}</body></html>"
    )


class ChartRenderer:
    """One headless browser drawing many figures; use it as a context manager.

        with ChartRenderer() as renderer:
            png = renderer.render(figure, "png")

    Raises :class:`BrowserMissingError` on entry when there is no browser. The browser
    starts in the background on entry (1–2 s: Chromium, then plotly.js in every tab) and
    the first drawing waits for it, so the caller's own work (the model, a deck's native
    charts) goes on meanwhile. `tabs` > 1 draws figures in parallel: worth it for many
    figures (a batch of reports), not for a few, since every tab loads plotly.js first.
    """

    def __init__(self, browser: str | None = None, tabs: int = 1) -> None:
        self._browser = browser
        self._tabs = tabs
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._opening: Future[kaleido.Kaleido] | None = None
        self._kaleido: kaleido.Kaleido | None = None

    def __enter__(self) -> ChartRenderer:
        path = self._browser or require_browser()
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread
        self._opening = asyncio.run_coroutine_threadsafe(self._open(path), loop)
        return self

    def _ready(self) -> kaleido.Kaleido:
        """The open browser, once it has started (raises what its start raised)."""
        if self._kaleido is None:
            if self._opening is None:
                raise RuntimeError("ChartRenderer is used outside its 'with' block")
            self._kaleido = self._opening.result()
        return self._kaleido

    async def _open(self, path: str) -> kaleido.Kaleido:
        from choreographer.errors import ChromeNotFoundError

        try:
            kaleido_class = _kaleido_class()
            browser = kaleido_class(n=self._tabs, path=path, mathjax=False, timeout=RENDER_TIMEOUT)
        except ChromeNotFoundError as err:
            raise BrowserMissingError() from err
        await browser.open()
        return browser

    def _call(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        if self._loop is None:
            raise RuntimeError("ChartRenderer is used outside its 'with' block")
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def render(self, figure: go.Figure, fmt: str = "png", **size: Any) -> bytes:
        """One figure as PNG, SVG or PDF bytes."""
        return self.render_many([ImageRequest(figure, fmt, **size)])[0]

    def render_many(self, requests: Sequence[ImageRequest]) -> list[bytes]:
        """Several figures at once (drawn in parallel in the browser's tabs), in order."""
        for request in requests:
            if request.fmt not in IMAGE_FORMATS:
                raise ValueError(f"unknown image format {request.fmt!r}")
        browser = self._ready()
        try:
            return self._call(self._render_all(browser, requests))
        except (TimeoutError, RuntimeError, OSError) as err:
            raise RenderError(f"the browser failed to draw a chart: {err}") from err

    def render_document(self, figures: Sequence[go.Figure], width: int, height: int) -> bytes:
        """Figures as the pages of one PDF, each page `width` × `height` CSS pixels (96 to
        the inch): drawn as SVGs, then printed at once."""
        svgs = self.render_many([ImageRequest(figure, "svg") for figure in figures])
        return self.print_document(svgs, width, height)

    def print_document(self, svgs: Sequence[bytes], width: int, height: int) -> bytes:
        """SVGs (e.g. from :meth:`render_many`) as the pages of one PDF."""
        browser = self._ready()
        try:
            return self._call(browser.print_document(document_html(svgs, width, height)))
        except (TimeoutError, RuntimeError, OSError) as err:
            raise RenderError(f"the browser failed to print the document: {err}") from err

    async def _render_all(
        self, browser: kaleido.Kaleido, requests: Sequence[ImageRequest]
    ) -> list[bytes]:
        return list(
            await asyncio.gather(
                *(browser.calc_fig(r.figure, opts=image_options(r)) for r in requests)
            )
        )

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._opening is not None:
                # a browser that failed to start has nothing to close (its error reached
                # whoever asked for a drawing; a block that drew nothing needs none)
                browser = self._started()
                if browser is not None:
                    self._call(browser.close())
        finally:
            self._opening, self._kaleido = None, None
            self._stop()

    def _started(self) -> kaleido.Kaleido | None:
        """The browser after its start, or None if the start failed."""
        try:
            return self._ready()
        except Exception:
            return None

    def _stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()
        self._loop, self._thread = None, None


def render_one(figure: go.Figure, fmt: str = "png") -> bytes:
    """One figure as PNG, SVG or PDF at its own size, in a browser of its own (a chart
    exported alone: from a page or the command line)."""
    with ChartRenderer() as renderer:
        return renderer.render(figure, fmt)
