"""The app's pages (thin Streamlit scripts) and `ui`, the glue they share.

Navigation order and titles live in `app.py`; Streamlit is imported only here and there.
"""
