"""Swedish names for codes, defined once for pages, charts, exports and CLIs."""

from __future__ import annotations

from data.contract import HE_MEASURES, POPULATION

SUMMA = "summa"
"""The sum of the six benefit systems (SCB's "Summa helårsekvivalenter")."""

SHARE_MEASURES: tuple[str, ...] = (SUMMA, *HE_MEASURES)

REPORT_ORDER: tuple[str, ...] = (
    SUMMA,
    "sjukpenning",
    "sjuk_och_aktivitetsersattning",
    "etableringsersattning",
    "arbetsmarknadsatgarder",
    "arbetsloshetsersattning",
    "ekonomiskt_bistand",
)
"""The order of measures in Statisticon's report (and in our profile and exports)."""

MEASURE_LABELS: dict[str, str] = {
    SUMMA: "Summa helårsekvivalenter",
    "sjukpenning": "Sjukpenning",
    "sjuk_och_aktivitetsersattning": "Sjuk- och aktivitetsersättning",
    "arbetsloshetsersattning": "Arbetslöshetsersättning",
    "arbetsmarknadsatgarder": "Arbetsmarknadsåtgärder",
    "ekonomiskt_bistand": "Ekonomiskt bistånd",
    "etableringsersattning": "Etableringsersättning",
    POPULATION: "Folkmängd 20–64 år",
}

MEASURE_SHORT_LABELS: dict[str, str] = {
    SUMMA: "Totalt",
    "sjukpenning": "Sjukpenning",
    "sjuk_och_aktivitetsersattning": "Sjuk- och aktivitetsers.",
    "arbetsloshetsersattning": "Arbetslöshet",
    "arbetsmarknadsatgarder": "Arbetsmarknadsåtg.",
    "ekonomiskt_bistand": "Ekonomiskt bistånd",
    "etableringsersattning": "Etableringsers.",
}

SEX_LABELS: dict[str, str] = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}


def age_label(age_group: str) -> str:
    """'20-64' → '20–64 år' (with an en dash, as Swedish typography wants)."""
    return f"{age_group.replace('-', '–')} år"
