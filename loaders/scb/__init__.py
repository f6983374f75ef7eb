"""A thin client for SCB's PxWeb API (v2 and v1), laid out like pxwebpy.

- `http`: the only module that talks to the network (timeouts, retries, rate limiter);
- `query`, `jsonstat`, `mapping`, `api`, `assemble`: pure functions (build and split
  queries, unpack json-stat2, map SCB's labels to our codes, build the long table);
- `rawstore`: the raw responses and the provenance record kept beside the dataset;
- `fetcher`: the thin front that `python -m loaders fetch` and `reparse` call.
"""
