"""Tests for warmte.figures.mapgeo: the map's polygon geometry, without plotly.

Hand-made squares and a donut (a square with a square hole): orientation and
area by hand, the point inside each region, the hover grid and the drawn paths.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from warmte.figures import mapgeo
from warmte.figures.mapgeo import Rings, polygons


def rect(x0: float, y0: float, x1: float, y1: float, clockwise: bool = True) -> list[list[float]]:
    """A closed rectangular ring (first vertex repeated at the end)."""
    ring = [[x0, y0], [x0, y1], [x1, y1], [x1, y0], [x0, y0]]
    return ring if clockwise else ring[::-1]


def polygon(*rings) -> dict:
    return {"type": "Polygon", "coordinates": list(rings)}


def signed_area(x: np.ndarray, y: np.ndarray) -> float:
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def ring_xy(rings: Rings, i: int) -> tuple[np.ndarray, np.ndarray]:
    s, n = rings.start[i], rings.length[i]
    return rings.x[s:s + n], rings.y[s:s + n]


#: A 3 x 3 square with the 1 x 1 square [1, 2] x [1, 2] cut out; the hole given anticlockwise.
DONUT = polygon(rect(0, 0, 3, 3), rect(1, 1, 2, 2, clockwise=False))


# --- polygons -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        ({"type": "Polygon", "coordinates": [["outer"], ["hole"]]}, [[["outer"], ["hole"]]]),
        ({"type": "MultiPolygon", "coordinates": [[["a"]], [["b"]]]}, [[["a"]], [["b"]]]),
        ({"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "coordinates": [["a"]]},
            {"type": "Point", "coordinates": [0, 0]},
            {"type": "GeometryCollection", "geometries": [{"type": "MultiPolygon", "coordinates": [[["b"]]]}]},
        ]}, [[["a"]], [["b"]]]),
        ({"type": "Point", "coordinates": [0, 0]}, []),
        ({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, []),
        ({}, []),
        (None, []),
    ],
)
def test_polygons_of_each_geometry_kind(geometry, expected):
    assert polygons(geometry) == expected


# --- Rings: reading, orientation, area ------------------------------------------------------------


def test_rings_are_flattened_with_region_and_hole_flags():
    rings = Rings([DONUT, {"type": "MultiPolygon", "coordinates": [[rect(5, 5, 6, 6)], [rect(7, 5, 9, 6)]]}])
    assert rings.n_regions == 2
    assert rings.region.tolist() == [0, 0, 1, 1]
    assert rings.hole.tolist() == [False, True, False, False]
    assert rings.length.tolist() == [5, 5, 5, 5]
    assert rings.start.tolist() == [0, 5, 10, 15]
    assert len(rings.x) == len(rings.y) == 20


def test_degenerate_rings_and_third_coordinates_are_dropped():
    rings = Rings([polygon([[0, 0, 9], [0, 1, 9], [1, 1, 9], [0, 0, 9]], [[0, 0], [1, 1]]), None])
    assert rings.n_regions == 2  # a region without geometry still counts
    assert rings.length.tolist() == [4]  # the two-point ring is left out
    assert sorted(set(zip(rings.x.tolist(), rings.y.tolist(), strict=True))) == [(0, 0), (0, 1), (1, 1)]


@pytest.mark.parametrize("outer_clockwise", [True, False])
@pytest.mark.parametrize("hole_clockwise", [True, False])
def test_exteriors_turn_anticlockwise_and_holes_clockwise(outer_clockwise, hole_clockwise):
    rings = Rings([polygon(rect(0, 0, 3, 3, outer_clockwise), rect(1, 1, 2, 2, hole_clockwise))])
    assert signed_area(*ring_xy(rings, 0)) == pytest.approx(9.0)
    assert signed_area(*ring_xy(rings, 1)) == pytest.approx(-1.0)
    assert rings.area.tolist() == pytest.approx([9.0, 1.0])
    # the same vertices, only the order may change
    assert sorted(zip(*ring_xy(rings, 1), strict=True)) == sorted(map(tuple, rect(1, 1, 2, 2)))


# --- label_points ---------------------------------------------------------------------------------


def test_label_point_of_a_square_is_its_centre():
    px, py = Rings([polygon(rect(0, 0, 2, 4))]).label_points()
    assert px.tolist() == pytest.approx([1.0]) and py.tolist() == pytest.approx([2.0])


def test_label_point_avoids_the_hole():
    # The centroid (1.5, 1.5) lies in the hole. On the line y = 1.5 the region is [0, 1] and [2, 3],
    # equally wide: the first, so x = 0.5.
    px, py = Rings([DONUT]).label_points()
    assert (px[0], py[0]) == pytest.approx((0.5, 1.5))


def test_label_point_lies_in_the_largest_part():
    parts = {"type": "MultiPolygon", "coordinates": [[rect(0, 0, 1, 1)], [rect(10, 0, 14, 2)]]}
    px, py = Rings([parts]).label_points()
    assert (px[0], py[0]) == pytest.approx((12.0, 1.0))


def test_label_point_of_a_concave_region_is_inside_it():
    # A U: its area centroid (2.5, ~1.9) is in the notch between the arms (x 1..4, y 1..5).
    u = [[0, 0], [0, 5], [1, 5], [1, 1], [4, 1], [4, 5], [5, 5], [5, 0], [0, 0]]
    px, py = Rings([polygon(u)]).label_points()
    x, y = px[0], py[0]
    assert 0 < x < 5 and 0 < y < 5
    assert not (1 < x < 4 and y > 1)


def test_label_points_of_regions_without_rings_are_nan():
    px, py = Rings([None, polygon(rect(0, 0, 2, 2))]).label_points()
    assert math.isnan(px[0]) and math.isnan(py[0])
    assert (px[1], py[1]) == pytest.approx((1.0, 1.0))
    ex, ey = Rings([]).label_points()
    assert len(ex) == len(ey) == 0


# --- interior_grid --------------------------------------------------------------------------------


def test_grid_on_a_square_is_regular():
    # 100 points on 100 square units: cells of 1 x 1, points at the cell centres 0.5 .. 9.5.
    gx, gy, gr = Rings([polygon(rect(0, 0, 10, 10))]).interior_grid(100, 1.0)
    assert len(gx) == 100 and set(gr.tolist()) == {0}
    assert sorted(set(np.round(gx, 9).tolist())) == [i + 0.5 for i in range(10)]
    assert sorted(set(np.round(gy, 9).tolist())) == [i + 0.5 for i in range(10)]


def test_grid_cells_follow_the_aspect():
    # aspect 4: cells 4 times as wide as high, so 4 times as many rows as columns.
    gx, gy, _ = Rings([polygon(rect(0, 0, 10, 10))]).interior_grid(100, 4.0)
    assert len(set(np.round(gy, 9))) == 4 * len(set(np.round(gx, 9)))
    assert ((gx > 0) & (gx < 10) & (gy > 0) & (gy < 10)).all()


def test_grid_leaves_the_hole_empty():
    gx, gy, gr = Rings([DONUT]).interior_grid(800, 1.0)
    assert 700 < len(gx) < 900  # about n points over the 8 square units of land
    inside = (gx > 0) & (gx < 3) & (gy > 0) & (gy < 3)
    in_hole = (gx > 1) & (gx < 2) & (gy > 1) & (gy < 2)
    assert inside.all() and not in_hole.any()
    assert set(gr.tolist()) == {0}


def test_grid_gives_a_narrow_region_its_middle():
    # A strip 0.1 wide next to a 10 x 10 square: narrower than a cell (~1), so one point per row, in the middle.
    rings = Rings([polygon(rect(0, 0, 10, 10)), polygon(rect(20, 0, 20.1, 10))])
    gx, gy, gr = rings.interior_grid(100, 1.0)
    strip = gr == 1
    assert strip.sum() >= 9
    assert gx[strip].tolist() == pytest.approx([20.05] * int(strip.sum()))
    assert ((gy[strip] > 0) & (gy[strip] < 10)).all()
    square = gr == 0
    assert ((gx[square] > 0) & (gx[square] < 10)).all()


@pytest.mark.parametrize("geometries, n", [([], 100), ([polygon(rect(0, 0, 1, 1))], 0), ([None], 100)])
def test_grid_empty_without_land_or_points(geometries, n):
    gx, gy, gr = Rings(geometries).interior_grid(n, 1.0)
    assert len(gx) == len(gy) == len(gr) == 0


# --- paths ----------------------------------------------------------------------------------------


def test_paths_join_the_selected_rings_with_gaps():
    rings = Rings([DONUT, polygon(rect(5, 5, 6, 6))])
    x, y = rings.paths(np.array([True, True, False]))
    assert x.dtype == y.dtype == np.float32
    assert len(x) == 5 + 1 + 5 + 1
    gaps = np.flatnonzero(np.isnan(x)).tolist()
    assert gaps == [5, 11] and np.flatnonzero(np.isnan(y)).tolist() == gaps
    assert x[:5].tolist() == ring_xy(rings, 0)[0].tolist()
    assert y[6:11].tolist() == ring_xy(rings, 1)[1].tolist()
    # the unselected square (x 5..6) is not drawn
    assert np.nanmax(x) == 3


def test_paths_of_nothing_are_empty():
    x, y = Rings([DONUT]).paths(np.array([False, False]))
    assert len(x) == len(y) == 0 and x.dtype == np.float32


def test_mapgeo_has_no_plotly():
    source = open(mapgeo.__file__, encoding="utf-8").read()
    assert "import plotly" not in source and "from plotly" not in source
