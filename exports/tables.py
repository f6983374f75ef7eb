"""The numbers behind each chart as a table for people: Swedish headers, rounded values,
flags spelled out in an "Anmärkning" column.

Each function takes the tidy table a chart is built from (see :mod:`metrics.views`) and
returns the table an analyst downloads (CSV for Excel, a sheet in a workbook). Column
headers name the unit, so a number never travels without it.
"""

from __future__ import annotations

import pandas as pd

from charts.texts import flag_lines
from metrics.forbund_ranking import CHANGE_YEARS
from metrics.funnel import Funnel
from metrics.labels import MEASURE_LABELS, QUARTILE_LABELS, REPORT_ORDER, SEX_LABELS, period_label
from metrics.periods import PERIOD, YEAR

SHARE_DECIMALS = 3
HE_DECIMALS = 1

PERIOD_HEADER = "Period"
SEX_HEADER = "Kön"
MEASURE_HEADER = "Ersättningssystem"
SHARE_HEADER = "Andel av befolkningen (%)"
CLASS_HEADER = "Jämfört med landets kommuner"
HE_HEADER = "Helårsekvivalenter"
POPULATION_HEADER = "Folkmängd"
NOTE_HEADER = "Anmärkning"

SHARE_HEADERS: frozenset[str] = frozenset(
    {
        SHARE_HEADER,
        "Medelvärde för länets kommuner (%)",
        "Riket (%)",
        "Lägsta kommun (%)",
        "Högsta kommun (%)",
        "Andel av summan (%)",
        *(f"{MEASURE_LABELS[m]} (%)" for m in REPORT_ORDER),
    }
)
"""Headers of columns holding a share in %, for number formats in workbooks."""


def _persons(values: pd.Series) -> pd.Series:
    """Population as whole persons (nullable integers, so a gap stays a gap)."""
    return values.round(0).astype("Int64")


def _period_texts(periods: pd.Series, frequency: str) -> list[str]:
    if frequency == YEAR:
        return [str(int(p)) for p in periods]
    return [period_label(pd.Timestamp(p).date(), frequency) for p in periods]


def _notes(rows: pd.DataFrame, frequency: str) -> list[str]:
    return ["; ".join(flag_lines(row, frequency)) for row in rows.to_dict("records")]


def _class_texts(quartiles: pd.Series) -> list[str]:
    return [QUARTILE_LABELS.get(str(q), "") if pd.notna(q) else "" for q in quartiles]


def trend_download(trend: pd.DataFrame, frequency: str = YEAR) -> pd.DataFrame:
    """The table behind a trend or gender-trend chart (one row per kön and period)."""
    return pd.DataFrame(
        {
            PERIOD_HEADER: _period_texts(trend[PERIOD], frequency),
            SEX_HEADER: trend["sex"].map(SEX_LABELS).to_numpy(),
            SHARE_HEADER: trend["share"].round(SHARE_DECIMALS).to_numpy(),
            CLASS_HEADER: _class_texts(trend["quartile"]),
            HE_HEADER: trend["he"].round(HE_DECIMALS).to_numpy(),
            POPULATION_HEADER: _persons(trend["population"]).to_numpy(),
            "Medelvärde för länets kommuner (%)": trend["county_mean"]
            .round(SHARE_DECIMALS)
            .to_numpy(),
            "Riket (%)": trend["riket"].round(SHARE_DECIMALS).to_numpy(),
            "Lägsta kommun (%)": trend["band_min"].round(SHARE_DECIMALS).to_numpy(),
            "Högsta kommun (%)": trend["band_max"].round(SHARE_DECIMALS).to_numpy(),
            NOTE_HEADER: _notes(trend, frequency),
        }
    )


def profile_download(profile: pd.DataFrame, frequency: str = YEAR) -> pd.DataFrame:
    """The table behind a försörjningsprofil (one row per system, kön and period)."""
    return pd.DataFrame(
        {
            MEASURE_HEADER: profile["measure"].map(MEASURE_LABELS).to_numpy(),
            SEX_HEADER: profile["sex"].map(SEX_LABELS).to_numpy(),
            PERIOD_HEADER: _period_texts(profile[PERIOD], frequency),
            SHARE_HEADER: profile["share"].round(SHARE_DECIMALS).to_numpy(),
            CLASS_HEADER: _class_texts(profile["quartile"]),
            HE_HEADER: profile["he"].round(HE_DECIMALS).to_numpy(),
            POPULATION_HEADER: _persons(profile["population"]).to_numpy(),
            NOTE_HEADER: _notes(profile, frequency),
        }
    )


