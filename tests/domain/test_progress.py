"""Tests for warmte.domain.progress: expectations computed by hand in each case."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warmte.domain import progress
from warmte.domain.progress import (
    Progress,
    allocate_targets,
    compute_progress,
    counted_homes,
    projected_year,
    trajectory,
    trend_per_year,
)
from warmte.model import PROJECTION_HORIZON_YEAR, TARGET_HOMES, TARGET_YEAR

# --- allocate_targets ---------------------------------------------------------


@pytest.mark.parametrize(
    ("stocks", "total", "expected"),
    [
        # quotas 3.5, 2.1, 1.4 -> floors 3, 2, 1 (6); 1 left -> largest remainder (a: .5)
        ({"a": 5, "b": 3, "c": 2}, 7, {"a": 4, "b": 2, "c": 1}),
        # quotas 10/3 each -> floors 3, 3, 3; 1 left, remainders tie, stocks tie -> first
        ({"a": 1, "b": 1, "c": 1}, 10, {"a": 4, "b": 3, "c": 3}),
        # a region without homes gets nothing
        ({"a": 0, "b": 10}, 3, {"a": 0, "b": 3}),
        # quotas 1.5 and 1.5 -> floors 1, 1; remainders and stocks tie -> the first
        ({"x": 2, "y": 2}, 3, {"x": 2, "y": 1}),
        # quotas 0.6*5=3, 0.4*5=2: exact, nothing left over
        ({"x": 6, "y": 4}, 5, {"x": 3, "y": 2}),
        # national: 1.5 million over 8 million and 2 million homes: 1.2 M and 0.3 M
        ({"PV01": 8_000_000, "PV02": 2_000_000}, TARGET_HOMES, {"PV01": 1_200_000, "PV02": 300_000}),
    ],
)
def test_allocate_targets_table(stocks, total, expected):
    result = allocate_targets(pd.Series(stocks), total)
    assert result.to_dict() == expected
    assert result.dtype == np.int64
    assert list(result.index) == list(stocks)


def test_allocate_targets_tie_goes_to_larger_stock():
    # stocks 1 and 3 of 4, total 2: quotas 0.5, 1.5 -> floors 0, 1; one left; remainders
    # tie at .5 -> the larger stock (b) gets it: 0, 2
    result = allocate_targets(pd.Series({"a": 1, "b": 3}), 2)
    assert result.to_dict() == {"a": 0, "b": 2}


def test_allocate_targets_float_stocks_are_exact():
    # 1/3 of 3 homes each, with float stocks: 1, 1, 1 (no floating-point loss)
    result = allocate_targets(pd.Series([0.1, 0.1, 0.1]), 3)
    assert result.tolist() == [1, 1, 1]


@pytest.mark.parametrize(
    "stocks",
    [
        pd.Series({"a": 0, "b": 0}),
        pd.Series([], dtype="int64"),
    ],
)
def test_allocate_targets_zero_stock_raises(stocks):
    with pytest.raises(ValueError, match="zero"):
        allocate_targets(stocks)


@pytest.mark.parametrize(
    ("stocks", "total", "match"),
    [
        (pd.Series({"a": -1, "b": 5}), 10, "negative"),
        (pd.Series({"a": np.nan, "b": 5}), 10, "missing"),
        (pd.Series({"a": 1, "b": 5}), -1, "total"),
        (pd.Series({"a": 1, "b": 5}), 2.5, "total"),
    ],
)
def test_allocate_targets_bad_input(stocks, total, match):
    with pytest.raises(ValueError, match=match):
        allocate_targets(stocks, total)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2_000_000), min_size=1, max_size=350))
def test_allocate_targets_adds_up_exactly(stocks):
    if sum(stocks) == 0:
        stocks = stocks + [1]
    series = pd.Series(stocks, index=[f"GM{i:04d}" for i in range(len(stocks))])
    result = allocate_targets(series)
    assert int(result.sum()) == 1_500_000
    assert (result >= 0).all()
    total_stock = sum(stocks)
    for stock, allocated in zip(stocks, result, strict=True):
        # within one home of the exact quota (integer arithmetic, no rounding)
        assert abs(allocated * total_stock - 1_500_000 * stock) < total_stock
    # a larger stock never gets a smaller target (equal stocks differ by at most 1)
    by_stock = result.groupby(np.asarray(stocks)).agg(["min", "max"])
    assert (by_stock["max"] - by_stock["min"] <= 1).all()
    assert (by_stock["min"].to_numpy()[1:] >= by_stock["max"].to_numpy()[:-1]).all()


# --- counted_homes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("gas_free", "hybrid", "definition", "expected"),
    [
        (100, 20, "gas_free", 100),
        (100, None, "gas_free", 100),
        (100, 20, "gas_free_or_hybrid", 100 + 20),
        (0, 0, "gas_free_or_hybrid", 0),
        (100, None, "gas_free_or_hybrid", None),
    ],
)
def test_counted_homes(gas_free, hybrid, definition, expected):
    assert counted_homes(gas_free, hybrid, definition) == expected


def test_counted_homes_nan_hybrid_is_not_available():
    assert math.isnan(counted_homes(100.0, float("nan"), "gas_free_or_hybrid"))


def test_counted_homes_series():
    gas_free = pd.Series([100.0, 200.0, 300.0])
    hybrid = pd.Series([10.0, np.nan, 30.0])
    result = counted_homes(gas_free, hybrid, "gas_free_or_hybrid")
    assert result.iloc[0] == 100 + 10
    assert math.isnan(result.iloc[1])
    assert result.iloc[2] == 300 + 30


def test_counted_homes_unknown_definition_lists_valid_ones():
    with pytest.raises(ValueError, match="gas_free, gas_free_or_hybrid"):
        counted_homes(1, 1, "electric")


# --- trend_per_year -------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "homes", "expected"),
    [
        ([2020, 2021, 2022], [100, 200, 300], 100.0),
        ([2020, 2022], [0, 50], (50 - 0) / (2022 - 2020)),
        # mean year 2021, mean homes 20: ((-1)(-20) + 0 + (1)(10)) / (1 + 0 + 1) = 15
        ([2020, 2021, 2022], [0, 30, 30], (20 + 10) / 2),
        # order does not matter
        ([2022, 2020, 2021], [30, 0, 30], (20 + 10) / 2),
        # NaN observations are ignored: slope through (2020, 0) and (2022, 40)
        ([2020, 2021, 2022], [0, np.nan, 40], 40 / 2),
        # declining
        ([2023, 2024], [500, 400], -100.0),
    ],
)
def test_trend_per_year(years, homes, expected):
    assert trend_per_year(years, homes) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("years", "homes"),
    [
        ([2024], [918_854]),  # a single observation
        ([2024, 2024], [1, 2]),  # one distinct year
        ([2023, 2024], [np.nan, 5]),  # one usable observation
        ([], []),
    ],
)
def test_trend_per_year_needs_two_years(years, homes):
    assert trend_per_year(years, homes) is None


# --- projected_year ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "homes", "target", "per_year", "expected"),
    [
        (2024, 900_000, 1_500_000, 100_000, 2024 + 6),  # 600,000 / 100,000 = 6 exactly
        (2024, 900_000, 1_500_000, 110_000, 2024 + 6),  # 5.45 -> 6
        (2024, 918_854, 1_500_000, 59_427, 2024 + math.ceil((1_500_000 - 918_854) / 59_427)),
        (2024, 1_600_000, 1_500_000, None, 2024),  # already reached
        (2024, 1_500_000, 1_500_000, -5, 2024),  # reached exactly
        (2024, 900_000, 1_500_000, None, None),  # pace unknown
        (2024, 900_000, 1_500_000, 0, None),  # standing still
        (2024, 900_000, 1_500_000, -1_000, None),  # going backwards
        (2024, 0, 1_300_000, 50_000, 2024 + 26),  # exactly the horizon 2050
        (2024, 0, 1_500_000, 50_000, None),  # 2024 + 30 = 2054: not before 2050
        (2024, 0, 0.3, 0.1, 2024 + 3),  # 0.3 / 0.1 = 2.9999999999999996 -> 3, not 4
    ],
)
def test_projected_year(year, homes, target, per_year, expected):
    assert projected_year(year, homes, target, per_year) == expected


def test_projected_year_custom_horizon():
    # 2024 + 30 = 2054 lies within a 2060 horizon
    assert projected_year(2024, 0, 1_500_000, 50_000, horizon=2060) == 2054
    assert PROJECTION_HORIZON_YEAR == 2050


# --- compute_progress ---------------------------------------------------------------

SERIES = pd.DataFrame(
    {
        "year": [2022, 2023, 2024],
        "housing_stock": [8_000_000, 8_050_000, 8_100_000],
        "gas_free_homes": [800_000, 860_000, 918_854],
        "hybrid_homes": [np.nan, 40_000, 60_000],
    }
)


def test_compute_progress_national_example():
    p = compute_progress(SERIES, 2024, 1_500_000)
    assert p.year == 2024
    assert p.housing_stock == 8_100_000
    assert p.gas_free_homes == 918_854
    assert p.gas_free_share == pytest.approx(918_854 / 8_100_000)
    assert p.homes_to_go == 1_500_000 - 918_854
    assert p.required_per_year == pytest.approx((1_500_000 - 918_854) / (2030 - 2024))
    # slope over 2022..2024: mean year 2023 -> ((-1)(800000 - m) + (1)(918854 - m)) / 2
    slope = (918_854 - 800_000) / 2
    assert p.actual_per_year == pytest.approx(slope)
    assert p.projected_year_reached == 2024 + math.ceil((1_500_000 - 918_854) / slope)  # 2034
    assert p.on_track is False
    assert p.definition == "gas_free"
    assert p.data_kind == "official"


def test_compute_progress_any_row_order():
    shuffled = SERIES.iloc[[2, 0, 1]]
    assert compute_progress(shuffled, 2024, 1_500_000) == compute_progress(SERIES, 2024, 1_500_000)


def test_compute_progress_earlier_year_uses_only_past_trend():
    p = compute_progress(SERIES, 2023, 1_500_000)
    assert p.actual_per_year == pytest.approx((860_000 - 800_000) / (2023 - 2022))
    assert p.required_per_year == pytest.approx((1_500_000 - 860_000) / (2030 - 2023))


@pytest.mark.parametrize(
    ("target", "on_track"),
    [
        (900_000, True),  # already reached: 918,854 >= 900,000
        (918_854, True),  # reached exactly
        # need (1,100,000 - 918,854) / 6 = 30,191 a year; trend 59,427 >= 30,191
        (1_100_000, True),
        # need (1,500,000 - 918,854) / 6 = 96,857.7 a year; trend 59,427 < that
        (1_500_000, False),
    ],
)
def test_compute_progress_on_track(target, on_track):
    assert compute_progress(SERIES, 2024, target).on_track is on_track


def test_compute_progress_target_already_reached():
    p = compute_progress(SERIES, 2024, 900_000)
    assert p.homes_to_go == 0
    assert p.required_per_year == 0
    assert p.projected_year_reached == 2024
    assert p.on_track is True
    assert p.target_reached


def test_compute_progress_single_observation():
    p = compute_progress(SERIES[SERIES["year"] == 2024], 2024, 1_500_000)
    assert p.actual_per_year is None
    assert p.projected_year_reached is None
    assert p.on_track is False
    assert p.required_per_year == pytest.approx((1_500_000 - 918_854) / 6)


def test_compute_progress_single_observation_target_reached():
    p = compute_progress(SERIES[SERIES["year"] == 2024], 2024, 100)
    assert p.actual_per_year is None
    assert p.on_track is True
    assert p.projected_year_reached == 2024


def test_compute_progress_zero_stock():
    series = pd.DataFrame(
        {"year": [2023, 2024], "housing_stock": [0, 0], "gas_free_homes": [0, 0], "hybrid_homes": [0, 0]}
    )
    p = compute_progress(series, 2024, 0.0)
    assert p.gas_free_share is None
    assert p.homes_to_go == 0
    assert p.actual_per_year == 0
    assert p.on_track is True


@pytest.mark.parametrize(
    ("year", "gas_free", "target", "required"),
    [
        (2030, 1_400_000, 1_500_000, 1_500_000 - 1_400_000),  # all due now
        (2031, 1_450_000, 1_500_000, 1_500_000 - 1_450_000),  # past the deadline
        (2029, 1_400_000, 1_500_000, (1_500_000 - 1_400_000) / (2030 - 2029)),
    ],
)
def test_compute_progress_at_or_after_target_year(year, gas_free, target, required):
    series = pd.DataFrame(
        {
            "year": [year - 1, year],
            "housing_stock": [8_500_000, 8_600_000],
            "gas_free_homes": [gas_free - 90_000, gas_free],
            "hybrid_homes": [np.nan, np.nan],
        }
    )
    p = compute_progress(series, year, target)
    assert p.required_per_year == pytest.approx(required)
    assert p.actual_per_year == pytest.approx(90_000)
    assert p.on_track is (90_000 >= required)
    assert TARGET_YEAR == 2030


def test_compute_progress_with_hybrid():
    p = compute_progress(SERIES, 2024, 1_500_000, definition="gas_free_or_hybrid")
    assert p.gas_free_homes == 918_854 + 60_000
    assert p.homes_to_go == 1_500_000 - (918_854 + 60_000)
    # 2022 has no hybrid count: the trend runs over 2023 and 2024 only
    assert p.actual_per_year == pytest.approx((918_854 + 60_000) - (860_000 + 40_000))
    assert p.definition == "gas_free_or_hybrid"


def test_compute_progress_hybrid_unknown_in_year():
    with pytest.raises(ValueError, match=r"gas_free_or_hybrid.*not available for 2022"):
        compute_progress(SERIES, 2022, 1_500_000, definition="gas_free_or_hybrid")


def test_compute_progress_year_not_observed_names_years():
    with pytest.raises(ValueError, match=r"2019.*2022, 2023, 2024"):
        compute_progress(SERIES, 2019, 1_500_000)


@pytest.mark.parametrize(
    ("series", "kwargs", "match"),
    [
        (SERIES, {"definition": "bijna"}, "gas_free, gas_free_or_hybrid"),
        (SERIES.drop(columns="gas_free_homes"), {}, "gas_free_homes"),
        (pd.concat([SERIES, SERIES.tail(1)]), {}, "more than one row"),
        (SERIES, {"target_homes": -1}, "target_homes"),
    ],
)
def test_compute_progress_bad_input(series, kwargs, match):
    args = {"year": 2024, "target_homes": 1_500_000} | kwargs
    with pytest.raises(ValueError, match=match):
        compute_progress(series, **args)


def test_compute_progress_gas_free_without_hybrid_column():
    p = compute_progress(SERIES.drop(columns="hybrid_homes"), 2024, 1_500_000)
    assert p.gas_free_homes == 918_854


def test_progress_to_dict():
    p = compute_progress(SERIES, 2024, 1_500_000, data_kind="illustrative")
    d = p.to_dict()
    assert list(d) == [
        "year",
        "housing_stock",
        "gas_free_homes",
        "gas_free_share",
        "target_homes",
        "homes_to_go",
        "required_per_year",
        "actual_per_year",
        "projected_year_reached",
        "on_track",
        "definition",
        "data_kind",
    ]
    assert d["data_kind"] == "illustrative"
    assert d["homes_to_go"] == 1_500_000 - 918_854
    assert isinstance(p, Progress)


# --- trajectory -------------------------------------------------------------------


def test_trajectory_lines():
    t = trajectory(SERIES, 1_500_000, 2024, "gas_free")
    assert t["year"].tolist() == list(range(2022, 2030 + 1))
    assert list(t.columns) == ["year", "observed_homes", "required_path", "trend", "target"]
    row = t.set_index("year")
    assert row.loc[2023, "observed_homes"] == 860_000
    assert np.isnan(row.loc[2025, "observed_homes"])
    # required path: from (2024, 918,854) to (2030, 1,500,000)
    assert np.isnan(row.loc[2023, "required_path"])
    assert row.loc[2024, "required_path"] == 918_854
    assert row.loc[2027, "required_path"] == pytest.approx(918_854 + (2027 - 2024) / 6 * (1_500_000 - 918_854))
    assert row.loc[2030, "required_path"] == pytest.approx(1_500_000)
    # trend: 59,427 a year from the 2024 observation
    slope = (918_854 - 800_000) / 2
    assert row.loc[2026, "trend"] == pytest.approx(918_854 + slope * 2)
    assert row.loc[2030, "trend"] == pytest.approx(918_854 + slope * 6)
    assert np.isnan(row.loc[2022, "trend"])
    # the target only in 2030
    assert row.loc[2030, "target"] == 1_500_000
    assert row["target"].notna().sum() == 1


def test_trajectory_default_start_is_latest_observation():
    default = trajectory(SERIES, 1_500_000)
    explicit = trajectory(SERIES, 1_500_000, 2024)
    pd.testing.assert_frame_equal(default, explicit)


def test_trajectory_single_observation_has_no_trend():
    t = trajectory(SERIES.tail(1), 1_500_000)
    assert t["year"].tolist() == list(range(2024, 2031))
    assert t["trend"].isna().all()
    assert t["required_path"].notna().all()


def test_trajectory_target_reached_has_no_path():
    t = trajectory(SERIES, 900_000).set_index("year")
    assert t.loc[2024, "required_path"] == 918_854
    assert t["required_path"].notna().sum() == 1


def test_module_is_pure():
    source = open(progress.__file__, encoding="utf-8").read()
    assert "streamlit" not in source and "duckdb" not in source
