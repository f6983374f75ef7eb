"""The look every chart shares, defined once: colours, symbols, fonts, sizes, and the
texts under a chart (notes and the source line).

Colours follow the report: quartile classes red (highest 25 %), yellow (middle 50 %)
and green (lowest 25 %); kvinnor light blue, män dark blue. Because red and green are
the pair colour-blind readers confuse most, every class also has its own marker symbol
and glyph (▲ high, ● mid, ▼ low), so a chart reads without colour. The six systems use
the Okabe–Ito palette, which stays distinguishable for the common colour-vision
deficiencies.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from data.provenance import Provenance
from metrics.labels import QUARTILE_LABELS
from metrics.ranking import HIGH, LOW, MID
from metrics.sources import source_line

WIDTH = 1280
HEIGHT = 720
"""16:9, the size of a presentation slide at 96 dpi."""

FONT_FAMILY = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
FONT_SIZE = 15
TITLE_SIZE = 22
SUBTITLE_SIZE = 15
NOTE_SIZE = 12
TEXT_COLOUR = "#222222"
MUTED_COLOUR = "#595959"
GRID_COLOUR = "#E3E3E3"
BACKGROUND = "#FFFFFF"
TEXT_HALO = ", ".join(f"{x}px {y}px 1px {BACKGROUND}" for x in (-1, 1) for y in (-1, 1))
"""A text shadow in the background colour on every side: a value printed where a line
crosses it (riket's line through the förbund just below riket) stays readable."""

SEPARATORS = ",\u00a0"
"""Plotly's `layout.separators`: decimal comma, no-break space between thousands."""
PERCENT_SUFFIX = "\u00a0%"

TOP_MARGIN = 100
TOP_MARGIN_WITH_LEGEND = 128
"""Room above the plot for title and subtitle, and for a legend above the plot."""
TITLE_TOP = 22
"""Pixels from the top of the figure to the title, whatever the figure's height (a tall
county chart would otherwise push its title and subtitle into the legend)."""
NOTE_LINE_HEIGHT = 17
AXIS_SPACE = 70
"""Pixels below the plot area taken by tick labels and the x-axis title."""


AXIS_STYLE: dict = {
    "showline": True,
    "linecolor": TEXT_COLOUR,
    "ticks": "outside",
    "tickcolor": TEXT_COLOUR,
    "showgrid": False,
    "zeroline": False,
    "automargin": True,
}
TEMPLATE = go.layout.Template(
    layout={"xaxis": AXIS_STYLE, "yaxis": AXIS_STYLE, "hovermode": "closest"}
)
"""A small template of our own: plotly's built-in ones cost ~14 ms per figure to apply."""


@dataclass(frozen=True)
class ClassStyle:
    """How one quartile class is drawn: marker colour, cell fill, symbol and glyph, and
    the open glyph of an incomplete period (where a chart draws its symbols as text)."""

    colour: str
    fill: str
    symbol: str
    glyph: str
    label: str
    open_glyph: str


QUARTILE_STYLES: dict[str, ClassStyle] = {
    HIGH: ClassStyle("#D7301F", "#F4B4A9", "triangle-up", "▲", QUARTILE_LABELS[HIGH], "△"),
    MID: ClassStyle("#F5C400", "#FBE7A0", "circle", "●", QUARTILE_LABELS[MID], "○"),
    LOW: ClassStyle("#1A9641", "#B3DEBD", "triangle-down", "▼", QUARTILE_LABELS[LOW], "▽"),
}
NO_CLASS_COLOUR = "#BDBDBD"
MARKER_OUTLINE = "#333333"

SEX_COLOURS: dict[str, str] = {"K": "#6BAED6", "M": "#08306B", "T": "#1F4E79"}
AREA_COLOUR = "#1F4E79"
RIKET_COLOUR = "#111111"
COUNTY_COLOUR = "#555555"
BAND_COLOUR = "rgba(140, 140, 140, 0.28)"
HIGHLIGHT_OUTLINE = "#111111"
DIMMED_OPACITY = 0.5
MEMBER_COLOURS: tuple[str, ...] = (
    "#7F7F7F",
    "#A6761D",
    "#6A3D9A",
    "#1B7837",
    "#B2182B",
    "#2166AC",
)
"""Thin lines of an area's own kommuner (muted, told apart by hover and legend)."""
MEMBER_LINE_WIDTH = 1.5
COMPARISON_COLOUR = "#6A3D9A"
"""The pooled comparable kommuner (a dotted line)."""
INCREASE_COLOUR = "#D7301F"
DECREASE_COLOUR = "#1A9641"
"""Waterfall steps: more support (red, as the highest class) or less (green)."""

SYSTEM_COLOURS: dict[str, str] = {
    "sjukpenning": "#0072B2",
    "sjuk_och_aktivitetsersattning": "#56B4E9",
    "etableringsersattning": "#009E73",
    "arbetsmarknadsatgarder": "#E69F00",
    "arbetsloshetsersattning": "#D55E00",
    "ekonomiskt_bistand": "#CC79A7",
}
SYSTEM_TEXT_COLOURS: dict[str, str] = {
    "sjukpenning": "#FFFFFF",
    "sjuk_och_aktivitetsersattning": "#000000",
    "etableringsersattning": "#FFFFFF",
    "arbetsmarknadsatgarder": "#000000",
    "arbetsloshetsersattning": "#FFFFFF",
    "ekonomiskt_bistand": "#000000",
}

PARTIAL_MARK = "*"
UNREPORTED_MARK = "†"
FEW_HE_MARK = "‡"
PARTIAL_NOTE = "* Ofullständig period: medelvärde av de månader som finns."
UNREPORTED_NOTE = (
    "† Uppskattat: ekonomiskt bistånd saknas för någon månad (SCB visar 0); där används "
    "kommunens senast rapporterade värde, som i SCB:s tabeller."
)
FEW_HE_NOTE = "‡ Färre än 10 helårsekvivalenter: andelen är osäker."


def source_text(provenance: Provenance | None = None) -> str:
    """The source line under every chart (see :func:`metrics.sources.source_line`);
    without a dataset's provenance, SCB's table."""
    return source_line(provenance or Provenance())


DEFAULT_SOURCE = source_text()


def class_legend_text() -> str:
    """'▲ Högsta 25 %  ● Mellersta 50 %  ▼ Lägsta 25 %' with coloured glyphs."""
    parts = [
        f"<span style='color:{style.colour}'>{style.glyph}</span> {style.label}"
        for style in QUARTILE_STYLES.values()
    ]
    return "Jämfört med landets kommuner: " + "   ".join(parts)


def scatter(**props: Any) -> dict[str, Any]:
    """A scatter trace as a plain dict (validated once, when the figure is made)."""
    return {"type": "scatter", **props}


def bar(**props: Any) -> dict[str, Any]:
    return {"type": "bar", **props}


def table(**props: Any) -> dict[str, Any]:
    return {"type": "table", **props}


def class_legend_traces(marker_size: int = 12) -> list[dict[str, Any]]:
    """Legend entries for the three classes (marker symbol and colour, no data)."""
    return [
        scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=style.label,
            legendgroup="classes",
            legendgrouptitle={"text": "Jämfört med landets kommuner" if index == 0 else ""},
            legendrank=900 + index,
            marker={
                "color": style.colour,
                "symbol": style.symbol,
                "size": marker_size,
                "line": {"color": MARKER_OUTLINE, "width": 1},
            },
            hoverinfo="skip",
        )
        for index, style in enumerate(QUARTILE_STYLES.values())
    ]


