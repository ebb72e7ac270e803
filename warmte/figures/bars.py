"""Bar charts: funnel, time in phase, mix, council classes, indicator shares, comparison and adoption."""

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
    VERMILLION,
    WHOLE,
    ChartMeta,
    bar_axes,
    bars_height,
    category_labels,
    count_ticks,
    finish,
    guess_format,
    is_empty,
    label,
    label_margin,
    label_row,
    labels_for,
    no_data_figure,
    numeric,
    sequential_colours,
)
from warmte.i18n import fmt_pct, fmt_spec
from warmte.model import STOPPED, UNKNOWN

# --- 4. Funnel --------------------------------------------------------------


def funnel_chart(
    counts: pd.DataFrame,
    conversion: pd.DataFrame,
    meta: ChartMeta,
    labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Initiatives per current phase, with the conversion between consecutive phases.

    ``counts``: columns ``phase``, ``initiatives`` in phase order (``gestopt``
    and ``onbekend`` are drawn grey, below a gap); ``conversion``: columns
    ``from_phase``, ``to_phase``, ``conversion`` (0..1 or NaN), annotated at
    the right between the two phases ("–" when NaN).

    Label keys: each phase code (display name), ``initiatives`` (x axis),
    ``conversion`` (template with ``{value}``), ``no_data``.
    """
    labels = labels_for(meta, labels)
    if is_empty(counts, ["phase", "initiatives"]) or not np.nansum(numeric(counts["initiatives"])) > 0:
        return no_data_figure(meta, labels)
    phases = counts["phase"].astype(str).tolist()
    n = numeric(counts["initiatives"])
    side = [p in (STOPPED, UNKNOWN) for p in phases]
    # Main phases at 0, 1, 2, ...; stopped/unknown after a gap.
    pos, y = 0.0, []
    for i, s in enumerate(side):
        if s and i > 0 and not side[i - 1]:
            pos += 0.6
        y.append(pos)
        pos += 1.0
    y = np.asarray(y)
    names = [label(labels, p) for p in phases]
    colours = [GREY if s else BLUE for s in side]
    fig = go.Figure(go.Bar(
        x=n, y=y, orientation="h", marker={"color": colours}, customdata=np.asarray(phases, dtype=object),
        text=names, texttemplate="%{x:,.0f}", textposition="outside", cliponaxis=False,
        hovertemplate="%{text}: %{x:,.0f}<extra></extra>", width=0.7,
    ))
    x_max = float(np.nanmax(n)) * 1.3
    if any(side) and not all(side):
        gap_y = (y[side.index(True) - 1] + y[side.index(True)]) / 2
        fig.add_shape(type="line", xref="paper", x0=0, x1=1, y0=gap_y, y1=gap_y,
                      line={"color": GREY, "width": 1, "dash": "dot"})
    if not is_empty(conversion, ["from_phase", "to_phase", "conversion"]):
        template = label(labels, "conversion")
        rates = {(str(a), str(b)): c for a, b, c in
                 zip(conversion["from_phase"], conversion["to_phase"], numeric(conversion["conversion"]), strict=True)}
        for i in range(len(phases) - 1):
            key = (phases[i], phases[i + 1])
            if side[i] or side[i + 1] or key not in rates:
                continue
            value = fmt_pct(rates[key], meta.lang, 0)
            fig.add_annotation(
                name="conversion", xref="paper", x=1, xanchor="right", yref="y", y=(y[i] + y[i + 1]) / 2,
                text=f"↓ {template.format(value=value)}", showarrow=False, font={"size": 12, "color": MUTED},
            )
    bar_axes(fig, label(labels, "initiatives"), ",.0f", x_max)
    ticks = category_labels(names)
    fig.update_yaxes(tickmode="array", tickvals=y, ticktext=ticks, range=[y.max() + 0.6, -0.6], autorange=False)
    return finish(fig, meta, margin_l=label_margin(ticks), axis_space=56,
                  plot_height=bars_height(int(math.ceil(y.max() + 1.2)), label_row(ticks)))


# --- 5. Time in phase -------------------------------------------------------


def time_in_phase_chart(
    time_df: pd.DataFrame,
    stall_months: float,
    meta: ChartMeta,
    labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Median months in each phase (bars) with the 90th percentile (marker) and the stall threshold.

    ``time_df``: columns ``phase``, ``n``, ``median_months``, ``p90_months``.

    Label keys: each phase code, ``median``, ``p90``, ``stall`` (legend entry of
    the line, template with ``{months}``), ``months_in_phase`` (x axis), ``no_data``.
    """
    labels = labels_for(meta, labels)
    cols = ["phase", "n", "median_months", "p90_months"]
    if is_empty(time_df, cols) or not (np.nan_to_num(numeric(time_df["n"])) > 0).any():
        return no_data_figure(meta, labels)
    phases = time_df["phase"].astype(str).tolist()
    names = category_labels([label(labels, p) for p in phases])
    median, p90, n = numeric(time_df["median_months"]), numeric(time_df["p90_months"]), numeric(time_df["n"])
    median_name, p90_name = label(labels, "median"), label(labels, "p90")
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=median, y=names, orientation="h", name=median_name, marker={"color": BLUE}, customdata=n,
        hovertemplate=f"%{{y}}<br>{median_name}: %{{x:,.1f}}<br>n = %{{customdata:,.0f}}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=p90, y=names, mode="markers", name=p90_name,
        marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": BLACK}, "color": BLACK},
        hovertemplate=f"%{{y}}<br>{p90_name}: %{{x:,.1f}}<extra></extra>",
    ))
    stall = float(stall_months) if stall_months is not None and np.isfinite(stall_months) else None
    finite = np.concatenate([median[np.isfinite(median)], p90[np.isfinite(p90)], [stall or 0.0]])
    x_max = float(finite.max()) * 1.15 if finite.max() > 0 else 1.0
    bar_axes(fig, label(labels, "months_in_phase"), ",.0f", x_max)
    if stall is not None:
        stall_text = label(labels, "stall").format(months=fmt_spec(stall, ",.1~f", meta.lang))
        fig.add_shape(name="stall", type="line", x0=stall, x1=stall, yref="paper", y0=0, y1=1,
                      line={"color": VERMILLION, "width": 2, "dash": "dash"})
        # The line's label: a legend entry drawn like the line.
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=stall_text, meta="stall",
                                 line={"color": VERMILLION, "width": 2, "dash": "dash"}, hoverinfo="skip"))
    fig.update_layout(showlegend=True, legend={"orientation": "h"}, barmode="overlay")
    return finish(fig, meta, margin_l=label_margin(names), axis_space=56, top_legend=True,
                  plot_height=bars_height(len(phases), label_row(names)))


