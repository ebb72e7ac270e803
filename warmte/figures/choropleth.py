"""The map: a binned (or categorical) choropleth of regions, with no base map and no network use.

Maps are drawn as filled ``go.Scatter`` polygons on hidden equal-aspect axes,
not with ``go.Choropleth``: plotly.js fetches a world topojson from
cdn.plot.ly for every geo trace that has a ``locationmode`` (``geojson-id``
included), even with ``geo.visible=False``, and draws nothing when offline.
Hover and selection on the map use invisible markers (``customdata`` = region
code): one inside each region plus a grid of points inside the regions, since
plotly's nearest-point hover with one marker per region names the wrong region
for about a quarter of the cursor positions at national scale; with the grid,
misses are limited to a few pixels from a border. The geometry work is in
:mod:`warmte.figures.mapgeo`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from warmte.figures.mapgeo import Rings
from warmte.figures.theme import (
    BLACK,
    CATEGORICAL,
    NO_DATA_COLOUR,
    ChartMeta,
    finish,
    guess_format,
    is_empty,
    label,
    labels_for,
    no_data_figure,
    numeric,
    sequential_colours,
)
from warmte.i18n import fmt_spec

# --- 3. Map -----------------------------------------------------------------


def bin_index(values, bins: Sequence[float]) -> np.ndarray:
    """Bin of each value for bin edges ``bins`` (ascending, at least two).

    There are ``len(bins) - 1`` bins; bin ``i`` holds ``bins[i] <= v < bins[i+1]``,
    so a value exactly on an inner edge goes in the *upper* bin. Values below
    the first edge go in the first bin, values at or above the last edge in
    the last bin (the outer edges only shape the labels). Missing values: -1.
    """
    edges = np.asarray(bins, dtype="float64")
    if edges.ndim != 1 or len(edges) < 2 or not np.all(np.diff(edges) > 0):
        raise ValueError(f"bins must be at least two ascending edges, got {list(bins)!r}")
    v = np.asarray(values, dtype="float64")
    out = np.searchsorted(edges[1:-1], v, side="right").astype("int64")
    out[~np.isfinite(v)] = -1
    return out


def _bin_labels(bins: Sequence[float], spec: str, lang: str) -> list[str]:
    f = [fmt_spec(b, spec, lang) for b in bins]
    n = len(bins) - 1
    if n == 1:
        return [f"{f[0]} – {f[1]}"]
    return [f"&lt; {f[1]}"] + [f"{f[i]} – {f[i + 1]}" for i in range(1, n - 1)] + [f"≥ {f[n - 1]}"]


def choropleth_map(
    table: pd.DataFrame,
    geojson: Mapping,
    value_column: str,
    bins: Sequence[float],
    meta: ChartMeta,
    labels: Mapping[str, str] | None = None,
    bin_labels: Sequence[str] | None = None,
    categorical: Mapping[str, str] | None = None,
    *,
    value_format: str | None = None,
    highlight: str | None = None,
    outline: Mapping | None = None,
    outline_name: str = "",
    height: int = 500,
    hover_points: int = 4000,
) -> go.Figure:
    """Binned choropleth of ``table[value_column]`` by region, with no base map and no network use.

    ``table``: columns ``code``, ``name``, ``value_column``. ``geojson``: a
    FeatureCollection whose feature ``id`` equals ``code``. Regions are drawn
    as filled ``go.Scatter`` polygons, one trace per bin (legend entry, in
    bin order, then "no data"), on hidden axes with equal aspect (lon/lat
    degrees are corrected for latitude). Hover and selection come from
    invisible markers with ``customdata`` = code, ``text`` = name and
    ``marker.color`` = value (numeric maps): exactly one per region inside it
    (traces with ``meta="regions"``, split into valued / no data), plus about
    ``hover_points`` on a grid inside the regions (``meta="hover"``) so that
    plotly's nearest-point hover and click name the region under the cursor
    (0 turns the grid off). Hovering a fill elsewhere shows its bin.

    ``bins``: ascending edges, see :func:`bin_index` (a value on an edge goes
    in the upper bin), or none at all when no region has a value (no legend
    entry but "no data"); :mod:`warmte.figures.mapbins` fits them to the
    values; colours from :func:`sequential_colours`. ``bin_labels`` override
    the legend texts ("< 10%", "10% – 20%", "≥ 20%" by default,
    formatted with ``value_format``, default by column name: ".1%" for
    shares/progress, else ",.0f"). ``categorical``: value -> label mapping
    (keys matched as given or as ``str(value)``); colours from
    :data:`CATEGORICAL` in mapping order; ``bins`` are then ignored. Missing
    or unmapped values are grey ("no data"). ``highlight``: a code outlined in black.
    ``outline``: a GeoJSON geometry (the selected region, of any level) drawn
    as a black line over the map (``meta="outline"``, named ``outline_name``).

    Label keys: ``value_column`` itself (name of the value: hover and legend
    title; without it ``value`` in the hover and no legend title), ``no_data``.
    """
    labels = labels_for(meta, labels)
    if is_empty(table, ["code", "name", value_column]) or not geojson:
        return no_data_figure(meta, labels, height=360)
    spec = value_format or guess_format(value_column)
    features = {str(f.get("id")): f.get("geometry") for f in geojson.get("features", []) if f.get("geometry")}
    df = table.drop_duplicates("code")
    df = df[df["code"].astype(str).isin(features)].reset_index(drop=True)
    if not len(df):
        return no_data_figure(meta, labels, height=360)
    codes = df["code"].astype(str).to_numpy()
    names = df["name"].astype(str).to_numpy()

    no_data = label(labels, "no_data")
    if categorical:
        keys = list(categorical)
        lookup = {k: i for i, k in enumerate(keys)}
        raw = df[value_column].tolist()
        klass = np.asarray([lookup.get(v, lookup.get(str(v), -1)) if not pd.isna(v) else -1 for v in raw]
                           if len(raw) else [], dtype="int64")
        classes = [str(categorical[k]) for k in keys]
        colours = [CATEGORICAL[i % len(CATEGORICAL)] for i in range(len(keys))]
        values = None
    elif not len(bins):  # nothing to bin (no value at all): every region is "no data", no empty legend entry
        values = numeric(df[value_column])
        klass = np.full(len(df), -1, dtype="int64")
        classes, colours = [], []
    else:
        values = numeric(df[value_column])
        klass = bin_index(values, bins)
        n_bins = len(bins) - 1
        classes = list(bin_labels) if bin_labels is not None else _bin_labels(bins, spec, meta.lang)
        if len(classes) != n_bins:
            raise ValueError(f"{n_bins} bins need {n_bins} bin_labels, got {len(classes)}")
        colours = sequential_colours(n_bins)

    rings = Rings([features[c] for c in codes])
    ring_class = klass[rings.region] if len(rings.region) else np.zeros(0, "int64")
    fig = go.Figure()
    legend_title = labels.get(value_column)
    value_name = legend_title or label(labels, "value")
    for i, (bin_label, colour) in enumerate([*zip(classes, colours, strict=True), (no_data, NO_DATA_COLOUR)]):
        k = i if i < len(classes) else -1
        mask = ring_class == k
        if k == -1 and not mask.any():
            continue
        x, y = rings.paths(mask)
        fig.add_trace(go.Scatter(
            x=x if len(x) else [None], y=y if len(y) else [None],
            mode="lines", fill="toself", fillcolor=colour, name=bin_label, meta=f"bin:{k}",
            line={"color": "white", "width": 0.6}, hoveron="fills", hoverinfo="text",
            text=f"{value_name}: {bin_label}" if value_name else bin_label,
            legendrank=i + 1,
        ))

    if len(rings.x):
        x0, x1 = float(np.nanmin(rings.x)), float(np.nanmax(rings.x))
        y0, y1 = float(np.nanmin(rings.y)), float(np.nanmax(rings.y))
    else:
        x0, x1, y0, y1 = 0.0, 1.0, 0.0, 1.0
    geographic = max(abs(x0), abs(x1)) <= 180 and max(abs(y0), abs(y1)) <= 90
    ratio = 1 / math.cos(math.radians((y0 + y1) / 2)) if geographic else 1.0

    def add_hover(px: np.ndarray, py: np.ndarray, region: np.ndarray, tag: str, visible_selection: bool) -> None:
        """Invisible markers carrying hover and selection: customdata = code, text = name."""
        keep = np.isfinite(px) & np.isfinite(py)
        px, py, region = px[keep], py[keep], region[keep]
        k = klass[region]
        for valued in (True, False):
            m = (k >= 0) if valued else (k < 0)
            if not m.any():
                continue
            extra: dict = {}
            if not valued:
                tmpl = f"<b>%{{text}}</b><br>{value_name}: {no_data}<extra></extra>"
            elif categorical:
                tmpl = "<b>%{text}</b><br>" + value_name + ": %{hovertext}<extra></extra>"
                extra["hovertext"] = np.asarray(classes, dtype=object)[k[m]]
            else:
                tmpl = "<b>%{text}</b><br>" + value_name + ": %{marker.color:" + spec + "}<extra></extra>"
            colour = values[region[m]] if (valued and values is not None) else BLACK
            shown = {"opacity": 1, "color": BLACK, "size": 9} if visible_selection else {"opacity": 0}
            fig.add_trace(go.Scatter(
                x=px[m], y=py[m], mode="markers", customdata=codes[region[m]], text=names[region[m]],
                meta=tag, name="", showlegend=False, hovertemplate=tmpl,
                marker={"size": 8, "opacity": 0, "color": colour},
                selected={"marker": shown}, unselected={"marker": {"opacity": 0}}, **extra,
            ))

    if hover_points > 0:
        gx, gy, gr = rings.interior_grid(hover_points, ratio)
        add_hover(gx, gy, gr, "hover", False)
    lx, ly = rings.label_points()
    add_hover(lx, ly, np.arange(len(codes)), "regions", True)

    if highlight is not None and str(highlight) in set(codes):
        r = int(np.flatnonzero(codes == str(highlight))[0])
        x, y = rings.paths(rings.region == r)
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", line={"color": BLACK, "width": 2.5},
                                 hoverinfo="skip", showlegend=False, meta="highlight", name=names[r]))

    if outline:
        around = Rings([outline])
        x, y = around.paths(np.ones(len(around.region), dtype=bool))
        if len(x):
            fig.add_trace(go.Scatter(x=x, y=y, mode="lines", line={"color": BLACK, "width": 2.5},
                                     hoverinfo="skip", showlegend=False, meta="outline", name=outline_name))

    pad_x, pad_y = (x1 - x0) * 0.02, (y1 - y0) * 0.02
    fig.update_xaxes(visible=False, range=[x0 - pad_x, x1 + pad_x], constrain="domain")
    fig.update_yaxes(visible=False, range=[y0 - pad_y, y1 + pad_y], scaleanchor="x", scaleratio=ratio,
                     constrain="domain")
    # The legend goes under the map, in rows, so that it never covers an area (on a phone the map fills the
    # width); the space under the plot is reserved for as many rows as a 390 px phone needs.
    shown = [*classes, *([no_data] if (klass < 0).any() else [])]
    fig.update_layout(
        hovermode="closest", dragmode="pan",
        legend={"orientation": "h", "x": 0, "y": 0, "xanchor": "left", "yanchor": "top",
                "yref": "paper", "bgcolor": "rgba(255,255,255,0)",
                "title": {"text": legend_title, "font": {"size": 13}, "side": "top"} if legend_title else None,
                "font": {"size": 13}, "traceorder": "normal"},
        showlegend=True,
    )
    aspect = (y1 - y0) * ratio / (x1 - x0) if x1 > x0 else 1.0
    plot_height = int(min(height, max(MIN_MAP_HEIGHT, aspect * height)))
    return finish(fig, meta, axis_space=legend_space(shown, bool(legend_title)), top_legend=False,
                  plot_height=plot_height)


#: The lowest plot area of a map in pixels (a wide region is drawn lower than the country, not smaller).
MIN_MAP_HEIGHT = 300
#: Width in pixels a phone (390 px) leaves for the legend, and the height of one legend row.
_PHONE_LEGEND_WIDTH = 300
_LEGEND_ROW_PX = 21


def legend_space(entries: Sequence[str], with_title: bool) -> int:
    """Pixels to reserve under a map for its legend in rows, as many as a 390 px phone needs.

    plotly lays a wrapping horizontal legend out in columns as wide as its widest entry.
    """
    if not entries:
        return 12 + (_LEGEND_ROW_PX if with_title else 0)
    widest = max(50 + 7.5 * len(e.replace("&lt;", "<")) for e in entries)  # swatch and gap, ~7.5 px a character
    per_row = max(1, int(_PHONE_LEGEND_WIDTH // widest))
    rows = math.ceil(len(entries) / per_row) + (1 if with_title else 0)
    return 12 + rows * _LEGEND_ROW_PX
