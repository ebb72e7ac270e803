"""The theme every figure shares: palette, fonts, sizes, :class:`ChartMeta` and :func:`finish`.

:func:`finish` applies the theme and puts the title (stating the finding), the
active filters, the source line and, for illustrative data, a visible badge
*inside* the figure, so that screenshots and exports always carry them. Also
here: the "no data" figure and the small helpers the builders share (numbers
from a column, bar axes, margins, default formats).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from warmte.figures.text import PHONE_WIDTH, legend_rows, line_height, text_width, wrap
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
_STRIP = 28  # the first row: the illustrative badge (left) and room for the chart toolbar (right)
_GAP = 6
_MULTILINE_SHIFT = 12
_FINISH = "warmte_finish"  # key of finish()'s arguments in layout.meta
_RIGHT = 24  # right margin: room for half the last tick label
_TITLE_SIZE = 17
_SUBTITLE_SIZE = 13
_SOURCE_SIZE = 11
_SOURCE_LINE = 14
_LEGEND_SIZE = 13
_LEGEND_ROW = 24
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


def finish(
    fig: go.Figure,
    meta: ChartMeta,
    *,
    margin_l: int | None = None,
    axis_space: int = 40,
    top_legend: bool | None = None,
    plot_height: int | None = None,
    width: int = PHONE_WIDTH,
) -> go.Figure:
    """Apply the theme, title, subtitle, source line, permalink and illustrative badge.

    ``margin_l``: left margin in pixels (builders with long category labels
    pass an estimate; y axes also use automargin). ``axis_space``: pixels
    below the plot area for the x axis (ticks and title), above the source.
    ``top_legend``: reserve rows under the subtitle for a horizontal legend
    (default: when the figure's legend is horizontal and shown).
    ``plot_height``: height of the plot area in pixels; the figure height is
    then this plus the top and bottom margins (default: keep ``layout.height``).
    ``width``: the narrowest width (px) the figure is shown at (default a 390 px phone): title, subtitle
    and source line are broken into lines that fit it, and the legend gets the rows it needs there.

    From the top: a strip with the illustrative badge at the left (and room for the chart toolbar at the
    right, so it covers no text), the title, the subtitle, the legend, the plot, the x axis, the source.
    """
    if top_legend is None:
        top_legend = fig.layout.legend.orientation == "h" and fig.layout.showlegend is not False
    # Kept in the figure so that an export of known width can lay the texts out again (:func:`refit`).
    stored = asdict(meta)
    if not meta.illustrative:  # no "illustrative" text anywhere in a figure of measured data, not even unused
        stored["illustrative_label"] = ""
    fig.update_layout(meta={_FINISH: {"meta": stored, "margin_l": margin_l, "axis_space": axis_space,
                                      "top_legend": bool(top_legend), "plot_height": plot_height}})
    room = max(120, int(width) - 2 * _PAD)  # text width
    title_lines = wrap(meta.title, _TITLE_SIZE, room, bold=True)
    sub_lines = wrap(meta.subtitle, _SUBTITLE_SIZE, room) if meta.subtitle else []
    source_lines = wrap(meta.source, _SOURCE_SIZE, room) if meta.source else []
    source_lines += wrap(meta.permalink, _SOURCE_SIZE, room) if meta.permalink else []
    legend_names = [str(tr.name) for tr in fig.data if tr.name and tr.showlegend is not False]
    left = 16 if margin_l is None else int(margin_l)
    plot_w = max(100, int(width) - left - _RIGHT)  # the legend starts at the plot's left edge
    n_legend = legend_rows(legend_names, _LEGEND_SIZE, plot_w) if top_legend else 0

    title_h = len(title_lines) * line_height(_TITLE_SIZE)
    sub_h = len(sub_lines) * line_height(_SUBTITLE_SIZE) + (_GAP if sub_lines else 0)
    top = _PAD + _STRIP + title_h + sub_h + n_legend * _LEGEND_ROW + 2 * _GAP
    bottom = axis_space + len(source_lines) * _SOURCE_LINE + 10

    title = {
        "text": "<b>" + "<br>".join(title_lines) + "</b>",
        "x": 0,
        "xref": "container",
        "xanchor": "left",
        "y": 1,
        "yref": "container",
        "yanchor": "top",
        # plotly draws a title of two or more lines 12 px higher than its pad says (measured, plotly.js 3)
        "pad": {"l": _PAD, "t": _PAD + _STRIP + (_MULTILINE_SHIFT if len(title_lines) > 1 else 0)},
        "font": {"size": _TITLE_SIZE, "color": TEXT},
    }
    if sub_lines:
        title["subtitle"] = {"text": "<br>".join(sub_lines), "font": {"size": _SUBTITLE_SIZE, "color": MUTED}}

    fig.update_layout(
        title=title,
        separators=plotly_separators(meta.lang),
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": FONT_FAMILY, "size": 14, "color": TEXT},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 13}},
        colorway=list(CATEGORICAL),
        margin={"l": left, "r": _RIGHT, "t": top, "b": bottom, "pad": 2},
    )
    if plot_height is not None:
        fig.update_layout(height=int(plot_height) + top + bottom)
    if top_legend:
        fig.update_layout(
            legend={"orientation": "h", "x": 0, "xanchor": "left",
                    "y": 1.0, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0)",
                    "font": {"size": _LEGEND_SIZE}}
        )

    if source_lines:
        fig.add_annotation(
            name="source",
            text="<br>".join(source_lines),
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
            xref="paper", yref="paper", x=0, y=1,
            xanchor="left", yanchor="top", xshift=-(left - _PAD) + 2, yshift=top - _PAD + 2,
            showarrow=False,
            font={"size": 12, "color": BADGE_TEXT},
            bordercolor=BADGE_TEXT, borderwidth=1.5, borderpad=3, bgcolor=BADGE_BACKGROUND,
        )
    return fig


def refit(fig: go.Figure, width: int, *, bare: bool = False) -> go.Figure:
    """A copy of a finished figure with its title, subtitle, legend rows and source laid out for ``width`` px.

    Exports know their width: a 1000 px PNG gets full-width lines instead of a phone's. ``bare``: without
    title, subtitle, badge and source, for a document that prints them itself (the factsheet); such a copy
    is final (not laid out again). A figure that :func:`finish` did not make is returned as it is.
    """
    kept = fig.layout.meta if isinstance(fig.layout.meta, dict) else None
    if not kept or _FINISH not in kept:
        return fig
    args = dict(kept[_FINISH])
    out = go.Figure(fig)
    out.layout.annotations = [a for a in out.layout.annotations if a.name not in ("source", "illustrative_badge")]
    meta = ChartMeta(**args.pop("meta"))
    if bare:
        meta = replace(meta, title="", subtitle="", source="", permalink="", illustrative=False)
    out = finish(out, meta, width=int(width), **args)
    if bare:
        out.layout.meta = None
        out.update_layout(title_text="", title_subtitle_text="")
        top = _GAP + (legend_rows([str(tr.name) for tr in out.data if tr.name and tr.showlegend is not False],
                                  _LEGEND_SIZE, max(100, int(width) - out.layout.margin.l - _RIGHT)) * _LEGEND_ROW
                      if args["top_legend"] else 0)
        out.update_layout(margin={"t": top + _GAP, "b": args["axis_space"] + 4})
    return out


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


#: Category labels of bar charts break into lines of at most this many pixels (14 px text): about 40% of a
#: chart on a phone, so that the bars keep room.
LABEL_WIDTH = 140
_LABEL_SIZE = 14


def category_labels(names: Sequence[str]) -> list[str]:
    """Category labels broken into lines ("<br>") of at most :data:`LABEL_WIDTH` px."""
    return ["<br>".join(wrap(str(n), _LABEL_SIZE, LABEL_WIDTH)) for n in names]


def label_margin(texts: Sequence[str], minimum: int = 16) -> int:
    """Left margin (px) that fits the longest line of the category labels at 14 px."""
    longest = max((text_width(line, _LABEL_SIZE) for x in texts for line in str(x).split("<br>")), default=0)
    return max(minimum, int(longest) + 20)


def label_row(texts: Sequence[str], row: int = 34) -> int:
    """Height (px) per bar that fits the category label with the most lines (18 px a line)."""
    lines = max((str(x).count("<br>") + 1 for x in texts), default=1)
    return max(row, 18 * lines + 10)


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