# --- 6. Mix -----------------------------------------------------------------


def mix_chart(mix: pd.DataFrame, meta: ChartMeta, labels: Mapping[str, str] | None = None) -> go.Figure:
    """Initiatives per technology (or municipal role): bars with count and share.

    ``mix``: columns ``value`` (code), ``initiatives``, ``share`` (0..1), in
    the order shown (top to bottom); ``onbekend`` is grey.

    Label keys: each value code (display name), ``initiatives`` (x axis), ``no_data``.
    """
    labels = labels_for(meta, labels)
    if is_empty(mix, ["value", "initiatives", "share"]) or not np.nansum(numeric(mix["initiatives"])) > 0:
        return no_data_figure(meta, labels)
    codes = mix["value"].astype(str).tolist()
    names = category_labels([label(labels, c) for c in codes])
    n = numeric(mix["initiatives"])
    fig = go.Figure(go.Bar(
        x=n, y=names, orientation="h", customdata=numeric(mix["share"]),
        marker={"color": [GREY if c == UNKNOWN else BLUE for c in codes]},
        texttemplate="%{x:,.0f} (%{customdata:.0%})", textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:,.0f} (%{customdata:.1%})<extra></extra>",
    ))
    bar_axes(fig, label(labels, "initiatives"), ",.0f", float(np.nanmax(n)) * 1.3)
    return finish(fig, meta, margin_l=label_margin(names), axis_space=56,
                  plot_height=bars_height(len(codes), label_row(names)))


