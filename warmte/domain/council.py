"""Council involvement: an index 0..100 from documented indicators.

The indicators, their weights (points out of 100) and the caps on counts live
in :mod:`warmte.model` (``COUNCIL_INDICATORS``, ``COUNT_CAPS``,
``INVOLVEMENT_CLASSES``); the method page shows :func:`weights_table`.

Each indicator is scored 0..1: a yes/no indicator scores 1 for yes; a count
scores ``min(count, cap) / cap``. The index is ``sum(weight * score)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from warmte.model import COUNCIL_INDICATORS, COUNT_CAPS, INVOLVEMENT_CLASSES

__all__ = ["class_shares", "involvement_class", "involvement_index", "weights_table"]

INDICATOR_COLUMNS: tuple[str, ...] = tuple(i.column for i in COUNCIL_INDICATORS)
CLASS_NAMES: tuple[str, ...] = tuple(name for name, _, _ in INVOLVEMENT_CLASSES)
_INDEX_MAX = INVOLVEMENT_CLASSES[-1][2]
_INDEX_MIN = INVOLVEMENT_CLASSES[0][1]


def _scores(df: pd.DataFrame, column: str) -> pd.Series:
    """Score of one indicator per row (0..1, NaN where unknown)."""
    try:
        values = pd.to_numeric(df[column].astype("object"), errors="raise").astype("float64")
    except (ValueError, TypeError):
        raise ValueError(f"column {column!r} holds values that are not numbers or booleans") from None
    if column in COUNT_CAPS:
        if (values < 0).any():
            rows = list(df.index[values < 0])
            raise ValueError(f"column {column!r} has negative counts in rows {rows}")
        cap = COUNT_CAPS[column]
        return values.clip(upper=cap) / cap
    bad = values.notna() & ~values.isin([0.0, 1.0])
    if bad.any():
        raise ValueError(
            f"column {column!r} is yes/no but holds {sorted(set(values[bad]))} in rows {list(df.index[bad])}"
        )
    return values


def involvement_index(df: pd.DataFrame) -> pd.Series:
    """Council involvement index per row (0..100).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per municipality with the columns of
        ``model.COUNCIL_INDICATORS``: booleans (True/False or 1/0) and counts
        (>= 0, per year). Other columns are ignored.

    Returns
    -------
    pandas.Series
        ``sum(weight * score)`` per row (points, 0..100), same index as
        ``df``, named ``involvement_index``. NaN where an indicator is unknown
        (missing data is not counted as "no").

    Raises
    ------
    ValueError
        Missing indicator columns (named), negative counts, yes/no columns
        with other values.
    """
    missing = [c for c in INDICATOR_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"council data lacks indicator column(s) {missing}")
    total = pd.Series(0.0, index=df.index)
    for indicator in COUNCIL_INDICATORS:
        total = total + indicator.weight * _scores(df, indicator.column)
    # The weighted sum of scores in 0..1 lies in 0..100 up to rounding.
    return total.clip(lower=_INDEX_MIN, upper=_INDEX_MAX).rename("involvement_index")


def _class_of(value: float):
    if value is None or pd.isna(value):
        return None
    if value < _INDEX_MIN or value > _INDEX_MAX:
        raise ValueError(f"involvement index must lie in {_INDEX_MIN:g}..{_INDEX_MAX:g}, got {value!r}")
    for name, low, high in INVOLVEMENT_CLASSES:
        if low <= value < high:
            return name
    return INVOLVEMENT_CLASSES[-1][0]  # the upper bound is inclusive


def involvement_class(index):
    """Involvement class of an index value: ``laag``, ``midden`` or ``hoog``.

    Classes are half-open intervals ``[low, high)`` from
    ``model.INVOLVEMENT_CLASSES``; the top class includes 100.

    Parameters
    ----------
    index : float or pandas.Series
        Index value(s), 0..100.

    Returns
    -------
    str, None or pandas.Series
        The class name; None for a missing value. A Series gives a Series
        (same index, named ``involvement_class``).

    Raises
    ------
    ValueError
        A value outside 0..100.
    """
    if isinstance(index, pd.Series):
        return index.map(_class_of, na_action="ignore").astype("object").rename("involvement_class")
    return _class_of(index)


def class_shares(index: pd.Series) -> pd.DataFrame:
    """Councils per involvement class.

    Parameters
    ----------
    index : pandas.Series
        Index values (0..100); missing values are left out.

    Returns
    -------
    pandas.DataFrame
        Columns ``involvement_class``, ``councils`` (int), ``share`` (0..1):
        one row per class in order, all three present; the shares add up to 1,
        or are all 0 when there are no (known) values.
    """
    classes = involvement_class(pd.Series(index, dtype="float64")).dropna()
    counts = classes.value_counts()
    total = len(classes)
    n = [int(counts.get(name, 0)) for name in CLASS_NAMES]
    return pd.DataFrame(
        {
            "involvement_class": list(CLASS_NAMES),
            "councils": pd.Series(n, dtype="int64"),
            "share": [c / total if total else 0.0 for c in n],
        }
    )


def weights_table() -> pd.DataFrame:
    """The indicators and their weights, for the method page.

    Returns
    -------
    pandas.DataFrame
        Columns ``indicator`` (column name), ``weight`` (points out of 100),
        ``label_nl``, ``label_en``, ``count_cap`` (count that scores full
        marks; missing for yes/no indicators).
    """
    return pd.DataFrame(
        {
            "indicator": [i.column for i in COUNCIL_INDICATORS],
            "weight": np.array([i.weight for i in COUNCIL_INDICATORS], dtype="float64"),
            "label_nl": [i.label_nl for i in COUNCIL_INDICATORS],
            "label_en": [i.label_en for i in COUNCIL_INDICATORS],
            "count_cap": pd.array([COUNT_CAPS.get(i.column) for i in COUNCIL_INDICATORS], dtype="Int64"),
        }
    )
