"""The only part of ``warmte`` that imports streamlit: cached loaders, filters and widgets, chart cards."""
