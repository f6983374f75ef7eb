"""The whole fetch under random tables, cell limits and server faults (hypothesis).

For any table shape, any cell limit, API v1 or v2, and any mix of faults on the data
requests (5xx, 429, 404, truncated bodies, invalid JSON, a value missing), a fetch
against the fake PxWeb server either writes the complete dataset or fails with our own
:class:`FetchError` — never another exception — and never sends a data request over
the limit. A failed fetch leaves the old dataset byte for byte.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from data.store import DATASET_FILE, read_dataset
from loaders.scb.fetcher import FetchError, FetchOptions, fetch
from loaders.scb.http import RetryPolicy
from tests.fakepxweb import FakePxWeb, Fault, kon_table
from tests.scb_support import leftovers, old_dataset

FAULTS = {
    "server error": Fault("status", 503),
    "rate limited": Fault("status", 429),
    "not found": Fault("status", 404),
    "truncated": Fault("truncate"),
    "invalid JSON": Fault("invalid_json"),
    "a value missing": Fault("wrong_count"),
    "slow but fine": Fault("slow", delay=0.01),
}
RETRYABLE = {"server error", "rate limited", "truncated", "slow but fine"}
MAX_RETRIES = 2
FAST = RetryPolicy(
    max_retries=MAX_RETRIES, backoff_base=0.001, backoff_cap=0.01, max_retry_after=1, timeout=5
)
CONTENTS, SEXES, AGES = 9, 3, 2


@st.composite
def setups(draw):
    kommuner = draw(st.integers(1, 3))
    months = draw(st.integers(1, 4))
    cells = (kommuner + 1) * SEXES * AGES * CONTENTS * months
    # at most about 30 data requests, so an example stays quick
    limit = draw(st.integers(max(1, math.ceil(cells / 30)), cells + 50))
    faults = draw(st.lists(st.sampled_from(sorted(FAULTS)), max_size=4))
    api = draw(st.sampled_from(["v2", "v1"]))
    return kommuner, months, limit, faults, api


@settings(max_examples=25, deadline=None)
@given(setups())
def test_a_fetch_succeeds_completely_or_fails_with_our_error_within_the_cell_limit(setup):
    kommuner, months, limit, faults, api = setup
    table = kon_table(kommuner=kommuner, months=months)
    with (
        tempfile.TemporaryDirectory() as tmp,
        FakePxWeb([table], max_cells=limit, max_calls=10_000, window=1) as fake,
    ):
        data_dir = Path(tmp)
        old = old_dataset(data_dir)
        fake.add_faults("data", *(FAULTS[name] for name in faults))
        url = fake.v2_url if api == "v2" else fake.v1_url
        options = FetchOptions(data_dir, api=api, base_url=url, age_table="none", policy=FAST)
        try:
            summary = fetch(options)
        except FetchError as err:
            assert str(err)
            assert "\n" not in str(err).strip()
            assert (data_dir / DATASET_FILE).read_bytes() == old
            assert set(faults) - RETRYABLE or len(faults) > MAX_RETRIES
        else:
            frame = read_dataset(data_dir / DATASET_FILE).frame
            assert summary.rows == len(frame)
            assert frame["region_code"].nunique() == kommuner + 1
            assert frame["month"].nunique() == months
        assert leftovers(data_dir) == []
        sent = fake.data_requests(status=None)
        assert sent, "no data request was sent"
        assert max(r.cells or 0 for r in sent) <= limit
