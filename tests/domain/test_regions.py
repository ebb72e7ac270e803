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


# --- other names and codes (issue 13 item 10) --------------------------------------------------------

NAMED = pd.DataFrame(
    [
        ("NL", "Nederland", "nederland"),
        ("PV21", "Fryslân", "provincie"),
        ("PV27", "Noord-Holland", "provincie"),
        ("ES02", "Friesland", "res"),
        ("ES23", "Rotterdam/Den Haag", "res"),
        ("GM0518", "'s-Gravenhage", "gemeente"),
        ("GM0796", "'s-Hertogenbosch", "gemeente"),
        ("GM0363", "Amsterdam", "gemeente"),
        ("GM1900", "Súdwest-Fryslân", "gemeente"),
        ("GM1970", "Noardeast-Fryslân", "gemeente"),
        ("GM1992", "Voorne aan Zee", "gemeente"),
        ("GM0757", "Boxtel", "gemeente"),
        ("GM0855", "Tilburg", "gemeente"),
        ("GM0327", "Leusden", "gemeente"),
    ],
    columns=["code", "name", "level"],
)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # the common name first (exact), the RES region that has it in its name after it
        ("den haag", ["GM0518", "ES23"]),
        ("Den-Haag", ["GM0518", "ES23"]),
        ("the hague", ["GM0518"]),
        ("'s-Gravenhage", ["GM0518"]),
        ("gravenhage", ["GM0518"]),
        ("den bosch", ["GM0796"]),
        # Fryslân / Friesland: exact (province before RES region), then the municipalities with it in their name
        ("fryslan", ["PV21", "ES02", "GM1970", "GM1900"]),
        ("friesland", ["PV21", "ES02"]),
        ("sudwest", ["GM1900"]),
        ("north holland", ["PV27"]),
        # codes in any case, with or without prefix and leading zeros; a number matches codes that hold it
        ("GM0363", ["GM0363"]),
        ("gm0363", ["GM0363"]),
        ("gm 0363", ["GM0363"]),
        ("0363", ["GM0363"]),
        ("363", ["GM0363"]),
        ("pv27", ["PV27"]),
        ("27", ["PV27", "GM0327"]),
        ("ES23", ["ES23"]),
        ("GM99999", []),
        # former names of merged municipalities; Haaren was split among four
        ("weesp", ["GM0363"]),
        ("Hellevoetsluis", ["GM1992"]),
        ("haaren", ["GM0757", "GM0855"]),
        ("the netherlands", ["NL"]),
    ],
)
def test_search_other_names_and_codes(text, codes):
    assert search_regions(NAMED, text)["code"].tolist() == codes


def test_every_alias_points_at_a_region_and_is_not_its_name():
    from warmte.domain.regions import COMMON_NAMES, ENGLISH_NAMES, FORMER_NAMES, aliases, also_known_as

    assert aliases("GM0363") == ("Weesp",) and aliases("GM0518") == ("Den Haag", "The Hague")
    assert aliases("GM0014") == ()
    assert also_known_as("GM0518") == "Den Haag" and also_known_as("GM0518", "en") == "The Hague"
    assert also_known_as("PV21", "en") == "Friesland" and also_known_as("PV27") is None
    assert also_known_as("PV27", "en") == "North Holland" and also_known_as("NL", "en") is None
    assert also_known_as("GM0363") is None  # a former name (Weesp) is found, not shown
    for table in (COMMON_NAMES, ENGLISH_NAMES, FORMER_NAMES):
        for code, names in table.items():
            assert code == "NL" or code[:2] in ("PV", "ES", "GM")
            assert names and all(isinstance(n, str) and n.strip() for n in names)
