"""Målgrupper: where an area's needs are greatest, and what changed.

:func:`needs_chart` ranks group × system cells by excess HE against a reference (a
ranking table, :func:`metrics.targets.rank_needs`): horizontal bars, the needs (beyond
the 95 % limit) on top by excess HE, coloured by system; cells within chance pale,
uncertain cells (few HE) hatched and marked '‡'.
:func:`matrix_chart` shows every group × system as a heatmap of the difference from the
reference (percentage points or HE; red above, blue below, the value written in each
cell so the chart reads without colour). :func:`change_chart` is a waterfall: a
group's total share in one year, each system's contribution to the change, the total in
the other year (a decomposition table, :func:`metrics.targets.change_by_system`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale, unlabel_rgb

from charts.texts import is_missing, records
from charts.theme import (
    AREA_COLOUR,
    AXIS_SPACE,
    BACKGROUND,
    DECREASE_COLOUR,
    DEFAULT_SOURCE,
    FEW_HE_MARK,
    FEW_HE_NOTE,
    GRID_COLOUR,
    HEIGHT,
    INCREASE_COLOUR,
    SYSTEM_COLOURS,
    TEXT_COLOUR,
    WIDTH,
    bar,
    finish,
    style_share_axis,
)
from metrics.chance import VERDICT_LABELS, compare
from metrics.labels import MEASURE_LABELS, MEASURE_SHORT_LABELS, REPORT_ORDER, SUMMA
from metrics.swedish import format_number, format_percent, format_signed
from metrics.targets import DIMENSION_AGE, SYSTEMS, needs_heading

WRAP_AT = 12
"""Tick labels of the waterfall longer than this many characters wrap onto two lines."""
NEEDS_LIMIT = 12
"""How many ranked cells the bar chart shows."""
WITHIN_CHANCE_OPACITY = 0.35
WITHIN_CHANCE_NOTE = (
    "Bleka staplar: skillnaden ligger inom slumpens marginal för gruppens storlek "
    "(innanför 95 %-gränsen) och räknas inte som ett behov. Se Om data."
)
POINTS = "points"
HE = "he"
MATRIX_VALUES: tuple[str, ...] = (POINTS, HE)
DIVERGING_SCALE = [
    [0.0, "#2166AC"],
    [0.25, "#92C5DE"],
    [0.5, "#F7F7F7"],
    [0.75, "#F4A582"],
    [1.0, "#B2182B"],
]
"""Blue (below the reference) – white – red (above): readable for common colour-vision
deficiencies, and each cell also carries its value in text."""
BREAKDOWN_NOTE = (
    "Åldersgrupperna gäller kvinnor och män tillsammans, könen gäller 20–64 år: SCB "
    "redovisar inte kön och ålder samtidigt, så de två indelningarna kan inte läggas ihop."
)


DARK_CELL_LUMINANCE = 0.45
"""Cells darker than this (relative luminance, 0–1) get white text."""


def _cell_name(row) -> str:
    return f"{row['group']} · {MEASURE_SHORT_LABELS[str(row['measure'])]}"


def needs_label(row) -> str:
    """A ranked cell's label: '30–64 år · Sjukpenning', with ' ‡' when it is uncertain."""
    return _cell_name(row) + (f" {FEW_HE_MARK}" if row["uncertain"] else "")


def diverging_colour(value: float | None, limit: float) -> str:
    """The matrix heatmap's colour of `value` on a scale from −`limit` (blue) through 0
    (white) to +`limit` (red), as '#RRGGBB' (white for a missing value)."""
    if is_missing(value):
        return BACKGROUND
    if limit <= 0:
        return DIVERGING_SCALE[2][1]
    position = min(max((float(value) + limit) / (2 * limit), 0.0), 1.0)
    red, green, blue = unlabel_rgb(sample_colorscale(DIVERGING_SCALE, [position])[0])
    return f"#{round(red):02X}{round(green):02X}{round(blue):02X}"


