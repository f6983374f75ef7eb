"""Everything that produces `he.parquet`: SCB's PxWeb API (`fetch`) and synthetic data (`demo`).

This package is the only place in the project that does network I/O.
"""