def line_legend_trace(
    *, name: str, colour: str, group: str, rank: int, dash: str = "solid"
) -> dict[str, Any]:
    """A legend entry for a line with class markers, drawn with a neutral marker.

    Plotly shows a trace's first marker in the legend, which for a class-coloured line
    would be a random class; the data traces hide their own entries and join `group`.
    """
    return scatter(
        x=[None],
        y=[None],
        mode="lines+markers",
        name=name,
        legendgroup=group,
        legendrank=rank,
        line={"color": colour, "width": 3, "dash": dash},
        marker={"color": BACKGROUND, "size": 10, "line": {"color": colour, "width": 2}},
        hoverinfo="skip",
    )


def finish(
    traces: Sequence[dict[str, Any]],
    layout: dict[str, Any],
    *,
    title: str,
    subtitle: str,
    source: str,
    alt: str,
    notes: Sequence[str] = (),
    width: int = WIDTH,
    height: int = HEIGHT,
    axis_space: int = AXIS_SPACE,
    legend_right: bool = True,
) -> go.Figure:
    """The figure: the chart's traces and layout with the shared layout applied.

    The shared part is the title, subtitle, fonts, separators, notes and source. `alt`
    is a text alternative (one or two sentences) stored with the title, the notes and
    the source in `layout.meta`, for pages and exports to use. Traces are plain dicts
    (see :func:`scatter`), and plotly does not validate them here: validation took a
    third of the time of a chart (a page with fourteen charts waited for it), and the
    tests check every kind of chart against plotly's schema instead
    (`tests/test_charts_valid.py`).
    """
    lines = [*notes, source]
    bottom = axis_space + NOTE_LINE_HEIGHT * len(lines) + 12
    annotations = [
        {
            "text": line,
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 0,
            "xanchor": "left",
            "yanchor": "top",
            "yshift": -(axis_space + NOTE_LINE_HEIGHT * i),
            "showarrow": False,
            "align": "left",
            "font": {"size": NOTE_SIZE, "color": MUTED_COLOUR},
        }
        for i, line in enumerate(lines)
    ]
    shared = dict(
        template=TEMPLATE,
        width=width,
        height=height,
        separators=SEPARATORS,
        font={"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT_COLOUR},
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        title={
            "text": title,
            "subtitle": {"text": subtitle, "font": {"size": SUBTITLE_SIZE, "color": MUTED_COLOUR}},
            "font": {"size": TITLE_SIZE},
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": 1 - TITLE_TOP / height,
            "yref": "container",
            "yanchor": "top",
        },
        margin={
            "t": TOP_MARGIN if legend_right else TOP_MARGIN_WITH_LEGEND,
            "b": bottom,
            "l": 70,
            "r": 30,
        },
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 14}, "align": "left"},
        legend={
            "x": 1.02,
            "y": 1,
            "xanchor": "left",
            "yanchor": "top",
            "font": {"size": 13},
            "tracegroupgap": 12,
            "traceorder": "grouped",
        }
        if legend_right
        else {
            "orientation": "h",
            "x": 0,
            "y": 1.0,
            "xanchor": "left",
            "yanchor": "bottom",
            "yref": "paper",
            "font": {"size": 13},
            "traceorder": "normal",
        },
        annotations=[*layout.get("annotations", []), *annotations],
        meta={
            "title": title,
            "subtitle": subtitle,
            "alt": alt,
            "notes": list(notes),
            "source": source,
        },
    )
    return go.Figure(data=list(traces), layout={**layout, **shared}, _validate=False)