def text_colour_on(fill: str) -> str:
    """Dark text on a light cell, white on a dark one (the ends of the diverging scale)."""
    channels = [int(fill.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#FFFFFF" if luminance < DARK_CELL_LUMINANCE else TEXT_COLOUR


def _he_text(value: object) -> str:
    return "–" if is_missing(value) else f"{format_signed(value, 0)} HE"


LABEL_ROOM = 0.2
"""Share of the bars' span added beyond the longest bar, for its value label."""


def label_room(values: list[float]) -> list[float] | None:
    """An axis range from zero past the longest bar on each side that has bars, with
    room for the label outside the bar (plotly's own range cuts labels of negative bars
    into the category names)."""
    if not values:
        return None
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    return [
        low - LABEL_ROOM * span if low < 0 else 0.0,
        high + LABEL_ROOM * span if high > 0 else 0.0,
    ]


def needs_chart(
    ranking: pd.DataFrame,
    *,
    area_name: str,
    reference_name: str,
    period_text: str,
    limit: int = NEEDS_LIMIT,
    source: str = DEFAULT_SOURCE,
    title: str | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> go.Figure:
    """The first `limit` cells of a ranking as bars of excess HE, rank 1 on top.

    `reference_name` as written after 'i' ('riket', 'Västerbottens län').
    """
    rows = records(ranking.head(limit))
    labels = [needs_label(r) for r in rows]
    traces = []
    for measure in SYSTEMS:
        mine = [
            (label, r) for label, r in zip(labels, rows, strict=True) if r["measure"] == measure
        ]
        if not mine:
            continue
        traces.append(
            bar(
                orientation="h",
                y=[label for label, _ in mine],
                x=[r["excess_he"] for _, r in mine],
                name=MEASURE_LABELS[measure],
                marker={
                    "color": SYSTEM_COLOURS[measure],
                    "opacity": [1.0 if r["need"] else WITHIN_CHANCE_OPACITY for _, r in mine],
                    "line": {"color": TEXT_COLOUR, "width": 0.5},
                    "pattern": {
                        "shape": ["/" if r["uncertain"] else "" for _, r in mine],
                        "fgcolor": BACKGROUND,
                    },
                },
                text=[_he_text(r["excess_he"]) for _, r in mine],
                textposition="outside",
                cliponaxis=False,
                hovertext=[_needs_hover(r, area_name, reference_name) for _, r in mine],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    layout = dict(
        barmode="relative",
        bargap=0.3,
        xaxis={
            "range": label_room([r["excess_he"] for r in rows if not is_missing(r["excess_he"])]),
            "title": {"text": f"Helårsekvivalenter jämfört med {reference_name}"},
            "showgrid": True,
            "gridcolor": GRID_COLOUR,
            "zeroline": True,
            "zerolinecolor": TEXT_COLOUR,
            "zerolinewidth": 1.5,
            "tickformat": ",d",
        },
        yaxis={
            "categoryorder": "array",
            "categoryarray": labels,
            "autorange": "reversed",
            "tickfont": {"size": 14},
        },
    )
    notes = [BREAKDOWN_NOTE]
    if not all(r["need"] for r in rows):
        notes.append(WITHIN_CHANCE_NOTE)
    if any(r["uncertain"] for r in rows):
        notes.append(FEW_HE_NOTE)
    subtitle = (
        f"Helårsekvivalenter fler (+) eller färre (−) än med samma andel som i {reference_name}"
    )
    if any(r["need"] for r in rows):
        default_title = f"Var är behoven störst? {area_name} {period_text}"
    else:
        default_title = needs_heading(ranking, reference_name, period_text)
        subtitle = f"{area_name}: {subtitle[0].lower()}{subtitle[1:]}"
    return finish(
        traces,
        layout,
        title=title or default_title,
        subtitle=subtitle,
        source=source,
        alt=_needs_alt(rows, area_name, reference_name, period_text),
        notes=notes,
        width=width,
        height=height,
        legend_right=False,
    )


def _needs_hover(row, area_name: str, reference_name: str) -> str:
    lines = [
        f"<b>{row['group']} i {area_name}</b>",
        f"{MEASURE_LABELS[str(row['measure'])]}: {format_percent(row['share'])} "
        f"({reference_name}: {format_percent(row['reference_share'])})",
        f"Skillnad: {format_signed(row['points'], 2)} procentenheter = "
        f"{_he_text(row['excess_he'])}",
        f"{format_number(row['he'])} helårsekvivalenter, {format_number(row['population'])} "
        "invånare",
    ]
    limit = f"95 %-gränsen {format_percent(row['upper_95'], 2)}"
    lines.append(
        f"<b>Tydligt högre</b> (över {limit})"
        if row["need"]
        else f"Inom slumpens marginal ({limit})"
    )
    if row["uncertain"]:
        lines.append("Färre än 10 helårsekvivalenter – osäker andel")
    return "<br>".join(lines)


def _needs_alt(rows: list[dict], area_name: str, reference_name: str, period_text: str) -> str:
    text = (
        f"Liggande staplar över de grupper och ersättningssystem i {area_name} {period_text} "
        f"som har flest helårsekvivalenter jämfört med {reference_name}."
    )
    needs = [r for r in rows if r["need"]]
    if rows and not needs:
        text += (
            f" Ingen grupp har en tydligt högre andel än i {reference_name}: skillnaderna "
            "ligger inom slumpens marginal."
        )
    elif needs:
        first = needs[0]
        text += (
            f" Störst: {first['group'].lower()}, "
            f"{MEASURE_LABELS[str(first['measure'])].lower()}, "
            f"{_he_text(first['excess_he'])}."
        )
    return text


def matrix_chart(
    matrix: pd.DataFrame,
    *,
    area_name: str,
    reference: str,
    reference_name: str,
    period_text: str,
    value: str = POINTS,
    source: str = DEFAULT_SOURCE,
    title: str | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> go.Figure:
    """Groups (rows) × summa and the systems (columns), coloured by the difference from
    `reference` (a key of :data:`metrics.targets.REFERENCES`) in percentage points
    (`value="points"`) or HE (`value="he"`); each cell shows the share and the difference.
    """
    if value not in MATRIX_VALUES:
        raise ValueError(f"value must be one of {', '.join(MATRIX_VALUES)}, not {value!r}")
    column = f"{reference}_{'points' if value == POINTS else 'he'}"
    groups = list(dict.fromkeys(matrix["group"]))
    cells = {(r["group"], str(r["measure"])): r for r in records(matrix)}
    z, text, hover = [], [], []
    for group in groups:
        z_row, text_row, hover_row = [], [], []
        for measure in REPORT_ORDER:
            row = cells.get((group, measure))
            difference = None if row is None or is_missing(row[column]) else float(row[column])
            z_row.append(difference)
            text_row.append(_matrix_text(row, difference, value))
            hover_row.append(_matrix_hover(row, reference, reference_name, area_name))
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    known = [abs(v) for row in z for v in row if v is not None]
    limit = max(known) if known and max(known) > 0 else 1.0
    unit = "procentenheter" if value == POINTS else "helårsekvivalenter"
    heatmap = {
        "type": "heatmap",
        "z": z,
        "x": [MEASURE_SHORT_LABELS[m] for m in REPORT_ORDER],
        "y": groups,
        "text": text,
        "texttemplate": "%{text}",
        "textfont": {"size": 14},
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
        "colorscale": DIVERGING_SCALE,
        "zmin": -limit,
        "zmax": limit,
        "zmid": 0,
        "xgap": 2,
        "ygap": 2,
        "colorbar": {"title": {"text": f"{unit.capitalize()}<br>mot {reference_name}"}},
    }
    layout = dict(
        xaxis={"side": "top", "showline": False, "ticks": "", "tickfont": {"size": 14}},
        yaxis={"autorange": "reversed", "showline": False, "ticks": "", "tickfont": {"size": 14}},
        shapes=_block_separator(matrix, groups),
    )
    notes = [BREAKDOWN_NOTE]
    if matrix["few_he"].any():
        notes.append(FEW_HE_NOTE)
    return finish(
        [heatmap],
        layout,
        title=title or f"Andelar per grupp och ersättningssystem – {area_name} {period_text}",
        subtitle=(
            f"Andel av gruppens befolkning (%) och skillnad mot {reference_name} i {unit} "
            "(röd: högre, blå: lägre)"
        ),
        source=source,
        alt=_matrix_alt(matrix, column, area_name, reference_name, period_text, unit),
        notes=notes,
        width=width,
        height=height,
        axis_space=20,
        legend_right=False,
    )


def _matrix_text(row, difference: float | None, value: str) -> str:
    if row is None or is_missing(row["share"]):
        return ""
    mark = f" {FEW_HE_MARK}" if row["few_he"] else ""
    shown = format_signed(difference, 1) if value == POINTS else _he_text(difference)
    return f"{format_percent(row['share'])}{mark}<br>{shown}"


def _matrix_hover(row, reference: str, reference_name: str, area_name: str) -> str:
    if row is None:
        return ""
    head = f"<b>{row['group']} i {area_name}</b><br>{MEASURE_LABELS[str(row['measure'])]}: "
    if is_missing(row["share"]):
        return head + "uppgift saknas"
    lines = [
        head + format_percent(row["share"]),
        f"{reference_name.capitalize()}: {format_percent(row[f'{reference}_share'])}",
        f"Skillnad: {format_signed(row[f'{reference}_points'], 2)} procentenheter = "
        f"{_he_text(row[f'{reference}_he'])}",
        f"{format_number(row['he'])} helårsekvivalenter, {format_number(row['population'])} "
        "invånare",
    ]
    if not is_missing(row[f"{reference}_share"]):
        verdict = compare(float(row["share"]), row["population"], row[f"{reference}_share"])
        lines.append(f"{VERDICT_LABELS[verdict]} (95 %-gränserna för gruppens storlek)")
    if row["few_he"]:
        lines.append("Färre än 10 helårsekvivalenter – osäker andel")
    return "<br>".join(lines)


def _block_separator(matrix: pd.DataFrame, groups: list[str]) -> list[dict]:
    """A line between the age bands and the kön rows (two breakdowns, never crossed)."""
    ages = matrix.loc[matrix["dimension"] == DIMENSION_AGE, "group"].unique()
    if len(ages) == 0 or len(ages) == len(groups):
        return []
    return [
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": len(ages) - 0.5,
            "y1": len(ages) - 0.5,
            "line": {"color": TEXT_COLOUR, "width": 3},
        }
    ]


def _matrix_alt(
    matrix: pd.DataFrame,
    column: str,
    area_name: str,
    reference_name: str,
    period_text: str,
    unit: str,
) -> str:
    text = (
        f"Rutnät över andelen i varje ersättningssystem för åldersgrupper och kön i "
        f"{area_name} {period_text}, färgat efter skillnaden mot {reference_name} i {unit}."
    )
    totals = matrix.loc[(matrix["measure"] == SUMMA) & matrix[column].notna()]
    if not totals.empty:
        top = totals.loc[totals[column].idxmax()]
        text += (
            f" Störst skillnad i summan: {top['group'].lower()} ({format_signed(top[column], 1)})."
        )
    return text


def change_chart(
    decomposition: pd.DataFrame,
    *,
    area_name: str,
    group_label: str,
    from_label: str,
    to_label: str,
    source: str = DEFAULT_SOURCE,
    title: str | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> go.Figure:
    """A waterfall: the total share in one period, each system's contribution to the
    change in percentage points, and the total in the other period.

    The value axis is fitted to the levels the steps pass through (not from zero), so
    changes of tenths of a point are visible; each value is written under its column
    with the column's name, never over a bar, with one decimal like the app's other
    shares.
    """
    by_measure = {str(r["measure"]): r for r in records(decomposition)}
    total = by_measure[SUMMA]
    steps = [by_measure[m] for m in SYSTEMS]
    x = [from_label, *(MEASURE_SHORT_LABELS[m] for m in SYSTEMS), to_label]
    y = waterfall_values(decomposition)
    hover = [
        _total_hover(from_label, total, "from"),
        *(_step_hover(s) for s in steps),
        _total_hover(to_label, total, "to"),
    ]
    waterfall = {
        "type": "waterfall",
        "orientation": "v",
        "measure": ["absolute", *(["relative"] * len(steps)), "total"],
        "x": x,
        "y": [None if is_missing(v) else float(v) for v in y],
        "textposition": "none",
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
        "increasing": {"marker": {"color": INCREASE_COLOUR}},
        "decreasing": {"marker": {"color": DECREASE_COLOUR}},
        "totals": {"marker": {"color": AREA_COLOUR}},
        "connector": {"line": {"color": GRID_COLOUR, "width": 1.5}},
        "showlegend": False,
    }
    layout = dict(
        yaxis=style_share_axis(
            {
                "title": {"text": "Andel av gruppens befolkning (%)"},
                "range": waterfall_range(y),
                "rangemode": "normal",
                "tickformat": ".1f",
            }
        ),
        xaxis={
            "tickfont": {"size": 13},
            "type": "category",
            "tickangle": 0,
            "tickvals": x,
            "ticktext": [
                f"{'<br>'.join(lines)}<br><b>{value}</b>"
                for lines, value in waterfall_ticks(decomposition, from_label, to_label)
            ],
        },
    )
    change = total["points"]
    return finish(
        [waterfall],
        layout,
        title=title or f"Förändring {from_label}–{to_label} per ersättningssystem – {area_name}",
        subtitle=(
            f"{group_label}: andel av befolkningen (%) och varje systems bidrag i "
            "procentenheter (röd: ökning, grön: minskning)"
        ),
        source=source,
        alt=_change_alt(steps, area_name, group_label, from_label, to_label, change),
        notes=[WATERFALL_NOTE],
        width=width,
        height=height,
        axis_space=AXIS_SPACE + 40,
    )


WATERFALL_NOTE = (
    "Bidragen räknas på gruppens befolkning varje år och summerar exakt till "
    "förändringen av totalen. Axeln börjar inte på noll, så att förändringarna syns."
)
WATERFALL_ROOM = 0.25
"""Share of the levels' span added below the lowest and above the highest level."""


def waterfall_range(values: list) -> list[float] | None:
    """The value axis of a waterfall: from just below the lowest level the steps reach to
    just above the highest (the first value is the start level, the last the end level,
    those between the steps; missing values count as 0)."""
    known = [0.0 if is_missing(v) else float(v) for v in values]
    if not known:
        return None
    levels = [known[0]]
    for step in known[1:-1]:
        levels.append(levels[-1] + step)
    levels.append(known[-1])
    low, high = min(levels), max(levels)
    room = WATERFALL_ROOM * (high - low) if high > low else max(abs(high) * 0.05, 0.1)
    return [max(0.0, low - room), high + room]


def waterfall_values(decomposition: pd.DataFrame) -> list:
    """The waterfall's columns: the total share in the first period, each system's
    contribution in percentage points, the total share in the last period."""
    by_measure = {str(r["measure"]): r for r in records(decomposition)}
    total = by_measure[SUMMA]
    return [
        total["from_share"],
        *(by_measure[m]["points"] for m in SYSTEMS),
        total["to_share"],
    ]


def waterfall_ticks(
    decomposition: pd.DataFrame,
    from_label: str,
    to_label: str,
    labels: Mapping[str, str] = MEASURE_SHORT_LABELS,
) -> list[tuple[list[str], str]]:
    """Each waterfall column's name, on lines of at most :data:`WRAP_AT` characters
    with whole words (so the columns never need rotated or split text), and its value
    with one decimal (totals in %, contributions signed), written under the column
    instead of over the bar. `labels` names the systems (short names by default; the
    PowerPoint's mark where a long word may break with a soft hyphen)."""
    names = [from_label, *(labels[m] for m in SYSTEMS), to_label]
    values = waterfall_values(decomposition)
    texts = [
        format_percent(values[0]),
        *(format_signed(v) for v in values[1:-1]),
        format_percent(values[-1]),
    ]
    return [
        (textwrap.wrap(name, WRAP_AT, break_long_words=False, break_on_hyphens=False), text)
        for name, text in zip(names, texts, strict=True)
    ]


def _total_hover(label: str, total, side: str) -> str:
    return (
        f"<b>{label}</b><br>Totalt: {format_percent(total[f'{side}_share'])}<br>"
        f"{format_number(total[f'{side}_he'])} helårsekvivalenter, "
        f"{format_number(total[f'{side}_population'])} invånare"
    )


def _step_hover(step) -> str:
    return (
        f"<b>{MEASURE_LABELS[str(step['measure'])]}</b><br>"
        f"{format_signed(step['points'])} procentenheter<br>"
        f"{format_signed(step['he_change'], 0)} helårsekvivalenter "
        f"({format_number(step['from_he'])} → {format_number(step['to_he'])})"
    )


def _change_alt(
    steps: list, area_name: str, group_label: str, from_label: str, to_label: str, change
) -> str:
    text = (
        f"Vattenfallsdiagram över hur andelen för {group_label.lower()} i {area_name} "
        f"förändrades från {from_label} till {to_label}, per ersättningssystem."
    )
    if not is_missing(change):
        text += f" Totalt {format_signed(change)} procentenheter."
    known = [s for s in steps if not is_missing(s["points"])]
    if known:
        largest = max(known, key=lambda s: abs(s["points"]))
        text += (
            f" Störst bidrag: {MEASURE_LABELS[str(largest['measure'])].lower()} "
            f"({format_signed(largest['points'])})."
        )
    return text
