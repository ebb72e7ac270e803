"""Strips: one row per indicator, a dot per region, the highlighted region drawn large (peer ranges).

The indicators have different units, so each strip runs from its own lowest value (or 0) to its highest; the
ends and the highlighted region's value are written as numbers, and every dot names its region on hover.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from warmte.figures.theme import (
    BLUE,
    GREY,
    LIGHT_GREY,
    MUTED,
    ChartMeta,
    category_labels,
    finish,
    is_empty,
    label,
    label_margin,
    labels_for,
    no_data_figure,
)
from warmte.i18n import fmt_spec

_ROW = 52  # pixels per indicator


def strip_chart(df: pd.DataFrame, indicators: Sequence[str], formats: Mapping[str, str], meta: ChartMeta,
                labels: Mapping[str, str] | None = None) -> go.Figure:
    """A strip per indicator: the peers as grey dots, the region itself as a large blue diamond with its value.

    ``df``: long table with ``indicator``, ``name``, ``value``, ``is_self``. ``formats``: d3 format per indicator
    (".1%", ",.0f"). An indicator without a value for the region itself keeps its row, without a diamond.

    Label keys: each indicator as ``peers_ind_<indicator>`` (row label), ``no_data``.
    """
    labels = labels_for(meta, labels)
    if is_empty(df, ["indicator", "name", "value", "is_self"]):
        return no_data_figure(meta, labels)
    rows = category_labels([label(labels, f"peers_ind_{i}") for i in indicators])
    fig = go.Figure()
    texts_x, texts_y, texts, anchors = [], [], [], []
    for row, indicator in zip(rows, indicators, strict=True):
        d = df[df["indicator"] == indicator]
        values = pd.to_numeric(d["value"], errors="coerce").to_numpy(dtype=float)
        known = np.isfinite(values)
        if not known.any():
            continue
        spec = formats.get(indicator, ",.1f")
        lo, hi = min(0.0, float(values[known].min())), float(values[known].max())
        span = (hi - lo) or 1.0
        pos = (values - lo) / span
        fig.add_trace(go.Scatter(x=[0, 1], y=[row, row], mode="lines", line={"color": LIGHT_GREY, "width": 6},
                                 hoverinfo="skip", showlegend=False))
        shown = [fmt_spec(v, spec, meta.lang) for v in values]
        for is_self in (False, True):
            pick = known & (d["is_self"].to_numpy() == is_self)
            if not pick.any():
                continue
            fig.add_trace(go.Scatter(
                x=pos[pick], y=[row] * int(pick.sum()), mode="markers", showlegend=False, meta=indicator,
                text=[f"{n}: {v}" for n, v in zip(d["name"].to_numpy()[pick], np.array(shown)[pick], strict=True)],
                marker={"color": BLUE if is_self else GREY, "size": 15 if is_self else 8,
                        "symbol": "diamond" if is_self else "circle", "opacity": 1 if is_self else 0.75,
                        "line": {"color": "white", "width": 1}},
                hovertemplate="%{text}<extra></extra>",
            ))
            if is_self:
                texts_x.append(float(pos[pick][0]))
                texts_y.append(row)
                texts.append(f"<b>{np.array(shown)[pick][0]}</b>")
                anchors.append("top center")
        for end, value in ((0.0, lo), (1.0, hi)):  # the ends of the strip, as numbers
            texts_x.append(end)
            texts_y.append(row)
            texts.append(f"<span style='color:{MUTED}'>{fmt_spec(value, spec, meta.lang)}</span>")
            anchors.append("bottom center")
    fig.add_trace(go.Scatter(x=texts_x, y=texts_y, mode="text", text=texts, textposition=anchors,
                             textfont={"size": 11}, hoverinfo="skip", showlegend=False, cliponaxis=False))
    fig.update_xaxes(visible=False, range=[-0.06, 1.06], fixedrange=True)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(rows)), fixedrange=True,
                     showgrid=False, ticks="", range=[-0.7, len(rows) - 0.3])
    return finish(fig, meta, margin_l=label_margin(rows), axis_space=10, plot_height=_ROW * len(rows))
