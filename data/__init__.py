"""The dataset: its contract, its file, and SCB's regions.

`he.parquet` itself lives in the data directory (this folder unless `HE_DATA_DIR` says
otherwise) and is never committed; see `data/README.md` for the contract.
"""
