"""A fake PxWeb server (API v2 and v1) that answers like SCB, for tests and benchmarks.

`FakePxWeb(tables).start()` serves on 127.0.0.1 (a free port) in a thread; see
`server.py` for the endpoints and the faults it can inject, `tables.py` for the
SCB-like HE tables it serves (values consistent with SCB's Summa and Andel).
"""

from tests.fakepxweb.server import FakePxWeb, Fault, Record
from tests.fakepxweb.tables import (
    AGE_TABLE_ID,
    KON_TABLE_ID,
    KON_TABLE_V1,
    FakeTable,
    FakeVariable,
    age_table,
    kon_table,
    month_codes,
)

__all__ = [
    "AGE_TABLE_ID",
    "KON_TABLE_ID",
    "KON_TABLE_V1",
    "FakePxWeb",
    "FakeTable",
    "FakeVariable",
    "Fault",
    "Record",
    "age_table",
    "kon_table",
    "month_codes",
]