def style_share_axis(axis: dict) -> dict:
    """Settings of an axis that shows shares in %: suffix, grid, zero line."""
    return {
        **axis,
        "ticksuffix": PERCENT_SUFFIX,
        "showgrid": True,
        "gridcolor": GRID_COLOUR,
        "zeroline": False,
        "rangemode": "tozero",
        "hoverformat": ".1f",
    }


SCREEN_TITLE_SIZE = 19
SCREEN_TITLE_CHARS = 31
SCREEN_SUBTITLE_CHARS = 40
SCREEN_NOTE_CHARS = 48
SCREEN_NOTE_LEFT = 62
"""Notes start this many pixels left of the plot, under the y-axis labels."""
SCREEN_AXIS_SPACE = 20
"""Extra room under the plot: a narrow plot turns its tick labels on end."""
SCREEN_LEGEND_ENTRY = 262
SCREEN_LEGEND_ROW = 21
SCREEN_CELL_SIZE = 12
SCREEN_CATEGORY_CHARS = 20
"""A category label (a horizontal bar's, a heatmap's row) wraps here, so the bars keep
room on a phone."""
SCREEN_CATEGORY_SIZE = 12
SCREEN_CATEGORY_CHAR_WIDTH = 6.6
"""Pixels of one character of a category label at :data:`SCREEN_CATEGORY_SIZE` (Arial's
widest common letters and digits), for a left margin that is known before plotly draws:
the notes start at the figure's left edge, which plotly's automatic margin would move."""
SCREEN_HEATMAP_ROW_CHARS = 10
SCREEN_LEGEND_CHARS = 24
"""A legend entry's name wraps here beside row labels, where the legend has less room."""
SCREEN_ROW_LINE = 15
"""Pixels of plot height a line of a row's label needs."""
SCREEN_HEATMAP_TEXT_SIZE = 10
"""A heatmap cell's text on a page: seven cells share a phone's 220 px, and two lines of
'12,3 %' at 14 px printed over the next cell's."""
SCREEN_COLUMN_SIZE = 11
SCREEN_COLUMN_CHAR_WIDTH = 6.2
"""A heatmap's column labels on a page stand on end (seven of them do not fit side by
side on a phone), in room reserved above the plot at this many pixels a character:
plotly's automatic margin let them print over the title."""
_TAG = re.compile(r"<[^>]+>")


