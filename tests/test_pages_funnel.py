"""Länet's funnel plot (every kommun against riket, the chosen area marked), the two
county numbers named apart on Översikt, and the method on Om data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.known_dataset import write_known_dataset
from tests.test_pages import figures, open_app


@pytest.fixture(scope="module")
def known_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("known")
    write_known_dataset(directory)
    return directory


def test_county_page_shows_the_funnel_with_the_chosen_kommun(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/county.py")
    funnel = figures(at)[1]
    assert funnel["title"] == "Summa helårsekvivalenter – kommunerna jämfört med riket 2024"
    assert "5 kommuners andel mot deras folkmängd, runt rikets andel 10,0 %" in funnel["alt"]
    assert "Norsjö: 12,5 %, inom gränserna." in funnel["alt"]
    assert "Över 99,8 %-gränsen: Upplands Väsby." in funnel["alt"]
    at.selectbox(key="widget.measure").select("sjukpenning").run()
    assert figures(at)[1]["title"].startswith("Sjukpenning – kommunerna jämfört med riket")


def test_funnel_marks_a_forbunds_kommuner(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/county.py", region="skelleftea-norsjo")
    alt = figures(at)[1]["alt"]
    assert "Norsjö: 12,5 %" in alt
    assert "Skellefteå: 10,0 %" in alt


def test_the_county_card_names_its_pooled_share_apart_from_the_kommun_mean(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch)
    helps = {m.label: m.proto.help for m in at.metric}
    county = helps["Västerbottens län 2024"]
    assert "Västerbottens län som helhet: alla kommuners helårsekvivalenter" in county
    assert "inte samma tal som den streckade linjen ”Medelvärde för kommunerna”" in county
    assert "som helhet" not in helps["Norsjö 2024"]
    assert "streckade" not in helps["Riket 2024"]


def test_about_explains_the_method_in_plain_swedish(known_dir, monkeypatch):
    at = open_app(known_dir, monkeypatch, page="app_pages/about.py")
    text = " ".join(" ".join(m.value for m in at.markdown).replace("**", "").split())
    for expected in (
        "Verklig skillnad eller slump?",
        "p0 ± z · √(p0 · (1 − p0) / n)",
        "z = 1,96",
        "z = 3,09",
        "ungefär som i länet",
        "inom slumpens marginal",
        "τ² = (N · φ − (N − 1)) / (Σw − Σw² / Σw)",
        "de 10 % lägsta z-värdena sätts till den 10:e percentilen",
        "p0 ± z · √(p0 · (1 − p0) / n + τ²)",
    ):
        assert expected in text, expected