# --- 7. Council classes -----------------------------------------------------


def council_classes_chart(shares: pd.DataFrame, meta: ChartMeta, labels: Mapping[str, str] | None = None) -> go.Figure:
    """Share of councils per involvement class (laag, midden, hoog), one bar each.

    ``shares``: columns ``involvement_class``, ``councils``, ``share`` (0..1).

    Label keys: each class code (display name), ``share_of_councils`` (x axis), ``no_data``.
    """
    labels = labels_for(meta, labels)
    if (is_empty(shares, ["involvement_class", "councils", "share"])
            or not np.nansum(numeric(shares["councils"])) > 0):
        return no_data_figure(meta, labels)
    codes = shares["involvement_class"].astype(str).tolist()
    names = category_labels([label(labels, c) for c in codes])
    colours = sequential_colours(len(codes) + 1)[1:] if len(codes) > 1 else [BLUE]
    fig = go.Figure(go.Bar(
        x=numeric(shares["share"]), y=names, orientation="h", customdata=numeric(shares["councils"]),
        marker={"color": colours, "line": {"color": GREY, "width": 0.5}},
        texttemplate="%{x:.0%} (%{customdata:,.0f})", textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.1%} (%{customdata:,.0f})<extra></extra>",
    ))
    bar_axes(fig, label(labels, "share_of_councils"), ".0%", 1.18)
    return finish(fig, meta, margin_l=label_margin(names), axis_space=56,
                  plot_height=bars_height(len(codes), label_row(names, 45)))


# --- 8. Indicator shares ----------------------------------------------------


def indicator_shares_chart(
    shares: pd.DataFrame, meta: ChartMeta, labels: Mapping[str, str] | None = None
) -> go.Figure:
    """Share of councils meeting each involvement indicator.

    ``shares``: columns ``indicator`` (code), ``label`` (display text; a
    ``labels`` entry for the code overrides it), ``share`` (0..1).

    Label keys: indicator codes (optional), ``share_of_councils`` (x axis), ``no_data``.
    """
    labels = labels_for(meta, labels)
    if is_empty(shares, ["indicator", "label", "share"]) or not np.isfinite(numeric(shares["share"])).any():
        return no_data_figure(meta, labels)
    names = category_labels([labels[c] if c in labels else str(lbl)
                             for c, lbl in zip(shares["indicator"].astype(str), shares["label"], strict=True)])
    fig = go.Figure(go.Bar(
        x=numeric(shares["share"]), y=names, orientation="h", marker={"color": BLUE},
        customdata=shares["indicator"].astype(str).to_numpy(dtype=object),
        texttemplate="%{x:.0%}", textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.1%}<extra></extra>",
    ))
    bar_axes(fig, label(labels, "share_of_councils"), ".0%", 1.12)
    return finish(fig, meta, margin_l=label_margin(names), axis_space=56,
                  plot_height=bars_height(len(names), label_row(names)))


# --- 10. Comparison ---------------------------------------------------------


