"""The theme every figure shares: palette, fonts, sizes, :class:`ChartMeta` and :func:`finish`.

:func:`finish` applies the theme and puts the title (stating the finding), the
active filters, the source line and, for illustrative data, a visible badge
*inside* the figure, so that screenshots and exports always carry them. Also
here: the "no data" figure and the small helpers the builders share (numbers
from a column, bar axes, margins, default formats).
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

from warmte.i18n import chart_labels, plotly_separators, t

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
#: The illustrative badge: a darkened vermillion on pale orange, 5.6:1 (WCAG AA asks 4.5:1 for 12 px text;
#: the palette's vermillion #D55E00 gives 3.6:1 there). The factsheet uses the same two colours.
BADGE_TEXT = "#A84300"
BADGE_BACKGROUND = "#FFF4E5"
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

# --- Meta and theme ---------------------------------------------------------


@dataclass(frozen=True)
class ChartMeta:
    """What every figure carries besides its data.

    ``title`` states the finding; ``source`` names source and date; ``subtitle``
    lists the active filters; ``illustrative`` adds a visible badge with
    ``illustrative_label`` (empty: the locale's ``illustrative_mark``);
    ``lang`` ("nl"/"en") sets number separators and, for a builder given no
    ``labels``, the language of its labels; ``permalink`` is printed small
    under the source when non-empty.
    """

    title: str
    source: str
    subtitle: str = ""
    illustrative: bool = False
    illustrative_label: str = ""
    lang: str = "nl"
    permalink: str = ""


# --- Labels -----------------------------------------------------------------
# The figures write no text of their own: the locales are the label table.


def labels_for(meta: ChartMeta, labels: Mapping[str, str] | None) -> Mapping[str, str]:
    """The labels a builder reads: the caller's, else :func:`warmte.i18n.chart_labels` in ``meta.lang``."""
    return chart_labels(meta.lang) if labels is None else labels


def label(labels: Mapping[str, str], key: str) -> str:
    """The text of ``key`` in ``labels``; the key itself when missing (visible, like :func:`warmte.i18n.t`).

    No defaults in code: every fixed key a builder reads exists in both locales
    (tests/test_i18n.py scans this package for the literal keys it passes here).
    """
    text = labels.get(key)
    return key if text is None else str(text)


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
            text=f"<b>{meta.illustrative_label or t('illustrative_mark', meta.lang)}</b>",
            xref="paper", yref="paper", x=1, y=1,
            xanchor="right", yanchor="top", yshift=top - _PAD + 2,
            showarrow=False,
            font={"size": 12, "color": BADGE_TEXT},
            bordercolor=BADGE_TEXT, borderwidth=1.5, borderpad=4, bgcolor=BADGE_BACKGROUND,
        )
    return fig


def no_data_figure(meta: ChartMeta, labels: Mapping[str, str] | None, height: int = 160) -> go.Figure:
    """A figure that says there is no data (instead of raising)."""
    labels = labels_for(meta, labels)
    fig = go.Figure()
    fig.add_annotation(
        name="no_data",
        text=label(labels, "no_data"),
        xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
        font={"size": 16, "color": MUTED},
    )
    fig.update_layout(showlegend=False)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return finish(fig, meta, axis_space=10, plot_height=height)


def is_empty(df: pd.DataFrame | None, columns: Sequence[str]) -> bool:
    return df is None or len(df) == 0 or any(c not in df.columns for c in columns)


def numeric(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def label_margin(texts: Sequence[str], minimum: int = 16) -> int:
    """Left margin (px) that fits the longest category label at 14px."""
    longest = max((len(str(t)) for t in texts), default=0)
    return max(minimum, int(longest * 7.2) + 20)


def guess_format(column: str) -> str:
    """d3 format for a column by its name: shares and progress as %, the rest as integers."""
    name = column.lower()
    if any(k in name for k in ("share", "progress", "conversion", "rate", "pct")):
        return ".1%"
    return ",.0f"


#: The d3 format of whole numbers (counts): an axis with it gets whole-number ticks (:func:`count_ticks`).
WHOLE = ",.0f"
#: At most this many intervals between the ticks of a count axis (fits a 390 px phone).
_MAX_COUNT_INTERVALS = 6


def count_step(span: float, max_intervals: int = _MAX_COUNT_INTERVALS) -> int:
    """The tick step of a count axis spanning ``span``: the smallest 1, 2 or 5 x 10^k, at least 1,
    with at most ``max_intervals`` steps in the span (3 -> 1, 10 -> 2, 25 -> 5, 1.7 million -> 500,000)."""
    need = max(1.0, float(span) / max_intervals) if math.isfinite(span) and span > 0 else 1.0
    exponent = 0
    while True:
        for m in (1, 2, 5):
            step = m * 10**exponent
            if step >= need - 1e-9:
                return step
        exponent += 1


def count_ticks(fig: go.Figure, axis: str, low: float, high: float) -> None:
    """Whole-number ticks on a count axis (``axis`` "x" or "y") showing ``low``..``high``.

    Plotly's automatic ticks put half-steps on a short range (0; 0.5; 1; ...), which a whole-number
    format prints as 0, 1, 1, 2, 2: here the ticks start at 0 and step by :func:`count_step`, at least 1.
    """
    top = max(0.0, float(high)) if math.isfinite(high) else 1.0
    span = top - (min(0.0, float(low)) if math.isfinite(low) else 0.0)
    spec = {"tickmode": "linear", "tick0": 0, "dtick": count_step(span), "tickformat": WHOLE}
    (fig.update_xaxes if axis == "x" else fig.update_yaxes)(**spec)


def bar_axes(fig: go.Figure, x_title: str, tickformat: str, x_max: float | None) -> None:
    fig.update_yaxes(autorange="reversed", automargin=True, showgrid=False, ticks="", title=None)
    x = {"title": {"text": x_title, "font": {"size": 13, "color": MUTED}}, "tickformat": tickformat,
         "showgrid": True, "gridcolor": LIGHT_GREY, "zeroline": True, "zerolinecolor": GREY,
         "automargin": False}
    if x_max is not None and x_max > 0:
        x["range"] = [0, x_max]
    fig.update_xaxes(**x)
    if tickformat == WHOLE and x_max is not None and x_max > 0:
        count_ticks(fig, "x", 0.0, x_max)
    fig.update_layout(bargap=0.3, showlegend=False)


def bars_height(n: int, row: int = _BAR_ROW) -> int:
    """Plot-area height (px) for ``n`` horizontal bars."""
    return max(90, n * row + 10)


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
