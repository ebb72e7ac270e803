"""A one-chart app for tests/ui/test_chart_component.py: draws a figure through ``warmte.ui.chart`` and prints
the selection event it returns (``EVENT {...}``) so a test can read it.

``$CHART_APP_FIGURE``: ``map`` (the national map from ``$WARMTE_DB``, as the map page draws it) or ``dots``
(three large markers with region codes as customdata). ``$CHART_APP_SECOND``: a second chart far below the
first.
"""

import json
import os

import plotly.graph_objects as go
import streamlit as st

from warmte.ui import chart

CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "png", "scale": 2}}

if os.environ.get("CHART_APP_FIGURE", "dots") == "map":
    from warmte import store
    from warmte.filters import Filters
    from warmte.views import registry

    fig = registry.build("map", store.load(os.environ["WARMTE_DB"]), Filters()).fig
else:
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 2, 3], mode="markers", marker={"size": 40},
                               customdata=["GM0363", "GM0344", "GM0599"]))
    fig.update_layout(height=320, margin={"l": 40, "r": 40, "t": 20, "b": 40})

st.title("chart")
event = chart.plotly_chart(fig, key="chart", on_select="rerun", config=CONFIG, width="stretch", theme=None,
                           selection_mode="points")
st.text("EVENT " + json.dumps(event if isinstance(event, dict) else dict(event)))
if os.environ.get("CHART_APP_SECOND"):  # a second chart two screens further down
    st.html('<div style="height: 2500px"></div>')
    chart.plotly_chart(fig, key="second", config=CONFIG, alt="Tweede grafiek")
