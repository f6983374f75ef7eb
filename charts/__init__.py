"""Chart builders: a tidy DataFrame in, a `plotly.graph_objects.Figure` out. No Streamlit."""
