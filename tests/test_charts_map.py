"""The map: every kommun of its scope filled in its class's one trace, its hover on a
point inside it, the chosen area outlined, a text alternative, small enough for a page,
no map tiles."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import shapely

from charts.map import MAP_HOVER_REACH, map_chart
from charts.theme import NO_CLASS_COLOUR, QUARTILE_STYLES
from data.areas import forbund_regions
from data.geometry import kommun_shapes, union_shape
from exports.tables import map_download
from metrics.maps import map_scope, map_table
from metrics.model import build_model
from tests.known_dataset import known_frame

REGIONS = forbund_regions()
VASTERBOTTEN = [k.code for k in REGIONS.kommuner_in("24")]


@pytest.fixture(scope="module")
def model():
    return build_model(known_frame(), REGIONS)


def _fills(figure) -> list:
    return [t for t in figure.data if t.fill == "toself"]


def _points(figure):
    """The trace carrying each kommun's hover, at a point inside it."""
    (points,) = [t for t in figure.data if t.name == "Kommun"]
    return points


def _class_of_each_kommun(figure) -> dict[str, str]:
    """Kommun code → the class of the one fill trace whose polygons include it."""
    pairs = [(code, t.meta["quartile"]) for t in _fills(figure) for code in t.meta["codes"]]
    classes = dict(pairs)
    assert len(classes) == len(pairs), "a kommun is in one class's fill only"
    return classes


def test_geometry_has_every_kommun_of_regions_csv():
    shapes = kommun_shapes()
    assert set(shapes) == set(REGIONS.kommun_codes())
    assert all(shape.rings for shape in shapes.values())
    west, south, east, north = shapes["2480"].bounds()
    assert 19.0 < west < east < 21.5 and 63.4 < south < north < 64.5  # Umeå


def test_a_forbund_is_one_outline_without_its_inner_borders():
    umea = union_shape(REGIONS["umearegionen"].members)
    assert len(umea.rings) == 1
    parts = [kommun_shapes()[k].bounds() for k in REGIONS["umearegionen"].members]
    assert umea.bounds() == pytest.approx(
        (
            min(p[0] for p in parts),
            min(p[1] for p in parts),
            max(p[2] for p in parts),
            max(p[3] for p in parts),
        ),
        abs=0.01,
    )


def test_the_county_map_fills_each_kommun_by_class_and_hovers_each_kommun(model):
    table = map_table(model.yearly, REGIONS, VASTERBOTTEN, 2024, "summa", "T", "20-64")
    figure = map_chart(
        table,
        scope_name="Västerbottens län",
        period=2024,
        measure="summa",
        outline=REGIONS["skelleftea-norsjo"].members,
        outline_name="Samordningsförbundet Skellefteå-Norsjö",
    )
    fills = _fills(figure)
    assert len(fills) == len({t.meta["quartile"] for t in fills}) <= 4
    classes = _class_of_each_kommun(figure)
    assert sorted(classes) == sorted(VASTERBOTTEN)
    shapes = kommun_shapes()
    for trace in fills:
        colour = QUARTILE_STYLES[trace.meta["quartile"]].colour if trace.meta["quartile"] else None
        assert trace.fillcolor == (colour or NO_CLASS_COLOUR)
        assert trace.hoverinfo == "skip"
        rings = sum(len(shapes[code].rings) for code in trace.meta["codes"])
        assert np.isnan(trace.x).sum() == rings - 1
    points = _points(figure)
    assert list(points.meta["codes"]) == VASTERBOTTEN
    assert len(points.x) == len(points.text) == 15
    hover = dict(zip(points.meta["codes"], points.text, strict=True))
    for code in VASTERBOTTEN:
        profile = model.profile(code, [2024], sexes=("T",))
        klass = profile.loc[profile["measure"] == "summa", "quartile"].iloc[0]
        assert hover[code].startswith(f"<b>{REGIONS.name(code)}</b>")
        if pd.isna(klass):
            assert classes[code] == ""
            assert "uppgift saknas" in hover[code]
        else:
            assert classes[code] == str(klass)
            assert QUARTILE_STYLES[str(klass)].glyph in hover[code]
    assert hover["2480"] == "<b>Umeå</b><br>▼ Lägsta 25 %<br>Summa helårsekvivalenter: 8,0\u00a0%"
    umea = VASTERBOTTEN.index("2480")
    assert points.marker.symbol[umea] == QUARTILE_STYLES["low"].symbol
    assert points.hoverlabel.bgcolor[umea] == QUARTILE_STYLES["low"].colour
    inside = shapely.Point(points.x[umea], points.y[umea])
    rings = [shapely.Polygon(list(zip(*ring, strict=True))) for ring in shapes["2480"].rings]
    assert any(ring.buffer(0.005).contains(inside) for ring in rings)
    outline = [t for t in figure.data if t.name == "Samordningsförbundet Skellefteå-Norsjö"]
    assert len(outline) == 1
    assert outline[0].fill is None
    alt = figure.layout.meta["alt"]
    assert alt.startswith("Karta över Västerbottens läns 15 kommuner 2024")
    assert "Samordningsförbundet Skellefteå-Norsjö är inramat." in alt
    assert "Umeå" in alt
    assert figure.layout.xaxis.visible is False
    assert figure.layout.yaxis.scaleanchor == "x"


