"""Tests for warmte.council: index values worked out by hand from the weights table.

Weights (model.COUNCIL_INDICATORS): tvw_adopted 30, wup_adopted 20, heat_debates 15
(cap 4), heat_motions 10 (cap 3), budget_allocated 15, informed_of_share 10.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from warmte.council import class_shares, involvement_class, involvement_index, weights_table
from warmte.model import COUNCIL_INDICATORS

COLUMNS = ["tvw_adopted", "wup_adopted", "heat_debates", "heat_motions", "budget_allocated", "informed_of_share"]


def council(tvw=False, wup=False, debates=0, motions=0, budget=False, informed=False) -> dict:
    return dict(zip(COLUMNS, [tvw, wup, debates, motions, budget, informed]))


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (council(), 0.0),
        (council(True, True, 4, 3, True, True), 30 + 20 + 15 + 10 + 15 + 10),  # 100
        (council(True, True, 9, 7, True, True), 100.0),  # counts above the cap score full marks
        (council(tvw=True), 30.0),
        (council(wup=True, informed=True), 20 + 10),
        (council(debates=2), 15 * 2 / 4),  # 7.5
        (council(motions=6), 10 * 3 / 3),  # capped at 3
        (council(motions=1), 10 * 1 / 3),
        (council(True, False, 1, 2, True, False), 30 + 15 * 1 / 4 + 10 * 2 / 3 + 15),
        (council(1, 0, 4, 0, 1, 0), 30 + 15 + 15),  # 1/0 for booleans
    ],
)
def test_involvement_index(row, expected):
    index = involvement_index(pd.DataFrame([row]))
    assert index.iloc[0] == pytest.approx(expected)


def test_involvement_index_keeps_index_and_ignores_other_columns():
    df = pd.DataFrame(
        [council(tvw=True), council(budget=True)], index=["GM0014", "GM0034"]
    ).assign(name=["Groningen", "Almere"])
    index = involvement_index(df)
    assert index.to_dict() == {"GM0014": 30.0, "GM0034": 15.0}
    assert index.name == "involvement_index"


def test_involvement_index_unknown_indicator_gives_nan():
    df = pd.DataFrame([council(tvw=True) | {"heat_debates": np.nan}])
    assert np.isnan(involvement_index(df).iloc[0])
    nullable = pd.DataFrame([council(tvw=True)]).astype({"budget_allocated": "boolean"})
    nullable.loc[0, "budget_allocated"] = pd.NA
    assert np.isnan(involvement_index(nullable).iloc[0])


def test_involvement_index_empty():
    assert involvement_index(pd.DataFrame(columns=COLUMNS)).empty


@pytest.mark.parametrize(
    ("df", "match"),
    [
        (pd.DataFrame([council(debates=-1)]), r"negative counts.*heat_debates|heat_debates.*negative"),
        (pd.DataFrame([council(motions=-2)]), "heat_motions"),
        (pd.DataFrame([council()]).drop(columns=["wup_adopted", "heat_motions"]), r"\['wup_adopted', 'heat_motions'\]"),
        (pd.DataFrame([council(tvw=2)]), "tvw_adopted"),
        (pd.DataFrame([council(wup="ja")]), "wup_adopted"),
    ],
)
def test_involvement_index_bad_input(df, match):
    with pytest.raises(ValueError, match=match):
        involvement_index(df)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "laag"),
        (39.99, "laag"),
        (40, "midden"),
        (69.999, "midden"),
        (70, "hoog"),
        (100, "hoog"),  # the upper bound is inclusive
        (np.nan, None),
        (None, None),
    ],
)
def test_involvement_class(value, expected):
    assert involvement_class(value) == expected


@pytest.mark.parametrize("value", [-0.1, 100.1])
def test_involvement_class_out_of_range(value):
    with pytest.raises(ValueError, match="0..100"):
        involvement_class(value)


def test_involvement_class_series():
    result = involvement_class(pd.Series([10.0, 55.0, np.nan, 100.0], index=list("abcd")))
    assert result.tolist()[:2] == ["laag", "midden"]
    assert pd.isna(result["c"])
    assert result["d"] == "hoog"
    assert list(result.index) == list("abcd")


@pytest.mark.parametrize(
    ("values", "councils", "shares"),
    [
        ([10, 50, 80, 90], [1, 1, 2], [1 / 4, 1 / 4, 2 / 4]),
        ([0, 39.9, 40, 70, 100], [2, 1, 2], [2 / 5, 1 / 5, 2 / 5]),
        ([55.0, np.nan], [0, 1, 0], [0, 1, 0]),  # unknown values are left out
        ([], [0, 0, 0], [0.0, 0.0, 0.0]),
    ],
)
def test_class_shares(values, councils, shares):
    result = class_shares(pd.Series(values, dtype="float64"))
    assert result["involvement_class"].tolist() == ["laag", "midden", "hoog"]
    assert result["councils"].tolist() == councils
    assert result["share"].tolist() == pytest.approx(shares)
    if sum(councils):
        assert result["share"].sum() == pytest.approx(1.0)


def test_weights_table():
    table = weights_table()
    assert list(table.columns)[:4] == ["indicator", "weight", "label_nl", "label_en"]
    assert table["indicator"].tolist() == COLUMNS
    assert table["weight"].sum() == 100
    assert table["weight"].tolist() == [30, 20, 15, 10, 15, 10]
    assert table.set_index("indicator")["count_cap"].dropna().to_dict() == {"heat_debates": 4, "heat_motions": 3}
    assert len(table) == len(COUNCIL_INDICATORS)
    assert table["label_nl"].str.len().gt(0).all() and table["label_en"].str.len().gt(0).all()
