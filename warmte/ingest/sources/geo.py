"""Boundaries (CBS/PDOK "Gebiedsindelingen", generalised, via cartomap/nl).

Reads the municipality and province TopoJSON files, derives each municipality's
province from the geometry (the sources have no such table), and makes the
simplified map geometry per level:

* gemeente: the coverage simplified with GEOS' coverage simplification, which
  simplifies every shared edge once, so neighbours keep sharing their edges
  (no gaps, no slivers);
* provincie and RES: unions of the simplified municipalities
  (``coverage_union``), so the three levels line up exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from warmte.ingest.sources import SourceError, SourceFile

MUNICIPALITY_FILE = "gemeente_2025.topojson"
PROVINCE_FILE = "provincie_2025.topojson"
#: The Netherlands has twelve provinces (PV20-PV31); a boundary file with fewer is incomplete.
EXPECTED_PROVINCES = 12
#: Municipalities on 1 January 2025. Checked when the file holds real four-digit codes (GMxxxx); the synthetic
#: stress data (``warmte stress``, five-digit codes GM00001...) sets its own number.
EXPECTED_MUNICIPALITIES = 342

#: Column map of the cartomap/CBS properties.
COLUMNS = {"statcode": "code", "statnaam": "name"}

#: Simplification tolerance in degrees (~50 m); the source is already
#: generalised on a 0.001 degree grid, finer sources are simplified to this.
SIMPLIFY_TOLERANCE_DEG = 0.0005
#: Coordinates are rounded to this many decimals in the stored GeoJSON (~1 m).
COORD_DECIMALS = 5


def read_boundaries(source: SourceFile, prefix: str) -> gpd.GeoDataFrame:
    """Read a TopoJSON/GeoJSON boundary file into code, name, geometry (EPSG:4326)."""
    try:
        gdf = gpd.read_file(source.path)
    except Exception as exc:  # pyogrio raises several error types for bad files
        raise SourceError(f"{source.relative}: cannot read boundaries: {exc}") from exc
    missing = [c for c in COLUMNS if c not in gdf.columns]
    if missing:
        raise SourceError(f"{source.relative}: missing properties {missing}; found {list(gdf.columns)}")
    gdf = gdf.rename(columns=COLUMNS)[["code", "name", "geometry"]]
    gdf["code"] = gdf["code"].astype(str).str.strip()
    bad = gdf[~gdf["code"].str.match(rf"^{prefix}\d+$")]
    if len(bad):
        row = int(bad.index[0]) + 1
        raise SourceError(f"{source.relative}: feature {row}: code {bad['code'].iloc[0]!r} is not a {prefix} code")
    dup = gdf[gdf["code"].duplicated()]
    if len(dup):
        raise SourceError(f"{source.relative}: duplicate code {dup['code'].iloc[0]!r}")
    if gdf.geometry.isna().any() or gdf.geometry.is_empty.any():
        code = gdf.loc[gdf.geometry.isna() | gdf.geometry.is_empty, "code"].iloc[0]
        raise SourceError(f"{source.relative}: {code} has no geometry")
    gdf = gdf.set_crs(4326, allow_override=True)
    gdf["geometry"] = shapely.make_valid(gdf.geometry.values, method="structure", keep_collapsed=False)
    return gdf.reset_index(drop=True)


def assign_provinces(municipalities: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame,
                     source_name: str) -> pd.Series:
    """Province code per municipality, from the geometry.

    Each municipality's representative point (always inside it) is located in
    the province polygons. Every municipality must fall in exactly one.
    """
    points = gpd.GeoDataFrame(
        {"code": municipalities["code"]},
        geometry=municipalities.geometry.representative_point(),
        crs=municipalities.crs,
    )
    joined = gpd.sjoin(points, provinces[["code", "geometry"]].rename(columns={"code": "province_code"}),
                       how="left", predicate="within")
    counts = joined.groupby("code")["province_code"].count()
    none = counts[counts == 0].index.tolist()
    many = counts[counts > 1].index.tolist()
    if none or many:
        raise SourceError(
            f"{source_name}: municipality-to-province derivation failed: "
            f"in no province: {none[:10]}; in several: {many[:10]}"
        )
    return joined.set_index("code")["province_code"].reindex(municipalities["code"])


def simplify_coverage(geoms: np.ndarray, tolerance: float = SIMPLIFY_TOLERANCE_DEG) -> np.ndarray:
    """Topology-preserving simplification of a polygon coverage (shared edges stay shared)."""
    simplified = shapely.coverage_simplify(geoms, tolerance)
    simplified = shapely.make_valid(simplified, method="structure", keep_collapsed=False)
    if not shapely.coverage_is_valid(simplified):
        raise SourceError("simplified municipality geometry is not a valid coverage (gaps or overlaps)")
    return simplified


def dissolve(geoms: np.ndarray, groups) -> dict[str, object]:
    """Union the coverage's polygons per group code (coverage union: exact, no slivers).

    ``groups`` holds one group code per geometry, in the same order.
    """
    groups = np.asarray(groups)
    return {code: shapely.coverage_union_all(geoms[groups == code]) for code in pd.unique(groups)}


def to_geojson(geom) -> str:
    """GeoJSON geometry text with coordinates rounded to ``COORD_DECIMALS``."""
    data = json.loads(shapely.to_geojson(geom))

    def rnd(c):
        if isinstance(c[0], (int, float)):
            return [round(c[0], COORD_DECIMALS), round(c[1], COORD_DECIMALS)]
        return [rnd(x) for x in c]

    data["coordinates"] = rnd(data["coordinates"])
    return json.dumps(data, separators=(",", ":"))


def real_codes(codes: pd.Series) -> bool:
    """Whether the municipality codes are the real four-digit ones (not the synthetic stress data's)."""
    return bool(codes.astype(str).str.fullmatch(r"GM\d{4}").all())


def load(root: Path) -> dict:
    """Read both boundary files and derive provinces and simplified geometry.

    Returns a dict with ``municipalities`` (code, name, province_code,
    geometry simplified), ``provinces`` (code, name), and the two SourceFiles.
    """
    gm_file = SourceFile.at(root, MUNICIPALITY_FILE)
    pv_file = SourceFile.at(root, PROVINCE_FILE)
    gm = read_boundaries(gm_file, "GM")
    pv = read_boundaries(pv_file, "PV")
    if real_codes(gm["code"]) and len(gm) != EXPECTED_MUNICIPALITIES:
        raise SourceError(f"{gm_file.relative}: {len(gm)} municipalities, expected {EXPECTED_MUNICIPALITIES} "
                          "(the 2025 boundaries): is the file complete?")
    if len(pv) != EXPECTED_PROVINCES:
        raise SourceError(f"{pv_file.relative}: {len(pv)} provinces, expected {EXPECTED_PROVINCES}: "
                          "is the file complete?")
    gm["province_code"] = assign_provinces(gm, pv, f"{gm_file.relative} x {pv_file.relative}").values
    gm["geometry"] = simplify_coverage(gm.geometry.values)
    return {
        "municipalities": gm,
        "provinces": pd.DataFrame(pv[["code", "name"]]),
        "files": [gm_file, pv_file],
    }
