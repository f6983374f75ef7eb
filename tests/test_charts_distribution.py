"""Distribution of HE over the six systems, as 100 % bars for kvinnor and män."""

from __future__ import annotations

import pandas as pd
import pytest

from charts.distribution import distribution_chart, segment_text
from charts.theme import SYSTEM_COLOURS
from data.regions import load_regions
from metrics.model import build_model
from tests.factories import NORSJO, combine, dataset


@pytest.fixture(scope="module")
def distribution() -> pd.DataFrame:
    kvinnor = {"sjukpenning": 30, "ekonomiskt_bistand": 10, "population": 500}
    man = {"sjukpenning": 10, "arbetsloshetsersattning": 10, "population": 500}
    frame = combine(
        dataset({NORSJO: kvinnor}, sex="K"),
        dataset({NORSJO: man}, sex="M"),
    )
    return build_model(frame, load_regions()).distribution(NORSJO, 2018)


def test_one_trace_per_system_in_report_order_with_system_colours(distribution) -> None:
    fig = distribution_chart(distribution, area_name="Norsjö", period=2018)
    assert [t.name for t in fig.data] == [
        "Sjukpenning",
        "Sjuk- och aktivitetsersättning",
        "Etableringsersättning",
        "Arbetsmarknadsåtgärder",
        "Arbetslöshetsersättning",
        "Ekonomiskt bistånd",
    ]
    assert fig.data[0].marker.color == SYSTEM_COLOURS["sjukpenning"]
    assert fig.layout.barmode == "stack"


def test_bars_are_fractions_of_each_sexs_he(distribution) -> None:
    fig = distribution_chart(distribution, area_name="Norsjö", period=2018)
    by_name = {t.name: t for t in fig.data}
    assert list(by_name["Sjukpenning"].y) == ["Kvinnor", "Män"]
    assert list(by_name["Sjukpenning"].x) == pytest.approx([75.0, 50.0])
    assert list(by_name["Ekonomiskt bistånd"].x) == pytest.approx([25.0, 0.0])
    assert list(by_name["Arbetslöshetsersättning"].x) == pytest.approx([0.0, 50.0])
    assert list(by_name["Sjukpenning"].text) == [
        "Sjukpenning<br>75\u00a0%",
        "Sjukpenning<br>50\u00a0%",
    ]
    assert list(fig.layout.xaxis.range) == [0, 100]


def test_segment_text_only_where_it_fits() -> None:
    assert segment_text("sjukpenning", 3.0) == ""
    assert segment_text("sjukpenning", 8.4) == "8\u00a0%"
    assert segment_text("sjukpenning", None) == ""


def test_a_sex_without_data_is_noted(distribution) -> None:
    only_k = distribution.loc[distribution["sex"] == "K"]
    fig = distribution_chart(only_k, area_name="Norsjö", period=2018)
    assert "Uppgift saknas för män." in fig.layout.meta["notes"]
