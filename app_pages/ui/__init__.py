"""Streamlit glue shared by the pages: state and URL, cached data, common widgets."""
