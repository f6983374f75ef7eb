"""Reading native PowerPoint charts in tests: the text and colour of each point's label."""

from __future__ import annotations

from pptx.chart.series import _BaseSeries

NBSP = "\u00a0"


def label_texts(series: _BaseSeries) -> dict[int, str]:
    """{point index: its label's written text} (no-break spaces as spaces)."""
    return {
        int(label.xpath("./c:idx/@val")[0]): "".join(
            label.xpath("./c:tx/c:rich//a:t/text()")
        ).replace(NBSP, " ")
        for label in series._element.xpath("./c:dLbls/c:dLbl[c:tx]")
    }


def label_colours(series: _BaseSeries) -> dict[int, str]:
    """{point index: the '#RRGGBB' colour of its label's text}."""
    return {
        int(label.xpath("./c:idx/@val")[0]): "#"
        + label.xpath(".//a:rPr/a:solidFill/a:srgbClr/@val")[0]
        for label in series._element.xpath("./c:dLbls/c:dLbl[c:tx]")
    }
