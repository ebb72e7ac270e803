"""The vectorised progress_frame gives exactly what compute_progress gives, region by region."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from warmte.domain import progress
from warmte.views import progress as progress_view


@pytest.mark.parametrize("demo,definition,year", [(False, "gas_free", 2024),
                                                  (True, "gas_free", 2024), (True, "gas_free", 2019),
                                                  (True, "gas_free", 2017), (True, "gas_free_or_hybrid", 2024),
                                                  (True, "gas_free_or_hybrid", 2022)])
def test_matches_compute_progress_for_every_municipality(data, demo_data, demo, definition, year):
    """On the measured snapshot (one year) and the demonstration one (several years, hybrid counts)."""
    data = demo_data if demo else data
    obs = data.housing.rename(columns={"municipality_code": "region"})
    targets = progress_view.municipal_targets(data)
    frame = progress.progress_frame(obs, targets, year, definition)
    for code in targets.index:
        series = obs[obs["region"] == code]
        p = progress.compute_progress(series, year, float(targets[code]), definition)
        row = frame.loc[code]
        assert row["gas_free_homes"] == p.gas_free_homes
        assert row["homes_to_go"] == pytest.approx(p.homes_to_go)
        assert row["required_per_year"] == pytest.approx(p.required_per_year)
        if p.actual_per_year is None:
            assert math.isnan(row["actual_per_year"])
        else:
            assert row["actual_per_year"] == pytest.approx(p.actual_per_year)
        expected_year = pd.NA if p.projected_year_reached is None else p.projected_year_reached
        assert (row["projected_year_reached"] is pd.NA and expected_year is pd.NA) or \
            row["projected_year_reached"] == expected_year, code
        assert bool(row["on_track"]) == p.on_track, code


def test_edge_cases_by_hand():
    # A: reached already; B: one observation (no pace); C: shrinking (never); D: zero stock and target 0.
    obs = pd.DataFrame({
        "region": ["A", "A", "B", "C", "C", "D"],
        "year": [2022, 2024, 2024, 2022, 2024, 2024],
        "housing_stock": [100, 100, 50, 80, 80, 0],
        "gas_free_homes": [30, 40, 5, 20, 10, 0],
        "hybrid_homes": [np.nan, np.nan, np.nan, np.nan, np.nan, np.nan],
    })
    targets = pd.Series({"A": 20.0, "B": 10.0, "C": 16.0, "D": 0.0})
    f = progress.progress_frame(obs, targets, 2024)
    assert f.loc["A", "homes_to_go"] == 0 and f.loc["A", "projected_year_reached"] == 2024
    assert bool(f.loc["A", "on_track"])
    assert f.loc["A", "actual_per_year"] == (40 - 30) / (2024 - 2022)
    assert f.loc["B", "required_per_year"] == (10 - 5) / (2030 - 2024)
    assert math.isnan(f.loc["B", "actual_per_year"]) and f.loc["B", "projected_year_reached"] is pd.NA
    assert not bool(f.loc["B", "on_track"])
    assert f.loc["C", "actual_per_year"] == -5 and f.loc["C", "projected_year_reached"] is pd.NA
    assert math.isnan(f.loc["D", "gas_free_share"]) and bool(f.loc["D", "on_track"])


def test_missing_year_is_an_error():
    obs = pd.DataFrame({"region": ["A"], "year": [2022], "housing_stock": [1], "gas_free_homes": [1],
                        "hybrid_homes": [np.nan]})
    with pytest.raises(ValueError, match="2024"):
        progress.progress_frame(obs, pd.Series({"A": 1.0}), 2024)
    with pytest.raises(ValueError, match="gas_free_or_hybrid"):
        progress.progress_frame(obs, pd.Series({"A": 1.0}), 2022, "gas_free_or_hybrid")
