"""The county's kommuner as bars stacked by system, sorted, one highlighted."""

from __future__ import annotations

import pandas as pd
import pytest

from charts.county import county_chart, county_order
from charts.theme import DIMMED_OPACITY, HEIGHT
from data.regions import load_regions
from metrics.model import Model, build_model
from tests.factories import MALA, NORSJO, SKELLEFTEA, UMEA, VASTERBOTTEN, two_counties


@pytest.fixture(scope="module")
def model() -> Model:
    return build_model(two_counties(), load_regions())


def test_kommuner_are_sorted_from_the_highest_total_share(model: Model) -> None:
    county = model.county_kommuner(VASTERBOTTEN, 2018)
    fig = county_chart(county, county_name="Västerbottens län", period=2018)
    assert list(fig.data[0].y) == [NORSJO, UMEA, SKELLEFTEA, MALA]
    assert list(fig.data[0].x) == pytest.approx([8.0, 3.0, 2.0, 1.0])
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.yaxis.type == "category"  # codes like 2417 are not numbers
    assert list(fig.layout.yaxis.ticktext) == ["Norsjö", "Umeå", "Skellefteå", "Malå"]
    totals = fig.data[-1]
    assert list(totals.text) == ["8,0\u00a0%", "3,0\u00a0%", "2,0\u00a0%", "1,0\u00a0%"]
    assert fig.layout.title.text == (
        "Ersättningssystemens användning i Västerbottens läns kommuner 2018"
    )


def test_the_selected_kommun_is_highlighted_without_colour(model: Model) -> None:
    county = model.county_kommuner(VASTERBOTTEN, 2018)
    fig = county_chart(county, county_name="Västerbottens län", period=2018, highlight=UMEA)
    assert list(fig.layout.yaxis.ticktext)[1] == "<b>▶ Umeå</b>"
    bars = fig.data[0]
    assert list(bars.marker.opacity) == [DIMMED_OPACITY, 1.0, DIMMED_OPACITY, DIMMED_OPACITY]
    assert bars.marker.line.width[1] > bars.marker.line.width[0]
    assert "Umeå har 3,0\u00a0%, plats 2 av 4." in fig.layout.meta["alt"]


def test_a_highlight_outside_the_county_dims_nothing(model: Model) -> None:
    county = model.county_kommuner(VASTERBOTTEN, 2018)
    fig = county_chart(county, county_name="Västerbottens län", period=2018, highlight="2580")
    assert list(fig.data[0].marker.opacity) == [1.0] * 4


def test_age_group_20_29_has_only_the_kommuner_with_data(model: Model) -> None:
    county = model.county_kommuner(VASTERBOTTEN, 2018, age_group="20-29")
    fig = county_chart(county, county_name="Västerbottens län", period=2018, age_group="20-29")
    assert list(fig.data[0].y) == [NORSJO, MALA]
    assert fig.layout.xaxis.title.text == "Andel av befolkningen 20–29 år (%)"
    assert fig.layout.height == HEIGHT
    assert any(note.startswith("‡ Färre än 10") for note in fig.layout.meta["notes"])


def test_equal_totals_sort_alphabetically_and_missing_totals_last() -> None:
    county = pd.DataFrame(
        {
            "region_code": ["a", "b", "c", "d"],
            "name": ["Östhammar", "Åre", "Borås", "Eda"],
            "measure": ["summa"] * 4,
            "share": [2.0, 2.0, 2.0, None],
        }
    )
    assert county_order(county)["name"].tolist() == ["Borås", "Åre", "Östhammar", "Eda"]
