"""Översikt: where the chosen area stands, in one minute."""

import streamlit as st

from metrics.narrative import Comparison, change_sentence, level_sentence
from metrics.swedish import MINUS, format_percent, format_points
from pages.ui import session
from pages.ui.data import app_data

app = app_data()
model = app.model
regions = app.regions
selection = session.current_selection()
area = regions[selection.region]
year = selection.year

st.title(f"Offentlig försörjning – {area.name}")

share = model.share(area.code, year)
previous = model.share(area.code, year - 1)
county = regions.county_of(area.code)
comparison_areas = [a for a in (county, regions.riket) if a is not None and a.code != area.code]
comparisons = [Comparison(a.name_in_text, model.share(a.code, year)) for a in comparison_areas]

st.markdown(
    f"{level_sentence(area.name, year, share, comparisons)} "
    f"{change_sentence(share, previous, year - 1)}"
)


def _delta(code: str) -> str | None:
    """The change since last year; st.metric reads its direction from a leading ASCII '-'."""
    now, before = model.share(code, year), model.share(code, year - 1)
    if now is None or before is None:
        return None
    return f"{format_points(now - before).replace(MINUS, '-')} mot {year - 1}"


columns = st.columns(1 + len(comparison_areas))
for column, shown in zip(columns, [area, *comparison_areas], strict=True):
    column.metric(
        label=f"{shown.name} {year}",
        value=format_percent(model.share(shown.code, year)),
        delta=_delta(shown.code),
        delta_color="inverse",
        help="Andel av befolkningen 20–64 år som försörjs av offentliga ersättningar "
        "(helårsekvivalenter ÷ folkmängd 20–64 år).",
    )

st.caption(
    "Helårsekvivalenter (HE): antalet personer som skulle kunna försörjas ett helt år med "
    "full ersättning från sjukpenning, sjuk- och aktivitetsersättning, arbetslöshetsersättning, "
    "arbetsmarknadsåtgärder, ekonomiskt bistånd och etableringsersättning. Två personer som "
    "varit heltidsarbetslösa ett halvår var blir tillsammans en helårsekvivalent."
)
