"""Provenance parsed once, and the one home of the source and freshness sentences."""

from __future__ import annotations

from datetime import UTC, date, datetime

from charts.theme import source_text
from data.freshness import RefreshStatus, read_status, write_status
from data.provenance import Provenance
from metrics.sources import (
    fallback_sentence,
    format_moment,
    freshness_sentence,
    provenance_rows,
    source_line,
    source_sentence,
    stale_warning,
)

SCB = {
    "source": "scb",
    "tables": '["TAB1386", "TAB9901"]',
    "updated": "2026-02-20T07:00:00Z",
    "fetched_at": "2026-02-21T06:30:00Z",
    "api": "v2",
    "base_url": "http://x/api/v2",
    "fetch_id": "20260221T063000Z-ab",
}
SYNTHETIC = {
    "source": "synthetic",
    "tables": '["TAB1386"]',
    "generator_version": "1",
    "seed": "2417",
    "fallback_reason": "SCB kunde inte nås (connection failed)",
}
FAILED = RefreshStatus(
    checked_at=datetime(2026, 12, 2, 7, 0, tzinfo=UTC),
    ok=False,
    error="SCB kunde inte nås (HTTP 503)",
    next_check_at=datetime(2026, 12, 2, 13, 0, tzinfo=UTC),
)


def test_provenance_is_parsed_once_from_the_metadata():
    p = Provenance.from_metadata(SCB, date(2014, 1, 1), date(2026, 1, 1))
    assert p.tables == ("TAB1386", "TAB9901")
    assert p.updated == datetime(2026, 2, 20, 7, tzinfo=UTC)
    assert p.updated_date == date(2026, 2, 20)
    assert p.fetched_at == datetime(2026, 2, 21, 6, 30, tzinfo=UTC)
    assert (p.api, p.base_url, p.fetch_id) == ("v2", "http://x/api/v2", "20260221T063000Z-ab")
    assert (p.first_month, p.last_month) == (date(2014, 1, 1), date(2026, 1, 1))
    assert not p.is_synthetic and p.fallback_reason == ""
    assert p.metadata == SCB
    s = Provenance.from_metadata(SYNTHETIC)
    assert s.is_synthetic and s.updated is None
    assert s.fallback_reason == "SCB kunde inte nås (connection failed)"


def test_the_source_sentences():
    scb = Provenance.from_metadata(SCB)
    assert (
        source_line(scb) == "Källa: SCB, helårsekvivalenter (TAB1386, TAB9901). Bearbetning: egen."
    )
    assert source_text(scb) == source_line(scb)
    assert source_text() == source_line(Provenance())  # no dataset: SCB's table
    assert source_sentence(scb) == (
        "Källa: SCB, helårsekvivalenter (TAB1386, TAB9901), uppdaterad 20 februari 2026."
    )
    synthetic = Provenance.from_metadata(SYNTHETIC)
    assert source_line(synthetic).startswith("Exempeldata – inte SCB:s siffror (syntetiska")
    assert source_sentence(synthetic) == (
        "Källa: exempeldata (syntetiska, generator 1, frö 2417) – inte SCB:s siffror."
    )


def test_times_are_shown_in_swedish_time():
    assert format_moment(datetime(2026, 12, 2, 7, 5, tzinfo=UTC)) == "2 december 2026 kl. 08.05"
    assert format_moment(datetime(2026, 6, 8, 22, 30, tzinfo=UTC)) == "9 juni 2026 kl. 00.30"


def test_the_provenance_rows_of_an_exported_om_data():
    assert provenance_rows(Provenance.from_metadata(SCB)) == [
        ("SCB uppdaterade tabellen", "20 februari 2026"),
        ("Hämtad", "21 februari 2026 kl. 07.30"),
    ]
    assert provenance_rows(Provenance.from_metadata(SYNTHETIC)) == [
        ("Generatorversion (exempeldata)", "1"),
        ("Frö (exempeldata)", "2417"),
    ]


def test_freshness_and_fallback_sentences():
    scb = Provenance.from_metadata(SCB)
    assert freshness_sentence(scb, FAILED) == (
        "Hämtad 21 februari 2026 kl. 07.30. "
        "Senaste kontroll hos SCB 2 december 2026 kl. 08.00 misslyckades "
        "(SCB kunde inte nås (HTTP 503)). Nästa kontroll 2 december 2026 kl. 14.00."
    )
    assert freshness_sentence(scb, RefreshStatus()) == "Hämtad 21 februari 2026 kl. 07.30."
    synthetic = Provenance.from_metadata(SYNTHETIC)
    assert fallback_sentence(synthetic, FAILED) == (
        "SCB kunde inte nås (connection failed) – exempeldata visas. "
        "Nytt försök 2 december 2026 kl. 14.00."
    )
    assert fallback_sentence(scb, FAILED) == ""
    offline = Provenance.from_metadata({**SYNTHETIC, "fallback_reason": ""})
    assert fallback_sentence(offline, FAILED) == ""


def test_the_stale_warning_needs_an_old_stamp_and_a_failed_check():
    scb = Provenance.from_metadata(SCB)  # updated 20 February 2026
    late = datetime(2026, 4, 6, 8, tzinfo=UTC)  # 45 days and a bit later
    early = datetime(2026, 4, 5, 7, tzinfo=UTC)  # 44 days later
    assert stale_warning(scb, FAILED, late).startswith("Siffrorna kan vara inaktuella")
    assert "20 februari 2026" in stale_warning(scb, FAILED, late)
    assert stale_warning(scb, FAILED, early) == ""
    assert stale_warning(scb, RefreshStatus(checked_at=late, ok=True), late) == ""
    assert stale_warning(Provenance.from_metadata(SYNTHETIC), FAILED, late) == ""


def test_the_status_file_round_trips_and_tolerates_garbage(tmp_path):
    assert read_status(tmp_path) == RefreshStatus()
    write_status(FAILED, tmp_path)
    assert read_status(tmp_path) == FAILED
    (tmp_path / "refresh.json").write_text("{not json")
    assert read_status(tmp_path) == RefreshStatus()
