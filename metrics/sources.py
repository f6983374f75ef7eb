"""Sentences about where the numbers come from and how fresh they are (Swedish).

The one home of "Källa: …": charts, exports, the footer of every page and Om data all
build their source and freshness lines here from a :class:`~data.provenance.Provenance`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from data.freshness import RefreshStatus
from data.provenance import Provenance
from metrics.swedish import format_date, format_month

SWEDEN = ZoneInfo("Europe/Stockholm")
STALE_AFTER = timedelta(days=45)
"""SCB publishes every month; a stamp older than this while checks fail means trouble."""
SYNTHETIC_NOTE = "Exempeldata – inte SCB:s siffror"


def _tables(provenance: Provenance) -> str:
    return ", ".join(provenance.tables)


def source_line(provenance: Provenance) -> str:
    """The short source line under every chart and on every exported page.

    Synthetic data say so first, so a screenshot can never pass for SCB's figures.
    """
    if provenance.is_synthetic:
        return (
            f"{SYNTHETIC_NOTE} (syntetiska data i form av SCB:s {_tables(provenance)}). "
            "Bearbetning: egen."
        )
    return f"Källa: SCB, helårsekvivalenter ({_tables(provenance)}). Bearbetning: egen."


def source_sentence(provenance: Provenance) -> str:
    """The first sentence of the footer: the source, with SCB's `updated` stamp."""
    if provenance.is_synthetic:
        version = provenance.generator_version or "?"
        seed = provenance.seed or "?"
        return (
            f"Källa: exempeldata (syntetiska, generator {version}, frö {seed}) – "
            "inte SCB:s siffror."
        )
    stamp = provenance.updated_date
    updated = f", uppdaterad {format_date(stamp)}" if stamp else ""
    return f"Källa: SCB, helårsekvivalenter ({_tables(provenance)}){updated}."


def period_text(first: date, last: date) -> str:
    """'januari 2014–oktober 2026'."""
    return f"{format_month(first)}–{format_month(last)}"


def format_moment(moment: datetime) -> str:
    """An aware datetime in Swedish time: '2 december 2026 kl. 08.15'."""
    local = moment.astimezone(SWEDEN)
    return f"{format_date(local.date())} kl. {local:%H.%M}"


def provenance_rows(provenance: Provenance) -> list[tuple[str, str]]:
    """Label and value of the provenance facts an exported "Om data" lists (those the
    dataset has): SCB's stamp and the fetch, or the generator of synthetic data."""
    rows = []
    if provenance.updated_date is not None:
        rows.append(("SCB uppdaterade tabellen", format_date(provenance.updated_date)))
    if provenance.fetched_at is not None:
        rows.append(("Hämtad", format_moment(provenance.fetched_at)))
    if provenance.generator_version:
        rows.append(("Generatorversion (exempeldata)", provenance.generator_version))
    if provenance.seed:
        rows.append(("Frö (exempeldata)", provenance.seed))
    return rows


def fallback_sentence(provenance: Provenance, status: RefreshStatus) -> str:
    """Why synthetic data are shown instead of SCB's, and when SCB is tried again;
    empty for SCB's data and for synthetic data nobody asked SCB for."""
    if not provenance.is_synthetic or not provenance.fallback_reason:
        return ""
    sentence = f"{provenance.fallback_reason} – exempeldata visas."
    if status.next_check_at is not None:
        sentence += f" Nytt försök {format_moment(status.next_check_at)}."
    return sentence


def freshness_sentence(provenance: Provenance, status: RefreshStatus) -> str:
    """When the data were fetched and checked, and when the next check is."""
    parts = []
    if provenance.fetched_at is not None:
        parts.append(f"Hämtad {format_moment(provenance.fetched_at)}.")
    if status.checked_at is not None:
        outcome = "" if status.ok else f" misslyckades ({status.error})"
        parts.append(f"Senaste kontroll hos SCB {format_moment(status.checked_at)}{outcome}.")
    if status.next_check_at is not None:
        parts.append(f"Nästa kontroll {format_moment(status.next_check_at)}.")
    return " ".join(parts)


def stale_warning(provenance: Provenance, status: RefreshStatus, now: datetime) -> str:
    """A plain warning when SCB's stamp is older than 45 days and the last check failed."""
    if provenance.is_synthetic or provenance.updated is None or not status.failed:
        return ""
    if now - provenance.updated <= STALE_AFTER:
        return ""
    return (
        f"Siffrorna kan vara inaktuella: SCB uppdaterade dem senast "
        f"{format_date(provenance.updated_date)}, och den senaste kontrollen hos SCB "
        "misslyckades."
    )
