"""The funnel plot: limit lines, kommuner outside them named, the chosen area marked.

Built on the hand-made funnel of tests/test_metrics_chance.py: eleven kommuner of 900
inhabitants around 10 %, over-dispersed (τ² = 0,0001); k00 (5 %) lies below and k10
(15 %) above the 99,8 % limits (10 ± 4,36992).
"""

from __future__ import annotations

import numpy as np
import pytest

from charts.funnel import funnel_chart
from metrics.funnel import funnel_of
from metrics.swedish import NBSP
from tests.test_metrics_chance import kommuner

NAMES = {"k00": "Lilla", "k10": "Stora", "k05": "Mitten"}


def _figure(highlight=("k05",)):
    funnel = funnel_of(kommuner(), NAMES)
    return funnel, funnel_chart(funnel, measure="summa", period_text="2024", highlight=highlight)


def _trace(figure, name: str):
    found = [t for t in figure.data if t.name == name]
    assert found, name
    return found[0]


def test_limit_lines_follow_the_funnel_at_every_population():
    funnel, figure = _figure()
    upper = [t for t in figure.data if t.name == "99,8 %-gränser"]
    assert len(upper) == 2
    for trace in upper:
        lower, high = funnel.limits(np.array(trace.x), 3.09)
        assert list(trace.y) in (pytest.approx(list(lower)), pytest.approx(list(high)))
    assert len([t for t in figure.data if t.name == "95 %-gränser"]) == 2
    riket = next(t for t in figure.data if str(t.name).startswith("Riket (sammanräknat)"))
    assert list(riket.y) == pytest.approx([funnel.reference_share] * 2)
    assert figure.layout.xaxis.type == "log"


def test_kommuner_outside_the_limits_are_named_in_hover_and_text():
    _funnel, figure = _figure()
    above = _trace(figure, "Över 99,8 %-gränsen")
    below = _trace(figure, "Under 99,8 %-gränsen")
    assert list(above.y) == [15.0]
    assert list(below.y) == [5.0]
    assert "Stora ligger över 99,8 %-gränsen" in above.hovertext[0]
    assert "Lilla ligger under 99,8 %-gränsen" in below.hovertext[0]
    alt = figure.layout.meta["alt"].replace(NBSP, " ")
    assert "Över 99,8 %-gränsen: Stora." in alt
    assert "Under 99,8 %-gränsen: Lilla." in alt
    assert "vidgade" in figure.layout.meta["notes"][0]


def test_the_chosen_kommuner_are_marked_and_labelled():
    _, figure = _figure(("k05", "k10"))
    marked = _trace(figure, "Områdets kommuner")
    assert [t.replace("<b>", "").replace("</b>", "") for t in marked.text] == ["Mitten", "Stora"]
    assert list(marked.marker.symbol) == ["circle", "triangle-up"]
    alt = figure.layout.meta["alt"].replace(NBSP, " ")
    assert "Mitten: 10,0 %, inom gränserna." in alt
    assert "Stora: 15,0 %, över 99,8 %-gränsen." in alt
    _, alone = _figure(())
    assert not [t for t in alone.data if t.name in ("Valt område", "Områdets kommuner")]
