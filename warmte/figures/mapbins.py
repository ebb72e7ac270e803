"""Map bins that fit the values shown: edges from the data, rounded to short numbers, labels that differ.

No plotly here. :func:`nice_bins` turns the values of the drawn areas into bin
edges for :func:`warmte.figures.choropleth.bin_index` (a value on an edge goes in
the upper bin); :func:`bin_format` picks the d3 format with just enough decimals
to print every edge exactly; :func:`bin_labels` writes the legend texts.

Rules (issue 13 item 4: the legend of "initiatives per 10,000 homes" read
"< 0", "0 – 0", "0 – 1"):

- edges are quantiles of the values shown (about as many areas per bin),
  rounded to one significant digit, or two or three when one would merge
  edges (780 / 860 / 930 rather than 800 / 900 / 900);
- when many areas share the lowest value (most municipalities have no
  initiative), that value is a bin of its own, labelled with the value itself;
- every bin holds at least one of the values shown (edges that would leave a
  bin empty are dropped), and an inner edge lies above the lowest value, so a
  non-negative indicator never gets a negative or empty bin;
- the labels print the edges exactly (as many decimals as the rounded edges
  need), so no two labels read the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from warmte.i18n import fmt_spec

#: At most this many bins (a sequential palette stays readable; the legend fits a phone).
MAX_BINS = 5


def _round_sig(value: float, digits: int, mode: str = "nearest") -> float:
    """``value`` rounded to ``digits`` significant digits (``mode``: nearest, down or up)."""
    if value == 0 or not math.isfinite(value):
        return float(value)
    exponent = math.floor(math.log10(abs(value))) - digits + 1
    step = 10.0 ** exponent
    scaled = value / step
    scaled = {"nearest": round(scaled), "down": math.floor(scaled + 1e-9),
              "up": math.ceil(scaled - 1e-9)}[mode]
    # round again in decimal so that 0.1 + 0.2 style noise never reaches a label
    return float(round(scaled * step, max(0, -exponent)))


def _counts(v: np.ndarray, inner: list[float]) -> np.ndarray:
    """Number of values per bin for these inner edges (value on an edge: upper bin)."""
    return np.bincount(np.searchsorted(np.asarray(inner, dtype="float64"), v, side="right"),
                       minlength=len(inner) + 1)


def _drop_empty(v: np.ndarray, inner: list[float]) -> list[float]:
    """Remove inner edges until every bin holds at least one value."""
    inner = sorted(set(inner))
    while inner:
        counts = _counts(v, inner)
        empty = np.flatnonzero(counts == 0)
        if not len(empty):
            break
        k = int(empty[0])
        inner.pop(k if k < len(inner) else k - 1)  # the empty bin merges with the bin above (or below)
    return inner


@dataclass(frozen=True)
class Bins:
    """Bin edges (ascending, at least two; the outer ones only shape the labels) and which end bins hold a
    single value (the lowest or highest value shown), labelled with that value rather than "< edge"."""

    edges: list[float]
    lowest_alone: bool = False
    highest_alone: bool = False

    def shown_edges(self) -> list[float]:
        """The edges the legend prints as edges (a single-value bin prints its value, trimmed)."""
        e = self.edges
        if len(e) == 2:
            return [e[0]] if self.lowest_alone else list(e)
        return list(e[1:-1])


def nice_bins(values, max_bins: int = MAX_BINS) -> Bins:
    """Bins for the finite ``values`` shown (see the module docstring). No finite value: edges ``[0, 1]``."""
    v = np.asarray(values, dtype="float64")
    v = np.sort(v[np.isfinite(v)])
    if not len(v):
        return Bins([0.0, 1.0])
    lo, hi = float(v[0]), float(v[-1])
    distinct = len(np.unique(v))
    n = max(1, min(max_bins, distinct, max(2, len(v) // 2)))
    if lo == hi:
        return Bins([lo, lo + (abs(lo) or 1.0)], lowest_alone=True)

    lowest_alone = bool(np.mean(v == lo) >= 1 / n)
    if lowest_alone:
        rest = v[v > lo]
        k = n - 1
        raw = [float(rest[0])] + [float(np.quantile(rest, i / k)) for i in range(1, k)]
    else:
        raw = [float(np.quantile(v, i / n)) for i in range(1, n)]
    wanted = len({r for r in raw if lo < r <= hi})

    inner: list[float] = []
    for digits in (1, 2, 3, 4):
        inner = []
        for i, r in enumerate(raw):
            # the first edge of a lowest-value bin sits at or below the next value: that bin holds the lowest only
            e = _round_sig(r, digits, "down" if lowest_alone and i == 0 else "nearest")
            if lo < e <= hi:
                inner.append(e)
        inner = _drop_empty(v, inner)
        if len(inner) >= wanted:
            break
    if not inner:  # two distinct values that no rounding separates: split between them
        inner = [hi]
    lowest_alone = lowest_alone and inner[0] <= float(v[v > lo][0])
    highest_alone = inner[-1] == hi
    floor = _round_sig(lo, 2, "down")
    first = lo if lowest_alone else min(lo, max(floor, 0.0) if lo >= 0 else floor)
    last = _round_sig(hi, 2, "up")
    if last <= inner[-1]:
        last = inner[-1] + (inner[-1] - (inner[-2] if len(inner) > 1 else first) or 1.0)
    return Bins([first, *inner, last], lowest_alone=lowest_alone, highest_alone=highest_alone)


def _decimals(x: float) -> int:
    """Decimals needed to print ``x`` exactly (at most 6)."""
    for d in range(7):
        if abs(round(x, d) - x) < 1e-9 * max(1.0, abs(x)):
            return d
    return 6


def bin_format(bins: Bins, share: bool) -> str:
    """d3 format that prints every shown edge exactly: ``.0%`` / ``.1%`` for shares, ``,.0f`` / ``,.2f`` otherwise."""
    scale = 100.0 if share else 1.0
    d = max(_decimals(float(e) * scale) for e in bins.shown_edges())
    return f".{d}%" if share else f",.{d}f"


def bin_labels(bins: Bins, spec: str, lang: str) -> list[str]:
    """Legend texts: "< b1", "b1 – b2", …, "≥ bn" (one bin: "b0 – b1"); a bin of one value: that value.

    ``&lt;`` is the HTML entity plotly needs in legend text.
    """
    edges = bins.edges
    f = [fmt_spec(b, spec, lang) for b in edges]
    n = len(edges) - 1
    alone = spec[:-1] + "~" + spec[-1]  # a single value without trailing zeros: "0", "100%"
    if n == 1:
        return [fmt_spec(edges[0], alone, lang)] if bins.lowest_alone else [f"{f[0]} – {f[1]}"]
    first = fmt_spec(edges[0], alone, lang) if bins.lowest_alone else f"&lt; {f[1]}"
    last = fmt_spec(edges[n - 1], alone, lang) if bins.highest_alone else f"≥ {f[n - 1]}"
    return [first] + [f"{f[i]} – {f[i + 1]}" for i in range(1, n - 1)] + [last]
