"""Tests for warmte.domain.regions: members and search."""

from __future__ import annotations

import pandas as pd
import pytest

from warmte.domain.regions import (
    UnknownRegionError,
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