def wrap_text(text: str, width: int) -> str:
    """`text` broken with `<br>` into lines of at most `width` visible characters.

    Plotly never wraps text itself. Markup such as a coloured glyph's `<span …>` is kept
    whole, stays on the line of the word after it, and does not count towards the width;
    a per cent sign stays with its number, and a symbol (a class's ▲, the chosen row's ▶)
    with the word after it.
    """
    kept = {"<span ": "<span\x00", "</span> ": "</span>\x00", " %": "\x00%"}
    for plain, joined in kept.items():
        text = text.replace(plain, joined)
    words = _symbols_joined(text.split(" "))
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if line and len(_TAG.sub("", candidate.replace("\x00", " "))) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return "<br>".join(lines).replace("\x00", " ")


def _symbols_joined(words: list[str]) -> list[str]:
    """`words` with each word that is only symbols ("▲", "<b>▶") joined to the next one."""
    joined: list[str] = []
    pending = ""
    for word in words:
        visible = _TAG.sub("", word)
        if visible and all(unicodedata.category(char) == "So" for char in visible):
            pending += f"{word}\x00"
        else:
            joined.append(pending + word)
            pending = ""
    if pending:
        joined.append(pending.removesuffix("\x00"))
    return joined


def _lines(text: str) -> int:
    return text.count("<br>") + 1


Trace = dict[str, Any]
"""A trace of a figure's dict (:meth:`go.Figure.to_dict`)."""


def _legend_rows(layout: dict[str, Any], traces: Sequence[Trace], wrap: int = 0) -> int:
    """Rows of the legend on a phone, where each entry has a row (or more) of its own;
    with `wrap`, of the names wrapped at that many characters."""
    if layout.get("showlegend") is False:
        return 0
    shown = [
        str(trace["name"])
        for trace in traces
        if trace.get("type") != "table"
        and trace.get("name")
        and trace.get("showlegend") is not False
    ]
    if wrap:
        shown = [wrap_text(name, wrap) for name in shown]
    return sum(_lines(name) for name in shown) if len(shown) > 1 else 0


