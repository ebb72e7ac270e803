"""Strips: one row per indicator, a dot per region, the highlighted region drawn large (peer ranges)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from warmte.figures.theme import BLUE, GREY, ChartMeta, finish, is_empty, label, labels_for, no_data_figure

_ROW = 64  # pixels per indicator row


def strip_chart(df: pd.DataFrame, indicators: Sequence[str], formats: Mapping[str, str], meta: ChartMeta,
                labels: Mapping[str, str] | None = None) -> go.Figure:
    """A strip per indicator: the peers as grey dots, the region itself as a large blue diamond.

    ``df``: long table with ``indicator``, ``name``, ``value``, ``is_self``. ``formats``: d3 format per indicator
    (".1%", ",.0f"). Each strip has its own x axis from 0 (or the lowest value, when negative) to the highest.

    Label keys: each indicator as ``peers_ind_<indicator>`` (row title), ``no_data``.
    """
    labels = labels_for(meta, labels)
    if is_empty(df, ["indicator", "name", "value", "is_self"]):
        return no_data_figure(meta, labels)
    titles = [label(labels, f"peers_ind_{i}") for i in indicators]
    fig = make_subplots(rows=len(indicators), cols=1, subplot_titles=titles, vertical_spacing=0.6 / len(indicators))
    for row, indicator in enumerate(indicators, start=1):
        d = df[df["indicator"] == indicator]
        values = pd.to_numeric(d["value"], errors="coerce").to_numpy(dtype=float)
        known = np.isfinite(values)
        spec = formats.get(indicator, ",.1f")
        for is_self in (False, True):
            pick = known & (d["is_self"].to_numpy() == is_self)
            if not pick.any():
                continue
            fig.add_trace(go.Scatter(
                x=values[pick], y=np.zeros(int(pick.sum())), mode="markers", showlegend=False,
                text=d["name"].to_numpy()[pick], meta=indicator,
                marker={"color": BLUE if is_self else GREY, "size": 16 if is_self else 9,
                        "symbol": "diamond" if is_self else "circle", "opacity": 1 if is_self else 0.7,
                        "line": {"color": "white", "width": 1}},
                hovertemplate=f"%{{text}}: %{{x:{spec}}}<extra></extra>",
            ), row=row, col=1)
        finite = values[known]
        high = float(finite.max()) if len(finite) else 1.0
        low = min(0.0, float(finite.min())) if len(finite) else 0.0
        pad = (high - low) * 0.06 or 1.0
        fig.update_xaxes(row=row, col=1, tickformat=spec, range=[low - pad, high + pad], showgrid=True, nticks=5,
                         zeroline=False)
        fig.update_yaxes(row=row, col=1, visible=False, range=[-1, 1], fixedrange=True)
    for annotation in fig.layout.annotations:  # subplot titles: left-aligned above each strip
        annotation.update(x=0, xanchor="left", font={"size": 13})
    return finish(fig, meta, axis_space=28, plot_height=_ROW * len(indicators) + 24 * (len(indicators) - 1))
