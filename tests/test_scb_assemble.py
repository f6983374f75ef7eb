"""Plan → responses → one array → long table and cross-checks, on tiny hand-made tables."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from loaders.scb.api import TableMeta, Variable
from loaders.scb.assemble import (
    KIND_AGE,
    KIND_KON,
    AssemblyError,
    CubeAssembler,
    cross_check,
    long_table,
    plan_table,
)
from loaders.scb.jsonstat import parse_jsonstat2
from loaders.scb.mapping import MappingError

CONTENTS = (
    ("J", "Sjukpenning"),
    ("K", "Sjuk- och aktivitetsersersättning"),
    ("L", "Arbetslöshetsersättning"),
    ("M", "Arbetsmarknadsåtgärder"),
    ("N", "Ekonomiskt bistånd"),
    ("O", "Etableringsersättning"),
    ("P", "Summa helårsekvivalenter"),
    ("Q", "Folkmängd"),
    ("R", "Andel av befolkningen"),
)


def variable(code, codes, texts=None, **flags):
    return Variable(code, code.lower(), tuple(codes), tuple(texts or codes), **flags)


def kon_meta(regions=("00", "2417"), months=("2014M01", "2014M02"), ages=("20-64",)):
    codes, texts = zip(*CONTENTS, strict=True)
    return TableMeta(
        table_id="TAB1386",
        label="HE",
        updated="2026-01-01T00:00:00Z",
        variables=(
            variable("Region", regions),
            variable("Kon", ("TotSa", "1", "2"), ("totalt", "män", "kvinnor")),
            variable("Aldersgrupp", ages, [f"{a} år" for a in ages]),
            variable("ContentsCode", codes, texts, is_contents=True),
            variable("Tid", months, is_time=True),
        ),
        decimals={"R": 1},
    )


def test_plan_requests_riket_and_kommuner_and_all_other_values():
    plan = plan_table(kon_meta(regions=("00", "24", "2417")), KIND_KON)
    assert plan.selection["Region"] == ("00", "2417")
    assert plan.selection["Kon"] == ("TotSa", "1", "2")
    assert plan.selection["ContentsCode"] == tuple("JKLMNOPQR")
    assert plan.cells == 2 * 3 * 1 * 9 * 2
    assert plan.sexes == {"TotSa": "T", "1": "M", "2": "K"}
    assert plan.contents["K"] == "sjuk_och_aktivitetsersattning"
    assert plan.notes == ("skipped 1 region(s) that are not riket or a kommun",)


def test_plan_keeps_the_months_asked_for():
    meta = kon_meta(months=("2013M12", "2014M01", "2014M02", "2014M03"))
    plan = plan_table(meta, KIND_KON, first="2014M01", last="2014M02")
    assert plan.months == ("2014M01", "2014M02")
    with pytest.raises(MappingError, match="no months from 2020M01 to the end \\(it has"):
        plan_table(meta, KIND_KON, first="2020M01")


def test_plan_of_an_empty_table_is_an_error():
    with pytest.raises(MappingError, match="TAB1386 has no months: its time variable is empty"):
        plan_table(kon_meta(months=()), KIND_KON)


def test_kon_table_with_an_age_band_is_an_error():
    with pytest.raises(MappingError, match="unexpected åldersgrupp 20-29"):
        plan_table(kon_meta(ages=("20-64", "20-29")), KIND_KON)


def age_meta():
    codes, texts = zip(*CONTENTS, strict=True)
    return TableMeta(
        table_id="TABAGE",
        label="HE ålder",
        updated=None,
        variables=(
            variable("Region", ("00",)),
            variable(
                "Alder", ("tot", "20-29", "30-39"), ("totalt 20-64 år", "20-29 år", "30-39 år")
            ),
            variable("ContentsCode", codes, texts, is_contents=True),
            variable("Tid", ("2014M01",), is_time=True),
        ),
    )


def test_age_table_leaves_out_its_20_64_total_which_the_kon_table_has():
    plan = plan_table(age_meta(), KIND_AGE)
    assert plan.selection["Alder"] == ("20-29", "30-39")
    assert plan.ages == {"tot": "20-64", "20-29": "20-29", "30-39": "30-39"}
    assert plan.notes == ("left out ålder tot: the kön table has these totals",)
    with pytest.raises(MappingError, match="TABAGE: unexpected åldersgrupp 20-29, 30-39"):
        plan_table(age_meta(), KIND_KON)


def test_kon_table_without_kon_is_an_error():
    meta = kon_meta()
    without_kon = TableMeta(
        meta.table_id, meta.label, meta.updated, tuple(v for v in meta.variables if v.code != "Kon")
    )
    with pytest.raises(MappingError, match="TAB1386 has no kön variable"):
        plan_table(without_kon, KIND_KON)


def document(selection: dict[str, tuple[str, ...]], value_of, updated="2026-01-01T00:00:00Z"):
    """A json-stat2 answer for `selection`; cell values from `value_of(codes)`."""
    ids = list(selection)
    cells = itertools.product(*selection.values())
    return {
        "class": "dataset",
        "updated": updated,
        "id": ids,
        "size": [len(c) for c in selection.values()],
        "dimension": {k: {"category": {"index": list(v)}} for k, v in selection.items()},
        "value": [value_of(dict(zip(ids, cell, strict=True))) for cell in cells],
    }


def region_value(cell):
    return {"00": 100.0, "2417": 7.0}[cell["Region"]] + "JKLMNOPQR".index(cell["ContentsCode"])


def tiny_plan():
    meta = kon_meta(months=("2014M01",))
    return plan_table(meta, KIND_KON)


def halves(plan):
    first = {**plan.selection, "Region": ("00",)}
    second = {**plan.selection, "Region": ("2417",)}
    return first, second


def test_assembler_places_cubes_whatever_their_order():
    plan = tiny_plan()
    first, second = halves(plan)
    assembler = CubeAssembler(plan)
    reordered = {k: tuple(reversed(v)) for k, v in second.items()}  # SCB may order differently
    assembler.add(parse_jsonstat2(document(reordered, region_value)), second)
    assembler.add(parse_jsonstat2(document(first, region_value)), first)
    values = assembler.result()
    assert values.shape == (2, 3, 1, 9, 1)
    assert values[0, 0, 0, :, 0].tolist() == [100.0 + i for i in range(9)]
    assert values[1, 2, 0, 3, 0] == 7.0 + 3
    assert assembler.updated == "2026-01-01T00:00:00Z"


def test_assembler_rejects_repeats_gaps_and_strangers():
    plan = tiny_plan()
    first, second = halves(plan)
    cube = parse_jsonstat2(document(first, region_value))
    assembler = CubeAssembler(plan)
    assembler.add(cube, first)
    with pytest.raises(AssemblyError, match="repeats cells"):
        assembler.add(cube, first)
    with pytest.raises(AssemblyError, match="27 requested cells were never returned"):
        assembler.result()
    with pytest.raises(AssemblyError, match="Region values \\(00\\) are not the requested ones"):
        assembler.add(cube, second)
    narrower = {**first, "Kon": ("TotSa",)}
    with pytest.raises(AssemblyError, match="Kon values"):
        assembler.add(parse_jsonstat2(document(narrower, region_value)), first)
    no_age = {k: v for k, v in second.items() if k != "Aldersgrupp"}
    with pytest.raises(AssemblyError, match="the response has dimensions"):
        assembler.add(parse_jsonstat2(document(no_age, region_value)), second)


def test_assembler_refuses_a_table_updated_during_the_fetch():
    plan = tiny_plan()
    first, second = halves(plan)
    assembler = CubeAssembler(plan)
    assembler.add(parse_jsonstat2(document(first, region_value)), first)
    later = document(second, region_value, updated="2026-02-01T00:00:00Z")
    with pytest.raises(AssemblyError, match="SCB updated the table during the fetch"):
        assembler.add(parse_jsonstat2(later), second)


def test_long_table_has_one_row_per_cell_of_the_seven_measures():
    plan = tiny_plan()
    assembler = CubeAssembler(plan)
    assembler.add(parse_jsonstat2(document(plan.selection, region_value)), plan.selection)
    frame = long_table(plan, assembler.result())
    assert list(frame.columns) == ["region_code", "month", "sex", "age_group", "measure", "value"]
    assert len(frame) == 2 * 3 * 1 * 7 * 1
    row = frame[
        (frame.region_code == "2417") & (frame.sex == "K") & (frame.measure == "population")
    ]
    assert row["value"].tolist() == [7.0 + 7]
    assert row["month"].dt.strftime("%Y-%m-%d").tolist() == ["2014-01-01"]
    assert row["age_group"].tolist() == ["20-64"]
    assert sorted(frame["measure"].unique()) == sorted(
        [
            "sjukpenning",
            "sjuk_och_aktivitetsersattning",
            "arbetsloshetsersattning",
            "arbetsmarknadsatgarder",
            "ekonomiskt_bistand",
            "etableringsersattning",
            "population",
        ]
    )


def test_long_table_of_the_age_table_has_sex_t_and_the_bands():
    plan = plan_table(age_meta(), KIND_AGE)
    values = np.arange(math.prod(len(v) for v in plan.selection.values()), dtype=float)
    frame = long_table(plan, values.reshape([len(v) for v in plan.selection.values()]))
    assert len(frame) == 1 * 2 * 7 * 1
    assert set(frame["sex"]) == {"T"}
    assert sorted(set(frame["age_group"])) == ["20-29", "30-39"]
    # (Region 00, Alder 30-39, Sjukpenning, 2014M01) is cell 1·9 + 0 = 9.
    assert frame[(frame.age_group == "30-39") & (frame.measure == "sjukpenning")].value.item() == 9


def consistent(cell):
    """Six systems 1..6 (sum 21), Folkmängd 200, Andel 10.5 (= 100·21/200)."""
    return {"P": 21.0, "Q": 200.0, "R": 10.5}.get(cell["ContentsCode"]) or float(
        "JKLMNO".index(cell["ContentsCode"]) + 1
    )


def checked(value_of):
    plan = tiny_plan()
    assembler = CubeAssembler(plan)
    assembler.add(parse_jsonstat2(document(plan.selection, value_of)), plan.selection)
    return cross_check(plan, assembler.result(), assembler.decimals)


def test_cross_check_agrees_when_scb_adds_up():
    total, share = checked(consistent)
    assert (total.checked, total.mismatches) == (6, 0)
    assert (share.checked, share.mismatches) == (6, 0)


def test_cross_check_reports_summa_and_andel_beyond_rounding():
    def off(cell):
        if cell["Region"] == "2417" and cell["Kon"] == "2" and cell["ContentsCode"] == "P":
            return 30.0  # 9 more than the parts; rounding allows 3.5 (7 half units)
        if cell["Region"] == "00" and cell["ContentsCode"] == "R":
            # 100·21/200 = 10.5; allowed: 0.05 for Andel's one decimal + 100·3/200 = 1.5
            # for the six HE values' rounding (half a unit each).
            return 12.1
        return consistent(cell)

    total, share = checked(off)
    assert total.mismatches == 1
    assert total.worst == {
        "region": "2417",
        "month": "2014M01",
        "sex": "K",
        "age": "20-64",
        "scb": 30.0,
        "ours": 21.0,
    }
    assert "in 1 of 6 cells 'Summa helårsekvivalenter' differs" in total.message()
    assert share.mismatches == 3  # riket's three kön
    assert (share.worst["region"], share.worst["scb"], share.worst["ours"]) == ("00", 12.1, 10.5)


def test_cross_check_skips_cells_with_a_missing_part():
    def missing(cell):
        if cell["ContentsCode"] == "N" and cell["Region"] == "00":
            return None
        return consistent(cell)

    total, _ = checked(missing)
    assert (total.checked, total.mismatches) == (3, 0)
