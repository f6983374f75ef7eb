"""Files for analysts and meeting packs: tables behind charts, CSV/Excel, reports.

Pure apart from producing bytes: nothing here imports Streamlit or reads the network.
"""
