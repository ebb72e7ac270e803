"""THE allocator: whole units split in proportion to weights, exactly, with optional caps.

Every integer split in the project goes through :func:`allocate`: the 1.5 million target homes
over municipalities (:func:`warmte.domain.progress.allocate_targets`), the illustrative housing
layer (:mod:`warmte.ingest.sources.illustrative`) and the synthetic stress stock
(:mod:`warmte.ingest.stress`).

The method
----------
Largest remainder (Hamilton), with caps by water-filling:

1. Every item's exact quota is ``min(cap, lam * weight)``, with the one ``lam >= 0`` for which
   the quotas add up to ``total``. Without caps that is ``total * weight / sum(weights)``; with
   caps, an item whose proportional share would exceed its cap gets exactly its cap and the rest
   is shared over the others in proportion to their weights.
2. Every item gets the whole part of its quota.
3. The units left over (fewer than the number of items) go one each to the items with the
   largest fractional parts. Ties: the larger weight first, then the earlier position.

So the result adds up to exactly ``total``, every item is within one unit of its quota, no item
gets more than its cap and an item of weight 0 gets nothing. The arithmetic is exact: weights
are turned into integers over a common denominator (a float is the binary fraction it stores),
so the result does not depend on floating-point rounding, on the order of summation or on the
platform.
"""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Integral, Rational

import numpy as np
import pandas as pd

__all__ = ["allocate"]


def _whole_total(total) -> int:
    if isinstance(total, bool | np.bool_) or not isinstance(total, int | float | np.integer | np.floating):
        raise ValueError(f"total must be a whole number >= 0, got {total!r}")
    if not math.isfinite(total) or not float(total).is_integer() or total < 0:
        raise ValueError(f"total must be a whole number >= 0, got {total!r}")
    return int(total)


def _ratio(value) -> tuple[int, int]:
    """(numerator, denominator) of a number, exactly; NaN and infinities raise."""
    if isinstance(value, Integral):
        return int(value), 1
    if isinstance(value, Rational):
        return value.numerator, value.denominator
    if isinstance(value, float):
        return value.as_integer_ratio()  # raises for NaN (ValueError) and +-inf (OverflowError)
    if isinstance(value, str | bytes):
        raise TypeError(f"not a number: {value!r}")
    fraction = Fraction(value)  # e.g. Decimal, exactly; raises for NaN, infinities and non-numbers
    return fraction.numerator, fraction.denominator


