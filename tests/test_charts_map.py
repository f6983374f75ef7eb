"""The map: one shape per kommun of its scope, coloured by the profile's classes, the
chosen area outlined, a text alternative, small enough for a page, no map tiles."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from charts.map import map_chart
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


def test_the_county_map_has_one_shape_per_kommun_and_the_profiles_classes(model):
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
    assert sorted(t.meta["code"] for t in fills) == sorted(VASTERBOTTEN)
    assert len(fills) == 15
    for trace in fills:
        code = trace.meta["code"]
        profile = model.profile(code, [2024], sexes=("T",))
        klass = profile.loc[profile["measure"] == "summa", "quartile"].iloc[0]
        if pd.isna(klass):
            assert trace.meta["quartile"] == ""
            assert trace.fillcolor == NO_CLASS_COLOUR
            assert "uppgift saknas" in trace.text
        else:
            assert trace.meta["quartile"] == str(klass)
            assert trace.fillcolor == QUARTILE_STYLES[str(klass)].colour
            assert QUARTILE_STYLES[str(klass)].glyph in trace.text
    umea = next(t for t in fills if t.meta["code"] == "2480")
    assert umea.text == "<b>Umeå</b><br>▼ Lägsta 25 %<br>Summa helårsekvivalenter: 8,0\u00a0%"
    outline = [t for t in figure.data if t.name == "Samordningsförbundet Skellefteå-Norsjö"]
    assert len(outline) == 1
    assert outline[0].fill is None
    alt = figure.layout.meta["alt"]
    assert alt.startswith("Karta över Västerbottens läns 15 kommuner 2024")
    assert "Samordningsförbundet Skellefteå-Norsjö är inramat." in alt
    assert "Umeå" in alt
    assert figure.layout.xaxis.visible is False
    assert figure.layout.yaxis.scaleanchor == "x"


def test_the_map_of_sweden_has_290_shapes_and_stays_well_under_a_megabyte(model):
    table = map_table(
        model.yearly, REGIONS, list(REGIONS.kommun_codes()), 2024, "summa", "K", "20-64"
    )
    figure = map_chart(
        table, scope_name="Sverige", period=2024, measure="summa", sex="K", outline=["2480"]
    )
    assert len(_fills(figure)) == 290
    size = len(figure.to_json())
    assert size < 400_000
    assert figure.layout.meta["subtitle"].startswith("Kvinnor 20–64 år: andel av befolkningen")
    kinds = {t.type for t in figure.data}
    assert kinds == {"scatter"}, "no geo/mapbox traces: nothing fetched from the network"
    assert "mapbox" not in json.loads(figure.to_json())["layout"]


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
