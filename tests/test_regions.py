"""Tests for warmte.domain.regions: members, aggregation (sums by hand) and search."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from warmte.domain.regions import (
    UnknownRegionError,
    aggregate,
    normalise_name,
    region_members,
    search_regions,
)

MUNICIPALITIES = pd.DataFrame(
    {
        "code": ["GM0001", "GM0002", "GM0003", "GM1900"],
        "name": ["Aa", "Bee", "Cee", "Súdwest-Fryslân"],
        "province_code": ["PV20", "PV20", "PV21", "PV21"],
        "res_code": ["ES01", "ES02", "ES02", "ES02"],
    }
)

#: Two years; GM0003 has no hybrid count in 2023.
VALUES = pd.DataFrame(
    {
        "municipality_code": ["GM0001", "GM0002", "GM0003", "GM1900"] * 2,
        "year": [2023] * 4 + [2024] * 4,
        "housing_stock": [1000, 2000, 3000, 4000, 1010, 2020, 3030, 4040],
        "hybrid_homes": [10.0, 20.0, np.nan, 40.0, 11.0, 21.0, 31.0, 41.0],
    }
)


# --- region_members --------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("NL", ["GM0001", "GM0002", "GM0003", "GM1900"]),
        ("PV20", ["GM0001", "GM0002"]),
        ("PV21", ["GM0003", "GM1900"]),
        ("ES01", ["GM0001"]),
        ("ES02", ["GM0002", "GM0003", "GM1900"]),
        ("GM1900", ["GM1900"]),
        ("gm1900", ["GM1900"]),  # case does not matter
    ],
)
def test_region_members(code, expected):
    assert region_members(MUNICIPALITIES, code) == expected


@pytest.mark.parametrize("code", ["PV99", "ES31", "GM9999", "XX01", "", "Friesland"])
def test_unknown_region(code):
    with pytest.raises(UnknownRegionError) as info:
        region_members(MUNICIPALITIES, code)
    assert isinstance(info.value, KeyError)
    message = str(info.value)
    assert repr(code) in message
    assert "run `warmte regions --search TEXT` to find valid codes" in message


# --- aggregate ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (
            "provincie",
            [
                ("PV20", 2023, 1000 + 2000, 10 + 20),
                ("PV20", 2024, 1010 + 2020, 11 + 21),
                ("PV21", 2023, 3000 + 4000, np.nan),  # GM0003's hybrid count is missing
                ("PV21", 2024, 3030 + 4040, 31 + 41),
            ],
        ),
        (
            "res",
            [
                ("ES01", 2023, 1000, 10),
                ("ES01", 2024, 1010, 11),
                ("ES02", 2023, 2000 + 3000 + 4000, np.nan),
                ("ES02", 2024, 2020 + 3030 + 4040, 21 + 31 + 41),
            ],
        ),
        (
            "nederland",
            [
                ("NL", 2023, 1000 + 2000 + 3000 + 4000, np.nan),
                ("NL", 2024, 1010 + 2020 + 3030 + 4040, 11 + 21 + 31 + 41),
            ],
        ),
        (
            "gemeente",
            [
                ("GM0001", 2023, 1000, 10),
                ("GM0001", 2024, 1010, 11),
                ("GM0002", 2023, 2000, 20),
                ("GM0002", 2024, 2020, 21),
                ("GM0003", 2023, 3000, np.nan),
                ("GM0003", 2024, 3030, 31),
                ("GM1900", 2023, 4000, 40),
                ("GM1900", 2024, 4040, 41),
            ],
        ),
    ],
)
def test_aggregate(level, expected):
    result = aggregate(VALUES, MUNICIPALITIES, level, ["housing_stock", "hybrid_homes"])
    columns = ["code", "year", "housing_stock", "hybrid_homes"]
    assert list(result.columns) == columns
    pd.testing.assert_frame_equal(
        result,
        pd.DataFrame(expected, columns=columns).astype({"hybrid_homes": "float64"}),
    )
    assert result["housing_stock"].dtype == np.int64  # integers stay integers


@pytest.mark.parametrize("level", ["gemeente", "provincie", "res", "nederland"])
def test_aggregate_preserves_totals_at_every_level(level):
    result = aggregate(VALUES, MUNICIPALITIES, level, ["housing_stock", "hybrid_homes"])
    assert result.groupby("year")["housing_stock"].sum().to_dict() == {
        2023: 1000 + 2000 + 3000 + 4000,
        2024: 1010 + 2020 + 3030 + 4040,
    }
    assert result.loc[result["year"] == 2024, "hybrid_homes"].sum() == 11 + 21 + 31 + 41


def test_aggregate_random_values_sum_exactly():
    rng = np.random.default_rng(7)
    n = 342
    municipalities = pd.DataFrame(
        {
            "code": [f"GM{i:04d}" for i in range(n)],
            "name": [f"Gemeente {i}" for i in range(n)],
            "province_code": [f"PV{20 + i % 12}" for i in range(n)],
            "res_code": [f"ES{1 + i % 30:02d}" for i in range(n)],
        }
    )
    values = pd.DataFrame(
        {"municipality_code": municipalities["code"], "homes": rng.integers(1_000, 400_000, n)}
    )
    total = int(values["homes"].sum())
    for level in ["gemeente", "provincie", "res", "nederland"]:
        result = aggregate(values, municipalities, level, ["homes"])
        assert int(result["homes"].sum()) == total
        assert len(result) == {"gemeente": n, "provincie": 12, "res": 30, "nederland": 1}[level]


def test_aggregate_nullable_integers_propagate_missing():
    values = VALUES.assign(hybrid_homes=pd.array([10, 20, None, 40, 11, 21, 31, 41], dtype="Int64"))
    result = aggregate(values, MUNICIPALITIES, "nederland", ["housing_stock", "hybrid_homes"])
    assert result["hybrid_homes"].dtype == "Int64"
    assert pd.isna(result.loc[0, "hybrid_homes"])
    assert result.loc[1, "hybrid_homes"] == 11 + 21 + 31 + 41


def test_aggregate_without_other_keys():
    values = VALUES.loc[VALUES["year"] == 2024, ["municipality_code", "housing_stock"]]
    result = aggregate(values, MUNICIPALITIES, "provincie", ["housing_stock"])
    assert result.to_dict("list") == {
        "code": ["PV20", "PV21"],
        "housing_stock": [1010 + 2020, 3030 + 4040],
    }


def test_aggregate_empty_values():
    result = aggregate(VALUES.iloc[:0], MUNICIPALITIES, "provincie", ["housing_stock", "hybrid_homes"])
    assert result.empty
    assert list(result.columns) == ["code", "year", "housing_stock", "hybrid_homes"]


@pytest.mark.parametrize(
    ("values", "municipalities", "level", "match"),
    [
        (VALUES, MUNICIPALITIES, "wijk", "unknown level"),
        (VALUES.assign(municipality_code="GM0999"), MUNICIPALITIES, "res", "GM0999"),
        (VALUES, MUNICIPALITIES.assign(res_code=[None, "ES02", "ES02", "ES02"]), "res", "res_code: GM0001"),
        (VALUES.drop(columns="housing_stock"), MUNICIPALITIES, "res", "housing_stock"),
    ],
)
def test_aggregate_bad_input(values, municipalities, level, match):
    with pytest.raises(ValueError, match=match):
        aggregate(values, municipalities, level, ["housing_stock"])


# --- search -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Súdwest-Fryslân", "sudwest fryslan"),
        ("  SÚDWEST   fryslân ", "sudwest fryslan"),
        ("'s-Hertogenbosch", "s hertogenbosch"),
        ("Nuenen, Gerwen en Nederwetten", "nuenen gerwen en nederwetten"),
        ("Bergen (NH.)", "bergen nh"),
        ("GM0014", "gm0014"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_name(text, expected):
    assert normalise_name(text) == expected


REGIONS = pd.DataFrame(
    [
        ("GM1900", "Súdwest-Fryslân", "gemeente"),
        ("GM0014", "Groningen", "gemeente"),
        ("PV20", "Groningen", "provincie"),
        ("ES01", "Regio Groningen-Assen", "res"),
        ("GM9001", "Westgroningen", "gemeente"),
        ("GM9002", "Groningen-Oost", "gemeente"),
        ("GM0796", "'s-Hertogenbosch", "gemeente"),
        ("NL", "Nederland", "nederland"),
    ],
    columns=["code", "name", "level"],
)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("sudwest", ["GM1900"]),
        ("SUDWEST-FRYSLAN", ["GM1900"]),
        ("sudwestfryslan", ["GM1900"]),  # spacing ignored
        ("fryslân", ["GM1900"]),
        # exact (provincie before gemeente), prefix, word start, substring
        ("groningen", ["PV20", "GM0014", "GM9002", "ES01", "GM9001"]),
        ("gm0014", ["GM0014"]),
        ("pv2", ["PV20"]),
        ("hertogenbosch", ["GM0796"]),
        ("amsterdam", []),
    ],
)
def test_search_regions(text, codes):
    result = search_regions(REGIONS, text)
    assert result["code"].tolist() == codes
    assert list(result.columns) == ["code", "name", "level"]


def test_search_empty_text_returns_all_by_level():
    result = search_regions(REGIONS, "")
    assert len(result) == len(REGIONS)
    assert result["code"].iloc[0] == "NL"