def _labels_and_values(items) -> tuple[list, list]:
    """Item labels (the index of a pandas Series, else positions) and the values."""
    if isinstance(items, pd.Series):
        labels, values = list(items.index), list(items.to_numpy(dtype=object))
    else:
        values = list(np.asarray(items, dtype=object).ravel())
        labels = list(range(len(values)))
    return labels, [v.item() if isinstance(v, np.generic) else v for v in values]


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _integer_weights(labels: list, values: list, what: str) -> list[int]:
    """The weights as integers over their common denominator (same proportions, exactly)."""
    missing = [lab for lab, v in zip(labels, values, strict=True) if _missing(v)]
    if missing:
        raise ValueError(f"{what} missing for {missing[:10]}")
    try:
        ratios = [_ratio(v) for v in values]
    except (OverflowError, TypeError, ValueError) as exc:
        raise ValueError(f"{what}: every value must be a finite number ({exc})") from None
    negative = [lab for lab, (num, _) in zip(labels, ratios, strict=True) if num < 0]
    if negative:
        raise ValueError(f"{what} is negative for {negative[:10]}")
    denominator = math.lcm(*(den for _, den in ratios)) if ratios else 1
    return [num * (denominator // den) for num, den in ratios]


def _integer_caps(labels: list, caps, n: int) -> list[int | None]:
    """Caps as whole numbers (a fractional cap is rounded down); None for no cap (None or +inf)."""
    if caps is None:
        return [None] * n
    _, values = _labels_and_values(caps)
    if len(values) != n:
        raise ValueError(f"caps must have one value per item: {len(values)} caps for {n} items")
    out: list[int | None] = []
    for lab, v in zip(labels, values, strict=True):
        if _missing(v):
            raise ValueError(f"cap missing for {lab!r} (use +inf for no cap)")
        if isinstance(v, float) and v == math.inf:
            out.append(None)
            continue
        try:
            num, den = _ratio(v)
        except (OverflowError, TypeError, ValueError):
            raise ValueError(f"cap of {lab!r} is not a number: {v!r}") from None
        if num < 0:
            raise ValueError(f"cap is negative for {lab!r}: {v!r}")
        out.append(num // den)
    return out


def allocate(total, weights, caps=None, *, what: str = "weight") -> np.ndarray:
    """Split ``total`` whole units over items in proportion to ``weights``, exactly.

    Largest remainder with caps; see the module docstring for the method. In short: each item's
    quota is ``min(cap, lam * weight)`` (the quotas add up to ``total``); each item gets the
    whole part of its quota; the units left over go one each to the largest fractional parts
    (ties: larger weight first, then earlier position).

    Parameters
    ----------
    total : int
        Units to allocate (a whole number >= 0; an integer-valued float is accepted).
    weights : sequence of numbers or pandas.Series
        One weight per item, finite and >= 0 (int, float, Fraction, numpy scalars). Only the
        proportions matter. An item of weight 0 gets nothing.
    caps : sequence of numbers or pandas.Series, optional
        One cap per item, >= 0: the item never gets more than its cap. A fractional cap is
        rounded down (the result is whole units); ``+inf`` means no cap. Default: no caps.
    what : str, default "weight"
        What the weights are, for the error messages (e.g. "housing stock").

    Returns
    -------
    numpy.ndarray
        int64, one allocation per item in the order of ``weights``, adding up to ``total``.

    Raises
    ------
    ValueError
        ``total`` not a whole number >= 0; a weight missing (None/NaN), infinite or negative
        (the message names the items: index labels of a Series, else positions); the weights
        adding up to zero (also for ``total`` 0: nothing to be proportional to); a cap missing
        or negative, or not one cap per item; the caps of the items with a positive weight
        adding up to less than ``total`` ("cannot allocate ...").
    """
    total = _whole_total(total)
    labels, values = _labels_and_values(weights)
    w = _integer_weights(labels, values, what)
    n = len(w)
    cap = _integer_caps(labels, caps, n)
    if sum(w) == 0:
        raise ValueError(f"the {what} values add up to zero: nothing to allocate in proportion to")
    eligible = [i for i in range(n) if w[i] > 0 and cap[i] != 0]
    finite_caps = [cap[i] for i in eligible if cap[i] is not None]
    if len(finite_caps) == len(eligible) and total > sum(finite_caps):
        raise ValueError(f"cannot allocate {total} within caps adding up to {sum(finite_caps)} "
                         f"(counting only items with a positive {what})")

    # Water-filling: cap the items in order of cap / weight (the first to overflow as lam grows)
    # while lam = rest / rest_weight would push the next one over its cap.
    by_ratio = sorted((i for i in eligible if cap[i] is not None), key=lambda i: Fraction(cap[i], w[i]))
    rest, rest_weight = total, sum(w[i] for i in eligible)
    capped: set[int] = set()
    for i in by_ratio:
        if rest * w[i] <= cap[i] * rest_weight:  # lam * w[i] <= cap[i]: this one and all later ones fit
            break
        capped.add(i)
        rest -= cap[i]
        rest_weight -= w[i]

    out = [0] * n
    remainder = [0] * n  # fractional parts, all over the same denominator rest_weight
    for i in eligible:
        if i in capped:
            out[i] = cap[i]
        else:
            out[i], remainder[i] = divmod(rest * w[i], rest_weight)
    left = total - sum(out)
    if left:
        order = sorted((i for i in eligible if i not in capped), key=lambda i: (-remainder[i], -w[i], i))
        for i in order[:left]:
            out[i] += 1
    return np.array(out, dtype=np.int64)
