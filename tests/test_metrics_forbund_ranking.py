"""All förbund side by side: pooled shares, ranks, kvinnor/män, change, county, riket —
against shares computed by hand from a tiny dataset."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from charts.forbund_ranking import forbund_ranking_chart
from charts.theme import TEXT_HALO
from data.regions import LEVEL_FORBUND, Area, load_regions
from exports.tables import forbund_ranking_download
from metrics.forbund_ranking import forbund_ranking
from metrics.model import build_model
from tests.factories import KIRUNA, LULEA, NORSJO, SKELLEFTEA, UMEA, combine, dataset


def _years(first: float, middle: float, last: float) -> list[float]:
    """Monthly values for 2019–2024: `first` in 2019, `middle` 2020–2023, `last` in 2024."""
    return [first] * 12 + [middle] * 48 + [last] * 12


def _slice(sex: str, values: dict[str, tuple[tuple[float, float, float], float]]):
    spec = {
        code: {"sjukpenning": _years(*he), "population": population}
        for code, (he, population) in values.items()
    }
    return dataset(spec, start="2019-01", months=72, sex=sex)


FRAME = combine(
    _slice(
        "T",
        {
            NORSJO: ((5, 7, 10), 1000),
            SKELLEFTEA: ((40, 45, 50), 4000),
            UMEA: ((80, 70, 64), 8000),
            LULEA: ((30, 30, 30), 3000),
        },
    ),
    _slice("K", {NORSJO: ((3, 4, 6), 500), SKELLEFTEA: ((20, 20, 20), 2000)}),
    _slice("M", {NORSJO: ((2, 3, 4), 500), SKELLEFTEA: ((20, 25, 30), 2000)}),
)
FORBUND = [
    Area("norr-a", "Förbund A", LEVEL_FORBUND, (NORSJO, SKELLEFTEA)),
    Area("norr-b", "Förbund B", LEVEL_FORBUND, (UMEA,)),
    Area("over-granserna", "Förbund C", LEVEL_FORBUND, (UMEA, LULEA)),
    Area("utan-data", "Förbund D", LEVEL_FORBUND, (KIRUNA,)),
]


@pytest.fixture(scope="module")
def ranking() -> pd.DataFrame:
    regions = load_regions().with_areas(FORBUND)
    model = build_model(FRAME, regions)
    return forbund_ranking(model.yearly, regions, [a.code for a in FORBUND], 2024)


def test_forbund_are_ranked_by_their_pooled_total_share(ranking):
    assert ranking["name"].tolist() == ["Förbund A", "Förbund C", "Förbund B", "Förbund D"]
    assert ranking["rank"].tolist()[:3] == [1, 2, 3]
    assert ranking["rank"].isna().tolist() == [False, False, False, True]
    shares = ranking.set_index("region_code")["share"]
    assert shares["norr-a"] == pytest.approx((10 + 50) / (1000 + 4000) * 100)  # 1,2 %
    assert shares["over-granserna"] == pytest.approx((64 + 30) / (8000 + 3000) * 100)
    assert shares["norr-b"] == pytest.approx(64 / 8000 * 100)
    assert math.isnan(shares["utan-data"])


def test_kvinnor_man_and_the_change_over_five_years(ranking):
    a = ranking.set_index("region_code").loc["norr-a"]
    assert a["share_k"] == pytest.approx((6 + 20) / (500 + 2000) * 100)  # 1,04 %
    assert a["share_m"] == pytest.approx((4 + 30) / (500 + 2000) * 100)  # 1,36 %
    assert a["share_before"] == pytest.approx((5 + 40) / 5000 * 100)  # 0,9 % in 2019
    assert a["change"] == pytest.approx(0.3)
    b = ranking.set_index("region_code").loc["norr-b"]
    assert b["change"] == pytest.approx(0.8 - 1.0)
    assert math.isnan(b["share_k"])


def test_county_and_riket_for_reference(ranking):
    rows = ranking.set_index("region_code")
    vasterbotten = (10 + 50 + 64) / (1000 + 4000 + 8000) * 100
    assert rows.loc["norr-a", "county_name"] == "Västerbottens län"
    assert rows.loc["norr-a", "county_share"] == pytest.approx(vasterbotten)
    assert rows.loc["norr-b", "county_share"] == pytest.approx(vasterbotten)
    assert rows.loc["over-granserna", "county_name"] == ""
    assert math.isnan(rows.loc["over-granserna", "county_share"])
    riket = (10 + 50 + 64 + 30) / (1000 + 4000 + 8000 + 3000) * 100
    assert rows["riket_share"].tolist() == pytest.approx([riket] * 4)


def test_the_chart_draws_the_ranking_highest_on_top_with_the_chosen_forbund_marked(ranking):
    figure = forbund_ranking_chart(ranking, year=2024, highlight="norr-b")
    bars = figure.data[0]
    assert list(bars.y) == ["norr-a", "over-granserna", "norr-b", "utan-data"]
    assert list(bars.x)[:3] == pytest.approx([1.2, 94 / 110, 0.8])
    assert list(bars.text) == ["1,2\u00a0%", "0,9\u00a0%", "0,8\u00a0%", "uppgift saknas"]
    ticks = list(figure.layout.yaxis.ticktext)
    assert ticks[2].startswith("<b>▶ ") and "Förbund B" in ticks[2]
    assert "Kvinnor 1,0\u00a0%, män 1,4\u00a0%" in bars.hovertext[0]
    assert "Sedan 2019: +0,3 procentenheter" in bars.hovertext[0]
    riket = next(t for t in figure.data if str(t.name).startswith("Riket"))
    assert riket.name == "Riket 1,0\u00a0%"
    (line,) = figure.layout.shapes
    assert line.x0 == line.x1 == pytest.approx(154 / 160)
    assert line.layer == "below", "under the bars' values, never through them"
    assert bars.outsidetextfont.shadow == TEXT_HALO
    assert figure.layout.meta["alt"].endswith("Förbund B har 0,8\u00a0%, plats 3 av 3.")


def test_the_ranking_downloads_with_swedish_headers(ranking):
    table = forbund_ranking_download(ranking, 2024)
    assert list(table.columns) == [
        "Plats",
        "Samordningsförbund",
        "Län",
        "Totalt 2024 (%)",
        "Kvinnor (%)",
        "Män (%)",
        "Förändring sedan 2019 (procentenheter)",
        "Länet (%)",
        "Riket (%)",
        "Jämfört med landets kommuner",
        "Helårsekvivalenter",
        "Folkmängd 20–64 år",
    ]
    first = table.iloc[0]
    assert (first["Plats"], first["Samordningsförbund"], first["Län"]) == (
        1,
        "Förbund A",
        "Västerbottens län",
    )
    assert first["Totalt 2024 (%)"] == 1.2
    assert first["Förändring sedan 2019 (procentenheter)"] == 0.3
    assert first["Folkmängd 20–64 år"] == 5000
    assert table["Län"].tolist()[1] == "flera län"
