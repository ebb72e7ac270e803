"""Synthetic stress sources at neighbourhood ("buurt") scale: `warmte stress --dest DIR`.

Writes a sources directory in exactly the formats the build reads (see
``warmte.ingest.sources``), but with about 13,000 synthetic areas instead of 342
municipalities, so the build, the pages and the maps can be measured at
neighbourhood scale (issue 7). Nothing here is real data: every file says so
(names "Synthetische buurt 00001", publisher "synthetisch", a ``README.txt``).
The data is generated, never shipped as a file.

What is generated (``generate``):

* ``gemeente_2025.topojson``: N areas ``GM00001`` ... forming a gap-free
  coverage: a Voronoi tessellation of seeded points (uniform plus clustered
  "towns") inside the outline of the real provinces when
  ``data/snapshot/provincie_2025.topojson`` exists, else a rectangle
  (lon 3.4-7.2, lat 50.8-53.5); coordinates on a 1e-5 degree grid, written
  as real TopoJSON (shared edges are shared arcs, quantised);
* ``provincie_2025.topojson``: PV20-PV31 as exact unions of the areas, each
  area assigned to the real province holding its representative point (or to
  a 4 x 3 longitude/latitude tile without the real file);
* ``cbs/kwb2024_gemeenten_inwoners_woningvoorraad.csv``: stock adding up to
  8,204,049 homes (the real national stock on 1 January 2024), population,
  density and land area per area;
* ``res/res_regions_gemeenten_2023_cbs.csv``: 30 RES regions (k-means on the
  area centroids), ES01 in the north, with each area's province as the
  boundaries place it (the build checks it);
* ``facts/nationale_feiten_warmtetransitie.csv``: the national gas-free share
  for ``years`` years ending 2024 (rising to 11.2%), hybrid shares for the last
  three, and exact stocks for 2024 (the sum of the stock file) and the first year;
  ``facts/nationale_feiten_aanvulling_initiatieven.csv``: eight supplementary facts;
* ``cbs/cbs_kwb2025_energie2024_per_gemeente_via_klaasystems.csv``: per area the
  stock on 1 January 2025, gas and electricity use, district heating (published
  only where there is a heat network, as CBS does), solar and the gas-free share in
  whole percents whose stock-weighted mean is the national 11.2% of 2024;
* ``cbs/cbs_maatwerk_hoofdverwarming_gemeenten_2022_2024.csv``: main heating per
  area and year 2022-2024 (``;``-separated), district heating equal to the energy
  file's, ``n.a.`` where it is not published and for areas under 100 homes;
* ``warmteatlas/warmteatlas_warmtenetten_in_ontwikkeling_2025.csv``: one heat
  project per 40 areas (325 at full scale), mostly where the heat networks are;
  ``warmteatlas/tvw_status_per_gemeente_warmteatlas_2026.csv``: every area a
  transitievisie status, most adopted by the executive as in the real layer;
* ``initiatieven/lokale_warmte_initiatieven_gedeeltelijk.csv`` and
  ``paw/paw_proeftuinen_gedeeltelijk.csv``: a handful of synthetic rows;
  ``initiatieven/lokale_warmte_initiatieven_aanvulling.csv`` (seven, two unnamed)
  and ``paw/paw_proeftuinen_ronde1_met_lokaal_initiatief_hieropgewekt_2018.csv``
  (nine, two of them already in the partial PAW list);
* ``initiatieven/register.csv``: ``initiatives`` initiatives in the import
  register format (data/README.md), one row per phase change, many stalling in
  orientatie or haalbaarheid.

The tables added for the real-data build (energy, heating mix, WarmteAtlas, supplements) draw from a
random stream of their own, so the files above them are the same as before they existed. No file gets
a provenance sidecar (the build checks only files that have one). The heating-mix file holds codes and
numbers only; the other files name themselves synthetic in their rows.

The same arguments give byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
import math
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import shapely

from warmte import config, model
from warmte.domain.allocation import allocate
from warmte.ingest import stress_tables
from warmte.ingest.sources import energy, facts, registry, res, warmteatlas
from warmte.ingest.stress_tables import NOTE, PUBLISHER

#: Coordinate grid in degrees (about 1 m); also the TopoJSON quantisation step.
GRID = 1e-5
#: Outline used without the real province file: lon/lat rectangle.
FALLBACK_BBOX = (3.4, 50.8, 7.2, 53.5)
#: Real province boundaries whose union is the outline, when present at generation time.
DEFAULT_OUTLINE = config.SNAPSHOT_DIR / "provincie_2025.topojson"
PROVINCE_CODES = [f"PV{i}" for i in range(20, 32)]
N_RES = 30
#: Real national stock on 1 January 2024 (CBS 85984NED, sum of 342 municipalities).
NATIONAL_STOCK = 8_204_049
LAST_YEAR = 2024
GAS_FREE_FIRST, GAS_FREE_LAST = 4.0, 11.2
HYBRID_LAST3 = (1.5, 2.6, 3.7)
REGISTER_START = date(2015, 1, 1)
REGISTER_END = date.fromisoformat(config.INITIATIVES_AS_OF)  # 2025-12-31
MIN_AREAS = 100


STOCK_FILE = "cbs/kwb2024_gemeenten_inwoners_woningvoorraad.csv"
REGISTER_FILE = "initiatieven/register.csv"
FILES = [
    "README.txt",
    "gemeente_2025.topojson",
    "provincie_2025.topojson",
    STOCK_FILE,
    res.FILE,
    facts.FILE,
    registry.INITIATIVES_FILE,
    registry.PAW_FILE,
    REGISTER_FILE,
    energy.KWB_FILE,
    energy.MAATWERK_FILE,
    warmteatlas.PROJECTS_FILE,
    warmteatlas.TVW_FILE,
    registry.INITIATIVES_SUPPLEMENT_FILE,
    facts.SUPPLEMENT_FILE,
    registry.PAW_ROUND1_FILE, stress_tables.ETLOCAL_FILE,
]

CBS_HEADER = ["statcode", "statnaam_cartomap2025", "AantalInwoners_5", "Mannen_6", "Vrouwen_7",
              "Bevolkingsdichtheid_34", "Woningvoorraad_35", "OppervlakteTotaal_122", "OppervlakteLand_123",
              "OppervlakteWater_124"]
RES_HEADER = ["gemeentecode", "gemeentenaam", "provinciecode", "provincienaam", "res_code", "res_naam_cbs_export",
              "etlocal_res_code", "etlocal_member_name", "neon_sheet_res_code", "neon_sheet_res_name"]
KWB_HEADER = list(energy.KWB_COLUMNS)
MAATWERK_HEADER = list(energy.MAATWERK_COLUMNS)
PROJECT_HEADER = ["WiO_id", "Projectnaa", "gemeente", "wijkdorp", "RES_regio", "K_n_woning", "K_n_utilit", "K_Nieuwbou",
                  "K_Bew_init", "Tn_beoogd", "Br_beoogd", "Datum_stat", "V_planfase", "P_ini_grp", "P_lev_bedr",
                  "V_verw_ger", "Lees_meer", "buurtcode_2023", "gemeentecode_2023", "buurtcode_2025",
                  "gemeentecode_2025", "centroid_lat", "centroid_lon"]
TVW_HEADER = ["gemeentecode", "gemeentenaam_cbs2023", "provincienaam", "res_code", "tvw_gemeentenaam_source",
              "tvw_stand_tvw", "tvw_status_code", "tvw_online_url", "notes"]
NAMED_EXTRA_HEADER = ["naam", "type", "plaats_of_wijk", "gemeente_2025", "statcode_2025", "focus", "betrokken_bij",
                      "bron_url", "status_volgens_bron", "bron_datum", "opmerking"]
PAW_ROUND1_HEADER = ["gemeentecode_2023", "gemeentenaam_2023", "gemeente_in_bron_2018", "wijk_of_dorp",
                     "oplossing_volgens_bron", "lokaal_initiatief_participatie"]
FACTS_HEADER = ["topic", "indicator", "value", "unit", "reference_period", "geography", "publisher_original",
                "table_or_publication", "source_url", "notes"]
NAMED_HEADER = ["naam", "type", "plaats_of_wijk", "gemeente_2025", "statcode_2025", "focus", "betrokken_bij",
                "bron_url"]
PAW_HEADER = ["ronde", "jaar_selectie", "gemeente_bron", "statcode_2025", "statnaam_2025", "wijk_dorp",
              "oplossing_techniek", "lokaal_initiatief", "woningen_of_gebouwen_tekst", "rijksbijdrage_tekst",
              "bevestiging", "bron_url"]
REGISTER_HEADER = ["initiative_id", "name", "municipality", "technology", "municipal_role", "phase", "start_date",
                   "place", "org_type", "homes_planned", "volunteers", "professional_support"]


@dataclass
class StressResult:
    dest: Path
    areas: int
    years: int
    initiatives: int
    seed: int
    outline: str
    seconds: float
    register_rows: int = 0
    projects: int = 0
    files: list[Path] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(p.stat().st_size for p in self.files)


# --- Geometry -----------------------------------------------------------------------------------------


def _polygonal(geom):
    """Only the polygon parts of a geometry (MultiPolygon or Polygon), grid-snapped."""
    parts = shapely.get_parts(geom)
    parts = parts[np.isin(shapely.get_type_id(parts), (3, 6))]
    return shapely.union_all(parts, grid_size=GRID)


def _outline(outline_file: Path | None):
    """(outline, real province geometries, their codes, description)."""
    if outline_file is not None and Path(outline_file).is_file():
        import pyogrio.raw  # GDAL, as the build reads it; lighter than importing geopandas

        meta, _fids, wkb, fields = pyogrio.raw.read(outline_file)
        codes = [str(c).strip() for c in fields[list(meta["fields"]).index("statcode")]]
        geoms = shapely.make_valid(shapely.from_wkb(wkb), method="structure", keep_collapsed=False)
        geoms = np.array([_polygonal(g) for g in geoms], dtype=object)
        outline = shapely.union_all(geoms, grid_size=GRID)
        return _polygonal(outline), geoms, codes, f"union of the real provinces in {outline_file}"
    box = shapely.set_precision(shapely.box(*FALLBACK_BBOX), GRID)
    x0, y0, x1, y1 = FALLBACK_BBOX
    return box, None, None, f"rectangle lon {x0}-{x1}, lat {y0}-{y1}"


def _points(rng: np.random.Generator, outline, n: int) -> np.ndarray:
    """n distinct seeded points inside the outline: 55% uniform, 45% around ~n/300 'towns'."""
    shapely.prepare(outline)
    minx, miny, maxx, maxy = outline.bounds
    n_towns = max(8, n // 300)
    towns = _uniform_inside(rng, outline, n_towns, (minx, miny, maxx, maxy))
    town_size = rng.gamma(2.0, 0.5, n_towns)  # relative population of the towns
    sigma = 0.012 + 0.03 * np.sqrt(town_size / town_size.max())
    spacing = 2e-4  # points at least this far apart on a grid: no degenerate tiny cells
    out = np.empty((0, 2))
    while len(out) < n:
        k = 2 * n
        uniform = rng.uniform([minx, miny], [maxx, maxy], (k, 2))
        t = rng.choice(n_towns, k, p=town_size / town_size.sum())
        clustered = towns[t] + rng.normal(0.0, 1.0, (k, 2)) * sigma[t, None] * [1.6, 1.0]
        cand = np.where(rng.random((k, 1)) < 0.55, uniform, clustered)
        cand = cand[shapely.contains_xy(outline, cand[:, 0], cand[:, 1])]
        cand = np.round(cand / spacing) * spacing
        allp = np.concatenate([out, cand])
        _, first = np.unique(np.round(allp / spacing).astype(np.int64), axis=0, return_index=True)
        out = allp[np.sort(first)]
        out = out[shapely.contains_xy(outline, out[:, 0], out[:, 1])]
    return out[:n]


def _uniform_inside(rng, outline, n, bounds) -> np.ndarray:
    minx, miny, maxx, maxy = bounds
    got = np.empty((0, 2))
    while len(got) < n:
        cand = rng.uniform([minx, miny], [maxx, maxy], (4 * n, 2))
        got = np.concatenate([got, cand[shapely.contains_xy(outline, cand[:, 0], cand[:, 1])]])
    return got[:n]


def _cells(points: np.ndarray, outline) -> np.ndarray:
    """Voronoi cells of the points (in point order) clipped to the outline, on the GRID: a valid coverage."""
    minx, miny, maxx, maxy = outline.bounds
    vor = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=shapely.box(minx - 1, miny - 1, maxx + 1,
                                   maxy + 1), ordered=True)
    clipped = shapely.set_precision(shapely.get_parts(vor), GRID)
    shapely.prepare(outline)
    edge = ~shapely.contains_properly(outline, clipped)  # only cells crossing the outline are clipped
    clipped[edge] = shapely.intersection(clipped[edge], outline, grid_size=GRID)
    odd = ~np.isin(shapely.get_type_id(clipped), (3, 6))
    clipped[odd] = [_polygonal(g) for g in clipped[odd]]
    if shapely.is_empty(clipped).any() or not shapely.is_valid(clipped).all():
        raise RuntimeError("synthetic cells: an empty or invalid cell (try another seed)")
    if not shapely.coverage_is_valid(clipped):
        raise RuntimeError("synthetic cells are not a valid coverage (try another seed)")
    return shapely.orient_polygons(clipped)


def _area_ha(geoms: np.ndarray) -> np.ndarray:
    """Approximate area in hectares (local equirectangular scale at each cell's latitude)."""
    lat = shapely.get_y(shapely.centroid(geoms))
    deg2_km2 = 111.32 * np.cos(np.radians(lat)) * 110.57
    return shapely.area(geoms) * deg2_km2 * 100.0


def _provinces(cells: np.ndarray, real_geoms, real_codes) -> np.ndarray:
    """Province code per cell: the real province holding its representative point, else a lon/lat tile."""
    pts = shapely.point_on_surface(cells)
    if real_geoms is not None:
        tree = shapely.STRtree(real_geoms)
        pi, gi = tree.query(pts, predicate="within")
        out = np.full(len(cells), -1)
        for p, g in zip(pi[::-1], gi[::-1], strict=True):  # first hit wins
            out[p] = g
        missing = np.flatnonzero(out < 0)
        if len(missing):
            out[missing] = tree.query_nearest(pts[missing], all_matches=False)[1]
        codes = np.array(real_codes, dtype=object)[out]
        if set(codes) <= set(PROVINCE_CODES):
            return codes
    x, y = shapely.get_x(pts), shapely.get_y(pts)
    minx, miny, maxx, maxy = FALLBACK_BBOX
    col = np.clip(((x - minx) / (maxx - minx) * 4).astype(int), 0, 3)
    row = np.clip(((maxy - y) / (maxy - miny) * 3).astype(int), 0, 2)
    return np.array(PROVINCE_CODES, dtype=object)[row * 4 + col]


def _kmeans(rng, xy: np.ndarray, k: int, iterations: int = 30) -> np.ndarray:
    """Cluster label per point (seeded Lloyd's algorithm; every cluster non-empty)."""
    centres = xy[rng.choice(len(xy), k, replace=False)]
    for _ in range(iterations):
        d = ((xy[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        label = d.argmin(axis=1)
        counts = np.bincount(label, minlength=k)
        for empty in np.flatnonzero(counts == 0):  # re-seed an empty cluster at the worst-served point
            far = d[np.arange(len(xy)), label].argmax()
            label[far] = empty
            d[far] = 0
        centres = np.array([xy[label == c].mean(axis=0) for c in range(k)])
    return label


# --- TopoJSON -----------------------------------------------------------------------------------------


def _rings(geom) -> list[list[np.ndarray]]:
    """Polygons of a (Multi)Polygon as lists of ring coordinate arrays (closed)."""
    polys = [geom] if geom.geom_type == "Polygon" else list(geom.geoms)
    return [[np.asarray(p.exterior.coords)] + [np.asarray(r.coords) for r in p.interiors] for p in polys]


def topology(object_name: str, geoms, properties: list[dict], ids: list[str]) -> dict:
    """A TopoJSON Topology of a polygon coverage on the GRID: each shared edge is one quantised arc."""
    all_xy = shapely.get_coordinates(geoms)
    origin = np.floor(all_xy.min(axis=0) / GRID).astype(np.int64)
    polys = []
    for g in geoms:
        polys.append([[[tuple(q) for q in (np.rint(r / GRID).astype(np.int64) - origin).tolist()] for r in poly]
                      for poly in _rings(g)])
    # Junctions: vertices where rings meet with different neighbours.
    seen: dict[tuple, tuple] = {}
    junctions: set[tuple] = set()
    for poly_list in polys:
        for poly in poly_list:
            for ring in poly:
                pts = ring[:-1]
                m = len(pts)
                for i, v in enumerate(pts):
                    a, b = pts[i - 1], pts[(i + 1) % m]
                    pair = (a, b) if a < b else (b, a)
                    old = seen.setdefault(v, pair)
                    if old != pair:
                        junctions.add(v)
    arcs: list[tuple] = []
    index: dict[tuple, int] = {}

    def ref(seq: tuple) -> int:
        i = index.get(seq)
        if i is not None:
            return i
        i = index.get(seq[::-1])
        if i is not None:
            return ~i
        index[seq] = len(arcs)
        arcs.append(seq)
        return len(arcs) - 1

    def ring_arcs(ring: list[tuple]) -> list[int]:
        pts = ring[:-1]
        cut = [i for i, v in enumerate(pts) if v in junctions]
        if not cut:
            j = min(range(len(pts)), key=pts.__getitem__)
            rot = pts[j:] + pts[:j]
            return [ref(tuple(rot + rot[:1]))]
        rot = pts[cut[0]:] + pts[:cut[0]]
        rot.append(rot[0])
        pos = [i - cut[0] for i in cut] + [len(pts)]
        return [ref(tuple(rot[a:b + 1])) for a, b in zip(pos[:-1], pos[1:], strict=False)]

    geometries = []
    for poly_list, props, fid in zip(polys, properties, ids, strict=True):
        encoded = [[ring_arcs(ring) for ring in poly] for poly in poly_list]
        if len(encoded) == 1:
            geometries.append({"type": "Polygon", "arcs": encoded[0], "id": fid, "properties": props})
        else:
            geometries.append({"type": "MultiPolygon", "arcs": encoded, "id": fid, "properties": props})
    delta_arcs = []
    for arc in arcs:
        a = np.array(arc, dtype=np.int64)
        a[1:] = np.diff(a, axis=0)
        delta_arcs.append(a.tolist())
    minx, miny = all_xy.min(axis=0)
    maxx, maxy = all_xy.max(axis=0)
    return {
        "type": "Topology",
        "bbox": [round(float(v), 6) for v in (minx, miny, maxx, maxy)],
        "transform": {"scale": [GRID, GRID], "translate": [round(float(origin[0] * GRID), 6),
                                                           round(float(origin[1] * GRID), 6)]},
        "objects": {object_name: {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": delta_arcs,
    }


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")


def _write_csv(path: Path, header: list[str], rows, delimiter: str = ",") -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", delimiter=delimiter)
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


# --- Tables -------------------------------------------------------------------------------------------


def _share_series(years: int) -> list[tuple[int, float]]:
    first = LAST_YEAR - years + 1
    if years == 1:
        return [(LAST_YEAR, GAS_FREE_LAST)]
    return [(first + i, round(GAS_FREE_FIRST + (GAS_FREE_LAST - GAS_FREE_FIRST) * (i / (years - 1)) ** 1.5, 1))
            for i in range(years)]


def _facts_rows(years: int, stock_sum: int, population_sum: int, n: int, seed: int) -> list[list]:
    pub = f"Synthetische stressdata (seed {seed})"
    rows = [["woningvoorraad", "woningvoorraad (totaal aantal woningen)", str(stock_sum), "woningen",
             f"{LAST_YEAR}-01-01", f"Nederland (synthetisch, som {n} buurten)", PUBLISHER, pub, "",
             f"som van de {n} synthetische buurten; {NOTE}"],
            ["bevolking", "aantal inwoners", str(population_sum), "personen", f"{LAST_YEAR}-01-01",
             f"Nederland (synthetisch, som {n} buurten)", PUBLISHER, pub, "", NOTE]]
    first = LAST_YEAR - years + 1
    if years > 1:
        first_stock = round(stock_sum * (1 - 0.0095 * (years - 1)))
        rows.append(["woningvoorraad", "woningvoorraad", str(first_stock), "woningen", f"{first}-01-01", "Nederland",
                     PUBLISHER, pub, "", NOTE])
    for year, value in _share_series(years):
        rows.append(["aardgasvrij", "aandeel woningen aardgasvrij", f"{value:.1f}", "%", f"{year}-01-01",
                     "Nederland", PUBLISHER, pub, "", NOTE])
    for i, value in enumerate(HYBRID_LAST3[-min(3, years):]):
        year = LAST_YEAR - min(3, years) + 1 + i
        rows.append(["aardgasvrij", "aandeel bijna-aardgasvrije (hybride) woningen", f"{value:.1f}", "%",
                     f"{year}-01-01", "Nederland", PUBLISHER, pub, "", NOTE])
    return rows


#: Per phase: (median months, lognormal sigma, P(stop), P(skip one phase)) when the phase ends before the register date.
_PHASE_DYNAMICS = {
    "orientatie": (20.0, 0.6, 0.35, 0.05),
    "haalbaarheid": (26.0, 0.6, 0.55, 0.0),
    "projectontwikkeling": (24.0, 0.5, 0.30, 0.0),
    "realisatie": (18.0, 0.4, 0.10, 0.0),
}
_TECH = (["warmtenet", "besparing", "hybride", "groen_gas", "onbekend", "all_electric"],
         [0.68, 0.12, 0.08, 0.05, 0.06, 0.01])
_ROLES = (["partner", "supporter", "none", ""], [0.25, 0.40, 0.25, 0.10])
_ORG = ["cooperatie", "bewonersinitiatief", "stichting", "vereniging"]


def register_rows(rng: np.random.Generator, codes: np.ndarray, stock: np.ndarray, n: int) -> list[list]:
    """The synthetic import register: one row per phase change (see data/README.md)."""
    span = (REGISTER_END - REGISTER_START).days
    muni = rng.choice(len(codes), n, p=stock / stock.sum())
    # More initiatives start in later years; the last start leaves two months before the register date.
    first_day = (rng.random(n) ** 0.7 * (span - 60)).astype(int)
    tech = rng.choice(len(_TECH[0]), n, p=_TECH[1])
    role = rng.choice(len(_ROLES[0]), n, p=_ROLES[1])
    org = rng.integers(0, len(_ORG), n)
    start_idx = np.where(rng.random(n) < 0.1, 1, 0)  # some enter the register in haalbaarheid
    z = rng.normal(size=(n, len(model.PHASES)))
    u = rng.random((n, len(model.PHASES)))
    homes = np.minimum(stock[muni], np.rint(rng.lognormal(np.log(120), 0.9, n))).astype(int)
    volunteers = rng.integers(1, 41, n)
    rows = []
    phases = model.PHASES
    for i in range(n):
        day = REGISTER_START + timedelta(days=int(first_day[i]))
        k = int(start_idx[i])
        history = [(phases[k], day)]
        step = 0
        while phases[k] in _PHASE_DYNAMICS:
            median, sigma, p_stop, p_skip = _PHASE_DYNAMICS[phases[k]]
            days = max(31, int(median * model.DAYS_PER_MONTH * math.exp(sigma * z[i, step])))
            nxt = day + timedelta(days=days)
            if nxt > REGISTER_END:
                break
            day = nxt
            if u[i, step] < p_stop:
                history.append((model.STOPPED, day))
                break
            k += 2 if u[i, step] > 1 - p_skip else 1
            history.append((phases[k], day))
            step += 1
        code = str(codes[muni[i]])
        iid = f"SYN{i + 1:05d}"
        support = "ja" if (k >= 2 or u[i, -1] < 0.2) else "nee"
        attrs = [f"Synthetisch initiatief {i + 1:05d}", code, _TECH[0][tech[i]], _ROLES[0][role[i]]]
        extra = [f"Synthetische wijk {muni[i] + 1:05d}", _ORG[org[i]], int(homes[i]), int(volunteers[i]), support]
        for phase, start in history:
            rows.append([iid, *attrs, phase, start.isoformat(), *extra])
    return rows


def _readme(areas: int, years: int, initiatives: int, seed: int, outline: str, stock_sum: int,
            projects: int) -> str:
    return f"""SYNTHETISCHE STRESSDATA - GEEN ECHTE GEGEVENS
SYNTHETIC STRESS DATA - NOT REAL DATA

Generated by `warmte stress` (warmte/ingest/stress.py) of the Warmtemonitor, to measure the build and the
dashboard at neighbourhood ("buurt") scale (issue 7). Every name, code, number, link and geometry in this
directory is made up. Do not publish or present any of it as fact. Links point to the reserved domain
synthetisch.invalid. {energy.MAATWERK_FILE} holds codes and numbers only: it is as
synthetic as the rest.

  areas:        {areas} synthetic areas GM00001..GM{areas:05d} ("Synthetische buurt 00001", ...)
  years:        {years} ({LAST_YEAR - years + 1}-{LAST_YEAR}) of national gas-free shares
  initiatives:  {initiatives} in initiatieven/register.csv (import register format, one row per phase change)
  projects:     {projects} heat networks in development; every area a transitievisie status
  seed:         {seed} (the same arguments give byte-identical files)
  outline:      {outline}
  stock:        {stock_sum} homes in total (the real national stock on 1 January 2024)

The file names and columns are those of the real sources so that `warmte build --sources DIR` reads them.
There are no provenance sidecars: nothing here was fetched.
"""


# --- Entry point --------------------------------------------------------------------------------------


def generate(dest: str | Path, areas: int = 13_000, years: int = 10, initiatives: int = 10_000, seed: int = 1,
             outline_file: str | Path | None = DEFAULT_OUTLINE) -> StressResult:
    """Write the synthetic sources directory ``dest`` (created; existing files of the same name are replaced)."""
    t0 = time.perf_counter()
    if areas < MIN_AREAS or areas > 99_999:
        raise ValueError(f"areas must be between {MIN_AREAS} and 99999, not {areas}")
    if not 1 <= years <= 30:
        raise ValueError(f"years must be between 1 and 30, not {years}")
    if not 0 <= initiatives <= 999_999:
        raise ValueError(f"initiatives must be between 0 and 999999, not {initiatives}")
    dest = Path(dest)
    rng = np.random.default_rng(seed)
    outline, real_geoms, real_codes, outline_text = _outline(Path(outline_file) if outline_file else None)

    cells = _cells(_points(rng, outline, areas), outline)
    codes = np.array([f"GM{i + 1:05d}" for i in range(areas)], dtype=object)
    names = [f"Synthetische buurt {i + 1:05d}" for i in range(areas)]
    province = _provinces(cells, real_geoms, real_codes)
    empty = sorted(set(PROVINCE_CODES) - set(province))
    if empty:
        raise RuntimeError(f"provinces without areas: {empty} (use more areas)")

    # Housing: small urban cells hold more homes per km2; the stock adds up to the real national total.
    area_ha = _area_ha(cells)
    weight = rng.lognormal(0.0, 0.6, areas) * (1.0 + 3.0 / (1.0 + area_ha / 150.0))
    total_ha = np.maximum(1, np.rint(area_ha)).astype(np.int64)
    water_ha = np.minimum(total_ha - 1, np.rint(total_ha * rng.beta(0.5, 8.0, areas))).astype(np.int64)
    land_ha = total_ha - water_ha
    cap = np.maximum(10, land_ha * 60)  # at most 60 homes per hectare of land
    stock = allocate(NATIONAL_STOCK - 10 * areas, weight, cap - 10) + 10
    household = np.clip(rng.normal(2.18, 0.25, areas), 1.4, 3.2)
    population = np.rint(stock * household).astype(np.int64)
    men = np.rint(population * rng.uniform(0.485, 0.51, areas)).astype(np.int64)
    density = np.rint(population / (land_ha / 100.0)).astype(np.int64)

    # RES regions: k-means on the centroids (x scaled to km-ish), numbered north to south.
    c = shapely.get_coordinates(shapely.centroid(cells))
    xy = c * [math.cos(math.radians(52.2)), 1.0]
    label = _kmeans(rng, xy, N_RES)
    centre = np.array([xy[label == k].mean(axis=0) for k in range(N_RES)])
    order = np.lexsort((centre[:, 0], -np.round(centre[:, 1], 1)))
    res_no = np.empty(N_RES, dtype=int)
    res_no[order] = np.arange(1, N_RES + 1)
    res_of = res_no[label]

    subdirs = sorted({str(Path(f).parent) for f in FILES} - {"."})
    for sub in subdirs:
        (dest / sub).mkdir(parents=True, exist_ok=True)
    files = [dest / f for f in FILES]

    props = [{"statcode": c_, "jrstatcode": f"2025{c_}", "statnaam": n_, "rubriek": "buurt (synthetisch)"}
             for c_, n_ in zip(codes, names, strict=True)]
    _write_json(dest / "gemeente_2025.topojson", topology("gemeente_2025", cells, props, list(codes)))
    pv_geoms = [shapely.coverage_union_all(cells[province == p]) for p in PROVINCE_CODES]
    pv_geoms = shapely.orient_polygons(np.array(pv_geoms, dtype=object))
    pv_props = [{"statcode": p, "jrstatcode": f"2025{p}", "statnaam": f"Synthetische provincie {p[2:]}",
                 "rubriek": "provincie (synthetisch)"} for p in PROVINCE_CODES]
    _write_json(dest / "provincie_2025.topojson", topology("provincie_2025", pv_geoms, pv_props, PROVINCE_CODES))

    _write_csv(dest / STOCK_FILE, CBS_HEADER, (
        [codes[i], names[i], population[i], men[i], population[i] - men[i], density[i], stock[i], total_ha[i],
         land_ha[i], water_ha[i]] for i in range(areas)))
    _write_csv(dest / res.FILE, RES_HEADER, stress_tables.res_rows(codes, names, province, res_of))
    stock_sum = int(stock.sum())
    _write_csv(dest / facts.FILE, FACTS_HEADER, _facts_rows(years, stock_sum, int(population.sum()), areas, seed))

    pick = rng.choice(areas, 8, replace=False, p=stock / stock.sum())
    focus = ["buurtwarmtenet (synthetisch)", "isolatie en besparing (synthetisch)",
             "hybride warmtepompen (synthetisch)", "warmtenet met aquathermie (synthetisch)"]
    named = [[f"Synthetisch warmte-initiatief {j + 1:02d}", _ORG[j % len(_ORG)], f"Synthetische wijk {i + 1:05d}",
              names[i], codes[i], focus[j % 4],
              "synthetisch (stresstest)" if j % 2 else "PAW-proeftuin (synthetisch)", ""]
             for j, i in enumerate(pick)]
    _write_csv(dest / registry.INITIATIVES_FILE, NAMED_HEADER, named)
    paw = [[1 if j < 3 else 3, 2018 if j < 3 else 2022, names[i], codes[i], names[i], f"Synthetische wijk {i + 1:05d}",
            "warmtenet (synthetisch)", f"Synthetisch warmte-initiatief {j + 1:02d}" if j % 2 else "", "", "",
            "bevestigd (synthetisch)" if j % 2 else "niet bevestigd (synthetisch)", ""]
           for j, i in enumerate(pick[:6])]
    _write_csv(dest / registry.PAW_FILE, PAW_HEADER, paw)

    reg = register_rows(rng, codes, stock.astype(float), initiatives)
    _write_csv(dest / REGISTER_FILE, REGISTER_HEADER, reg)

    # The tables of the real-data build: a stream of their own, so the files above stay as they were.
    rng2 = np.random.default_rng([seed, 2])
    gas_free_2024 = _share_series(years)[-1][1]
    en = stress_tables.energy_figures(rng2, stock, density.astype(float), gas_free_2024)
    _write_csv(dest / energy.KWB_FILE, KWB_HEADER, stress_tables.kwb_rows(codes, names, en))
    mix = stress_tables.maatwerk_rows(rng2, codes, stock, density.astype(float), en)
    _write_csv(dest / energy.MAATWERK_FILE, MAATWERK_HEADER, mix, delimiter=";")
    projects = stress_tables.project_rows(rng2, codes, names, res_of, stock, density.astype(float), en, cells)
    _write_csv(dest / warmteatlas.PROJECTS_FILE, PROJECT_HEADER, projects)
    _write_csv(dest / warmteatlas.TVW_FILE, TVW_HEADER, stress_tables.tvw_rows(rng2, codes, names, province, res_of))
    _write_csv(*stress_tables.etlocal_file(dest, rng2, codes, stock, density.astype(float)))
    _write_csv(dest / registry.INITIATIVES_SUPPLEMENT_FILE, NAMED_EXTRA_HEADER,
               stress_tables.named_extra_rows(rng2, codes, names, stock.astype(float), pick))
    _write_csv(dest / facts.SUPPLEMENT_FILE, FACTS_HEADER, stress_tables.facts_extra_rows(seed))
    _write_csv(dest / registry.PAW_ROUND1_FILE, PAW_ROUND1_HEADER,
               stress_tables.paw_round1_rows(rng2, codes, names, pick[:3], stock.astype(float), pick))

    (dest / "README.txt").write_text(_readme(areas, years, initiatives, seed, outline_text, stock_sum,
                                             len(projects)), encoding="utf-8")
    return StressResult(dest, areas, years, initiatives, seed, outline_text, time.perf_counter() - t0,
                        register_rows=len(reg), projects=len(projects), files=files)
