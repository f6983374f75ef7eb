"""What every chart shares: title, source line, Swedish separators, text alternative."""

from __future__ import annotations

import re
from collections.abc import Callable

import plotly.graph_objects as go
import pytest

from charts.county import county_chart
from charts.distribution import distribution_chart
from charts.profile import profile_chart, profile_periods_chart
from charts.theme import (
    DEFAULT_SOURCE,
    HEIGHT,
    SCREEN_TITLE_CHARS,
    SEPARATORS,
    TITLE_TOP,
    WIDTH,
    finish,
    for_screen,
    source_text,
    wrap_text,
)
from charts.trend import gender_trend_chart, trend_chart
from data.provenance import Provenance
from data.regions import load_regions
from metrics.model import Model, build_model
from tests.factories import NORSJO, VASTERBOTTEN, two_counties

SYNTHETIC = source_text(Provenance.from_metadata({"source": "synthetic", "tables": '["TAB1386"]'}))


@pytest.fixture(scope="module")
def model() -> Model:
    return build_model(two_counties(), load_regions())


BUILDERS: dict[str, Callable[[Model], go.Figure]] = {
    "profile": lambda m: profile_chart(
        m.profile(NORSJO, [2018]), area_name="Norsjö", period=2018, source=SYNTHETIC
    ),
    "profile_periods": lambda m: profile_periods_chart(
        m.profile(NORSJO, m.years, sexes=("T",)), area_name="Norsjö", source=SYNTHETIC
    ),
    "trend": lambda m: trend_chart(
        m.trend(NORSJO), area_name="Norsjö", county_name="Västerbottens län", source=SYNTHETIC
    ),
    "gender_trend": lambda m: gender_trend_chart(
        m.trend(NORSJO, sexes=("K", "M")), area_name="Norsjö", source=SYNTHETIC
    ),
    "distribution": lambda m: distribution_chart(
        m.distribution(NORSJO, 2018), area_name="Norsjö", period=2018, source=SYNTHETIC
    ),
    "county": lambda m: county_chart(
        m.county_kommuner(VASTERBOTTEN, 2018),
        county_name="Västerbottens län",
        period=2018,
        highlight=NORSJO,
        source=SYNTHETIC,
    ),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_chart_has_title_source_separators_and_alt_text(model: Model, name: str) -> None:
    fig = BUILDERS[name](model)
    assert fig.layout.title.text
    assert fig.layout.title.subtitle.text
    assert fig.layout.separators == SEPARATORS
    annotations = [a.text for a in fig.layout.annotations]
    assert annotations[-1] == SYNTHETIC
    meta = fig.layout.meta
    assert meta["title"] == fig.layout.title.text
    assert meta["source"] == SYNTHETIC
    assert len(meta["alt"]) > 40
    assert (fig.layout.width, fig.layout.height) == (WIDTH, HEIGHT)
    assert WIDTH * 9 == HEIGHT * 16


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_trace_with_hover_has_a_text_in_words(model: Model, name: str) -> None:
    fig = BUILDERS[name](model)
    for trace in fig.data:
        if getattr(trace, "hoverinfo", None) == "skip" or trace.type == "table":
            continue
        assert trace.hovertemplate == "%{hovertext}<extra></extra>", trace.name
        assert all(text for text in trace.hovertext), trace.name


def test_source_line_for_scb_data_names_the_tables() -> None:
    text = source_text(
        Provenance.from_metadata({"source": "scb", "tables": '["TAB1386", "TAB9999"]'})
    )
    assert text == "Källa: SCB, helårsekvivalenter (TAB1386, TAB9999). Bearbetning: egen."
    assert DEFAULT_SOURCE == "Källa: SCB, helårsekvivalenter (TAB1386). Bearbetning: egen."


def test_source_line_for_synthetic_data_says_so_first() -> None:
    assert SYNTHETIC.startswith("Exempeldata – inte SCB:s siffror")


def test_title_sits_as_far_from_the_top_in_a_tall_figure() -> None:
    for height in (500, 720, 1119):
        fig = finish([], {}, title="T", subtitle="S", source="K", alt="A", height=height)
        assert (1 - fig.layout.title.y) * height == pytest.approx(TITLE_TOP)


# On a page: any screen from a phone to a desktop monitor -------------------------------


def test_wrap_text_breaks_between_words_and_keeps_markup_whole() -> None:
    assert wrap_text("Försörjningsprofil 2025 – Skellefteå-Norsjö", 26) == (
        "Försörjningsprofil 2025 –<br>Skellefteå-Norsjö"
    )
    assert wrap_text("kort", 26) == "kort"
    coloured = "Jämfört: <span style='color:#D7301F'>▲</span> Högsta 25 %"
    # the tag counts nothing, and a glyph stays on the line of the word after it
    assert wrap_text(coloured, 12) == (
        "Jämfört:<br><span style='color:#D7301F'>▲</span> Högsta<br>25 %"
    )
    # a row of the förbund ranking: its class's ▲ (and the chosen row's ▶) with the name
    assert wrap_text("▲ Samordningsförbundet Norra Västerbotten", 20) == (
        "▲ Samordningsförbundet<br>Norra Västerbotten"
    )
    assert wrap_text("<b>▶ ▼ Finsamförbundet i Kalmar</b>", 14) == (
        "<b>▶ ▼ Finsamförbundet<br>i Kalmar</b>"
    )


@pytest.mark.parametrize("name", list(BUILDERS))
def test_for_screen_wraps_titles_and_puts_the_legend_below_the_notes(
    model: Model, name: str
) -> None:
    figure = BUILDERS[name](model)
    screen = for_screen(figure)
    layout = screen.layout
    assert all(len(line) <= SCREEN_TITLE_CHARS for line in layout.title.text.split("<br>"))
    assert layout.title.text.replace("<br>", " ") == figure.layout.meta["title"]
    assert layout.meta == figure.layout.meta, "text alternative and notes kept"
    assert layout.height >= figure.layout.height
    assert layout.margin.t + layout.margin.b < layout.height - 150, "room left for the plot"
    notes = layout.annotations[-(len(layout.meta["notes"]) + 1) :]
    assert notes[-1].text.replace("<br>", " ") == figure.layout.annotations[-1].text
    lowest_note = -notes[-1].yshift + 17 * (notes[-1].text.count("<br>") + 1)
    assert lowest_note <= layout.margin.b
    assert layout.legend.orientation == "h" and layout.legend.yanchor == "top"
    plot_height = layout.height - layout.margin.t - layout.margin.b
    assert -layout.legend.y * plot_height >= lowest_note, "the legend starts below the notes"
    # the report's figure is untouched (exports use it)
    assert figure.layout.legend.orientation != "h" or figure.layout.legend.yanchor == "bottom"


def test_for_screen_gives_a_phone_one_legend_row_per_entry(model: Model) -> None:
    figure = BUILDERS["trend"](model)
    screen = for_screen(figure)
    entries = [t for t in screen.data if t.showlegend is not False and t.name]
    rows = sum(t.name.count("<br>") + 1 for t in entries)
    legend_room = screen.layout.margin.b + screen.layout.legend.y * (
        screen.layout.height - screen.layout.margin.t - screen.layout.margin.b
    )
    assert legend_room >= 21 * rows
    assert screen.layout.legend.entrywidth == 262
    names = [t.name for t in sorted(entries, key=lambda t: t.legendrank or 1000)]
    first_class = names.index("Högsta 25 %")
    assert names[first_class - 1] == "Jämfört med landets kommuner", "group title as an entry"
    assert all(not t.legendgrouptitle.text for t in screen.data)


def test_for_screen_starts_the_notes_of_a_bar_chart_at_its_left_edge(model: Model) -> None:
    """Plotly's automatic margin for long category labels moved notes that start under
    the axis past a phone's right edge: the margin is fixed from the wrapped labels."""
    screen = for_screen(BUILDERS["county"](model))
    layout = screen.layout
    plain = [re.sub("<[^>]+>", "", label) for label in layout.yaxis.ticktext]
    assert "Skellefteå" in plain
    longest = max(len(line) for label in plain for line in label.split("\n"))
    assert layout.yaxis.automargin is False
    assert layout.margin.l == round(longest * 6.6) + 14
    notes = layout.annotations[-(len(layout.meta["notes"]) + 1) :]
    assert {note.xshift for note in notes} == {-(layout.margin.l - 8)}
    # the legend starts at the plot and ends where the notes' widest line does
    assert layout.margin.l + layout.legend.entrywidth == 262 + 62
    assert all(len(t.name) <= 24 or "<br>" in t.name for t in screen.data if t.name)


def test_for_screen_gives_a_heatmaps_cells_their_room() -> None:
    heatmap = {
        "type": "heatmap",
        "z": [[1, -1]],
        "x": ["Totalt", "Sjuk- och aktivitetsers."],
        "y": ["Kvinnor 20–64 år"],
        "text": [["1", "-1"]],
        "textfont": {"size": 14},
    }
    figure = finish(
        [heatmap], {"xaxis": {"side": "top"}}, title="T", subtitle="S", source="K", alt="A"
    )
    screen = for_screen(figure)
    cells = screen.data[0]
    assert (cells.showscale, cells.textfont.size) == (False, 10)
    assert figure.data[0].textfont.size == 14, "the report keeps its colour bar and size"
    # the column labels stand on end in room of their own above the plot, under the title
    assert (screen.layout.xaxis.tickangle, screen.layout.xaxis.automargin) == (-90, False)
    title_block = 22 + 25 + 19 + 16
    assert screen.layout.margin.t == title_block + round(24 * 6.2) + 10
    # the rows' labels are in a margin of their own, and the notes start at the left edge
    assert screen.data[0].y == ("Kvinnor<br>20–64 år",)
    assert screen.layout.margin.l == round(8 * 6.6) + 14
    assert screen.layout.annotations[-1].xshift == -(screen.layout.margin.l - 8)


def test_for_screen_marks_only_powers_of_ten_on_a_log_axis() -> None:
    figure = finish(
        [{"type": "scatter", "x": [1000, 500_000], "y": [1, 2]}],
        {"xaxis": {"type": "log"}},
        title="T",
        subtitle="S",
        source="K",
        alt="A",
    )
    assert for_screen(figure).layout.xaxis.dtick == 1
    assert figure.layout.xaxis.dtick is None


def test_for_screen_lays_a_waterfall_on_its_side_with_each_row_named_and_valued() -> None:
    figure = finish(
        [
            {
                "type": "waterfall",
                "orientation": "v",
                "measure": ["absolute", "relative", "total"],
                "x": ["2020", "Sjukpenning", "2025"],
                "y": [12.6, -1.7, 10.9],
            }
        ],
        {
            "xaxis": {
                "type": "category",
                "tickangle": 0,
                "tickvals": ["2020", "Sjukpenning", "2025"],
                "ticktext": ["2020<br><b>12,6 %</b>", "Sjukpenning<br><b>−1,7</b>", "2025"],
            },
            "yaxis": {"range": [10.0, 13.0], "title": {"text": "Andel (%)"}},
        },
        title="T",
        subtitle="S",
        source="K",
        alt="A",
    )
    screen = for_screen(figure)
    bars = screen.data[0]
    assert (bars.orientation, bars.y, bars.x) == (
        "h",
        ("2020", "Sjukpenning", "2025"),
        (12.6, -1.7, 10.9),
    )
    rows, values = screen.layout.yaxis, screen.layout.xaxis
    assert rows.ticktext == ("2020 <b>12,6 %</b>", "Sjukpenning <b>−1,7</b>", "2025")
    assert (rows.autorange, rows.tickangle) == ("reversed", None)
    assert (values.range, values.title.text) == ((10.0, 13.0), "Andel (%)")
    assert screen.layout.margin.l > 60, "the rows' names have a margin of their own"
    assert figure.data[0].orientation == "v", "the report keeps its columns"
