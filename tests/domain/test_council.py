"""Tests for warmte.domain.council: index values worked out by hand.

The expectations are written in terms of the weights ``W`` and caps ``CAP`` of
model.COUNCIL_INDICATORS / model.COUNT_CAPS, so re-weighting the index (a policy
choice) does not invalidate the arithmetic checked here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from warmte.domain.council import class_shares, involvement_class, involvement_index, weights_table
from warmte.model import COUNCIL_INDICATORS, COUNT_CAPS

COLUMNS = ["tvw_adopted", "wup_adopted", "heat_debates", "heat_motions", "budget_allocated", "informed_of_share"]

W = {i.column: i.weight for i in COUNCIL_INDICATORS}
CAP = COUNT_CAPS


def council(tvw=False, wup=False, debates=0, motions=0, budget=False, informed=False) -> dict:
    return dict(zip(COLUMNS, [tvw, wup, debates, motions, budget, informed], strict=True))


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (council(), 0.0),
        (council(True, True, CAP["heat_debates"], CAP["heat_motions"], True, True), sum(W.values())),  # 100
        (council(True, True, 9, 7, True, True), 100.0),  # counts above the cap score full marks
        (council(tvw=True), W["tvw_adopted"]),
        (council(wup=True, informed=True), W["wup_adopted"] + W["informed_of_share"]),
        (council(debates=2), W["heat_debates"] * 2 / CAP["heat_debates"]),
        (council(motions=2 * CAP["heat_motions"]), W["heat_motions"]),  # capped
        (council(motions=1), W["heat_motions"] * 1 / CAP["heat_motions"]),
        (
            council(True, False, 1, 2, True, False),
            W["tvw_adopted"]
            + W["heat_debates"] * 1 / CAP["heat_debates"]
            + W["heat_motions"] * 2 / CAP["heat_motions"]
            + W["budget_allocated"],
        ),
        (council(1, 0, CAP["heat_debates"], 0, 1, 0), W["tvw_adopted"] + W["heat_debates"] + W["budget_allocated"]),
    ],
)
def test_involvement_index(row, expected):
    # W: weights (points); counts score min(count, CAP) / CAP; booleans may be 1/0
    index = involvement_index(pd.DataFrame([row]))
    assert index.iloc[0] == pytest.approx(expected)


def test_involvement_index_keeps_index_and_ignores_other_columns():
    df = pd.DataFrame(
        [council(tvw=True), council(budget=True)], index=["GM0014", "GM0034"]
    ).assign(name=["Groningen", "Almere"])
    index = involvement_index(df)
    assert index.to_dict() == {"GM0014": W["tvw_adopted"], "GM0034": W["budget_allocated"]}
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
    assert table["weight"].tolist() == [W[c] for c in COLUMNS]
    assert (table["weight"] > 0).all()
    assert table.set_index("indicator")["count_cap"].dropna().to_dict() == CAP
    assert len(table) == len(COUNCIL_INDICATORS)
    assert table["label_nl"].str.len().gt(0).all() and table["label_en"].str.len().gt(0).all()
