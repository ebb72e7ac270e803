"""warmte.views.map.map_scope: which areas a map draws, on small synthetic snapshots.

``map_scope`` reads only ``data.regions`` (columns code, level) and ``data.municipality`` (code,
province_code, res_code), so a namespace with those two frames stands in for a snapshot. The large
branches (a level with more than ``MAP_MAX_AREAS`` areas, as at neighbourhood scale) ran only in
the stress benchmark before these tests.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from warmte.filters import Filters
from warmte.views import map as map_view

MAX = map_view.MAP_MAX_AREAS
#: More areas than one map may draw.
N = MAX + 500


def snapshot(province_of: list[str], res_of: list[str]) -> SimpleNamespace:
    """Municipalities GM00001... with the given province and RES codes, and the regions table of all levels."""
    muni = pd.DataFrame({"code": [f"GM{i:05d}" for i in range(1, len(province_of) + 1)],
                         "province_code": province_of, "res_code": res_of})
    regions = pd.concat([
        pd.DataFrame({"code": ["NL"], "level": ["nederland"]}),
        pd.DataFrame({"code": sorted(set(province_of)), "level": "provincie"}),
        pd.DataFrame({"code": sorted(set(res_of)), "level": "res"}),
        pd.DataFrame({"code": muni["code"], "level": "gemeente"}),
    ], ignore_index=True)
    return SimpleNamespace(regions=regions, municipality=muni)


def codes(first: int, last: int) -> list[str]:
    return [f"GM{i:05d}" for i in range(first, last + 1)]


#: N municipalities: PV20 holds GM00001-00100, PV21 GM00101-00250, PV22 the other 2,750 (more than MAX);
#: 30 RES regions ES01-ES30, municipality i in ES((i-1) % 30 + 1).
PROVINCES = ["PV20"] * 100 + ["PV21"] * 150 + ["PV22"] * (N - 250)
RES = [f"ES{i % 30 + 1:02d}" for i in range(N)]
LARGE = snapshot(PROVINCES, RES)


def test_the_synthetic_snapshot_is_large():
    assert (LARGE.regions["level"] == "gemeente").sum() == N > MAX
    assert (LARGE.regions["level"] == "res").sum() == 30
    assert (LARGE.regions["level"] == "provincie").sum() == 3


# --- small levels: everything, no note ------------------------------------------------------------


@pytest.mark.parametrize("n", [10, MAX])  # MAX itself still fits
@pytest.mark.parametrize("region", ["NL", "GM00003"])
def test_a_level_within_the_limit_is_drawn_whole(n, region):
    data = snapshot(["PV20"] * 5 + ["PV21"] * (n - 5), ["ES01"] * n)
    assert map_view.map_scope(data, Filters(level="gemeente", region=region)) == ("gemeente", None, None)


@pytest.mark.parametrize("n", [10, MAX])
def test_a_selected_province_or_res_region_gets_its_own_municipalities(n):
    """Issue 13 item 9: with a province or RES region selected the municipal map shows its municipalities."""
    data = snapshot(["PV20"] * 5 + ["PV21"] * (n - 5), ["ES01"] * 3 + ["ES02"] * (n - 3))
    assert map_view.map_scope(data, Filters(level="gemeente", region="PV20")) == ("gemeente", codes(1, 5), None)
    assert map_view.map_scope(data, Filters(level="gemeente", region="ES01")) == ("gemeente", codes(1, 3), None)
    # provinces and RES regions stay national maps (with the selected region outlined)
    assert map_view.map_scope(data, Filters(level="provincie", region="PV20")) == ("provincie", None, None)
    assert map_view.map_scope(data, Filters(level="res", region="PV20")) == ("res", None, None)


@pytest.mark.parametrize("level", ["res", "provincie"])
def test_coarser_levels_of_a_large_snapshot_are_drawn_whole(level):
    assert map_view.map_scope(LARGE, Filters(level=level, region="GM00003")) == (level, None, None)


def test_one_more_than_the_limit_is_restricted():
    n = MAX + 1
    data = snapshot(["PV20"] * 5 + ["PV21"] * (n - 5), ["ES01"] * n)
    level, keep, note = map_view.map_scope(data, Filters(level="gemeente", region="PV20"))
    assert (level, keep, note) == ("gemeente", codes(1, 5), "map_note_region")


# --- a large municipal level: the selected region's areas -------------------------------------------


@pytest.mark.parametrize(("municipality", "expected"), [
    ("GM00003", codes(1, 100)),      # in PV20 -> PV20's 100 municipalities
    ("GM00250", codes(101, 250)),    # the last one of PV21 -> PV21's 150
])
def test_a_selected_municipality_shows_its_province(municipality, expected):
    assert map_view.map_scope(LARGE, Filters(level="gemeente", region=municipality)) == (
        "gemeente", expected, "map_note_region")


def test_a_selected_province_shows_its_areas():
    assert map_view.map_scope(LARGE, Filters(level="gemeente", region="PV21")) == (
        "gemeente", codes(101, 250), "map_note_region")


def test_a_selected_res_region_shows_its_areas():
    level, keep, note = map_view.map_scope(LARGE, Filters(level="gemeente", region="ES02"))
    # municipality i is in ES02 when (i - 1) % 30 == 1: GM00002, GM00032, ...
    assert (level, note) == ("gemeente", "map_note_region")
    assert keep == [f"GM{i:05d}" for i in range(2, N + 1, 30)]


# --- too many areas even so: the whole country one level coarser ----------------------------------------


def test_the_netherlands_is_drawn_one_level_coarser():
    assert map_view.map_scope(LARGE, Filters(level="gemeente", region="NL")) == ("res", None, "map_note_coarser")


@pytest.mark.parametrize("region", ["PV22", "GM00251", f"GM{N:05d}"])
def test_a_province_with_too_many_areas_falls_back_to_the_coarser_level(region):
    # PV22 holds N - 250 > MAX municipalities: neither it nor one of its municipalities' province fits
    assert (LARGE.municipality["province_code"] == "PV22").sum() > MAX
    assert map_view.map_scope(LARGE, Filters(level="gemeente", region=region)) == ("res", None, "map_note_coarser")


def test_too_many_res_regions_fall_back_to_provinces():
    # every municipality its own RES region: the res level is too large as well -> provinces
    data = snapshot(PROVINCES, [f"ES{i:05d}" for i in range(1, N + 1)])
    assert (data.regions["level"] == "res").sum() > MAX
    assert map_view.map_scope(data, Filters(level="gemeente", region="NL")) == (
        "provincie", None, "map_note_coarser")
    # a large res level itself is drawn as provinces (the selected region only narrows municipal maps)
    assert map_view.map_scope(data, Filters(level="res", region="PV20")) == ("provincie", None, "map_note_coarser")


def test_the_last_resort_is_the_province_level_even_when_it_is_too_large():
    # more provinces and RES regions than the limit: nothing fits, the provinces are drawn anyway
    many = [f"PV{i:05d}" for i in range(1, N + 1)]
    data = snapshot(many, [f"ES{i:05d}" for i in range(1, N + 1)])
    assert map_view.map_scope(data, Filters(level="gemeente", region="NL")) == ("provincie", None, "map_note_coarser")
    assert map_view.map_scope(data, Filters(level="provincie", region="NL")) == ("provincie", None, "map_note_coarser")
