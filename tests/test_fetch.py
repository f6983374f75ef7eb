"""`python -m loaders fetch` end to end: the real client through `requests` against a
fake PxWeb server on 127.0.0.1 (no network, no patching). Every failure must exit
non-zero with one clear line and leave the existing he.parquet byte-for-byte unchanged.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
from dataclasses import replace

import numpy as np
import pytest

from data.store import DATASET_FILE, read_dataset
from loaders.scb.query import minimum_requests
from loaders.scb.rawstore import locked
from tests.fakepxweb import (
    AGE_TABLE_ID,
    KON_TABLE_ID,
    KON_TABLE_V1,
    FakePxWeb,
    Fault,
    age_table,
    kon_table,
)
from tests.scb_support import (
    expected_value,
    fetch_args,
    leftovers,
    old_dataset,
    raw_fetches,
    run_cli,
)

EKONOMISKT_BISTAND = "0000018N"


@pytest.fixture
def serve():
    servers = []

    def start(tables, **options) -> FakePxWeb:
        server = FakePxWeb(tables, **options).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def old(data_dir):
    return old_dataset(data_dir)


def dataset_bytes(data_dir) -> bytes:
    return (data_dir / DATASET_FILE).read_bytes()


def assert_failed_cleanly(result, data_dir, old, *fragments):
    code, out, err = result
    assert code == 1
    assert out == ""
    line = err.strip()
    assert "\n" not in line
    assert line.startswith("error: ")
    assert line.endswith("(the existing dataset was not changed)")
    for fragment in fragments:
        assert fragment in line
    assert dataset_bytes(data_dir) == old
    assert leftovers(data_dir) == []
    assert raw_fetches(data_dir) == []


# -- the full fetch -------------------------------------------------------------------


def test_full_fetch_splits_minimally_under_the_cell_limit(serve, data_dir, old, capsys):
    kon, age = kon_table(kommuner=5, months=6), age_table(kommuner=5, months=6)
    fake = serve([kon, age], max_cells=500)
    code, out, err = run_cli(capsys, *fetch_args(fake.v2_url, data_dir))
    assert (code, out, err) == (0, "", "")
    data = fake.data_requests()
    # kön table: 6·3·2·9·6 = 1 944 cells; age table (bands only): 6·5·9·6 = 1 620 cells.
    assert [r.table for r in data].count(KON_TABLE_ID) == 4 == minimum_requests(1944, 500)
    assert [r.table for r in data].count(AGE_TABLE_ID) == 4 == minimum_requests(1620, 500)
    assert all(r.cells <= 500 for r in fake.requests if r.cells is not None)
    assert sum(r.cells for r in data) == 1944 + 1620
    assert [r.status for r in fake.requests] == [200] * 12  # config, 2 metadata, search, 8 data
    dataset = read_dataset(data_dir / DATASET_FILE)
    provenance = dataset.provenance
    assert provenance["source"] == "scb"
    assert json.loads(provenance["tables"]) == [KON_TABLE_ID, AGE_TABLE_ID]
    assert provenance["updated"] == kon.updated
    assert provenance["api"] == "v2"
    assert provenance["base_url"] == fake.v2_url
    assert provenance["fetched_at"].endswith("Z")
    frame = dataset.frame
    assert len(frame) == 6 * 3 * 2 * 7 * 6 + 6 * 5 * 7 * 6
    cell = frame[
        (frame.region_code == "2417")
        & (frame.sex == "K")
        & (frame.age_group == "20-65")
        & (frame.measure == "ekonomiskt_bistand")
        & (frame.month == "2014-03-01")
    ]
    assert cell.value.tolist() == [
        expected_value(
            kon,
            Region="2417",
            Kon="2",
            Aldersgrupp="20-65",
            ContentsCode=EKONOMISKT_BISTAND,
            Tid="2014M03",
        )
    ]
    band = frame[(frame.age_group == "30-39") & (frame.measure == "population")]
    assert set(band.sex) == {"T"}
    assert band[(band.region_code == "00") & (band.month == "2014-06-01")].value.tolist() == [
        expected_value(age, Region="00", Alder="30-39", ContentsCode="0000018Q", Tid="2014M06")
    ]


def test_every_value_of_the_kon_table_arrives_where_it_belongs(serve, data_dir, capsys):
    kon = kon_table(kommuner=3, months=4)
    fake = serve([kon], max_cells=37)
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))[0] == 0
    frame = read_dataset(data_dir / DATASET_FILE).frame
    sexes = {"T": "TotSa", "M": "1", "K": "2"}
    contents = dict(
        zip(
            [
                "sjukpenning",
                "sjuk_och_aktivitetsersattning",
                "arbetsloshetsersattning",
                "arbetsmarknadsatgarder",
                "ekonomiskt_bistand",
                "etableringsersattning",
                "population",
            ],
            [*kon.variable("ContentsCode").codes[:6], "0000018Q"],
            strict=True,
        )
    )
    got = [
        (
            row.value,
            expected_value(
                kon,
                Region=row.region_code,
                Kon=sexes[row.sex],
                Aldersgrupp=row.age_group,
                ContentsCode=contents[row.measure],
                Tid=f"{row.month:%Y}M{row.month:%m}",
            ),
        )
        for row in frame.itertuples()
    ]
    assert len(got) == 4 * 3 * 2 * 7 * 4
    assert all(a == b for a, b in got)
    assert len(fake.data_requests()) == minimum_requests(4 * 3 * 2 * 9 * 4, 37)


def test_v1_fetch_reads_config_metadata_and_posts_queries(serve, data_dir, capsys):
    kon, age = kon_table(kommuner=2, months=3), age_table(kommuner=2, months=3)
    fake = serve([kon, age], max_cells=200)
    code, _, _ = run_cli(capsys, *fetch_args(fake.v1_url, data_dir, "--api", "v1"))
    assert code == 0
    assert fake.requests[0].path == "/OV0104/v1/doris/sv/"
    assert {r.method for r in fake.data_requests()} == {"POST"}
    assert all(r.cells <= 200 for r in fake.data_requests())
    dataset = read_dataset(data_dir / DATASET_FILE)
    assert json.loads(dataset.provenance["tables"]) == [KON_TABLE_V1, age.v1_path]
    assert dataset.provenance["api"] == "v1"
    assert dataset.provenance["updated"] == kon.updated  # v1: taken from the data responses
    assert len(dataset.frame) == 3 * 3 * 2 * 7 * 3 + 3 * 5 * 7 * 3


def test_v2_uses_get_for_short_and_post_for_long_selections(serve, data_dir, capsys):
    fake = serve([kon_table(kommuner=8, months=120)], max_cells=1_000_000)
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))[0] == 0
    assert [r.method for r in fake.data_requests()] == ["POST"]
    fake2 = serve([kon_table(kommuner=1, months=2)])
    assert run_cli(capsys, *fetch_args(fake2.v2_url, data_dir, "--age-table", "none"))[0] == 0
    assert [r.method for r in fake2.data_requests()] == ["GET"]


def test_without_an_age_table_the_kon_table_is_enough(serve, data_dir, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir))[0] == 0
    assert [r.kind for r in fake.requests] == ["config", "metadata", "search", "data"]
    v1 = serve([kon_table(kommuner=1, months=2)])
    assert run_cli(capsys, *fetch_args(v1.v1_url, data_dir, "--api", "v1"))[0] == 0
    assert [(r.kind, r.status) for r in v1.requests] == [
        ("config", 200),
        ("metadata", 200),
        ("metadata", 404),
        ("data", 200),
    ]
    assert json.loads(read_dataset(data_dir / DATASET_FILE).provenance["tables"]) == [KON_TABLE_V1]


def test_months_can_be_limited(serve, data_dir, capsys):
    fake = serve([kon_table(kommuner=1, months=24)])
    args = fetch_args(fake.v2_url, data_dir, "--age-table", "none", "--from", "2014M06")
    assert run_cli(capsys, *args, "--to", "2014M08")[0] == 0
    months = read_dataset(data_dir / DATASET_FILE).frame["month"].unique()
    assert sorted(f"{m:%Y-%m}" for m in months) == ["2014-06", "2014-07", "2014-08"]


# -- politeness: rate limits and retries ---------------------------------------------


def test_our_limiter_keeps_under_the_advertised_rate(serve, data_dir, capsys):
    fake = serve([kon_table(kommuner=2, months=3)], max_cells=60, max_calls=5, window=0.5)
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))[0] == 0
    assert len(fake.data_requests()) == minimum_requests(3 * 3 * 2 * 9 * 3, 60) == 9
    assert {r.status for r in fake.requests} == {200}


def test_429_is_retried_after_retry_after(serve, data_dir, old, capsys):
    # The server advertises a loose limit but enforces 2 calls per 0.2 s.
    fake = serve(
        [kon_table(kommuner=2, months=3)],
        max_cells=60,
        max_calls=1000,
        enforced_calls=2,
        enforced_window=0.2,
        retry_after="0.2",
    )
    args = fetch_args(fake.v2_url, data_dir, "--age-table", "none", "--max-retries", "10")
    assert run_cli(capsys, *args)[0] == 0
    assert any(r.status == 429 for r in fake.requests)
    assert len(fake.data_requests()) == 9
    assert dataset_bytes(data_dir) != old
    record = json.loads(
        (data_dir / "raw" / raw_fetches(data_dir)[0] / "provenance.json").read_text()
    )
    assert record["requests"]["retries"] == sum(1 for r in fake.requests if r.status == 429)
    assert record["requests"]["sent"] == len(fake.requests)


def test_a_retry_after_longer_than_max_wait_fails_at_once(serve, data_dir, old, capsys):
    fake = serve([kon_table(kommuner=1, months=2)], enforced_calls=1, retry_after="3600")
    result = run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))
    assert_failed_cleanly(
        result,
        data_dir,
        old,
        "TAB1386: metadata request (GET http://127.0.0.1:",
        "HTTP 429 Too Many Requests: the server asks to wait 3600 s (Retry-After)",
    )


def test_server_errors_are_retried_then_succeed(serve, data_dir, old, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    fake.add_faults("data", Fault("status", 500), Fault("status", 503, b'{"title":"Busy"}'))
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))[0] == 0
    assert [r.status for r in fake.data_requests(status=None)] == [500, 503, 200]
    assert dataset_bytes(data_dir) != old


def test_persistent_server_errors_fail_cleanly(serve, data_dir, old, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    problem = json.dumps({"title": "Service Unavailable", "detail": "maintenance"}).encode()
    fake.add_faults("data", *[Fault("status", 503, problem)] * 3)
    result = run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))
    assert_failed_cleanly(
        result,
        data_dir,
        old,
        "TAB1386: request 1/1 (GET http://127.0.0.1:",
        "/api/v2/tables/TAB1386/data?lang=sv&outputFormat=json-stat2&valuecodes",
        "failed: HTTP 503 Service Unavailable after 3 attempts: Service Unavailable – maintenance",
    )


def test_a_timeout_is_retried(serve, data_dir, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    fake.add_faults("data", Fault("slow", delay=3.0))
    args = fetch_args(fake.v2_url, data_dir, "--age-table", "none", "--timeout", "0.6")
    assert run_cli(capsys, *args)[0] == 0
    assert len(fake.data_requests(status=None)) == 2


def test_persistent_timeouts_fail_cleanly(serve, data_dir, old, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    fake.add_faults("data", *[Fault("slow", delay=3.0)] * 3)
    args = fetch_args(fake.v2_url, data_dir, "--age-table", "none", "--timeout", "0.6")
    assert_failed_cleanly(
        run_cli(capsys, *args),
        data_dir,
        old,
        "TAB1386: request 1/1",
        "failed: no answer within 0.6 s after 3 attempts",
    )


def test_a_truncated_body_is_retried_and_a_persistent_one_fails(serve, data_dir, old, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    fake.add_faults("data", Fault("truncate"))
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))[0] == 0
    new = dataset_bytes(data_dir)
    assert new != old
    fake.add_faults("data", *[Fault("truncate")] * 3)
    code, _, err = run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))
    assert code == 1
    assert "TAB1386: request 1/1" in err and "truncated response after 3 attempts" in err
    assert dataset_bytes(data_dir) == new
    assert leftovers(data_dir) == []


# -- damaged answers ---------------------------------------------------------------------


def test_invalid_json_fails_cleanly(serve, data_dir, old, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    fake.add_faults("data", Fault("invalid_json"))
    result = run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))
    assert_failed_cleanly(result, data_dir, old, "TAB1386: request 1/1", "not valid JSON")


def test_a_value_count_that_does_not_match_the_sizes_fails_cleanly(serve, data_dir, old, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    fake.add_faults("data", Fault("wrong_count"))
    result = run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))
    assert_failed_cleanly(
        result,
        data_dir,
        old,
        "TAB1386: request 1/1",
        "not valid json-stat2: value count 215 does not match the product of size (216)",
    )


def test_data_that_breaks_the_contract_fails_cleanly(serve, data_dir, old, capsys):
    table = kon_table(kommuner=1, months=2)
    values = table.values.copy()
    values.flat[0] = -5.0  # a negative number of helårsekvivalenter
    fake = serve([replace(table, values=values)])
    result = run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))
    assert_failed_cleanly(
        result, data_dir, old, "TAB1386: the parsed data breaks the data contract: negative value"
    )


def test_invalid_metadata_and_config_fail_cleanly(serve, data_dir, old, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    fake.add_faults("metadata", Fault("status", 200, b'{"id": "nope"}', "application/json"))
    result = run_cli(capsys, *fetch_args(fake.v2_url, data_dir))
    assert_failed_cleanly(
        result, data_dir, old, "TAB1386: metadata request", "the metadata is not json-stat2"
    )
    fake.add_faults("config", Fault("status", 200, b'{"maxDataCells": 0}', "application/json"))
    result = run_cli(capsys, *fetch_args(fake.v2_url, data_dir))
    assert_failed_cleanly(result, data_dir, old, "config request", "no valid maxDataCells")


@pytest.mark.parametrize("style", ["object", "array"])
def test_missing_cells_become_nan_and_the_rest_is_kept(serve, data_dir, capsys, style):
    table = kon_table(kommuner=2, months=3).with_missing(
        Region="0180", ContentsCode=EKONOMISKT_BISTAND, Tid="2014M02"
    )
    fake = serve([table], status_style=style)
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))[0] == 0
    frame = read_dataset(data_dir / DATASET_FILE).frame
    gone = (
        (frame.region_code == "0180")
        & (frame.measure == "ekonomiskt_bistand")
        & (frame.month == "2014-02-01")
    )
    assert int(gone.sum()) == 3 * 2
    assert frame.loc[gone, "value"].isna().all()
    assert not frame.loc[~gone, "value"].isna().any()
    record = json.loads(
        (data_dir / "raw" / raw_fetches(data_dir)[0] / "provenance.json").read_text()
    )
    assert record["tables"][0]["flagged_cells"] == 6
    total = next(c for c in record["checks"] if c["check"] == "check_total")
    assert total == {
        "table": KON_TABLE_ID,
        "check": "check_total",
        "checked": 3 * 3 * 2 * 3 - 6,
        "mismatches": 0,
        "worst": {},
    }


def test_a_renamed_content_fails_naming_it(serve, data_dir, old, capsys):
    table = kon_table(kommuner=1, months=2).with_content_text("Sjukpenning", "Sjukpenning (ny)")
    fake = serve([table.with_content_text("Folkmängd", "Antal boende")])
    result = run_cli(capsys, *fetch_args(fake.v2_url, data_dir))
    assert_failed_cleanly(
        result, data_dir, old, "TAB1386: unknown content 'Antal boende' (code 0000018Q)"
    )
    assert fake.data_requests(status=None) == []


def test_a_missing_content_fails_naming_it(serve, data_dir, old, capsys):
    fake = serve([kon_table(kommuner=1, months=2).without_content("Ekonomiskt bistånd")])
    result = run_cli(capsys, *fetch_args(fake.v2_url, data_dir))
    assert_failed_cleanly(
        result, data_dir, old, "TAB1386: missing content(s): 'Ekonomiskt bistånd'"
    )


def test_scbs_spelling_and_case_are_tolerated(serve, data_dir, capsys):
    table = kon_table(kommuner=1, months=2).with_content_text(
        "Sjuk- och aktivitetsersersättning", "SJUK– OCH AKTIVITETSERSÄTTNING"
    )
    fake = serve([table])
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))[0] == 0
    frame = read_dataset(data_dir / DATASET_FILE).frame
    assert (frame.measure == "sjuk_och_aktivitetsersattning").sum() == 2 * 3 * 2 * 2


def test_an_empty_table_fails_cleanly(serve, data_dir, old, capsys):
    fake = serve([kon_table(kommuner=1, months=2).without_months()])
    result = run_cli(capsys, *fetch_args(fake.v2_url, data_dir))
    assert_failed_cleanly(result, data_dir, old, "TAB1386 has no months")


def test_an_unknown_table_is_a_404_that_names_it(serve, data_dir, old, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    result = run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "TAB0000"))
    assert_failed_cleanly(
        result,
        data_dir,
        old,
        "TAB0000: metadata request (GET http://127.0.0.1:",
        "/api/v2/tables/TAB0000/metadata?lang=sv) failed: HTTP 404 Not Found: "
        "Not Found – No table with id TAB0000",
    )


@pytest.mark.parametrize(
    ("api", "message"),
    [
        ("v2", "HTTP 400 Bad Request: Too many cells selected – 216 > 100"),
        ("v1", "HTTP 403 Forbidden: Too many values selected"),
    ],
)
def test_a_server_stricter_than_its_config_fails_cleanly(
    serve, data_dir, old, capsys, api, message
):
    # The server enforces 100 cells, but its config (served once) says 1 000.
    fake = serve([kon_table(kommuner=1, months=2)], max_cells=100)
    url = fake.v2_url if api == "v2" else fake.v1_url
    fake.add_faults(
        "config",
        Fault(
            "status",
            200,
            json.dumps(
                {"maxDataCells": 1000, "maxCallsPerTimeWindow": 30, "timeWindow": 10}
                if api == "v2"
                else {"maxValues": 1000, "maxCalls": 30, "timeWindow": 10}
            ).encode(),
            "application/json",
        ),
    )
    result = run_cli(capsys, *fetch_args(url, data_dir, "--api", api, "--age-table", "none"))
    assert_failed_cleanly(result, data_dir, old, "request 1/1", message)


# -- raw files, provenance record, reparse ------------------------------------------------


def test_raw_responses_and_the_record_are_kept_beside_the_dataset(serve, data_dir, capsys):
    kon = kon_table(kommuner=2, months=3)
    fake = serve([kon], max_cells=162)
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir))[0] == 0
    (fetch_id,) = raw_fetches(data_dir)
    assert read_dataset(data_dir / DATASET_FILE).provenance["fetch_id"] == fetch_id
    folder = data_dir / "raw" / fetch_id
    record = json.loads((folder / "provenance.json").read_text())
    assert record["source"] == "scb"
    assert record["api"] == "v2"
    assert record["limits"] == {"max_cells": 162, "max_calls": 30, "window": 10.0}
    table = record["tables"][0]
    assert table["id"] == KON_TABLE_ID
    assert table["updated"] == kon.updated
    assert table["cells"] == 3 * 3 * 2 * 9 * 3
    assert table["requests"] == table["minimum_requests"] == 486 // 162
    assert record["requests"] == {"sent": 3 + 3, "retries": 0, "data": 3}
    assert record["dataset"]["rows"] == 3 * 3 * 2 * 7 * 3
    assert record["dataset"]["sha256"] == hashlib.sha256(dataset_bytes(data_dir)).hexdigest()
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            "config.json.gz",
            "tables-search.json.gz",
            "TAB1386-metadata.json.gz",
            *[f"TAB1386-data-{i:03d}.json.gz" for i in range(1, 4)],
            "provenance.json",
        ]
    )
    for entry in record["files"]:
        body = gzip.decompress((folder / entry["name"]).read_bytes())
        assert hashlib.sha256(body).hexdigest() == entry["sha256"]
        assert entry["url"].startswith(fake.v2_url)
    data_entries = [f for f in record["files"] if "-data-" in f["name"]]
    assert all(set(f["selection"]) == set(kon.codes) for f in data_entries)


def test_a_new_fetch_replaces_the_raw_files_of_the_previous_one(serve, data_dir, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir))[0] == 0
    first = raw_fetches(data_dir)
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir))[0] == 0
    second = raw_fetches(data_dir)
    assert len(first) == len(second) == 1
    assert first != second


def test_reparse_rebuilds_the_same_dataset_without_the_network(serve, data_dir, capsys):
    fake = serve([kon_table(kommuner=2, months=3), age_table(kommuner=2, months=3)])
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--api", "v2"))[0] == 0
    fetched = read_dataset(data_dir / DATASET_FILE)
    fake.stop()
    code, out, err = run_cli(capsys, "reparse", "--data-dir", str(data_dir))
    assert (code, err) == (0, "")
    assert out.startswith(f"re-parsed {data_dir / DATASET_FILE}: ")
    reparsed = read_dataset(data_dir / DATASET_FILE)
    assert reparsed.provenance == fetched.provenance
    assert reparsed.frame.equals(fetched.frame)
    record = json.loads(
        (data_dir / "raw" / raw_fetches(data_dir)[0] / "provenance.json").read_text()
    )
    assert record["reparsed_at"]
    assert record["dataset"]["sha256"] == hashlib.sha256(dataset_bytes(data_dir)).hexdigest()


def test_reparse_refuses_a_damaged_raw_file(serve, data_dir, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))[0] == 0
    before = dataset_bytes(data_dir)
    folder = data_dir / "raw" / raw_fetches(data_dir)[0]
    damaged = folder / "TAB1386-data-001.json.gz"
    damaged.write_bytes(gzip.compress(b'{"value": []}'))
    code, _, err = run_cli(capsys, "reparse", "--data-dir", str(data_dir))
    assert code == 1
    assert "TAB1386-data-001.json.gz does not match its recorded checksum" in err
    assert dataset_bytes(data_dir) == before


def test_reparse_needs_a_fetched_dataset(data_dir, old, capsys):
    code, _, err = run_cli(capsys, "reparse", "--data-dir", str(data_dir))
    assert code == 1
    assert "was not fetched from SCB (source=synthetic); name a fetch with --fetch-id" in err
    assert dataset_bytes(data_dir) == old


def test_leftovers_of_a_killed_run_are_removed_by_the_next(serve, data_dir, old, capsys):
    (data_dir / "raw" / ".staging-20260101T000000Z-abcdef").mkdir(parents=True)
    (data_dir / ".he.parquet.x1y2.tmp").write_bytes(b"half a file")
    fake = serve([kon_table(kommuner=1, months=2)])
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir))[0] == 0
    assert leftovers(data_dir) == []


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("loaders.scb.rawstore.Staging.save", "cannot write the raw responses in"),
        ("loaders.scb.fetcher.atomic_write", "cannot write"),
    ],
)
def test_a_full_disk_fails_cleanly(serve, data_dir, old, capsys, monkeypatch, target, message):
    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(target, no_space)
    fake = serve([kon_table(kommuner=1, months=2)])
    result = run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))
    code, _, err = result
    assert code == 1
    assert message in err
    assert "[Errno 28] No space left on device (the existing dataset was not changed)" in err
    assert dataset_bytes(data_dir) == old
    assert leftovers(data_dir) == []
    assert raw_fetches(data_dir) == []  # nothing kept that the dataset does not point at
    monkeypatch.undo()
    again = run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))
    assert again[0] == 0
    assert len(raw_fetches(data_dir)) == 1


def test_a_second_fetch_waits_for_no_one_it_fails(serve, data_dir, old, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    with locked(data_dir):
        result = run_cli(capsys, *fetch_args(fake.v2_url, data_dir))
    assert_failed_cleanly(result, data_dir, old, "another fetch or reparse is running in")
    assert fake.requests == []


def test_info_describes_the_fetch_behind_the_dataset(serve, data_dir, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    assert run_cli(capsys, *fetch_args(fake.v2_url, data_dir, "--age-table", "none"))[0] == 0
    code, out, _ = run_cli(capsys, "info", "--data-dir", str(data_dir))
    assert code == 0
    lines = dict(line.split(None, 1) for line in out.splitlines() if line.startswith("source"))
    assert lines == {"source": "scb"}
    fetch_lines = [line for line in out.splitlines() if line.startswith("fetch ")]
    assert fetch_lines[0].split()[1] == raw_fetches(data_dir)[0]
    assert "3 raw responses" in fetch_lines[1]
    assert "3 requests (1 for data, 0 retries); the record matches he.parquet" in fetch_lines[1]
    assert any("Summa helårsekvivalenter" in line and "agrees" in line for line in fetch_lines)


def test_summary_and_warnings_without_quiet(serve, data_dir, capsys):
    fake = serve([kon_table(kommuner=1, months=2)])
    args = [a for a in fetch_args(fake.v2_url, data_dir, "--age-table", "none") if a != "--quiet"]
    code, out, err = run_cli(capsys, *args)
    assert code == 0
    assert err == ""  # stderr is not a terminal here: no progress line
    assert out.startswith(f"wrote {data_dir / DATASET_FILE}: 168 rows from TAB1386")
    assert "1 data requests (minimum 1), 3 in all" in out


def test_cross_check_mismatches_are_reported_not_fatal(serve, data_dir, capsys):
    table = kon_table(kommuner=1, months=2)
    values = table.values.copy()
    values[1, 0, 0, 6, 1] += 50  # kommun, TotSa, 20-64, Summa, 2014M02
    fake = serve([type(table)(**{**table.__dict__, "values": values})])
    args = [a for a in fetch_args(fake.v2_url, data_dir, "--age-table", "none") if a != "--quiet"]
    code, _, err = run_cli(capsys, *args)
    assert code == 0
    assert err.startswith(
        "warning: TAB1386: in 1 of 24 cells 'Summa helårsekvivalenter' differs from the sum"
    )
    assert "region 0114 2014M02 sex T age 20-64" in err
    assert np.isfinite(read_dataset(data_dir / DATASET_FILE).frame["value"]).all()
