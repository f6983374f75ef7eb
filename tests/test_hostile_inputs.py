"""Hostile and malformed input: every URL parameter on every page, and the area form.

A link can carry anything: markup, Markdown links, very long text, odd unicode, numbers
out of range, a parameter repeated. Whatever it carries, every page must run without an
exception or the error boundary's message, every replaced parameter gets a Swedish note
with the value quoted as text (Markdown escaped, shortened), and the address bar goes
back to a clean view. Numbers come from `tests/known_dataset.py` (2023–2025, Norsjö's
default year 2024).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from app_pages.ui import state
from app_pages.ui.state import MAX_SHOWN_PARAM, default_selection, parse_selection
from app_pages.ui.widgets import ERROR_MESSAGE
from data.areas import USER_AREAS_FILE
from data.regions import load_regions
from metrics.labels import SHARE_MEASURES
from metrics.periods import FREQUENCIES
from tests.known_dataset import write_known_dataset

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(
    f"app_pages/{p.name}" for p in (ROOT / "app_pages").glob("*.py") if p.stem != "__init__"
)
URL_PARAMETERS = (*state.SELECTION_KEYS, state.AREA)
HOSTILE: dict[str, str | list[str]] = {
    "markup": '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">',
    "markdown": "[Logga in](https://e.se) **fet** `kod` # rubrik | a | b | www.e.se",
    "very long": "9" * 20_000 + "<b>",
    "unicode oddities": "\u202eNors\u200bjö\u0000\ufeff😀\u0301 \ud7ff",
    "numbers out of range": "-99999999999999999999999",
    "repeated": ["<i>2417</i>", "0180", "1800"],
    "empty": "",
}
VISIT_EVERY_PAGE = ("markup", "unicode oddities", "repeated")
UNESCAPED = re.compile(r"(?<!\\)(<script|<img|\]\(http|\*\*fet)")


@pytest.fixture(scope="module")
def known_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("hostile")
    write_known_dataset(directory)
    return directory


@pytest.fixture
def data_dir(known_dir, tmp_path, monkeypatch) -> Path:
    """A fresh data directory per test (the area form writes there)."""
    (tmp_path / "he.parquet").symlink_to(known_dir / "he.parquet")
    monkeypatch.setenv("HE_DATA_DIR", str(tmp_path))
    return tmp_path


def shown_text(at: AppTest) -> list[str]:
    """Every text the page shows through Markdown (titles, text, notes, messages)."""
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error")
    return [str(e.value) for kind in kinds for e in getattr(at, kind)]


def assert_page_is_sound(at: AppTest, page: str) -> None:
    assert not at.exception, (page, at.exception)
    errors = [e.value for e in at.error]
    assert ERROR_MESSAGE not in errors, page
    assert not any(m.proto.allow_html for m in at.markdown), page
    for text in shown_text(at):
        assert not UNESCAPED.search(text), (page, text[:200])


@pytest.mark.parametrize("family", list(HOSTILE))
def test_every_url_parameter_with_hostile_values_on_every_page(data_dir, family):
    value = HOSTILE[family]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({key: value for key in URL_PARAMETERS})
    at.run()
    assert_page_is_sound(at, "first run")
    assert at.title[0].value == "Offentlig försörjning – Norsjö"
    notes = [n.value for n in at.info]
    if family != "empty":
        assert len(notes) >= len(state.SELECTION_KEYS) - 1, notes  # sex gives way to age
        assert all(len(note) < 400 for note in notes)
    clean = {"region": "2417", "year": "2024"}
    if family == "repeated":  # the one good compared area is kept
        clean["compare"] = "0180"
    assert at.query_params == clean
    # parameters are read on a session's first run; every page then runs on what is left
    for page in PAGES if family in VISIT_EVERY_PAGE else ():
        at.switch_page(page).run()
        assert_page_is_sound(at, page)
        assert at.query_params == clean


def test_a_repeated_parameter_takes_its_first_good_value(data_dir):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"region": ["2482", "<b>x</b>"], "year": ["2023", "2024"]})
    at.run()
    assert not at.exception
    assert at.title[0].value == "Offentlig försörjning – Skellefteå"
    assert at.query_params == {"region": "2482", "year": "2023"}


REGIONS = load_regions()
YEARS = [2023, 2024, 2025]
DEFAULT = default_selection(REGIONS, YEARS, 2024)
AGES = ["20-64", "20-29"]
ANY_VALUE = st.text(max_size=300) | st.lists(st.text(max_size=30), max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(state.SELECTION_KEYS), ANY_VALUE, max_size=9))
def test_any_parameters_give_a_valid_selection_and_short_escaped_notes(params):
    selection, notes = parse_selection(params, REGIONS, YEARS, DEFAULT, AGES)
    assert selection.region in REGIONS
    assert selection.year in YEARS
    assert selection.measure in SHARE_MEASURES
    assert selection.freq in FREQUENCIES
    assert selection.age in AGES
    assert selection.sex in ("T", "K", "M")
    assert selection.sex == "T" or selection.age == "20-64"
    assert all(code in REGIONS for code in selection.compare)
    assert len(selection.compare) <= state.MAX_COMPARED
    assert selection.county in ("", *(c.code for c in REGIONS.counties))
    assert selection.systems in state.SYSTEM_VIEWS
    for note in notes:
        assert len(note) < 200 + 2 * MAX_SHOWN_PARAM
        quoted = re.findall(r"”(.*)”", note)
        for text in quoted:
            assert not re.search(r"(?<!\\)[<>\[\]`*_#|]", text), note


HOSTILE_NAMES: dict[str, str] = {
    '<img src=x onerror="window.__pwned=1">': 'Ta bort " < = > _.',
    "[Logga in](https://e.se)": "Ta bort [ ].",
    "Gå till www.e.se": "Namnet får inte se ut som en webbadress.",
    "Mitt\u200bförbund": "får inte innehålla radbrytningar eller andra styrtecken",
    "\u202eMitt förbund": "får inte innehålla radbrytningar eller andra styrtecken",
    "!!!": "Namnet måste innehålla minst en bokstav",
}


def test_the_area_form_refuses_hostile_names_and_saves_nothing(data_dir):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/areas.py").run()
    for name, message in HOSTILE_NAMES.items():
        at.text_input(key=state.AREA_NAME).input(name)
        at.multiselect(key=state.AREA_KOMMUNER).set_value(["2417"])
        at.button(key=state.AREA_SUBMIT).click().run()
        assert not at.exception
        errors = [e.value.replace("\\", "") for e in at.error]
        assert any(message in error for error in errors), (name, errors)
        assert_page_is_sound(at, "Områden")
    assert not (data_dir / USER_AREAS_FILE).exists()


def test_a_name_over_the_forms_limit_is_not_taken_and_a_saved_name_shows_on_every_page(
    data_dir,
):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/areas.py").run()
    at.multiselect(key=state.AREA_KOMMUNER).set_value(["2417", "2482"])
    at.text_input(key=state.AREA_NAME).input("Förbund " + "x" * 100)  # the form allows 60
    at.button(key=state.AREA_SUBMIT).click().run()
    assert [e.value for e in at.error] == ["Ge området ett namn\\."]
    name = "Förbund (Norr) & S:t Eriks/Umeå, Malå – m.fl. ’23"
    at.text_input(key=state.AREA_NAME).input(name)
    at.multiselect(key=state.AREA_KOMMUNER).set_value(["2417", "2482"])
    at.button(key=state.AREA_SUBMIT).click().run()
    assert not at.exception
    assert not (data_dir / USER_AREAS_FILE).exists()  # a visitor's area stays in the session
    assert [a.name for a in at.session_state[state.VISITOR_AREAS]] == [name]
    assert at.query_params["region"] == "forbund-norr-s-t-eriks-umea-mala-m-fl-23"
    for page in PAGES:
        at.switch_page(page).run()
        assert_page_is_sound(at, page)
    at.switch_page("app_pages/overview.py").run()
    assert at.title[0].value == f"Offentlig försörjning – {state.escape_markdown(name)}"


def test_an_unexpected_failure_in_a_page_shows_a_swedish_message_not_a_trace(
    data_dir, monkeypatch, caplog
):
    from app_pages.ui import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr(views, "profile_view", broken)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert [e.value for e in at.error] == [ERROR_MESSAGE]
    assert at.title[0].value == "Offentlig försörjning – Norsjö"
    assert "Källa: exempeldata" in at.caption[-1].value  # the footer still comes
    assert "a bug nobody foresaw" in caplog.text
