"""Pure computations on the dataset: periods, shares, pooling to areas, the model.

No Streamlit and no I/O below this package: tables in, tables out.
"""