def _group_titles_as_entries(traces: Sequence[Trace]) -> list[Trace]:
    """A legend group's title as an entry of its own (no symbol) before the group: a
    horizontal legend in trace order shows no group titles."""
    shown: list[Trace] = []
    for trace in traces:
        group_title = trace.get("legendgrouptitle") or {}
        title = group_title.get("text") if trace.get("type") != "table" else None
        if title:
            rank = trace.get("legendrank")
            header = scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=title,
                marker={"opacity": 0},
                legendrank=(1000 if rank is None else rank) - 0.5,
                hoverinfo="skip",
                showlegend=True,
            )
            shown.append(header)
            group_title["text"] = ""
        shown.append(trace)
    return shown


def _part(parent: dict[str, Any], key: str) -> dict[str, Any]:
    """`parent[key]` as a dict, made empty when it is missing (like plotly's attributes)."""
    value = parent.get(key)
    if value is None:
        value = parent[key] = {}
    return value


def for_screen(figure: go.Figure) -> go.Figure:
    """A copy of `figure` that reads on any screen from a phone to a desktop monitor.

    The report's layout puts the legend to the right and the title on one line, which
    a 390 px phone clips. On a page the title, subtitle and notes wrap at a phone's width
    and start at the figure's left edge, the legend lies below the notes with entries of
    a fixed width (one per row on a phone, several on a wide screen; the figure grows by
    the phone's rows; a group's title is an entry of its own), a horizontal bar's long
    category label wraps, a table's text is smaller, and a table or a map (no axes) takes
    the whole width. Images a user saves and exports keep the report's layout.

    Made on the figure's dict (one copy) and not validated again, as :func:`finish` does:
    plotly's copies and validated updates of a figure were most of a page's server time
    (#18: 40 ms of a month chart, 120 ms of the map of Sweden); `tests/test_charts_valid.py`
    checks every kind of screen figure against plotly's schema instead.
    """
    spec = figure.to_dict()
    traces = _group_titles_as_entries(spec["data"])
    layout = spec["layout"]
    _waterfall_on_its_side(layout, traces)
    meta = dict(layout.get("meta") or {})
    title_part = _part(layout, "title")
    xaxis, yaxis = layout.get("xaxis") or {}, layout.get("yaxis") or {}
    subtitle_part = _part(title_part, "subtitle")
    title = wrap_text(str(meta.get("title", title_part.get("text") or "")), SCREEN_TITLE_CHARS)
    subtitle = wrap_text(str(subtitle_part.get("text") or ""), SCREEN_SUBTITLE_CHARS)
    top = TITLE_TOP + 25 * _lines(title) + 19 * _lines(subtitle) + 16
    columns = _column_labels_height(traces)
    top += columns

    left = _category_margin(yaxis, traces)
    wrap = SCREEN_LEGEND_CHARS if left else 0
    legend_height = SCREEN_LEGEND_ROW * _legend_rows(layout, traces, wrap)

    only_tables = all(trace.get("type") == "table" for trace in traces)
    # a table or a map has no axis labels to make room for: it takes the page's width
    edge_to_edge = only_tables or (xaxis.get("visible") is False and yaxis.get("visible") is False)
    ours = len(meta.get("notes", [])) + 1
    annotations = layout.get("annotations") or []
    notes = annotations[-ours:]
    axis_space = -notes[0]["yshift"] if notes and notes[0].get("yshift") else AXIS_SPACE
    shift = axis_space + (SCREEN_AXIS_SPACE if legend_height else 0)
    note_left = 0 if edge_to_edge else -(left - 8 if left else SCREEN_NOTE_LEFT)
    for note in notes:
        note["text"] = wrap_text(note["text"], SCREEN_NOTE_CHARS)
        note["yshift"] = -shift
        note["xshift"] = note_left
        shift += NOTE_LINE_HEIGHT * _lines(note["text"])
    bottom = shift + 16 + legend_height

    margin = _part(layout, "margin")
    old_margin = (margin.get("t") or 0) + (margin.get("b") or 0)
    height = (layout.get("height") or HEIGHT) + max(0, top + bottom - old_margin)
    # rows close together (the ranking of all förbund) get the height their wrapped
    # labels need: a longer chart, never labels printed over each other or cut
    height = max(height, top + bottom + _rows_height(yaxis, traces))
    plot_height = height - top - bottom
    layout["height"] = height
    margin.update(t=top, b=bottom, r=16)
    title_part.update(text=title, x=0, xref="container", y=1 - TITLE_TOP / height)
    _part(title_part, "pad")["l"] = 8
    subtitle_part["text"] = subtitle
    _part(title_part, "font")["size"] = SCREEN_TITLE_SIZE
    legend = _part(layout, "legend")
    legend.update(
        orientation="h",
        x=0,
        xanchor="left",
        y=-(shift + 8) / plot_height,
        yanchor="top",
        yref="paper",
        traceorder="normal",
        entrywidth=SCREEN_LEGEND_ENTRY,
        entrywidthmode="pixels",
    )
    _part(legend, "font")["size"] = 12
    if edge_to_edge:
        margin["l"] = 8
    if left:
        # the legend starts at the plot, right of the row labels: its entries narrower
        # (a legend from the container's edge left plotly's drawing at 1 280 px)
        legend["entrywidth"] = SCREEN_LEGEND_ENTRY - left + SCREEN_NOTE_LEFT
        for trace in traces:
            if trace.get("name") and trace.get("showlegend") is not False:
                trace["name"] = wrap_text(str(trace["name"]), SCREEN_LEGEND_CHARS)
        is_heatmap = any(trace.get("type") == "heatmap" for trace in traces)
        margin.update(l=left, r=16 if is_heatmap else 60)
        yaxis = _part(layout, "yaxis")
        yaxis["automargin"] = False
        _part(yaxis, "tickfont")["size"] = SCREEN_CATEGORY_SIZE
        width = _row_label_chars(traces)
        if yaxis.get("ticktext") is not None:
            yaxis["ticktext"] = _wrapped_categories(yaxis["ticktext"], width)
        else:
            if yaxis.get("categoryarray") is not None:
                yaxis["categoryarray"] = _wrapped_categories(yaxis["categoryarray"], width)
            for trace in traces:
                if _has_named_rows(trace):
                    trace["y"] = _wrapped_categories(trace["y"], width)
    axis_title = xaxis.get("title") or {}
    if axis_title.get("text"):
        axis_title["text"] = wrap_text(axis_title["text"], SCREEN_SUBTITLE_CHARS - 10)
    for trace in traces:
        if trace.get("type") == "table":
            _part(_part(trace, "cells"), "font")["size"] = SCREEN_CELL_SIZE
            _part(_part(trace, "header"), "font")["size"] = SCREEN_CELL_SIZE
        if trace.get("type") == "heatmap":
            # each cell carries its value, and the subtitle says which colour is which:
            # the colour bar's 90 px are the cells' room on a phone
            trace["showscale"] = False
            _part(trace, "textfont")["size"] = SCREEN_HEATMAP_TEXT_SIZE
    if xaxis.get("type") == "log":
        # a power of ten a tick: plotly's 1, 2, 5 per decade printed over each other on a phone
        xaxis["dtick"] = 1
    if columns:
        xaxis = _part(layout, "xaxis")
        xaxis.update(tickangle=-90, automargin=False)
        _part(xaxis, "tickfont")["size"] = SCREEN_COLUMN_SIZE
    return go.Figure(data=traces, layout=layout, _validate=False)


