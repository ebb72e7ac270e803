"""Scatter chart: one point per region, e.g. council involvement against progress."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from warmte.figures.theme import (
    BLACK,
    BLUE,
    GREY,
    LIGHT_GREY,
    MUTED,
    VERMILLION,
    WHOLE,
    ChartMeta,
    count_ticks,
    finish,
    guess_format,
    is_empty,
    label,
    labels_for,
    no_data_figure,
    numeric,
)

# --- 9. Scatter -------------------------------------------------------------


def scatter_chart(
    df: pd.DataFrame,
    x: str,
    y: str,
    meta: ChartMeta,
    labels: Mapping[str, str] | None = None,
    highlight: str | None = None,
    size: str | None = None,
    *,
    x_format: str | None = None,
    y_format: str | None = None,
) -> go.Figure:
    """One point per region (``customdata`` = code), e.g. involvement index against progress.

    ``df``: columns ``code``, ``name``, ``x``, ``y`` (and ``size`` when
    given: marker area proportional to it). Rows with missing x or y are
    left out. ``highlight``: a code drawn bigger, in another colour and labelled.
    Formats default by column name (".1%" for shares/progress, else ",.0f").

    Label keys: the column names ``x``, ``y`` and ``size`` (axis titles and
    hover), ``no_data``.
    """
    labels = labels_for(meta, labels)
    need = ["code", "name", x, y] + ([size] if size else [])
    if is_empty(df, need):
        return no_data_figure(meta, labels)
    xs, ys = numeric(df[x]), numeric(df[y])
    keep = np.isfinite(xs) & np.isfinite(ys)
    if not keep.any():
        return no_data_figure(meta, labels)
    d = df[keep]
    xs, ys = xs[keep], ys[keep]
    codes = d["code"].astype(str).to_numpy(dtype=object)
    names = d["name"].astype(str).to_numpy(dtype=object)
    fx, fy = x_format or guess_format(x), y_format or guess_format(y)
    x_title, y_title = label(labels, x), label(labels, y)
    tmpl = f"<b>%{{text}}</b><br>{x_title}: %{{x:{fx}}}<br>{y_title}: %{{y:{fy}}}"
    marker: dict = {"color": BLUE, "opacity": 0.6, "size": 9, "line": {"color": "white", "width": 0.5}}
    if size:
        s = np.nan_to_num(numeric(d[size]), nan=0.0).clip(min=0)
        smax = s.max() if len(s) and s.max() > 0 else 1.0
        marker.update(size=s, sizemode="area", sizeref=2.0 * smax / 40.0**2, sizemin=3)
        tmpl += f"<br>{label(labels, size)}: %{{marker.size:,.0f}}"
    is_hl = codes == str(highlight) if highlight is not None else np.zeros(len(codes), dtype=bool)
    rest = ~is_hl
    m_rest = dict(marker)
    if size:
        m_rest["size"] = marker["size"][rest]
    fig = go.Figure(go.Scatter(
        x=xs[rest], y=ys[rest], mode="markers", customdata=codes[rest], text=names[rest], marker=m_rest,
        hovertemplate=tmpl + "<extra></extra>", showlegend=False, meta="regions", name="",
    ))
    if is_hl.any():
        m_hl = dict(marker, color=VERMILLION, opacity=1.0, line={"color": BLACK, "width": 1.5})
        m_hl["size"] = marker["size"][is_hl] * 1.5 if size else 16
        fig.add_trace(go.Scatter(
            x=xs[is_hl], y=ys[is_hl], mode="markers+text", customdata=codes[is_hl], text=names[is_hl],
            textposition="top center", textfont={"size": 14, "color": BLACK}, marker=m_hl,
            hovertemplate=tmpl + "<extra></extra>", showlegend=False, meta="highlight", name="",
        ))
    axis = {"gridcolor": LIGHT_GREY, "zeroline": True, "zerolinecolor": GREY, "automargin": True}
    fig.update_xaxes(title={"text": x_title, "font": {"size": 13, "color": MUTED}}, tickformat=fx, **axis)
    fig.update_yaxes(title={"text": y_title, "font": {"size": 13, "color": MUTED}}, tickformat=fy, **axis)
    for axis, spec, values in (("x", fx, xs), ("y", fy, ys)):
        if spec == WHOLE:  # a count: whole-number ticks
            count_ticks(fig, axis, float(np.min(values)), float(np.max(values)) * 1.05)
    fig.update_layout(hovermode="closest", showlegend=False)
    return finish(fig, meta, margin_l=90, axis_space=56, plot_height=360)
