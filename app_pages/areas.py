"""Områden: the samordningsförbund the tool knows, the areas the operator shares, and the
areas a visitor defines for themself (kept in their link and session, never shown to
anyone else). Shared areas change only in operator mode; every delete asks first and can
be undone."""

import streamlit as st

from app_pages.ui import areas, session, state, views
from app_pages.ui.data import app_data
from app_pages.ui.state import escape_markdown
from app_pages.ui.tables import show_table
from app_pages.ui.widgets import area_label
from data.areas import (
    MAX_NAME,
    AreaDefinition,
    AreaError,
    new_definition,
    shipped_areas,
)
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
    "kommuner. Det finns bara hos dig: i den här webbläsarfliken och i områdets länk, som "
    "fungerar på andra datorer. Ingen annan besökare ser det."
)


def _undo() -> None:
    undo = st.session_state.pop(state.AREA_UNDO, None)
    if undo is None:
        return
    definition, shared = undo
    try:
        restored = areas.share_area(definition) if shared else areas.save_area(definition)
    except AreaError as err:
        areas.flash(f"Området kunde inte återställas: {err.sv}", ok=False)
        return
    areas.flash(f"Området ”{restored.name}” är återställt.")


def _show_flash() -> None:
    flash = areas.pop_flash()
    if flash is None:
        return
    message, ok = flash
    if ok:
        st.success(escape_markdown(message), icon=":material/check_circle:")
    else:
        st.error(escape_markdown(message), icon=":material/error:")
    if ok and st.session_state.get(state.AREA_UNDO):
        st.button("Ångra", key="areas.undo", on_click=_undo, icon=":material/undo:")


def _show_file_problems() -> None:
    """Name what could not be used in the area files; everything valid is still served."""
    problems = [*shipped_areas().problems, *areas.saved_definitions()[1]]
    if problems:
        st.warning(
            "Några områden kunde inte läsas in och visas inte:\n\n"
            + "\n".join(f"- {escape_markdown(p)}" for p in problems),
            icon=":material/warning:",
        )


_show_flash()
_show_file_problems()
shared, own, links = areas.user_definitions_in(regions)
kinds = {d.id: "Samordningsförbund" for d in shipped_areas().definitions if d.id in regions}
kinds |= {d.id: "Delat område" for d in shared}
kinds |= {d.id: "Eget område" for d in own}
kinds |= {d.id: "Från länk (inte sparat)" for d in links}
st.header(f"Områden i verktyget, {year}")
show_table(views.areas_table(app, kinds, year))


def _ask_delete(area_id: str) -> None:
    st.session_state[state.AREA_CONFIRM] = area_id


def _cancel_delete() -> None:
    st.session_state.pop(state.AREA_CONFIRM, None)


def _delete(area_id: str, shared: bool) -> None:
    st.session_state.pop(state.AREA_CONFIRM, None)
    try:
        removed = areas.unshare_area(area_id) if shared else areas.delete_area(area_id)
    except AreaError as err:
        areas.flash(err.sv, ok=False)
        return
    if session.current_selection().region == area_id:
        session.set_region(state.DEFAULT_REGION)
    st.session_state[state.AREA_UNDO] = (removed, shared)
    whose = " för alla besökare" if shared else ""
    areas.flash(f"Området ”{removed.name}” är borttaget{whose}.")


def _save(definition: AreaDefinition, shared: bool) -> None:
    try:
        saved = areas.share_area(definition) if shared else areas.save_area(definition)
    except AreaError as err:
        areas.flash(f"Området kunde inte sparas: {err.sv}", ok=False)
        return
    where = "delat med alla besökare" if shared else "sparat"
    areas.flash(f"Området ”{saved.name}” är {where}.")


