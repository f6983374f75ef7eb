"""API v2 and v1: URLs, bodies, limits and metadata turned into the same objects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.scb.api import (
    MAX_GET_URL,
    ApiFormatError,
    Limits,
    V1Api,
    V2Api,
    make_api,
)

SAMPLES = Path(__file__).parent / "scb_samples"
V2_BASE = "https://statistikdatabasen.scb.se/api/v2"
V1_BASE = "https://api.scb.se/OV0104/v1/doris/sv/ssd"


def test_default_base_urls_are_scbs():
    assert make_api("v2").base_url == V2_BASE
    assert make_api("v1").base_url == V1_BASE
    with pytest.raises(ValueError, match="unknown API version 'v3'"):
        make_api("v3")


def test_config_urls():
    assert V2Api(V2_BASE + "/").config_call().full_url == f"{V2_BASE}/config"
    assert V1Api(V1_BASE).config_call().full_url == "https://api.scb.se/OV0104/v1/doris/sv/?config"


def test_v2_limits():
    config = {"maxDataCells": 150000, "maxCallsPerTimeWindow": 30, "timeWindow": 10}
    assert V2Api(V2_BASE).parse_limits(config) == Limits(150000, 30, 10.0)
    with pytest.raises(ApiFormatError, match="no valid maxDataCells \\(got None\\)"):
        V2Api(V2_BASE).parse_limits({"maxCallsPerTimeWindow": 30, "timeWindow": 10})
    with pytest.raises(ApiFormatError, match="no valid timeWindow"):
        V2Api(V2_BASE).parse_limits({**config, "timeWindow": 0})


def test_v1_limits_take_the_smaller_cell_limit():
    config = {"maxValues": 100000, "maxCells": 150000, "maxCalls": 30, "timeWindow": 10}
    assert V1Api(V1_BASE).parse_limits(config) == Limits(100000, 30, 10.0)
    with pytest.raises(ApiFormatError, match="neither maxValues nor maxCells"):
        V1Api(V1_BASE).parse_limits({"maxCalls": 30, "timeWindow": 10})


def test_real_v2_config_and_metadata():
    api = V2Api(V2_BASE)
    limits = api.parse_limits(json.loads((SAMPLES / "config.json").read_text()))
    assert limits.max_cells == 150000
    meta = api.parse_metadata(
        "TAB6471", json.loads((SAMPLES / "TAB6471_metadata.json").read_text())
    )
    assert [v.code for v in meta.variables] == ["Region", "Alder", "Kon", "ContentsCode", "Tid"]
    assert meta.variable("Tid").is_time and meta.variable("ContentsCode").is_contents
    assert meta.variable("Kon").texts == ("totalt, samtliga män och kvinnor", "män", "kvinnor")
    assert meta.updated == "2026-06-08T06:00:00Z"
    assert meta.decimals == {"000007SF": 0}


def test_v1_metadata():
    doc = {
        "title": "HE",
        "variables": [
            {"code": "Region", "text": "region", "values": ["00"], "valueTexts": ["Riket"]},
            {
                "code": "ContentsCode",
                "text": "tabellinnehåll",
                "values": ["A"],
                "valueTexts": ["x"],
            },
            {
                "code": "Tid",
                "text": "månad",
                "values": ["2014M01"],
                "valueTexts": ["2014M01"],
                "time": True,
            },
        ],
    }
    meta = V1Api(V1_BASE).parse_metadata("START/HE/X", doc)
    assert meta.label == "HE"
    assert meta.updated is None
    assert [(v.code, v.is_time, v.is_contents) for v in meta.variables] == [
        ("Region", False, False),
        ("ContentsCode", False, True),
        ("Tid", True, False),
    ]
    doc["variables"][0]["valueTexts"] = []
    with pytest.raises(ApiFormatError, match="variable 'Region' has malformed values"):
        V1Api(V1_BASE).parse_metadata("START/HE/X", doc)


def test_v2_small_selection_is_a_get_with_valuecodes():
    call = V2Api(V2_BASE).data_call("TAB1386", {"Region": ("00", "2417"), "Tid": ("2014M01",)})
    assert call.method == "GET"
    assert call.body is None
    assert call.params == (
        ("lang", "sv"),
        ("outputFormat", "json-stat2"),
        ("valuecodes[Region]", "00,2417"),
        ("valuecodes[Tid]", "2014M01"),
    )


def test_v2_large_selection_is_a_post():
    regions = tuple(f"{i:04d}" for i in range(1000, 1000 + MAX_GET_URL // 5))
    call = V2Api(V2_BASE).data_call("TAB1386", {"Region": regions, "Tid": ("2014M01",)})
    assert call.method == "POST"
    assert call.params == (("lang", "sv"), ("outputFormat", "json-stat2"))
    assert call.body == {
        "selection": [
            {"variableCode": "Region", "valueCodes": list(regions)},
            {"variableCode": "Tid", "valueCodes": ["2014M01"]},
        ]
    }


def test_v1_data_is_a_post_of_item_filters():
    call = V1Api(V1_BASE).data_call("START/HE/X", {"Region": ("00",), "Tid": ("2014M01",)})
    assert (call.method, call.url) == ("POST", f"{V1_BASE}/START/HE/X")
    assert call.body == {
        "query": [
            {"code": "Region", "selection": {"filter": "item", "values": ["00"]}},
            {"code": "Tid", "selection": {"filter": "item", "values": ["2014M01"]}},
        ],
        "response": {"format": "json-stat2"},
    }


def table(table_id, names, last="2025M12", label="Helårsekvivalenter efter region"):
    return {"id": table_id, "label": label, "variableNames": names, "lastPeriod": last}


def test_age_table_is_the_he_table_with_alder_and_no_kon():
    api = V2Api(V2_BASE)
    result = {
        "tables": [
            table("TAB1386", ["region", "kön", "åldersgrupp", "tabellinnehåll", "månad"]),
            table("TAB2", ["region", "ålder", "kön", "tabellinnehåll", "månad"]),
            table("TAB3", ["region", "ålder", "tabellinnehåll", "månad"], last="2019M12"),
            table("TAB4", ["region", "ålder", "tabellinnehåll", "månad"], last="2024M12"),
            table("TAB5", ["region", "ålder", "tabellinnehåll", "år"]),
            table("TAB6", ["region", "ålder", "månad"], label="Folkmängd"),
        ]
    }
    assert api.pick_age_table(result, "TAB1386") == "TAB4"
    assert api.pick_age_table({"tables": result["tables"][:2]}, "TAB1386") is None
    with pytest.raises(ApiFormatError, match="no list of tables"):
        api.pick_age_table({"page": {}}, "TAB1386")