def comparison_chart(
    df: pd.DataFrame,
    value_column: str,
    highlight: str | None,
    meta: ChartMeta,
    labels: Mapping[str, str] | None = None,
    *,
    value_format: str | None = None,
) -> go.Figure:
    """Regions ranked by ``value_column`` (largest on top), the ``highlight`` code in blue, the rest grey.

    ``df``: columns ``code``, ``name``, ``value_column``; missing values are
    left out. Height grows with the number of bars. Format defaults by column
    name (".1%" for shares/progress, else ",.0f").

    Label keys: ``value_column`` itself (x axis), ``no_data``.
    """
    labels = labels_for(meta, labels)
    if is_empty(df, ["code", "name", value_column]):
        return no_data_figure(meta, labels)
    values = numeric(df[value_column])
    d = df.assign(_v=values)[np.isfinite(values)].sort_values("_v", ascending=False, kind="stable")
    if not len(d):
        return no_data_figure(meta, labels)
    spec = value_format or guess_format(value_column)
    codes = d["code"].astype(str).to_numpy(dtype=object)
    names = category_labels(d["name"].astype(str).tolist())
    v = d["_v"].to_numpy()
    is_hl = codes == str(highlight) if highlight is not None else np.zeros(len(codes), dtype=bool)
    fig = go.Figure(go.Bar(
        x=v, y=names, orientation="h", customdata=codes,
        marker={"color": np.where(is_hl, BLUE, "#b8b8b8").tolist()},
        texttemplate=f"%{{x:{spec}}}", textposition="outside", cliponaxis=False,
        hovertemplate=f"%{{y}}: %{{x:{spec}}}<extra></extra>",
    ))
    lo, hi = min(0.0, float(v.min())), max(0.0, float(v.max()))
    bar_axes(fig, label(labels, value_column), spec, None)
    fig.update_xaxes(range=[lo * 1.2, hi * 1.2 if hi > 0 else 1])
    if spec == WHOLE:
        count_ticks(fig, "x", lo * 1.2, hi * 1.2 if hi > 0 else 1)
    if is_hl.any():
        bold = [f"<b>{nm}</b>" if h else nm for nm, h in zip(names, is_hl, strict=True)]
        fig.update_yaxes(tickmode="array", tickvals=names, ticktext=bold)
    fig.update_layout(bargap=0.25)
    return finish(fig, meta, margin_l=label_margin(names), axis_space=56,
                  plot_height=bars_height(len(names), label_row(names, 22)))


# --- 11. Adoption -----------------------------------------------------------


def adoption_chart(df: pd.DataFrame, meta: ChartMeta, labels: Mapping[str, str] | None = None) -> go.Figure:
    """Councils with an adopted transitievisie warmte per snapshot year, against all councils.

    ``df``: columns ``year``, ``adopted``, ``total``. Adopted bars (blue,
    labelled "n (share)") in front of light-grey bars for all councils.

    Label keys: ``adopted``, ``all_councils``, ``councils`` (y axis), ``no_data``.
    """
    labels = labels_for(meta, labels)
    if is_empty(df, ["year", "adopted", "total"]) or not np.isfinite(numeric(df["adopted"])).any():
        return no_data_figure(meta, labels)
    d = df.sort_values("year")
    years = [str(int(y)) for y in numeric(d["year"])]
    adopted, total = numeric(d["adopted"]), numeric(d["total"])
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, adopted / total, np.nan)
    adopted_name, total_name = label(labels, "adopted"), label(labels, "all_councils")
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=years, y=total, name=total_name, marker={"color": LIGHT_GREY}, meta="total",
        hovertemplate=f"%{{x}}<br>{total_name}: %{{y:,.0f}}<extra></extra>",
    ))
    fig.add_trace(go.Bar(
        x=years, y=adopted, name=adopted_name, marker={"color": BLUE}, customdata=share, meta="adopted",
        texttemplate="%{y:,.0f} (%{customdata:.0%})", textposition="outside", cliponaxis=False,
        hovertemplate=f"%{{x}}<br>{adopted_name}: %{{y:,.0f}} (%{{customdata:.1%}})<extra></extra>",
        width=0.5,
    ))
    top = np.nanmax(np.concatenate([adopted, total]))
    fig.update_xaxes(type="category", showgrid=False)
    fig.update_yaxes(title={"text": label(labels, "councils"),
                            "font": {"size": 13, "color": MUTED}},
                     tickformat=WHOLE, gridcolor=LIGHT_GREY, range=[0, top * 1.15], automargin=True)
    count_ticks(fig, "y", 0.0, top * 1.15)
    fig.update_layout(barmode="overlay", legend={"orientation": "h", "traceorder": "reversed"}, showlegend=True)
    return finish(fig, meta, margin_l=80, axis_space=40, top_legend=True, plot_height=280)
