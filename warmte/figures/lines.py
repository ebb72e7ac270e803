"""Line and pace charts: the trajectory to the 2030 target and the required versus actual pace."""

from __future__ import annotations

import math
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
    PURPLE,
    VERMILLION,
    WHOLE,
    ChartMeta,
    bar_axes,
    bars_height,
    count_ticks,
    finish,
    is_empty,
    label,
    label_margin,
    labels_for,
    no_data_figure,
    numeric,
)

# --- 1. Trajectory ----------------------------------------------------------


def trajectory_chart(traj: pd.DataFrame, meta: ChartMeta, labels: Mapping[str, str] | None = None) -> go.Figure:
    """Observed gas-free homes, the required path to the 2030 target, the trend and the target.

    ``traj``: columns ``year``, ``observed_homes`` (NaN where not observed),
    ``required_path``, ``trend``, ``target`` (value only at 2030), as from
    :func:`warmte.domain.progress.trajectory`.

    Label keys: ``observed``, ``required_path``, ``trend``, ``target``,
    ``homes`` (y axis), ``no_data``.
    """
    labels = labels_for(meta, labels)
    cols = ["year", "observed_homes", "required_path", "trend", "target"]
    if is_empty(traj, cols) or not np.isfinite(numeric(traj["observed_homes"])).any():
        return no_data_figure(meta, labels)
    df = traj.sort_values("year")
    years = numeric(df["year"])
    fig = go.Figure()

    def line(column: str, name: str, colour: str, dash: str, mode: str = "lines") -> None:
        y = numeric(df[column])
        keep = np.isfinite(y)
        if not keep.any():
            return
        fig.add_trace(go.Scatter(
            x=years[keep], y=y[keep], name=name, mode=mode, meta=column,
            line={"color": colour, "width": 2.5, "dash": dash}, marker={"size": 8, "color": colour},
            hovertemplate=f"{name}: %{{y:,.0f}}<extra></extra>",
        ))

    line("observed_homes", label(labels, "observed"), BLUE, "solid", "lines+markers")
    line("required_path", label(labels, "required_path"), VERMILLION, "dash")
    line("trend", label(labels, "trend"), PURPLE, "dot")

    target = numeric(df["target"])
    has_target = np.isfinite(target)
    if has_target.any():
        name = label(labels, "target")
        fig.add_trace(go.Scatter(
            x=years[has_target], y=target[has_target], name=name, mode="markers+text", meta="target",
            marker={"symbol": "diamond", "size": 14, "color": BLACK, "line": {"color": "white", "width": 1}},
            text=[name] * int(has_target.sum()),
            texttemplate=f"{name}: %{{y:,.0f}}", textposition="top left",
            textfont={"size": 13, "color": BLACK},
            hovertemplate=f"{name}: %{{y:,.0f}}<extra></extra>",
        ))

    finite = np.concatenate([numeric(df[c]) for c in cols[1:]])
    y_max = np.nanmax(finite[np.isfinite(finite)]) if np.isfinite(finite).any() else 1.0
    y_title = label(labels, "homes")
    fig.update_yaxes(
        title={"text": y_title, "font": {"size": 13, "color": MUTED}}, tickformat=",.0f",
        range=[0, y_max * 1.15], gridcolor=LIGHT_GREY, zeroline=True, zerolinecolor=GREY, automargin=True,
    )
    count_ticks(fig, "y", 0.0, y_max * 1.15)
    fig.update_xaxes(
        tickformat="d", showgrid=False,
        range=[years.min() - 0.5, years.max() + 0.5], ticks="outside", tickcolor=GREY,
    )
    fig.update_layout(hovermode="x unified", legend={"orientation": "h"}, showlegend=True)
    return finish(fig, meta, margin_l=100, axis_space=40, top_legend=True, plot_height=320)


# --- 2. Pace ----------------------------------------------------------------


def pace_chart(
    required_per_year: float | None,
    actual_per_year: float | None,
    meta: ChartMeta,
    labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Required versus actual homes per year, as two horizontal bars with values.

    ``actual_per_year`` None/NaN shows the text ``unknown`` instead of a bar.

    Label keys: ``required``, ``actual``, ``unknown``, ``homes_per_year`` (x axis), ``no_data``.
    """
    def missing(v) -> bool:
        try:
            return v is None or not math.isfinite(float(v))
        except (TypeError, ValueError):
            return True

    labels = labels_for(meta, labels)
    if missing(required_per_year):
        return no_data_figure(meta, labels)
    names = [label(labels, "required"), label(labels, "actual")]
    values = [float(required_per_year), None if missing(actual_per_year) else float(actual_per_year)]
    fig = go.Figure(go.Bar(
        y=names, x=values, orientation="h", marker={"color": [VERMILLION, BLUE]},
        texttemplate="%{x:,.0f}", textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
    ))
    if values[1] is None:
        fig.add_annotation(name="unknown", x=0, y=names[1], xref="x", yref="y", xanchor="left",
                           text=label(labels, "unknown"), showarrow=False, font={"color": MUTED})
    finite = [abs(v) for v in values if v is not None]
    lo = min([0.0] + [v for v in values if v is not None])
    bar_axes(fig, label(labels, "homes_per_year"), WHOLE, None)
    hi = max(finite) * 1.25 if max(finite) > 0 else 1
    fig.update_xaxes(range=[lo * 1.25, hi])
    count_ticks(fig, "x", lo * 1.25, hi)
    fig.update_layout(bargap=0.35)
    return finish(fig, meta, margin_l=label_margin(names), axis_space=56, plot_height=bars_height(2, 45))