def test_the_map_of_sweden_has_290_kommuner_in_few_traces_and_stays_well_under_a_megabyte(model):
    table = map_table(
        model.yearly, REGIONS, list(REGIONS.kommun_codes()), 2024, "summa", "K", "20-64"
    )
    figure = map_chart(
        table, scope_name="Sverige", period=2024, measure="summa", sex="K", outline=["2480"]
    )
    assert len(_fills(figure)) <= 4
    assert sorted(_class_of_each_kommun(figure)) == sorted(REGIONS.kommun_codes())
    points = _points(figure)
    assert len(points.x) == len(points.text) == len(points.meta["codes"]) == 290
    assert points.marker.color == "rgba(0,0,0,0)", "invisible: only its hover shows"
    umea = list(points.meta["codes"]).index("2480")
    assert points.text[umea].startswith("<b>Umeå</b><br>")
    assert len(figure.data) < 10, "one trace per class, not per kommun (#18)"
    size = len(figure.to_json())
    assert size < 400_000
    assert figure.layout.meta["subtitle"].startswith("Kvinnor 20–64 år: andel av befolkningen")
    kinds = {t.type for t in figure.data}
    assert kinds == {"scatter"}, "no geo/mapbox traces: nothing fetched from the network"
    assert "mapbox" not in json.loads(figure.to_json())["layout"]


def test_borders_go_to_the_browser_as_binary_float32_with_gaps_between_rings(model):
    shape = union_shape(["2480", "2482"])
    xs, ys = shape.coordinates()
    assert xs.dtype == ys.dtype == np.float32
    assert np.isnan(xs).sum() == len(shape.rings) - 1
    first_lons, first_lats = shape.rings[0]
    np.testing.assert_allclose(xs[: len(first_lons)], first_lons, atol=1e-4)
    np.testing.assert_allclose(ys[: len(first_lats)], first_lats, atol=1e-4)
    spec = map_chart(
        map_table(model.yearly, REGIONS, ["2480"], 2024, "summa", "T", "20-64"),
        scope_name="Sverige",
        period=2024,
        measure="summa",
    ).to_dict()
    fill = spec["data"][0]["x"]
    assert fill["dtype"] == "f4", "a typed array, not a list of numbers written out"


def test_the_scope_of_a_map_and_the_outline_of_the_chosen_area():
    sweden = map_scope(REGIONS, "umearegionen")
    assert len(sweden.kommuner) == 290
    assert sweden.scope_name == "Sverige"
    assert sorted(sweden.outline) == sorted(REGIONS["umearegionen"].members)
    assert sweden.outline_name == "Samordningsförbundet Umeåregionen"
    county = map_scope(REGIONS, "2417", "24")
    assert county.kommuner == tuple(VASTERBOTTEN)
    assert (county.scope_name, county.outline, county.outline_name) == (
        "Västerbottens län",
        ("2417",),
        "Norsjö",
    )
    assert map_scope(REGIONS, "24", "24").outline == ()
    assert map_scope(REGIONS, "00").outline == ()


def test_the_map_downloads_one_row_per_kommun(model):
    table = map_table(model.yearly, REGIONS, VASTERBOTTEN, 2024, "summa", "T", "20-64")
    download = map_download(table)
    assert len(download) == 15
    umea = download.loc[download["Kommunkod"] == "2480"].iloc[0]
    assert umea["Kommun"] == "Umeå"
    assert umea["Andel av befolkningen (%)"] == 8.0
    assert umea["Folkmängd"] == 80_000
    assert umea["Jämfört med landets kommuner"] == "Lägsta 25 %"
    dorotea = download.loc[download["Kommunkod"] == "2425"].iloc[0]
    assert dorotea["Jämfört med landets kommuner"] == ""


def test_the_maps_hover_reaches_a_pointer_over_most_of_a_kommun(model):
    table = map_table(model.yearly, REGIONS, VASTERBOTTEN, 2024, "summa", "T", "20-64")
    figure = map_chart(table, scope_name="Västerbottens län", period=2024, measure="summa")
    assert figure.layout.hoverdistance == MAP_HOVER_REACH == 40