def _delete_buttons(container, definition: AreaDefinition, shared: bool) -> None:
    """ "Ta bort", then a question with "Ja, ta bort" and "Avbryt"."""
    if st.session_state.get(state.AREA_CONFIRM) != definition.id:
        container.button(
            "Ta bort",
            key=f"areas.delete.{definition.id}",
            on_click=_ask_delete,
            args=(definition.id,),
            icon=":material/delete:",
        )
        return
    whom = "för alla besökare" if shared else "från dina områden"
    st.warning(f"Ta bort ”{escape_markdown(definition.name)}” {whom}?", icon=":material/help:")
    confirm = st.columns(2)
    confirm[0].button(
        "Ja, ta bort",
        key=f"areas.confirm.{definition.id}",
        on_click=_delete,
        args=(definition.id, shared),
        type="primary",
    )
    confirm[1].button("Avbryt", key=f"areas.cancel.{definition.id}", on_click=_cancel_delete)


def _area_card(definition: AreaDefinition, kind: str) -> None:
    """One area with its buttons; `kind` is "shared", "own" or "link"."""
    operator = areas.is_operator()
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(definition.name)}**")
        st.caption(", ".join(regions.name(k) for k in definition.kommuner))
        columns = st.columns(3)
        if columns[0].button(
            "Visa målgrupper",
            key=f"areas.show.{definition.id}",
            icon=":material/visibility:",
        ):
            session.set_region(definition.id)
            st.switch_page("app_pages/target_groups.py")
        if kind == "link":
            columns[1].button(
                "Spara området",
                key=f"areas.save.{definition.id}",
                on_click=_save,
                args=(definition, False),
                icon=":material/save:",
            )
        elif kind == "own" or operator:
            _delete_buttons(columns[1], definition, shared=kind == "shared")
        if kind != "shared" and operator:
            columns[2].button(
                "Dela med alla",
                key=f"areas.share.{definition.id}",
                on_click=_save,
                args=(definition, True),
                icon=":material/public:",
            )
        params = {state.REGION: definition.id, **areas.area_params(definition.id)}
        st.caption("Länk till området (för att dela):")
        st.code(areas.shareable_link("malgrupper", "omraden", params), language=None)


if own or links:
    st.subheader("Dina områden")
    st.caption(
        "Bara du ser dem, i den här webbläsarfliken. Spara länken för att ha kvar ett område "
        f"(högst {areas.MAX_VISITOR_AREAS} områden)."
    )
    for definition in own:
        _area_card(definition, "own")
    for definition in links:
        _area_card(definition, "link")
if shared:
    st.subheader("Delade områden")
    st.caption("Områden som den som driftar verktyget har delat med alla besökare.")
    for definition in shared:
        _area_card(definition, "shared")


def _create_form() -> None:
    """Name and kommuner of a new area, saved for this visitor and selected. No form: the
    members and their population are shown as they are chosen, before saving."""
    st.subheader("Skapa ett eget område")
    kommuner = sorted(regions.kommun_codes(), key=lambda code: swedish_sort_key(regions.name(code)))
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
    if not submitted:
        return
    try:
        definition = areas.save_area(new_definition(name, chosen))
    except AreaError as err:
        st.error(escape_markdown(err.sv), icon=":material/error:")
        return
    areas.flash(
        f"Området ”{definition.name}” är sparat och valt. Det finns nu i listan över "
        "områden överst på sidan, i den här webbläsarfliken. Spara länken för att ha kvar det."
    )
    session.set_region(definition.id)
    st.rerun()


def _unlock() -> None:
    password = st.session_state.pop(state.OPERATOR_PASSWORD, "")
    refused = areas.unlock_operator(password)
    if refused:
        areas.flash(refused, ok=False)


def _operator_section() -> None:
    """Unlock (or lock) operator mode, in which shared areas can be added and deleted."""
    with st.expander("Förvaltarläge (för den som driftar verktyget)"):
        if not areas.operator_secret():
            st.caption(
                "Förvaltarläget är avstängt: inget lösenord är satt på servern "
                f"({areas.ADMIN_PASSWORD_ENV})."
            )
        elif areas.is_operator():
            st.caption(
                "Förvaltarläget är upplåst i den här fliken: du kan dela dina områden med alla "
                "besökare och ta bort delade områden."
            )
            st.button("Lås förvaltarläget", key="areas.lock", on_click=areas.lock_operator)
        else:
            st.text_input("Lösenord", type="password", key=state.OPERATOR_PASSWORD)
            st.button("Lås upp", key="areas.unlock", on_click=_unlock)


_create_form()
_operator_section()
