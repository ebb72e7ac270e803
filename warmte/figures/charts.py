"""Plotly figure builders: DataFrame in, ``go.Figure`` out.

Pure: no streamlit, no database, no I/O. One builder per chart; every builder
ends with :func:`finish`, which applies the shared theme and puts the title
(stating the finding), the active filters, the source line and, for
illustrative data, a visible badge *inside* the figure, so that screenshots and
exports always carry them.

Text: every user-visible string comes from the caller's ``labels`` mapping
(Dutch or English); missing keys fall back to English defaults. Numbers are
formatted by plotly with d3 formats (``",.0f"``, ``".1%"``) and the
``layout.separators`` set from ``ChartMeta.lang`` (nl: 1.500.000 and 11,2%).
The few numbers formatted in Python (annotations, bin labels) use :mod:`warmte.i18n`, the one formatter.

Maps are drawn as filled ``go.Scatter`` polygons on hidden equal-aspect axes,
not with ``go.Choropleth``: plotly.js fetches a world topojson from
cdn.plot.ly for every geo trace that has a ``locationmode`` (``geojson-id``
included), even with ``geo.visible=False``, and draws nothing when offline.
Hover and selection on the map use invisible markers (``customdata`` = region
code): one inside each region plus a grid of points inside the regions, since
plotly's nearest-point hover with one marker per region names the wrong region
for about a quarter of the cursor positions at national scale; with the grid,
misses are limited to a few pixels from a border.

In Streamlit show the figures with ``st.plotly_chart(fig, theme=None)`` so the
Streamlit theme does not override this one.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from warmte.i18n import fmt_pct, fmt_spec, plotly_separators
from warmte.model import STOPPED, UNKNOWN

__all__ = [
    "CATEGORICAL",
    "SEQUENTIAL",
    "NO_DATA_COLOUR",
    "ChartMeta",
    "adoption_chart",
    "bin_index",
    "choropleth_map",
    "comparison_chart",
    "council_classes_chart",
    "finish",
    "funnel_chart",
    "indicator_shares_chart",
    "mix_chart",
    "pace_chart",
    "scatter_chart",
    "sequential_colours",
    "time_in_phase_chart",
    "trajectory_chart",
]

# --- Palette ----------------------------------------------------------------

#: Okabe-Ito (colour-blind safe), blue first; the pale yellow last.
CATEGORICAL: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#000000",  # black
    "#F0E442",  # yellow
)
#: ColorBrewer YlGnBu (colour-blind safe, sequential), light to dark, without
#: its near-white first class.
SEQUENTIAL: tuple[str, ...] = (
    "#edf8b1",
    "#c7e9b4",
    "#7fcdbb",
    "#41b6c4",
    "#1d91c0",
    "#225ea8",
    "#253494",
    "#081d58",
)
NO_DATA_COLOUR = "#d9d9d9"

BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, BLACK = CATEGORICAL[:7]
GREY = "#999999"
LIGHT_GREY = "#e3e3e3"
TEXT = "#262730"
MUTED = "#5f6368"
# The first family must exist (or be aliased) on the viewer's system: plotly measures legend
# text with it, and an unavailable first family gives overlapping legend entries.
FONT_FAMILY = "Arial, Helvetica, Liberation Sans, sans-serif"

# --- Layout constants (pixels) -----------------------------------------------

_PAD = 12  # left/top padding of title and source line
_TITLE_SIZE = 18
_SUBTITLE_SIZE = 13
_SOURCE_SIZE = 11
_SOURCE_LINE = 14
_SOURCE_WRAP = 130  # characters per source line
_LEGEND_ROW = 30
_BAR_ROW = 34  # height per bar in horizontal bar charts

# --- Labels -----------------------------------------------------------------

#: English fallbacks for label keys and vocabulary codes.
_DEFAULTS: dict[str, str] = {
    "no_data": "No data",
    # trajectory
    "observed": "Observed",
    "required_path": "Required path",
    "trend": "Trend",
    "target": "Target 2030",
    "homes": "Gas-free homes",
    # pace
    "required": "Required",
    "actual": "Actual (trend)",
    "homes_per_year": "Homes per year",
    "unknown": "unknown",
    # funnel / phases
    "initiatives": "Initiatives",
    "conversion": "{value} moved on",
    "orientatie": "Orientation",
    "haalbaarheid": "Feasibility",
    "projectontwikkeling": "Project development",
    "realisatie": "Construction",
    "exploitatie": "Operation",
    "gestopt": "Stopped",
    "onbekend": "Unknown",
    # time in phase
    "median": "Median",
    "p90": "90th percentile",
    "months_in_phase": "Months in phase",
    "stall": "Stalled: more than {months} months",
    # mix
    "warmtenet": "Heat network",
    "hybride": "Hybrid",
    "all_electric": "All-electric",
    "groen_gas": "Green gas",
    "besparing": "Energy saving",
    "partner": "Partner",
    "supporter": "Supporter",
    "none": "None",
    # council
    "laag": "Low",
    "midden": "Middle",
    "hoog": "High",
    "share_of_councils": "Share of councils",
    "adopted": "Adopted",
    "all_councils": "All councils",
    "councils": "Councils",
    # map
    "value": "Value",
}


def _t(labels: Mapping[str, str] | None, key: str, default: str | None = None) -> str:
    """Text for ``key``: the caller's label, else the English default, else ``default`` or the key."""
    if labels and key in labels and labels[key] is not None:
        return str(labels[key])
    if key in _DEFAULTS:
        return _DEFAULTS[key]
    return key if default is None else default


