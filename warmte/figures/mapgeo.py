"""Map geometry: the rings of GeoJSON (Multi)Polygons as flat numpy arrays.

No plotly here. :class:`Rings` orients the rings (exteriors anticlockwise,
holes clockwise, so a nonzero fill leaves holes open), finds a point inside
each region, lays a regular grid of points inside the regions (for hover and
selection) and writes the paths a filled ``go.Scatter`` draws.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd


def polygons(geometry: Mapping) -> list:
    """The polygons (each a list of rings, exterior first) of a GeoJSON geometry; [] for other kinds."""
    kind = geometry.get("type") if geometry else None
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    if kind == "GeometryCollection":
        return [p for g in geometry.get("geometries", []) for p in polygons(g)]
    return []


class Rings:
    """All rings of the drawn regions as flat numpy arrays (vectorised geometry work)."""

    def __init__(self, geometries: list[Mapping]):
        arrays, region, hole = [], [], []
        for r, geometry in enumerate(geometries):
            for polygon in polygons(geometry):
                for k, ring in enumerate(polygon):
                    a = np.asarray(ring, dtype="float64")
                    if a.ndim != 2 or len(a) < 3:
                        continue
                    arrays.append(a[:, :2])
                    region.append(r)
                    hole.append(k > 0)
        self.n_regions = len(geometries)
        self.region = np.asarray(region, dtype="int64")
        self.hole = np.asarray(hole, dtype=bool)
        self.length = np.asarray([len(a) for a in arrays], dtype="int64")
        self.start = (np.cumsum(self.length) - self.length).astype("int64")
        pts = np.concatenate(arrays) if arrays else np.zeros((0, 2))
        self.x, self.y = pts[:, 0].copy(), pts[:, 1].copy()
        self._orient()

    def _next(self) -> np.ndarray:
        """Index of the next vertex of the same ring (wrapping around)."""
        nxt = np.arange(1, len(self.x) + 1)
        if len(self.length):
            nxt[self.start + self.length - 1] = self.start
        return nxt

    def _cross(self):
        nxt = self._next()
        return nxt, self.x * self.y[nxt] - self.x[nxt] * self.y

    def _orient(self) -> None:
        """Exterior rings anticlockwise, holes clockwise, so a nonzero fill leaves holes open."""
        if not len(self.length):
            self.area = np.zeros(0)
            return
        _, cross = self._cross()
        area = np.add.reduceat(cross, self.start) / 2.0
        flip = np.where(self.hole, area > 0, area < 0)
        for s, n in zip(self.start[flip], self.length[flip], strict=True):
            self.x[s:s + n] = self.x[s:s + n][::-1]
            self.y[s:s + n] = self.y[s:s + n][::-1]
        self.area = np.abs(area)

    def label_points(self) -> tuple[np.ndarray, np.ndarray]:
        """A point inside each region (NaN when it has no rings).

        On the horizontal line through the area centroid of the region's
        largest exterior ring, the middle of the widest stretch inside the
        region (crossings of all its rings, even-odd, so never in a hole);
        falls back to the centroid.
        """
        px = np.full(self.n_regions, np.nan)
        py = np.full(self.n_regions, np.nan)
        if not len(self.length):
            return px, py
        nxt, cross = self._cross()
        rings = pd.DataFrame({"region": self.region, "area": self.area})
        main = rings[~self.hole].groupby("region")["area"].idxmax().to_numpy()
        signed = np.add.reduceat(cross, self.start) / 2.0
        cx_sum = np.add.reduceat((self.x + self.x[nxt]) * cross, self.start)
        cy_sum = np.add.reduceat((self.y + self.y[nxt]) * cross, self.start)
        with np.errstate(divide="ignore", invalid="ignore"):
            cx = np.where(signed != 0, cx_sum / (6 * signed), np.nan)
            cy = np.where(signed != 0, cy_sum / (6 * signed), np.nan)
        # Degenerate rings: mean of the vertices.
        cx = np.where(np.isfinite(cx), cx, np.add.reduceat(self.x, self.start) / self.length)
        cy = np.where(np.isfinite(cy), cy, np.add.reduceat(self.y, self.start) / self.length)
        regions = self.region[main]
        px[regions], py[regions] = cx[main], cy[main]

        # Scanline through that centroid, cut by every ring of the region.
        region_of_pt = np.repeat(self.region, self.length)
        line_y = py[region_of_pt]
        y0, y1 = self.y, self.y[nxt]
        hit = np.isfinite(line_y) & ((y0 <= line_y) != (y1 <= line_y))
        if hit.any():
            with np.errstate(divide="ignore", invalid="ignore"):
                xc = self.x + (line_y - y0) * (self.x[nxt] - self.x) / (y1 - y0)
            cuts = pd.DataFrame({"region": region_of_pt[hit], "x": xc[hit]}).sort_values(["region", "x"])
            cuts["k"] = cuts.groupby("region").cumcount()
            cuts["x_next"] = cuts.groupby("region")["x"].shift(-1)
            inside = cuts[(cuts["k"] % 2 == 0) & cuts["x_next"].notna()].copy()
            if len(inside):
                inside["width"] = inside["x_next"] - inside["x"]
                best = inside.loc[inside.groupby("region")["width"].idxmax()]
                r = best["region"].to_numpy()
                px[r] = ((best["x"] + best["x_next"]) / 2).to_numpy()
        return px, py

    def interior_grid(self, n_points: int, aspect: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """About ``n_points`` points on a regular grid inside the regions: x, y, region.

        Rows of the grid cut every region's rings; the crossings of one
        region on one row, sorted, pair up into the stretches inside it
        (even-odd rule, so holes stay empty). Each stretch gets the grid
        points that fall in it, or its middle when it is narrower than a
        cell. ``aspect``: screen width of one x unit per y unit (cells square
        on screen). With the points this dense, plotly's nearest-point hover
        names the region under the cursor.
        """
        empty = (np.zeros(0), np.zeros(0), np.zeros(0, "int64"))
        land = float(self.area[~self.hole].sum() - self.area[self.hole].sum()) if len(self.area) else 0.0
        if land <= 0 or n_points <= 0:
            return empty
        dy = math.sqrt(land / (n_points * aspect))
        dx = dy * aspect
        x_min, y_min = float(np.nanmin(self.x)), float(np.nanmin(self.y))
        nxt = self._next()
        y0, y1 = self.y, self.y[nxt]
        lo, hi = np.minimum(y0, y1), np.maximum(y0, y1)
        # Rows j at y_min + (j + 0.5) dy with lo <= y_j < hi (half-open: vertices count once).
        j_lo = np.ceil((lo - y_min) / dy - 0.5).astype("int64")
        j_hi = np.ceil((hi - y_min) / dy - 0.5).astype("int64")
        count = np.maximum(j_hi - j_lo, 0)
        total = int(count.sum())
        if total == 0:
            return empty
        edge = np.repeat(np.arange(len(self.x)), count)
        j = j_lo[edge] + (np.arange(total) - np.repeat(np.cumsum(count) - count, count))
        row_y = y_min + (j + 0.5) * dy
        e0, e1 = edge, nxt[edge]
        xc = self.x[e0] + (row_y - self.y[e0]) * (self.x[e1] - self.x[e0]) / (self.y[e1] - self.y[e0])
        region = np.repeat(self.region, self.length)[edge]
        order = np.lexsort((xc, j, region))
        region, j, xc, row_y = region[order], j[order], xc[order], row_y[order]
        new_group = np.r_[True, (region[1:] != region[:-1]) | (j[1:] != j[:-1])]
        group_start = np.flatnonzero(new_group)
        rank = np.arange(total) - np.repeat(group_start, np.diff(np.r_[group_start, total]))
        same_next = ~np.r_[new_group[1:], True]
        first = np.flatnonzero((rank % 2 == 0) & same_next)
        xa, xb, ry, rr = xc[first], xc[first + 1], row_y[first], region[first]
        k_lo = np.ceil((xa - x_min) / dx - 0.5).astype("int64")
        k_hi = np.floor((xb - x_min) / dx - 0.5).astype("int64")
        n = np.maximum(k_hi - k_lo + 1, 0)
        narrow = n == 0
        reps = np.where(narrow, 1, n)
        k = np.repeat(k_lo, reps) + (np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps))
        gx = np.where(np.repeat(narrow, reps), np.repeat((xa + xb) / 2, reps), x_min + (k + 0.5) * dx)
        return gx, np.repeat(ry, reps), np.repeat(rr, reps)

    def paths(self, ring_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """x, y of the selected rings, each followed by a NaN gap (float32: ~1 m precision, half the JSON)."""
        starts, lengths = self.start[ring_mask], self.length[ring_mask]
        if not len(starts):
            return np.zeros(0, "float32"), np.zeros(0, "float32")
        seg = lengths + 1
        ends = np.cumsum(seg)
        offsets = np.repeat(starts - (ends - seg), seg)
        idx = offsets + np.arange(ends[-1])
        gap = ends - 1
        idx[gap] = 0
        x, y = self.x[idx].astype("float32"), self.y[idx].astype("float32")
        x[gap] = np.nan
        y[gap] = np.nan
        return x, y
