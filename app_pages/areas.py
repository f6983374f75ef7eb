"""Områden: the samordningsförbund the tool knows, and areas users define themselves."""

import streamlit as st

from app_pages.ui import areas, session, state
from app_pages.ui.data import app_data
from app_pages.ui.frames import show_table
from app_pages.ui.state import escape_markdown
from app_pages.ui.widgets import area_label
from data.areas import (
    MAX_NAME,
    AreaDefinition,
    AreaError,
    new_definition,
    shipped_definitions,
)
from exports.targets import areas_download
from metrics.swedish import swedish_sort_key

app = app_data()
model = app.model
regions = app.regions
year = session.current_selection().year

st.title("Områden")
st.markdown(
    "Ett **samordningsförbund** omfattar flera kommuner. Förbundets andelar räknas från "
    "kommunernas helårsekvivalenter och folkmängd tillsammans (summan av "
    "helårsekvivalenterna delat med summan av folkmängden), precis som för ett län. "
    "Förbundet placeras sedan mot samma gränser som landets kommuner (lägsta 25 %, "
    "mellersta 50 %, högsta 25 %). Här kan du också sätta ihop ett eget område av valfria "
    "kommuner. Det sparas och finns kvar för alla som använder verktyget, och en länk till "
    "området fungerar på andra datorer."
)

flash = areas.pop_flash()
if flash is not None:
    message, ok = flash
    if ok:
        st.success(escape_markdown(message), icon=":material/check_circle:")
    else:
        st.error(escape_markdown(message), icon=":material/error:")

saved, links = areas.user_definitions_in(regions)
_, problem = areas.saved_definitions()
if problem:
    st.error(escape_markdown(problem), icon=":material/error:")

kinds = {d.id: "Samordningsförbund" for d in shipped_definitions() if d.id in regions}
kinds |= {d.id: "Eget område" for d in saved}
kinds |= {d.id: "Från länk (inte sparat)" for d in links}
st.header(f"Områden i verktyget, {year}")
show_table(areas_download(model, kinds, year))


def _delete(area_id: str, name: str) -> None:
    try:
        areas.delete_area(area_id)
    except AreaError as err:
        areas.flash(err.sv, ok=False)
        return
    if session.current_selection().region == area_id:
        session.set_region(state.DEFAULT_REGION)
    areas.flash(f"Området ”{name}” är borttaget.")


def _save_link(definition: AreaDefinition) -> None:
    try:
        areas.save_area(definition)
    except AreaError as err:
        areas.flash(f"Området kunde inte sparas: {err.sv}", ok=False)
        return
    areas.flash(f"Området ”{definition.name}” är sparat.")


for definition in [*saved, *links]:
    is_link = definition in links
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(definition.name)}**")
        st.caption(", ".join(regions.name(k) for k in definition.kommuner))
        columns = st.columns(2)
        if columns[0].button(
            "Visa målgrupper",
            key=f"areas.show.{definition.id}",
            icon=":material/visibility:",
        ):
            session.set_region(definition.id)
            st.switch_page("app_pages/target_groups.py")
        if is_link:
            columns[1].button(
                "Spara området",
                key=f"areas.save.{definition.id}",
                on_click=_save_link,
                args=(definition,),
                icon=":material/save:",
            )
        else:
            columns[1].button(
                "Ta bort",
                key=f"areas.delete.{definition.id}",
                on_click=_delete,
                args=(definition.id, definition.name),
                icon=":material/delete:",
            )
        params = {state.REGION: definition.id, **areas.area_params(definition.id)}
        st.caption("Länk till området (för att dela):")
        st.code(areas.shareable_link("malgrupper", "omraden", params), language=None)

st.header("Skapa ett eget område")
kommuner = sorted(regions.kommun_codes(), key=lambda code: swedish_sort_key(regions.name(code)))
# No form: the members and their population are shown as they are chosen, before saving.
name = st.text_input("Namn på området", max_chars=MAX_NAME, key=state.AREA_NAME)
chosen = st.multiselect(
    "Kommuner",
    kommuner,
    format_func=lambda code: area_label(regions, code),
    key=state.AREA_KOMMUNER,
    placeholder="Skriv för att söka bland kommunerna",
    **session.MULTISELECT,
)
if chosen:
    st.markdown(escape_markdown(areas.members_text(regions, model, chosen, year)))
submitted = st.button("Spara området", key=state.AREA_SUBMIT, type="primary")

if submitted:
    definition = new_definition(name, chosen)
    try:
        areas.save_area(definition)
    except AreaError as err:
        st.error(escape_markdown(err.sv), icon=":material/error:")
    else:
        areas.flash(
            f"Området ”{definition.name}” är sparat och valt. Det finns nu i listan över "
            "områden överst på sidan."
        )
        session.set_region(definition.id)
        st.rerun()