# --- Meta and theme ---------------------------------------------------------


@dataclass(frozen=True)
class ChartMeta:
    """What every figure carries besides its data.

    ``title`` states the finding; ``source`` names source and date; ``subtitle``
    lists the active filters; ``illustrative`` adds a visible badge with
    ``illustrative_label``; ``lang`` ("nl"/"en") sets number separators;
    ``permalink`` is printed small under the source when non-empty.
    """

    title: str
    source: str
    subtitle: str = ""
    illustrative: bool = False
    illustrative_label: str = "Illustratieve data"
    lang: str = "nl"
    permalink: str = ""


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for part in str(text).split("<br>"):
        lines.extend(textwrap.wrap(part, width) or [""])
    return lines


def finish(
    fig: go.Figure,
    meta: ChartMeta,
    *,
    margin_l: int | None = None,
    axis_space: int = 40,
    top_legend: bool | None = None,
    plot_height: int | None = None,
) -> go.Figure:
    """Apply the theme, title, subtitle, source line, permalink and illustrative badge.

    ``margin_l``: left margin in pixels (builders with long category labels
    pass an estimate; y axes also use automargin). ``axis_space``: pixels
    below the plot area for the x axis (ticks and title), above the source.
    ``top_legend``: reserve a row under the title for a horizontal legend
    (default: when the figure's legend is horizontal and shown).
    ``plot_height``: height of the plot area in pixels; the figure height is
    then this plus the top and bottom margins (default: keep ``layout.height``).
    """
    if top_legend is None:
        top_legend = fig.layout.legend.orientation == "h" and fig.layout.showlegend is not False
    source_lines = _wrap(meta.source, _SOURCE_WRAP) if meta.source else []
    permalink_lines = [meta.permalink] if meta.permalink else []
    n_lines = len(source_lines) + len(permalink_lines)

    top = _PAD + _TITLE_SIZE + 8 + (_SUBTITLE_SIZE + 8 if meta.subtitle else 0) + (_LEGEND_ROW if top_legend else 0) + 8
    bottom = axis_space + n_lines * _SOURCE_LINE + 10
    left = 16 if margin_l is None else int(margin_l)

    title = {
        "text": f"<b>{meta.title}</b>",
        "x": 0,
        "xref": "container",
        "xanchor": "left",
        "y": 1,
        "yref": "container",
        "yanchor": "top",
        "pad": {"l": _PAD, "t": _PAD},
        "font": {"size": _TITLE_SIZE, "color": TEXT},
    }
    if meta.subtitle:
        title["subtitle"] = {"text": meta.subtitle, "font": {"size": _SUBTITLE_SIZE, "color": MUTED}}

    fig.update_layout(
        title=title,
        separators=plotly_separators(meta.lang),
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": FONT_FAMILY, "size": 14, "color": TEXT},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 13}},
        colorway=list(CATEGORICAL),
        margin={"l": left, "r": 40, "t": top, "b": bottom, "pad": 2},
    )
    if plot_height is not None:
        fig.update_layout(height=int(plot_height) + top + bottom)
    if top_legend:
        fig.update_layout(
            legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                    "bgcolor": "rgba(255,255,255,0)", "font": {"size": 13}}
        )

    source_text = "<br>".join(source_lines)
    if permalink_lines:
        link = f'<span style="font-size:{_SOURCE_SIZE - 1}px">{meta.permalink}</span>'
        source_text = f"{source_text}<br>{link}" if source_text else link
    if source_text:
        fig.add_annotation(
            name="source",
            text=source_text,
            xref="paper", yref="paper", x=0, y=0,
            xanchor="left", yanchor="bottom", align="left",
            xshift=-(left - _PAD), yshift=-(bottom - 8),
            showarrow=False,
            font={"size": _SOURCE_SIZE, "color": MUTED},
        )
    if meta.illustrative:
        fig.add_annotation(
            name="illustrative_badge",
            text=f"<b>{meta.illustrative_label}</b>",
            xref="paper", yref="paper", x=1, y=1,
            xanchor="right", yanchor="top", yshift=top - _PAD + 2,
            showarrow=False,
            font={"size": 12, "color": VERMILLION},
            bordercolor=VERMILLION, borderwidth=1.5, borderpad=4, bgcolor="#fff4e5",
        )
    return fig


def _no_data(meta: ChartMeta, labels: Mapping[str, str] | None, height: int = 160) -> go.Figure:
    """A figure that says there is no data (instead of raising)."""
    fig = go.Figure()
    fig.add_annotation(
        name="no_data",
        text=_t(labels, "no_data"),
        xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
        font={"size": 16, "color": MUTED},
    )
    fig.update_layout(showlegend=False)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return finish(fig, meta, axis_space=10, plot_height=height)


def _is_empty(df: pd.DataFrame | None, columns: Sequence[str]) -> bool:
    return df is None or len(df) == 0 or any(c not in df.columns for c in columns)


