"""Exportera: the report of the chosen area as PowerPoint, PDF or Excel, and one chart as
an image, ready for a presentation or a meeting pack."""

from datetime import date
from functools import partial

import streamlit as st

from app_pages.ui import jobs, session, state, views
from app_pages.ui.data import app_data
from app_pages.ui.state import escape_markdown
from charts.theme import HEIGHT, source_text
from data.provenance import Provenance
from data.regions import LEVEL_RIKET
from exports.batch import (
    FORMAT_LABELS,
    NEEDS_BROWSER,
    REPORT_FORMATS,
    ChartRequest,
    chart_slide,
    pages_in,
    report_bytes,
    report_filename,
)
from exports.figures import slide_figure
from exports.files import MIME_TYPES, safe_filename
from exports.images import (
    IMAGE_FORMATS,
    BrowserMissingError,
    has_browser,
    render_one,
)
from exports.kinds import CHART_KINDS, CHART_LABELS, KINDS, figure_height
from exports.queue import Progress
from exports.report import (
    MAP,
    SECTION_LABELS,
    SECTIONS,
    TARGETS,
    ReportOptions,
    default_sections,
    default_span,
    plan_report,
)
from metrics.labels import MEASURE_LABELS, REPORT_ORDER
from metrics.model import Model

FORMAT_NOTES = {
    "pptx": "Bilder i 16:9 med redigerbara diagram – byt färger och typsnitt i er egen mall.",
    "pdf": "A4 liggande med sidnummer och källa på varje sida, för kallelsen till mötet.",
    "xlsx": "Siffrorna bakom varje diagram, ett blad per diagram, och ett blad Om data.",
}
IMAGE_LABELS = {"png": "PNG (bild)", "svg": "SVG (vektor)", "pdf": "PDF (vektor)"}

app = app_data()
model = app.model
selection = session.current_selection()
area = app.regions[selection.region]
browser_ready = has_browser()

st.title("Exportera")
st.markdown(
    f"Rapporten *Offentlig försörjning* för **{escape_markdown(area.name)}**, i samma ordning "
    "som Statisticons rapport: försörjningsprofil, utveckling och kvinnor och män för varje "
    "ersättningssystem, fördelningen, länets kommuner och kartan – och målgrupperna med "
    "störst behov. Byt område överst på sidan."
)

st.header("Rapport")
years = model.years
last_default = selection.year if selection.year in years else default_span(model)[1]
first_default = max(years[0], last_default - 4)
first, last = st.select_slider(
    "Period",
    options=years,
    value=(first_default, last_default),
    key=state.EXPORT_YEARS,
    help="Utvecklingsdiagrammen visar hela perioden; profilen, fördelningen och länets "
    "kommuner visar det sista året.",
)
fmt = st.radio(
    "Format",
    REPORT_FORMATS,
    format_func=FORMAT_LABELS.get,
    horizontal=True,
    key=state.EXPORT_FORMAT,
)
st.caption(FORMAT_NOTES[fmt])
sections = st.multiselect(
    "Delar",
    SECTIONS,
    default=list(default_sections(model)),
    format_func=SECTION_LABELS.get,
    key=state.EXPORT_SECTIONS,
    **session.MULTISELECT,
)
if fmt == "pptx" and MAP in sections and not browser_ready:
    st.caption(
        "Kartan ritas av en webbläsare, och någon sådan finns inte på servern: den lämnas "
        "utanför PowerPoint-filen (det står på första bilden). Kartans siffror finns i Excel."
    )
if TARGETS in sections and area.level == LEVEL_RIKET:
    st.caption("Målgrupper jämför ett område med riket och tas därför inte med för riket.")
elif TARGETS in sections:
    st.caption(
        f"Målgrupper: grupperna med störst behov {last} jämfört med riket och alla grupper "
        "per ersättningssystem"
        + (f", och förändringen {first}–{last} per system." if first < last else ".")
    )
measures = st.multiselect(
    "Ersättningssystem",
    REPORT_ORDER,
    default=list(REPORT_ORDER),
    format_func=MEASURE_LABELS.get,
    key=state.EXPORT_MEASURES,
    **session.MULTISELECT,
)
missing_browser = fmt in NEEDS_BROWSER and not browser_ready
if missing_browser:
    st.warning(BrowserMissingError().sv, icon=":material/warning:")
if not sections or not measures:
    st.info("Välj minst en del och ett ersättningssystem.")

options = ReportOptions(
    area.code,
    first,
    last,
    tuple(s for s in SECTIONS if s in sections),
    tuple(m for m in REPORT_ORDER if m in measures),
)
wanted = (options, fmt)