def county_download(county: pd.DataFrame) -> pd.DataFrame:
    """The table behind the county chart: one row per kommun, one share column per
    system, sorted by the total share (highest first) as the chart is."""
    shares = county.pivot_table(
        index=["name", "region_code"], columns="measure", values="share", observed=True
    )
    shares = shares.reindex(columns=[m for m in REPORT_ORDER if m in shares.columns])
    shares = shares.sort_values(REPORT_ORDER[0], ascending=False)
    table = shares.round(SHARE_DECIMALS)
    table.columns = [f"{MEASURE_LABELS[m]} (%)" for m in table.columns]
    table = table.reset_index().rename(columns={"name": "Kommun", "region_code": "Kommunkod"})
    totals = county.loc[county["measure"] == REPORT_ORDER[0]].set_index("region_code")
    table[CLASS_HEADER] = _class_texts(table["Kommunkod"].map(totals["quartile"]))
    table[POPULATION_HEADER] = _persons(table["Kommunkod"].map(totals["population"]))
    table[NOTE_HEADER] = [
        "; ".join(flag_lines(totals.loc[code].to_dict(), YEAR)) if code in totals.index else ""
        for code in table["Kommunkod"]
    ]
    return table


def distribution_download(distribution: pd.DataFrame) -> pd.DataFrame:
    """The table behind the distribution chart (one row per kön and system)."""
    return pd.DataFrame(
        {
            SEX_HEADER: distribution["sex"].map(SEX_LABELS).to_numpy(),
            MEASURE_HEADER: distribution["measure"].map(MEASURE_LABELS).to_numpy(),
            "Andel av summan (%)": distribution["fraction"].round(SHARE_DECIMALS).to_numpy(),
            SHARE_HEADER: distribution["share"].round(SHARE_DECIMALS).to_numpy(),
            HE_HEADER: distribution["he"].round(HE_DECIMALS).to_numpy(),
        }
    )


def compare_download(compare: pd.DataFrame, frequency: str = YEAR) -> pd.DataFrame:
    """The table behind the comparison chart (one row per area and period)."""
    return pd.DataFrame(
        {
            "Område": compare["name"].to_numpy(),
            "Områdeskod": compare["region_code"].astype(str).to_numpy(),
            PERIOD_HEADER: _period_texts(compare[PERIOD], frequency),
            SHARE_HEADER: compare["share"].round(SHARE_DECIMALS).to_numpy(),
            CLASS_HEADER: _class_texts(compare["quartile"]),
            HE_HEADER: compare["he"].round(HE_DECIMALS).to_numpy(),
            POPULATION_HEADER: _persons(compare["population"]).to_numpy(),
            NOTE_HEADER: _notes(compare, frequency),
        }
    )


FUNNEL_DOWNLOAD_COLUMNS: tuple[str, ...] = (
    "region_code",
    "population",
    "share",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "signal",
    "method",
)
"""The funnel plot's table, with the method's own column names (shares and limits in %,
unrounded; `signal` is 'high', 'low' or empty against the 99,8 % limits)."""


def funnel_download(funnel: Funnel) -> pd.DataFrame:
    """The table behind the funnel plot: one row per kommun, the limits as drawn at its
    population (see :mod:`metrics.funnel`)."""
    return funnel.table.loc[:, list(FUNNEL_DOWNLOAD_COLUMNS)].reset_index(drop=True)


def map_download(table: pd.DataFrame) -> pd.DataFrame:
    """The table behind the map (:func:`metrics.maps.map_table`): one row per kommun with
    its share, HE, population and class, in the map's order."""
    return pd.DataFrame(
        {
            "Kommun": table["name"],
            "Kommunkod": table["region_code"],
            SHARE_HEADER: table["share"].round(SHARE_DECIMALS),
            HE_HEADER: table["he"].round(1),
            POPULATION_HEADER: _persons(table["population"]),
            CLASS_HEADER: _class_texts(table["quartile"]),
        }
    )


def forbund_ranking_download(ranking: pd.DataFrame, year: int) -> pd.DataFrame:
    """The table behind the ranking of all förbund
    (:func:`metrics.forbund_ranking.forbund_ranking`), highest total share first."""
    before = year - CHANGE_YEARS
    return pd.DataFrame(
        {
            "Plats": ranking["rank"],
            "Samordningsförbund": ranking["name"],
            "Län": ranking["county_name"].replace("", "flera län"),
            f"Totalt {year} (%)": ranking["share"].round(SHARE_DECIMALS),
            "Kvinnor (%)": ranking["share_k"].round(SHARE_DECIMALS),
            "Män (%)": ranking["share_m"].round(SHARE_DECIMALS),
            f"Förändring sedan {before} (procentenheter)": ranking["change"].round(SHARE_DECIMALS),
            "Länet (%)": ranking["county_share"].round(SHARE_DECIMALS),
            "Riket (%)": ranking["riket_share"].round(SHARE_DECIMALS),
            CLASS_HEADER: _class_texts(ranking["quartile"]),
            HE_HEADER: ranking["he"].round(1),
            f"{POPULATION_HEADER} 20–64 år": _persons(ranking["population"]),
        }
    )
