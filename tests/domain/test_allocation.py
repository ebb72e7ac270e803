"""warmte.domain.allocation.allocate: THE largest-remainder allocator. Expectations computed by hand."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warmte.domain.allocation import allocate

INF = math.inf


@pytest.mark.parametrize(("total", "weights", "expected"), [
    # quotas 3.5, 2.1, 1.4 -> whole parts 3, 2, 1 (6); 1 left -> largest remainder (.5: the first)
    (7, [5, 3, 2], [4, 2, 1]),
    # quotas 25 and 75: exact, nothing left over
    (100, [1, 3], [25, 75]),
    # quotas 3, 2: exact
    (5, [6, 4], [3, 2]),
    # nothing to allocate
    (0, [1, 2], [0, 0]),
    # one item takes everything
    (9, [4], [9]),
    # float weights are exact binary fractions: 0.1 + 0.1 + 0.1 shares 3 as 1, 1, 1 (no float loss)
    (3, [0.1, 0.1, 0.1], [1, 1, 1]),
    # Fractions: quotas 4/3 and 8/3 -> 1, 2; 1 left -> the larger remainder 2/3 (the second)
    (4, [Fraction(1, 3), Fraction(2, 3)], [1, 3]),
    # numpy integers and floats mixed in an array
    (10, np.array([2, 3], dtype=np.int64), [4, 6]),
    # 1,500,000 over 8 M and 2 M homes: 1.2 M and 0.3 M
    (1_500_000, [8_000_000, 2_000_000], [1_200_000, 300_000]),
])
def test_exact_sum_and_largest_remainder(total, weights, expected):
    got = allocate(total, weights)
    assert got.tolist() == expected
    assert got.dtype == np.int64
    assert int(got.sum()) == total


@pytest.mark.parametrize(("total", "weights", "expected"), [
    # quotas 10/3 each: 3, 3, 3 and 1 left; remainders tie, weights tie -> the earliest
    (10, [1, 1, 1], [4, 3, 3]),
    # quotas 1.5, 1.5: 1, 1 and 1 left; full tie -> the first
    (3, [2, 2], [2, 1]),
    # quotas 0.5, 1.5: 0, 1 and 1 left; remainders tie at .5 -> the larger weight (the second)
    (2, [1, 3], [0, 2]),
    # quotas 0.6, 1.8, 0.6: 0, 1, 0 and 2 left; the largest remainder .8 (second), then .6 and .6 tie
    # with equal weights -> the earlier (first)
    (3, [1, 3, 1], [1, 2, 0]),
    # quotas .5, 1.5, .5, 1.5: 0, 1, 0, 1 and 2 left; all remainders tie at .5 -> the larger weights
    # (second and fourth), not the first two positions
    (4, [1, 3, 1, 3], [0, 2, 0, 2]),
])
def test_ties_larger_weight_then_earlier_position(total, weights, expected):
    assert allocate(total, weights).tolist() == expected


@pytest.mark.parametrize(("total", "weights", "expected"), [
    # a zero weight gets nothing; 7 over 1:1 -> 3.5, 3.5 -> 4, 3
    (7, [0, 1, 1], [0, 4, 3]),
    # ... even when units are left over and its remainder (0) would tie
    (3, [0, 2, 2], [0, 2, 1]),
    # only one positive weight
    (5, [0, 0, 3], [0, 0, 5]),
])
def test_zero_weights_get_nothing(total, weights, expected):
    assert allocate(total, weights).tolist() == expected


@pytest.mark.parametrize(("total", "weights", "caps", "expected"), [
    # third share 8 > cap 2 -> capped at 2; the other 8 over 1:1 -> 4, 4
    (10, [1, 1, 8], [5, 5, 2], [4, 4, 2]),
    # two rounds: shares 1, 2, 9 -> the third (cap 4) overflows; 8 over 1:2 -> 2.67, 5.33 -> the
    # second (cap 3) overflows; 5 to the first (cap 6): 5, 3, 4
    (12, [1, 2, 9], [6, 3, 4], [5, 3, 4]),
    # shares 10/3 each; the first capped at 2; 8 over the other two -> 4, 4
    (10, [1, 1, 1], [2, INF, INF], [2, 4, 4]),
    # the caps add up to the total exactly: everyone at the cap
    (6, [1, 1, 1], [2, 2, 2], [2, 2, 2]),
    # the shares meet the caps exactly (lam = 2): 2, 4
    (6, [1, 2], [2, 4], [2, 4]),
    # a fractional cap is rounded down: 2.5 -> 2 (shares 2.5 each), the other gets 3
    (5, [1, 1], [2.5, INF], [2, 3]),
    # a cap of 0 takes nothing; 4 over 1:2 -> 4/3, 8/3 -> 1, 2 and 1 left -> the larger remainder (2/3)
    (4, [1, 1, 2], [0, INF, INF], [0, 1, 3]),
    # a capped item never takes a left-over unit: the first capped at 1; 3 over 1:1 -> 1.5, 1.5 -> 2, 1
    (4, [1, 1, 1], [1, 5, 5], [1, 2, 1]),
    # caps that do not bind change nothing
    (7, [5, 3, 2], [100, 100, 100], [4, 2, 1]),
    # caps as a numpy float array (as the illustrative layer passes them)
    (10, [1, 1, 8], np.array([5.0, 5.0, 2.0]), [4, 4, 2]),
])
def test_caps(total, weights, caps, expected):
    got = allocate(total, weights, caps)
    assert got.tolist() == expected
    assert int(got.sum()) == total
    assert all(g <= c for g, c in zip(got, caps, strict=True))


@pytest.mark.parametrize(("total", "weights", "caps", "error", "match"), [
    (-1, [1, 2], None, ValueError, "total must be a whole number"),
    (2.5, [1, 2], None, ValueError, "total must be a whole number"),
    (True, [1, 2], None, ValueError, "total must be a whole number"),
    ("3", [1, 2], None, ValueError, "total must be a whole number"),
    (math.nan, [1, 2], None, ValueError, "total must be a whole number"),
    (3, [1, math.nan], None, ValueError, r"weight missing for \[1\]"),
    (3, [None, 1], None, ValueError, r"weight missing for \[0\]"),
    (3, [1, -2, -1], None, ValueError, r"weight is negative for \[1, 2\]"),
    (3, [1, math.inf], None, ValueError, "finite"),
    (3, [0, 0], None, ValueError, "values add up to zero"),
    (0, [0, 0], None, ValueError, "values add up to zero"),  # nothing to be proportional to, even for 0
    (0, [], None, ValueError, "values add up to zero"),
    (10, [1, 1], [3, 3], ValueError, "cannot allocate 10 within caps adding up to 6"),
    # the cap of a zero-weight item does not count: it can take nothing
    (5, [1, 0], [3, 10], ValueError, "cannot allocate 5 within caps adding up to 3"),
    (5, [1, 1], [3], ValueError, "one value per item"),
    (5, [1, 1], [3, -1], ValueError, "cap is negative"),
    (5, [1, 1], [3, math.nan], ValueError, "cap missing"),
])
def test_errors(total, weights, caps, error, match):
    with pytest.raises(error, match=match):
        allocate(total, weights, caps)


def test_series_errors_name_the_labels_and_what():
    with pytest.raises(ValueError, match=r"housing stock is negative for \['b'\]"):
        allocate(3, pd.Series({"a": 1, "b": -1}), what="housing stock")
    with pytest.raises(ValueError, match=r"housing stock missing for \['a'\]"):
        allocate(3, pd.Series({"a": np.nan, "b": 1.0}), what="housing stock")
    with pytest.raises(ValueError, match=r"housing stock missing for \['a'\]"):
        allocate(3, pd.Series({"a": pd.NA, "b": 1}, dtype="Int64"), what="housing stock")


def test_series_in_array_out_in_order():
    got = allocate(7, pd.Series({"z": 2, "a": 5, "m": 3}))
    assert isinstance(got, np.ndarray)
    assert got.tolist() == [1, 4, 2]


def test_deterministic_and_order_independent_up_to_ties():
    weights = [0.3, 1.7, 2.2, 0.8, 5.0]
    first = allocate(1234, weights)
    assert allocate(1234, weights).tolist() == first.tolist()
    # reversing the items reverses the result (no ties here: the position rule is not used)
    assert allocate(1234, weights[::-1]).tolist() == first.tolist()[::-1]


def _reference_quotas(total: int, weights: list[Fraction], caps: list[int | None]) -> list[Fraction]:
    """Exact quotas by the plain iterative definition: cap whoever overflows, share the rest again."""
    quota = [Fraction(0)] * len(weights)
    free = [w > 0 for w in weights]
    while True:
        rest = total - sum(q for q, f in zip(quota, free, strict=True) if not f)
        wsum = sum(w for w, f in zip(weights, free, strict=True) if f)
        share = [rest * w / wsum if f else quota[i] for i, (w, f) in enumerate(zip(weights, free, strict=True))]
        over = [i for i in range(len(weights)) if free[i] and caps[i] is not None and share[i] > caps[i]]
        if not over:
            return share
        for i in over:
            quota[i], free[i] = Fraction(caps[i]), False


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_properties_against_a_reference(data):
    n = data.draw(st.integers(1, 30))
    weights = data.draw(st.lists(st.integers(0, 1000), min_size=n, max_size=n).filter(lambda w: sum(w) > 0))
    caps = data.draw(st.lists(st.one_of(st.none(), st.integers(0, 500)), min_size=n, max_size=n))
    room = sum(10**9 if c is None else c for w, c in zip(weights, caps, strict=True) if w > 0)
    total = data.draw(st.integers(0, min(room, 5000)))
    got = allocate(total, weights, [INF if c is None else c for c in caps])
    assert int(got.sum()) == total
    quotas = _reference_quotas(total, [Fraction(w) for w in weights], caps)
    for g, q, w, c in zip(got.tolist(), quotas, weights, caps, strict=True):
        assert abs(g - q) < 1  # within one unit of the exact quota
        assert g >= 0 and (c is None or g <= c)
        if w == 0:
            assert g == 0