def _has_named_rows(trace: Trace) -> bool:
    """A chart whose rows are named on the left: a horizontal bar or waterfall, or a
    heatmap."""
    kind = trace.get("type")
    return (
        kind in ("bar", "waterfall", "heatmap")
        and trace.get("y") is not None
        and (kind == "heatmap" or trace.get("orientation") == "h")
    )


def _waterfall_on_its_side(layout: dict[str, Any], traces: Sequence[Trace]) -> None:
    """A waterfall's columns as rows from the top, for a page.

    The report's eight columns, each named and valued under it, need about 80 px each:
    on a phone their names printed over each other. As rows they are named on the left
    like every horizontal bar chart, one line per name and value where there is room,
    wrapped where there is not; the value axis keeps its fitted range.
    """
    waterfalls = [t for t in traces if t.get("type") == "waterfall" and t.get("orientation") != "h"]
    if not waterfalls:
        return
    for trace in waterfalls:
        trace.update(orientation="h", x=trace.get("y"), y=trace.get("x"))
    columns, values = layout.get("xaxis") or {}, layout.get("yaxis") or {}
    rows = {key: value for key, value in columns.items() if key != "tickangle"}
    if rows.get("ticktext") is not None:
        rows["ticktext"] = [str(text).replace("<br>", " ") for text in rows["ticktext"]]
    rows["autorange"] = "reversed"
    layout["xaxis"], layout["yaxis"] = values, rows