def _make_report(
    model: Model, provenance: Provenance, options: ReportOptions, fmt: str, progress: Progress
) -> dict:
    """The report's file (runs in the export queue, not in the page's script; every input
    is bound when it is queued, so later changes on the page do not reach it)."""
    progress(0.0, "Planerar innehållet")
    report = plan_report(model, provenance, options, date.today())
    data = report_bytes(report, fmt, progress=lambda done, what: progress(min(done, 1.0), what))
    unit = "blad" if fmt == "xlsx" else "sidor"
    count = pages_in(report, fmt, has_browser())
    return {"name": report_filename(report, fmt), "data": data, "what": f"{count} {unit}"}


def _keep_report(made: dict, wanted: tuple) -> None:
    st.session_state[state.EXPORT_FILE] = {**made, "wanted": wanted}
    st.success(f"Klar: {made['what']}", icon=":material/check_circle:")


if st.button(
    "Skapa rapport",
    type="primary",
    icon=":material/description:",
    disabled=missing_browser or not sections or not measures or jobs.busy(),
):
    work = partial(_make_report, model, app.provenance, options, fmt)
    refused = jobs.submit(state.EXPORT_JOB, wanted, work)
    if refused:
        st.warning(refused, icon=":material/hourglass_top:")
jobs.follow(state.EXPORT_JOB, _keep_report, "Rapporten")

made = st.session_state.get(state.EXPORT_FILE)
if made and made["wanted"] == wanted:
    st.download_button(
        f"Ladda ner {made['name']} ({made['what']})",
        made["data"],
        file_name=made["name"],
        mime=MIME_TYPES[fmt],
        type="primary",
        icon=":material/download:",
    )
elif made:
    st.caption("Du har ändrat valen sedan rapporten skapades – skapa den igen.")

st.header("Ett diagram som bild")
st.markdown(
    "PNG i bildstorlek 16:9 (dubbel upplösning), SVG eller PDF – i rapportens utformning, "
    "som knapparna Bild (PNG) och Bild (SVG) under varje diagram, med källan under diagrammet."
)
if not browser_ready:
    st.info(BrowserMissingError().sv, icon=":material/info:")
columns = st.columns(3)
kind = columns[0].selectbox(
    "Diagram", CHART_KINDS, format_func=CHART_LABELS.get, key=state.EXPORT_CHART
)
# Shown only for the charts that have a system: a disabled selectbox's grey label would
# be text below the contrast WCAG asks for (axe cannot tell it belongs to a disabled one).
measure = (
    columns[1].selectbox(
        "Ersättningssystem",
        REPORT_ORDER,
        format_func=MEASURE_LABELS.get,
        key=state.EXPORT_CHART_MEASURE,
    )
    if KINDS[kind].by_measure
    else REPORT_ORDER[0]
)
image_format = columns[2].radio(
    "Format", IMAGE_FORMATS, format_func=IMAGE_LABELS.get, key=state.EXPORT_IMAGE_FORMAT
)
no_county = KINDS[kind].needs_county and views.beside(app, area.code).county is None
if no_county:
    st.caption(f"{area.name} jämförs inte med ett enskilt län och har inget länsdiagram.")
chart_wanted = (kind, measure, image_format, area.code, first, last)


def _make_image(
    model: Model,
    source: str,
    request: ChartRequest,
    image_format: str,
    progress: Progress,
) -> dict:
    """The chart as an image (runs in the export queue: it starts a browser)."""
    slide = chart_slide(model, source, request)
    figure = slide_figure(slide, height=figure_height(slide, HEIGHT))
    progress(0.5, "Ritar diagrammet")
    image = render_one(figure, image_format)
    return {"name": safe_filename(slide.title, image_format), "data": image}


if st.button(
    "Skapa bild", icon=":material/image:", disabled=not browser_ready or no_county or jobs.busy()
):
    request = ChartRequest(
        chart=kind,
        region=area.code,
        first_year=first,
        last_year=last,
        measure=measure,
        year=last,
    )
    work = partial(_make_image, model, source_text(app.provenance), request, image_format)
    refused = jobs.submit(state.IMAGE_JOB, chart_wanted, work)
    if refused:
        st.warning(refused, icon=":material/hourglass_top:")


def _keep_image(made: dict, wanted: tuple) -> None:
    st.session_state[state.EXPORT_IMAGE] = {**made, "wanted": wanted}


jobs.follow(state.IMAGE_JOB, _keep_image, "Bilden")

image_made = st.session_state.get(state.EXPORT_IMAGE)
if image_made and image_made["wanted"] == chart_wanted:
    st.download_button(
        f"Ladda ner {image_made['name']}",
        image_made["data"],
        file_name=image_made["name"],
        mime=MIME_TYPES[image_format],
        icon=":material/download:",
    )