def _num(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _label_margin(texts: Sequence[str], minimum: int = 16) -> int:
    """Left margin (px) that fits the longest category label at 14px."""
    longest = max((len(str(t)) for t in texts), default=0)
    return max(minimum, int(longest * 7.2) + 20)


def _guess_format(column: str) -> str:
    """d3 format for a column by its name: shares and progress as %, the rest as integers."""
    name = column.lower()
    if any(k in name for k in ("share", "progress", "conversion", "rate", "pct")):
        return ".1%"
    return ",.0f"


def _bar_axes(fig: go.Figure, x_title: str, tickformat: str, x_max: float | None) -> None:
    fig.update_yaxes(autorange="reversed", automargin=True, showgrid=False, ticks="", title=None)
    x = {"title": {"text": x_title, "font": {"size": 13, "color": MUTED}}, "tickformat": tickformat,
         "showgrid": True, "gridcolor": LIGHT_GREY, "zeroline": True, "zerolinecolor": GREY,
         "automargin": False}
    if x_max is not None and x_max > 0:
        x["range"] = [0, x_max]
    fig.update_xaxes(**x)
    fig.update_layout(bargap=0.3, showlegend=False)


def _bars_height(n: int, row: int = _BAR_ROW) -> int:
    """Plot-area height (px) for ``n`` horizontal bars."""
    return max(90, n * row + 10)


# --- 1. Trajectory ----------------------------------------------------------


def trajectory_chart(traj: pd.DataFrame, meta: ChartMeta, labels: Mapping[str, str] | None = None) -> go.Figure:
    """Observed gas-free homes, the required path to the 2030 target, the trend and the target.

    ``traj``: columns ``year``, ``observed_homes`` (NaN where not observed),
    ``required_path``, ``trend``, ``target`` (value only at 2030), as from
    :func:`warmte.domain.progress.trajectory`.

    Label keys: ``observed``, ``required_path``, ``trend``, ``target``,
    ``homes`` (y axis), ``no_data``.
    """
    cols = ["year", "observed_homes", "required_path", "trend", "target"]
    if _is_empty(traj, cols) or not np.isfinite(_num(traj["observed_homes"])).any():
        return _no_data(meta, labels)
    df = traj.sort_values("year")
    years = _num(df["year"])
    fig = go.Figure()

    def line(column: str, name: str, colour: str, dash: str, mode: str = "lines") -> None:
        y = _num(df[column])
        keep = np.isfinite(y)
        if not keep.any():
            return
        fig.add_trace(go.Scatter(
            x=years[keep], y=y[keep], name=name, mode=mode, meta=column,
            line={"color": colour, "width": 2.5, "dash": dash}, marker={"size": 8, "color": colour},
            hovertemplate=f"{name}: %{{y:,.0f}}<extra></extra>",
        ))

    line("observed_homes", _t(labels, "observed"), BLUE, "solid", "lines+markers")
    line("required_path", _t(labels, "required_path"), VERMILLION, "dash")
    line("trend", _t(labels, "trend"), PURPLE, "dot")

    target = _num(df["target"])
    has_target = np.isfinite(target)
    if has_target.any():
        name = _t(labels, "target")
        fig.add_trace(go.Scatter(
            x=years[has_target], y=target[has_target], name=name, mode="markers+text", meta="target",
            marker={"symbol": "diamond", "size": 14, "color": BLACK, "line": {"color": "white", "width": 1}},
            text=[name] * int(has_target.sum()),
            texttemplate=f"{name}: %{{y:,.0f}}", textposition="top left",
            textfont={"size": 13, "color": BLACK},
            hovertemplate=f"{name}: %{{y:,.0f}}<extra></extra>",
        ))

    finite = np.concatenate([_num(df[c]) for c in cols[1:]])
    y_max = np.nanmax(finite[np.isfinite(finite)]) if np.isfinite(finite).any() else 1.0
    y_title = _t(labels, "homes")
    fig.update_yaxes(
        title={"text": y_title, "font": {"size": 13, "color": MUTED}}, tickformat=",.0f",
        range=[0, y_max * 1.15], gridcolor=LIGHT_GREY, zeroline=True, zerolinecolor=GREY, automargin=True,
    )
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

    if missing(required_per_year):
        return _no_data(meta, labels)
    names = [_t(labels, "required"), _t(labels, "actual")]
    values = [float(required_per_year), None if missing(actual_per_year) else float(actual_per_year)]
    fig = go.Figure(go.Bar(
        y=names, x=values, orientation="h", marker={"color": [VERMILLION, BLUE]},
        texttemplate="%{x:,.0f}", textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
    ))
    if values[1] is None:
        fig.add_annotation(name="unknown", x=0, y=names[1], xref="x", yref="y", xanchor="left",
                           text=_t(labels, "unknown"), showarrow=False, font={"color": MUTED})
    finite = [abs(v) for v in values if v is not None]
    lo = min([0.0] + [v for v in values if v is not None])
    _bar_axes(fig, _t(labels, "homes_per_year"), ",.0f", None)
    fig.update_xaxes(range=[lo * 1.25, max(finite) * 1.25 if max(finite) > 0 else 1])
    fig.update_layout(bargap=0.35)
    return finish(fig, meta, margin_l=_label_margin(names), axis_space=56, plot_height=_bars_height(2, 45))


# --- 3. Map -----------------------------------------------------------------


def sequential_colours(n: int) -> list[str]:
    """``n`` colours from :data:`SEQUENTIAL`, light to dark, spread evenly.

    For ``n <= len(SEQUENTIAL)``: ``SEQUENTIAL[round(i * (len - 1) / (n - 1))]``
    (n=1: the middle colour); more colours are interpolated.
    """
    if n <= 0:
        return []
    k = len(SEQUENTIAL)
    if n == 1:
        return [SEQUENTIAL[k // 2]]
    if n <= k:
        return [SEQUENTIAL[int(round(i * (k - 1) / (n - 1)))] for i in range(n)]
    scale = [[i / (k - 1), c] for i, c in enumerate(SEQUENTIAL)]
    return list(sample_colorscale(scale, [i / (n - 1) for i in range(n)], colortype="rgb"))


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


def _polygons(geometry: Mapping) -> list:
    kind = geometry.get("type") if geometry else None
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    if kind == "GeometryCollection":
        return [p for g in geometry.get("geometries", []) for p in _polygons(g)]
    return []


class _Rings:
    """All rings of the drawn regions as flat numpy arrays (vectorised geometry work)."""

    def __init__(self, geometries: list[Mapping]):
        arrays, region, hole = [], [], []
        for r, geometry in enumerate(geometries):
            for polygon in _polygons(geometry):
                for k, ring in enumerate(polygon):
                    a = np.asarray(ring, dtype="float64")
                    if a.ndim != 2 or len(a) < 3:
                        continue
                    arrays.append(a[:, :2])
                    region.append(r)
                    hole.append(k > 0)
        self.n_regions = len(geometries)
        self.region = np.asarray(region, dtype="int64")
        self.hole = np.asarray(hole, dtype=bool)
        self.length = np.asarray([len(a) for a in arrays], dtype="int64")
        self.start = (np.cumsum(self.length) - self.length).astype("int64")
        pts = np.concatenate(arrays) if arrays else np.zeros((0, 2))
        self.x, self.y = pts[:, 0].copy(), pts[:, 1].copy()
        self._orient()

    def _next(self) -> np.ndarray:
        """Index of the next vertex of the same ring (wrapping around)."""
        nxt = np.arange(1, len(self.x) + 1)
        if len(self.length):
            nxt[self.start + self.length - 1] = self.start
        return nxt

    def _cross(self):
        nxt = self._next()
        return nxt, self.x * self.y[nxt] - self.x[nxt] * self.y

    def _orient(self) -> None:
        """Exterior rings anticlockwise, holes clockwise, so a nonzero fill leaves holes open."""
        if not len(self.length):
            self.area = np.zeros(0)
            return
        _, cross = self._cross()
        area = np.add.reduceat(cross, self.start) / 2.0
        flip = np.where(self.hole, area > 0, area < 0)
        for s, n in zip(self.start[flip], self.length[flip], strict=True):
            self.x[s:s + n] = self.x[s:s + n][::-1]
            self.y[s:s + n] = self.y[s:s + n][::-1]
        self.area = np.abs(area)

    def label_points(self) -> tuple[np.ndarray, np.ndarray]:
        """A point inside each region (NaN when it has no rings).

        On the horizontal line through the area centroid of the region's
        largest exterior ring, the middle of the widest stretch inside the
        region (crossings of all its rings, even-odd, so never in a hole);
        falls back to the centroid.
        """
        px = np.full(self.n_regions, np.nan)
        py = np.full(self.n_regions, np.nan)
        if not len(self.length):
            return px, py
        nxt, cross = self._cross()
        rings = pd.DataFrame({"region": self.region, "area": self.area})
        main = rings[~self.hole].groupby("region")["area"].idxmax().to_numpy()
        signed = np.add.reduceat(cross, self.start) / 2.0
        cx_sum = np.add.reduceat((self.x + self.x[nxt]) * cross, self.start)
        cy_sum = np.add.reduceat((self.y + self.y[nxt]) * cross, self.start)
        with np.errstate(divide="ignore", invalid="ignore"):
            cx = np.where(signed != 0, cx_sum / (6 * signed), np.nan)
            cy = np.where(signed != 0, cy_sum / (6 * signed), np.nan)
        # Degenerate rings: mean of the vertices.
        cx = np.where(np.isfinite(cx), cx, np.add.reduceat(self.x, self.start) / self.length)
        cy = np.where(np.isfinite(cy), cy, np.add.reduceat(self.y, self.start) / self.length)
        regions = self.region[main]
        px[regions], py[regions] = cx[main], cy[main]

        # Scanline through that centroid, cut by every ring of the region.
        region_of_pt = np.repeat(self.region, self.length)
        line_y = py[region_of_pt]
        y0, y1 = self.y, self.y[nxt]
        hit = np.isfinite(line_y) & ((y0 <= line_y) != (y1 <= line_y))
        if hit.any():
            with np.errstate(divide="ignore", invalid="ignore"):
                xc = self.x + (line_y - y0) * (self.x[nxt] - self.x) / (y1 - y0)
            cuts = pd.DataFrame({"region": region_of_pt[hit], "x": xc[hit]}).sort_values(["region", "x"])
            cuts["k"] = cuts.groupby("region").cumcount()
            cuts["x_next"] = cuts.groupby("region")["x"].shift(-1)
            inside = cuts[(cuts["k"] % 2 == 0) & cuts["x_next"].notna()].copy()
            if len(inside):
                inside["width"] = inside["x_next"] - inside["x"]
                best = inside.loc[inside.groupby("region")["width"].idxmax()]
                r = best["region"].to_numpy()
                px[r] = ((best["x"] + best["x_next"]) / 2).to_numpy()
        return px, py

    def interior_grid(self, n_points: int, aspect: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """About ``n_points`` points on a regular grid inside the regions: x, y, region.

        Rows of the grid cut every region's rings; the crossings of one
        region on one row, sorted, pair up into the stretches inside it
        (even-odd rule, so holes stay empty). Each stretch gets the grid
        points that fall in it, or its middle when it is narrower than a
        cell. ``aspect``: screen width of one x unit per y unit (cells square
        on screen). With the points this dense, plotly's nearest-point hover
        names the region under the cursor.
        """
        empty = (np.zeros(0), np.zeros(0), np.zeros(0, "int64"))
        land = float(self.area[~self.hole].sum() - self.area[self.hole].sum()) if len(self.area) else 0.0
        if land <= 0 or n_points <= 0:
            return empty
        dy = math.sqrt(land / (n_points * aspect))
        dx = dy * aspect
        x_min, y_min = float(np.nanmin(self.x)), float(np.nanmin(self.y))
        nxt = self._next()
        y0, y1 = self.y, self.y[nxt]
        lo, hi = np.minimum(y0, y1), np.maximum(y0, y1)
        # Rows j at y_min + (j + 0.5) dy with lo <= y_j < hi (half-open: vertices count once).
        j_lo = np.ceil((lo - y_min) / dy - 0.5).astype("int64")
        j_hi = np.ceil((hi - y_min) / dy - 0.5).astype("int64")
        count = np.maximum(j_hi - j_lo, 0)
        total = int(count.sum())
        if total == 0:
            return empty
        edge = np.repeat(np.arange(len(self.x)), count)
        j = j_lo[edge] + (np.arange(total) - np.repeat(np.cumsum(count) - count, count))
        row_y = y_min + (j + 0.5) * dy
        e0, e1 = edge, nxt[edge]
        xc = self.x[e0] + (row_y - self.y[e0]) * (self.x[e1] - self.x[e0]) / (self.y[e1] - self.y[e0])
        region = np.repeat(self.region, self.length)[edge]
        order = np.lexsort((xc, j, region))
        region, j, xc, row_y = region[order], j[order], xc[order], row_y[order]
        new_group = np.r_[True, (region[1:] != region[:-1]) | (j[1:] != j[:-1])]
        group_start = np.flatnonzero(new_group)
        rank = np.arange(total) - np.repeat(group_start, np.diff(np.r_[group_start, total]))
        same_next = ~np.r_[new_group[1:], True]
        first = np.flatnonzero((rank % 2 == 0) & same_next)
        xa, xb, ry, rr = xc[first], xc[first + 1], row_y[first], region[first]
        k_lo = np.ceil((xa - x_min) / dx - 0.5).astype("int64")
        k_hi = np.floor((xb - x_min) / dx - 0.5).astype("int64")
        n = np.maximum(k_hi - k_lo + 1, 0)
        narrow = n == 0
        reps = np.where(narrow, 1, n)
        k = np.repeat(k_lo, reps) + (np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps))
        gx = np.where(np.repeat(narrow, reps), np.repeat((xa + xb) / 2, reps), x_min + (k + 0.5) * dx)
        return gx, np.repeat(ry, reps), np.repeat(rr, reps)

    def paths(self, ring_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """x, y of the selected rings, each followed by a NaN gap (float32: ~1 m precision, half the JSON)."""
        starts, lengths = self.start[ring_mask], self.length[ring_mask]
        if not len(starts):
            return np.zeros(0, "float32"), np.zeros(0, "float32")
        seg = lengths + 1
        ends = np.cumsum(seg)
        offsets = np.repeat(starts - (ends - seg), seg)
        idx = offsets + np.arange(ends[-1])
        gap = ends - 1
        idx[gap] = 0
        x, y = self.x[idx].astype("float32"), self.y[idx].astype("float32")
        x[gap] = np.nan
        y[gap] = np.nan
        return x, y


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
    height: int = 560,
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
    in the upper bin); colours from :func:`sequential_colours`. ``bin_labels``
    override the legend texts ("< 10%", "10% – 20%", "≥ 20%" by default,
    formatted with ``value_format``, default by column name: ".1%" for
    shares/progress, else ",.0f"). ``categorical``: value -> label mapping
    (keys matched as given or as ``str(value)``); colours from
    :data:`CATEGORICAL` in mapping order; ``bins`` are then ignored. Missing
    or unmapped values are grey ("no data"). ``highlight``: a code outlined in black.

    Label keys: ``value_column`` itself (name of the value: hover and legend
    title; default "Value" in the hover, no legend title), ``no_data``.
    """
    if _is_empty(table, ["code", "name", value_column]) or not geojson:
        return _no_data(meta, labels, height=360)
    spec = value_format or _guess_format(value_column)
    features = {str(f.get("id")): f.get("geometry") for f in geojson.get("features", []) if f.get("geometry")}
    df = table.drop_duplicates("code")
    df = df[df["code"].astype(str).isin(features)].reset_index(drop=True)
    if not len(df):
        return _no_data(meta, labels, height=360)
    codes = df["code"].astype(str).to_numpy()
    names = df["name"].astype(str).to_numpy()

    no_data = _t(labels, "no_data")
    if categorical:
        keys = list(categorical)
        lookup = {k: i for i, k in enumerate(keys)}
        raw = df[value_column].tolist()
        klass = np.asarray([lookup.get(v, lookup.get(str(v), -1)) if not pd.isna(v) else -1 for v in raw]
                           if len(raw) else [], dtype="int64")
        classes = [str(categorical[k]) for k in keys]
        colours = [CATEGORICAL[i % len(CATEGORICAL)] for i in range(len(keys))]
        values = None
    else:
        values = _num(df[value_column])
        klass = bin_index(values, bins)
        n_bins = len(bins) - 1
        classes = list(bin_labels) if bin_labels is not None else _bin_labels(bins, spec, meta.lang)
        if len(classes) != n_bins:
            raise ValueError(f"{n_bins} bins need {n_bins} bin_labels, got {len(classes)}")
        colours = sequential_colours(n_bins)

    rings = _Rings([features[c] for c in codes])
    ring_class = klass[rings.region] if len(rings.region) else np.zeros(0, "int64")
    fig = go.Figure()
    legend_title = labels.get(value_column) if labels else None
    value_name = legend_title or _t(None, "value")
    for i, (label, colour) in enumerate([*zip(classes, colours, strict=True), (no_data, NO_DATA_COLOUR)]):
        k = i if i < len(classes) else -1
        mask = ring_class == k
        if k == -1 and not mask.any():
            continue
        x, y = rings.paths(mask)
        fig.add_trace(go.Scatter(
            x=x if len(x) else [None], y=y if len(y) else [None],
            mode="lines", fill="toself", fillcolor=colour, name=label, meta=f"bin:{k}",
            line={"color": "white", "width": 0.6}, hoveron="fills", hoverinfo="text",
            text=f"{value_name}: {label}" if value_name else label,
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

    pad_x, pad_y = (x1 - x0) * 0.02, (y1 - y0) * 0.02
    fig.update_xaxes(visible=False, range=[x0 - pad_x, x1 + pad_x], constrain="domain")
    fig.update_yaxes(visible=False, range=[y0 - pad_y, y1 + pad_y], scaleanchor="x", scaleratio=ratio,
                     constrain="domain")
    fig.update_layout(
        hovermode="closest", dragmode="pan",
        legend={"x": 0, "y": 1, "xanchor": "left", "yanchor": "top", "bgcolor": "rgba(255,255,255,0.85)",
                "title": {"text": legend_title, "font": {"size": 13}} if legend_title else None,
                "font": {"size": 13},
                "traceorder": "normal"},
        showlegend=True,
    )
    return finish(fig, meta, axis_space=8, top_legend=False, plot_height=height)


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
    ``conversion`` (template with ``{value}``, default "{value} moved on"), ``no_data``.
    """
    if _is_empty(counts, ["phase", "initiatives"]) or not np.nansum(_num(counts["initiatives"])) > 0:
        return _no_data(meta, labels)
    phases = counts["phase"].astype(str).tolist()
    n = _num(counts["initiatives"])
    side = [p in (STOPPED, UNKNOWN) for p in phases]
    # Main phases at 0, 1, 2, ...; stopped/unknown after a gap.
    pos, y = 0.0, []
    for i, s in enumerate(side):
        if s and i > 0 and not side[i - 1]:
            pos += 0.6
        y.append(pos)
        pos += 1.0
    y = np.asarray(y)
    names = [_t(labels, p) for p in phases]
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
    if not _is_empty(conversion, ["from_phase", "to_phase", "conversion"]):
        template = _t(labels, "conversion")
        rates = {(str(a), str(b)): c for a, b, c in
                 zip(conversion["from_phase"], conversion["to_phase"], _num(conversion["conversion"]), strict=True)}
        for i in range(len(phases) - 1):
            key = (phases[i], phases[i + 1])
            if side[i] or side[i + 1] or key not in rates:
                continue
            value = fmt_pct(rates[key], meta.lang, 0)
            fig.add_annotation(
                name="conversion", xref="paper", x=1, xanchor="right", yref="y", y=(y[i] + y[i + 1]) / 2,
                text=f"↓ {template.format(value=value)}", showarrow=False, font={"size": 12, "color": MUTED},
            )
    _bar_axes(fig, _t(labels, "initiatives"), ",.0f", x_max)
    fig.update_yaxes(tickmode="array", tickvals=y, ticktext=names, range=[y.max() + 0.6, -0.6], autorange=False)
    return finish(fig, meta, margin_l=_label_margin(names), axis_space=56,
                  plot_height=_bars_height(int(math.ceil(y.max() + 1.2))))


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
    the line, template with ``{months}``, default "Stalled: more than {months}
    months"), ``months_in_phase`` (x axis), ``no_data``.
    """
    cols = ["phase", "n", "median_months", "p90_months"]
    if _is_empty(time_df, cols) or not (np.nan_to_num(_num(time_df["n"])) > 0).any():
        return _no_data(meta, labels)
    phases = time_df["phase"].astype(str).tolist()
    names = [_t(labels, p) for p in phases]
    median, p90, n = _num(time_df["median_months"]), _num(time_df["p90_months"]), _num(time_df["n"])
    median_name, p90_name = _t(labels, "median"), _t(labels, "p90")
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
    _bar_axes(fig, _t(labels, "months_in_phase"), ",.0f", x_max)
    if stall is not None:
        stall_text = _t(labels, "stall").format(months=fmt_spec(stall, ",.1~f", meta.lang))
        fig.add_shape(name="stall", type="line", x0=stall, x1=stall, yref="paper", y0=0, y1=1,
                      line={"color": VERMILLION, "width": 2, "dash": "dash"})
        # The line's label: a legend entry drawn like the line.
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=stall_text, meta="stall",
                                 line={"color": VERMILLION, "width": 2, "dash": "dash"}, hoverinfo="skip"))
    fig.update_layout(showlegend=True, legend={"orientation": "h"}, barmode="overlay")
    return finish(fig, meta, margin_l=_label_margin(names), axis_space=56, top_legend=True,
                  plot_height=_bars_height(len(phases)))


# --- 6. Mix -----------------------------------------------------------------


def mix_chart(mix: pd.DataFrame, meta: ChartMeta, labels: Mapping[str, str] | None = None) -> go.Figure:
    """Initiatives per technology (or municipal role): bars with count and share.

    ``mix``: columns ``value`` (code), ``initiatives``, ``share`` (0..1), in
    the order shown (top to bottom); ``onbekend`` is grey.

    Label keys: each value code (display name), ``initiatives`` (x axis), ``no_data``.
    """
    if _is_empty(mix, ["value", "initiatives", "share"]) or not np.nansum(_num(mix["initiatives"])) > 0:
        return _no_data(meta, labels)
    codes = mix["value"].astype(str).tolist()
    names = [_t(labels, c) for c in codes]
    n = _num(mix["initiatives"])
    fig = go.Figure(go.Bar(
        x=n, y=names, orientation="h", customdata=_num(mix["share"]),
        marker={"color": [GREY if c == UNKNOWN else BLUE for c in codes]},
        texttemplate="%{x:,.0f} (%{customdata:.0%})", textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:,.0f} (%{customdata:.1%})<extra></extra>",
    ))
    _bar_axes(fig, _t(labels, "initiatives"), ",.0f", float(np.nanmax(n)) * 1.3)
    return finish(fig, meta, margin_l=_label_margin(names), axis_space=56, plot_height=_bars_height(len(codes)))


# --- 7. Council classes -----------------------------------------------------


def council_classes_chart(shares: pd.DataFrame, meta: ChartMeta, labels: Mapping[str, str] | None = None) -> go.Figure:
    """Share of councils per involvement class (laag, midden, hoog), one bar each.

    ``shares``: columns ``involvement_class``, ``councils``, ``share`` (0..1).

    Label keys: each class code (display name), ``share_of_councils`` (x axis), ``no_data``.
    """
    if (_is_empty(shares, ["involvement_class", "councils", "share"])
            or not np.nansum(_num(shares["councils"])) > 0):
        return _no_data(meta, labels)
    codes = shares["involvement_class"].astype(str).tolist()
    names = [_t(labels, c) for c in codes]
    colours = sequential_colours(len(codes) + 1)[1:] if len(codes) > 1 else [BLUE]
    fig = go.Figure(go.Bar(
        x=_num(shares["share"]), y=names, orientation="h", customdata=_num(shares["councils"]),
        marker={"color": colours, "line": {"color": GREY, "width": 0.5}},
        texttemplate="%{x:.0%} (%{customdata:,.0f})", textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.1%} (%{customdata:,.0f})<extra></extra>",
    ))
    _bar_axes(fig, _t(labels, "share_of_councils"), ".0%", 1.18)
    return finish(fig, meta, margin_l=_label_margin(names), axis_space=56, plot_height=_bars_height(len(codes), 45))


# --- 8. Indicator shares ----------------------------------------------------


def indicator_shares_chart(
    shares: pd.DataFrame, meta: ChartMeta, labels: Mapping[str, str] | None = None
) -> go.Figure:
    """Share of councils meeting each involvement indicator.

    ``shares``: columns ``indicator`` (code), ``label`` (display text; a
    ``labels`` entry for the code overrides it), ``share`` (0..1).

    Label keys: indicator codes (optional), ``share_of_councils`` (x axis), ``no_data``.
    """
    if _is_empty(shares, ["indicator", "label", "share"]) or not np.isfinite(_num(shares["share"])).any():
        return _no_data(meta, labels)
    names = [labels[c] if labels and c in labels else str(lbl)
             for c, lbl in zip(shares["indicator"].astype(str), shares["label"], strict=True)]
    fig = go.Figure(go.Bar(
        x=_num(shares["share"]), y=names, orientation="h", marker={"color": BLUE},
        customdata=shares["indicator"].astype(str).to_numpy(dtype=object),
        texttemplate="%{x:.0%}", textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.1%}<extra></extra>",
    ))
    _bar_axes(fig, _t(labels, "share_of_councils"), ".0%", 1.12)
    return finish(fig, meta, margin_l=_label_margin(names), axis_space=56, plot_height=_bars_height(len(names)))


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
    hover; default the column names), ``no_data``.
    """
    need = ["code", "name", x, y] + ([size] if size else [])
    if _is_empty(df, need):
        return _no_data(meta, labels)
    xs, ys = _num(df[x]), _num(df[y])
    keep = np.isfinite(xs) & np.isfinite(ys)
    if not keep.any():
        return _no_data(meta, labels)
    d = df[keep]
    xs, ys = xs[keep], ys[keep]
    codes = d["code"].astype(str).to_numpy(dtype=object)
    names = d["name"].astype(str).to_numpy(dtype=object)
    fx, fy = x_format or _guess_format(x), y_format or _guess_format(y)
    x_title, y_title = _t(labels, x, x), _t(labels, y, y)
    tmpl = f"<b>%{{text}}</b><br>{x_title}: %{{x:{fx}}}<br>{y_title}: %{{y:{fy}}}"
    marker: dict = {"color": BLUE, "opacity": 0.6, "size": 9, "line": {"color": "white", "width": 0.5}}
    if size:
        s = np.nan_to_num(_num(d[size]), nan=0.0).clip(min=0)
        smax = s.max() if len(s) and s.max() > 0 else 1.0
        marker.update(size=s, sizemode="area", sizeref=2.0 * smax / 40.0**2, sizemin=3)
        tmpl += f"<br>{_t(labels, 'size', size)}: %{{marker.size:,.0f}}"
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
    fig.update_layout(hovermode="closest", showlegend=False)
    return finish(fig, meta, margin_l=90, axis_space=56, plot_height=360)


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

    Label keys: ``value_column`` itself (x axis; default the column name), ``no_data``.
    """
    if _is_empty(df, ["code", "name", value_column]):
        return _no_data(meta, labels)
    values = _num(df[value_column])
    d = df.assign(_v=values)[np.isfinite(values)].sort_values("_v", ascending=False, kind="stable")
    if not len(d):
        return _no_data(meta, labels)
    spec = value_format or _guess_format(value_column)
    codes = d["code"].astype(str).to_numpy(dtype=object)
    names = d["name"].astype(str).tolist()
    v = d["_v"].to_numpy()
    is_hl = codes == str(highlight) if highlight is not None else np.zeros(len(codes), dtype=bool)
    fig = go.Figure(go.Bar(
        x=v, y=names, orientation="h", customdata=codes,
        marker={"color": np.where(is_hl, BLUE, "#b8b8b8").tolist()},
        texttemplate=f"%{{x:{spec}}}", textposition="outside", cliponaxis=False,
        hovertemplate=f"%{{y}}: %{{x:{spec}}}<extra></extra>",
    ))
    lo, hi = min(0.0, float(v.min())), max(0.0, float(v.max()))
    _bar_axes(fig, _t(labels, value_column, value_column), spec, None)
    fig.update_xaxes(range=[lo * 1.2, hi * 1.2 if hi > 0 else 1])
    if is_hl.any():
        bold = [f"<b>{nm}</b>" if h else nm for nm, h in zip(names, is_hl, strict=True)]
        fig.update_yaxes(tickmode="array", tickvals=names, ticktext=bold)
    fig.update_layout(bargap=0.25)
    return finish(fig, meta, margin_l=_label_margin(names), axis_space=56, plot_height=_bars_height(len(names), 22))


# --- 11. Adoption -----------------------------------------------------------


def adoption_chart(df: pd.DataFrame, meta: ChartMeta, labels: Mapping[str, str] | None = None) -> go.Figure:
    """Councils with an adopted transitievisie warmte per snapshot year, against all councils.

    ``df``: columns ``year``, ``adopted``, ``total``. Adopted bars (blue,
    labelled "n (share)") in front of light-grey bars for all councils.

    Label keys: ``adopted``, ``all_councils``, ``councils`` (y axis), ``no_data``.
    """
    if _is_empty(df, ["year", "adopted", "total"]) or not np.isfinite(_num(df["adopted"])).any():
        return _no_data(meta, labels)
    d = df.sort_values("year")
    years = [str(int(y)) for y in _num(d["year"])]
    adopted, total = _num(d["adopted"]), _num(d["total"])
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, adopted / total, np.nan)
    adopted_name, total_name = _t(labels, "adopted"), _t(labels, "all_councils")
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
    fig.update_yaxes(title={"text": _t(labels, "councils"),
                            "font": {"size": 13, "color": MUTED}},
                     tickformat=",.0f", gridcolor=LIGHT_GREY, range=[0, top * 1.15], automargin=True)
    fig.update_layout(barmode="overlay", legend={"orientation": "h", "traceorder": "reversed"}, showlegend=True)
    return finish(fig, meta, margin_l=80, axis_space=40, top_legend=True, plot_height=280)