def _row_labels(yaxis: dict[str, Any]) -> Sequence[Any]:
    ticktext = yaxis.get("ticktext")
    return ticktext if ticktext is not None else yaxis.get("categoryarray") or ()


def _rows_height(yaxis: dict[str, Any], traces: Sequence[Trace]) -> int:
    """The plot height at which every row's wrapped label has room (0 without labels)."""
    rows = list(_row_labels(yaxis))
    if not rows:
        rows = list(
            dict.fromkeys(y for trace in traces if _has_named_rows(trace) for y in trace["y"])
        )
    if not rows or not _category_margin(yaxis, traces):
        return 0
    lines = max(_lines(label) for label in _wrapped_categories(rows, _row_label_chars(traces)))
    return len(rows) * (lines * SCREEN_ROW_LINE + 6)


def _row_label_chars(traces: Sequence[Trace]) -> int:
    """Where a row label wraps: narrower beside a heatmap, whose seven columns need the
    width more than 'Kvinnor 20–64 år' needs one line."""
    heatmap = any(trace.get("type") == "heatmap" for trace in traces)
    return SCREEN_HEATMAP_ROW_CHARS if heatmap else SCREEN_CATEGORY_CHARS


def _column_labels_height(traces: Sequence[Trace]) -> int:
    """Room above a heatmap for its column labels on end (0 for any other chart)."""
    labels = [
        str(x) for trace in traces if trace.get("type") == "heatmap" for x in trace.get("x") or ()
    ]
    if not labels:
        return 0
    return round(max(len(label) for label in labels) * SCREEN_COLUMN_CHAR_WIDTH) + 10


def _wrapped_categories(labels: Sequence[Any], width: int = SCREEN_CATEGORY_CHARS) -> list[str]:
    return [wrap_text(str(label), width) for label in labels]


def _category_margin(yaxis: dict[str, Any], traces: Sequence[Trace]) -> int:
    """The left margin that holds a chart's wrapped row labels on a page (0 for any other
    chart)."""
    bars = [trace for trace in traces if _has_named_rows(trace)]
    if not bars:
        return 0
    ticktext = yaxis.get("ticktext")
    labels = ticktext if ticktext is not None else [label for bar in bars for label in bar["y"]]
    lines = [
        line
        for label in _wrapped_categories(labels, _row_label_chars(traces))
        for line in _TAG.sub("", label.replace("<br>", "\n")).split("\n")
    ]
    if not lines:
        return 0
    return round(max(len(line) for line in lines) * SCREEN_CATEGORY_CHAR_WIDTH) + 14
