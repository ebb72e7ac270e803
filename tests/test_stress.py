"""`warmte stress`: the synthetic neighbourhood-scale sources directory (issue 7), small N."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from warmte import cli, model
from warmte.domain import funnel
from warmte.ingest import stress, stress_tables
from warmte.ingest.build import build
from warmte.ingest.sources import cbs, energy, facts, geo, registry, res, warmteatlas

N, YEARS, INITIATIVES = 600, 3, 300


def make(path: Path, seed: int = 1, **kw) -> stress.StressResult:
    return stress.generate(path, areas=N, years=YEARS, initiatives=INITIATIVES, seed=seed, **kw)


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("stress") / "sources"
    make(path)
    return path


@pytest.fixture(scope="module")
def cells(root) -> gpd.GeoDataFrame:
    return gpd.read_file(root / "gemeente_2025.topojson")


@pytest.fixture(scope="module")
def stock(root) -> pd.DataFrame:
    return pd.read_csv(root / "cbs/kwb2024_gemeenten_inwoners_woningvoorraad.csv", dtype={"statcode": str})


def test_every_file_is_written_and_labelled_synthetic(root):
    for rel in stress.FILES:
        assert (root / rel).is_file(), rel
    readme = (root / "README.txt").read_text(encoding="utf-8")
    assert "SYNTHETISCHE STRESSDATA" in readme and "NOT REAL DATA" in readme
    for rel in stress.FILES[1:]:
        text = (root / rel).read_text(encoding="utf-8")
        if rel == energy.MAATWERK_FILE:  # codes and numbers only (the real columns): synthetic codes, README names it
            assert rel in readme
            assert all(re.fullmatch(r"GM\d{5}", line.split(";")[0]) for line in text.splitlines()[1:])
            continue
        assert "ynthetis" in text, f"{rel} does not say it is synthetic"
    assert not list(root.rglob("*.provenance.json"))


def test_columns_match_the_real_files(root):
    """Same header as each real source file (when the real sources are present)."""
    real = stress.config.SNAPSHOT_DIR
    csvs = [rel for rel in stress.FILES if rel.endswith(".csv")]
    assert len(csvs) == 14
    for rel in csvs:
        if (real / rel).is_file():
            expected = (real / rel).read_text(encoding="utf-8").splitlines()[0]
            assert (root / rel).read_text(encoding="utf-8").splitlines()[0] == expected, rel


def test_geometry_is_a_valid_coverage_with_unique_codes(root, cells):
    assert len(cells) == N
    assert cells["statcode"].is_unique
    assert all(re.fullmatch(r"GM\d{5}", c) for c in cells["statcode"])
    assert cells["statnaam"].str.startswith("Synthetische buurt ").all()
    assert cells.is_valid.all() and not cells.is_empty.any()
    assert shapely.coverage_is_valid(cells.geometry.values)
    topo = json.loads((root / "gemeente_2025.topojson").read_text(encoding="utf-8"))
    assert topo["type"] == "Topology" and list(topo["objects"]) == ["gemeente_2025"]
    assert [g["id"] for g in topo["objects"]["gemeente_2025"]["geometries"]] == list(cells["statcode"])
    # Shared edges are shared arcs: far fewer arcs than ring edges counted per cell.
    assert len(topo["arcs"]) < shapely.get_num_coordinates(cells.geometry.values).sum() / 2


def test_provinces_hold_each_representative_point_exactly_once(root, cells):
    pv = gpd.read_file(root / "provincie_2025.topojson")
    assert list(pv["statcode"]) == stress.PROVINCE_CODES
    assert pv.is_valid.all()
    points = gpd.GeoDataFrame({"code": cells["statcode"]}, geometry=cells.representative_point())
    joined = gpd.sjoin(points, pv[["statcode", "geometry"]], predicate="within")
    assert joined.groupby("code").size().reindex(cells["statcode"]).eq(1).all()
    assert shapely.coverage_is_valid(pv.geometry.values)


def test_the_build_readers_accept_the_files(root):
    g = geo.load(root)  # province assignment and coverage simplification, as in the build
    assert len(g["municipalities"]) == N and g["municipalities"]["province_code"].notna().all()
    stock_df, _ = cbs.load_stock(root)
    assert len(stock_df) == N
    named, _ = registry.load_initiatives(root, set(stock_df["code"]))
    paw, _ = registry.load_paw(root, set(stock_df["code"]))
    assert len(named) >= 3 and len(paw) >= 3
    codes = set(stock_df["code"])
    assert len(named) == 15 and (named["list_file"] == registry.INITIATIVES_SUPPLEMENT_FILE).sum() == 7
    assert named["name"].str.startswith(registry.UNNAMED).sum() == 2
    merged, _ = registry.merge_paw_round1(paw, root, codes)
    assert len(merged) == len(paw) + 7  # two of the nine round-1 rows are in the partial list already
    assert paw.loc[0, "local_initiative"] == "" and merged.loc[0, "local_initiative"] != ""  # filled by the merge
    supplement, _ = facts.load_supplement(root)
    assert len(supplement) == 8
    kwb, _ = energy.load_kwb(root, codes)
    assert len(kwb) == N
    mix, _ = energy.load_heating_mix(root, codes)
    assert len(mix) == N * 3
    projects, _ = warmteatlas.load_projects(root, codes)
    assert len(projects) == N // stress_tables.AREAS_PER_PROJECT
    tvw, _ = warmteatlas.load_tvw(root, codes)
    assert len(tvw) == N


def test_stock_adds_up_to_the_facts_row_and_is_plausible(root, stock):
    total = int(stock["Woningvoorraad_35"].sum())
    assert total == stress.NATIONAL_STOCK
    assert (stock["Woningvoorraad_35"] > 0).all()
    assert (stock["AantalInwoners_5"] == stock["Mannen_6"] + stock["Vrouwen_7"]).all()
    assert (stock["OppervlakteTotaal_122"] == stock["OppervlakteLand_123"] + stock["OppervlakteWater_124"]).all()
    assert (stock["OppervlakteLand_123"] > 0).all()
    rows, _ = facts.load(root)
    stock_row = rows[(rows["topic"] == "woningvoorraad") & (rows["reference_period"] == "2024-01-01")]
    assert int(stock_row["value"].iloc[0]) == total
    series = facts.national_series(rows, total)
    assert list(series["year"]) == [2022, 2023, 2024]
    assert series["gas_free_share"].is_monotonic_increasing
    assert series["gas_free_share"].iloc[-1] == pytest.approx(0.112)
    assert series["hybrid_share"].notna().all()
    assert series.set_index("year")["housing_stock"][2024] == total
    assert series["stock_kind"].tolist() == ["official", "compiled", "official"]


def test_ten_years_of_facts_start_near_four_percent(tmp_path):
    rows = stress._facts_rows(10, 8_204_049, 17_900_000, 13_000, 1)
    df = pd.DataFrame(rows, columns=stress.FACTS_HEADER)
    shares = df[df["indicator"] == facts.GAS_FREE[1]]
    assert shares["reference_period"].tolist() == [f"{y}-01-01" for y in range(2015, 2025)]
    values = shares["value"].astype(float).tolist()
    assert values[0] == 4.0 and values[-1] == 11.2 and values == sorted(set(values))
    first = df[(df["topic"] == "woningvoorraad") & (df["reference_period"] == "2015-01-01")]
    assert 7_400_000 < int(first["value"].iloc[0]) < 7_600_000
    assert len(df[df["indicator"] == facts.HYBRID[1]]) == 3


def test_res_regions_cover_each_area_once(root, cells):
    mapping, _ = res.load(root)
    assert sorted(mapping["code"]) == sorted(cells["statcode"])
    assert mapping["code"].is_unique
    assert sorted(mapping["res_code"].unique()) == [f"ES{i:02d}" for i in range(1, 31)]


def test_res_provinces_are_those_of_the_boundaries(root):
    """The build checks each province code of the RES file against the boundaries."""
    mapping, _ = res.load(root)
    g = geo.load(root)["municipalities"].set_index("code")["province_code"]
    assert (mapping.set_index("code")["province_code"] == g.reindex(mapping["code"])).all()
    assert mapping.groupby("res_code")["res_name"].nunique().eq(1).all()


def test_energy_is_consistent_with_the_national_series_and_plausible(root, stock):
    kwb, _ = energy.load_kwb(root, set(stock["statcode"]))
    homes = stock.set_index("statcode")["Woningvoorraad_35"].reindex(kwb["code"]).to_numpy()
    pct = kwb["gas_free_share"].to_numpy() * 100
    assert np.allclose(pct, np.round(pct))  # whole percents, as the real file
    rows, _ = facts.load(root)
    national = facts.national_series(rows, int(homes.sum())).set_index("year")["gas_free_share"][2024]
    weighted = (kwb["gas_free_share"] * homes).sum() / homes.sum()
    assert weighted == pytest.approx(national, abs=0.0005)
    assert kwb["gas_free_share"].std() > 0.03  # a spread, not one value
    assert (kwb["housing_stock_2025"] / homes).between(0.99, 1.1).all()
    assert kwb["housing_stock_2025"].sum() > homes.sum()
    dh = kwb["district_heating_share"]
    assert 0.03 * N < dh.notna().sum() < 0.4 * N  # published only where there is a heat network
    assert (dh.dropna() <= kwb.loc[dh.notna(), "gas_free_share"] + 1e-9).all()
    assert kwb["gas_m3_per_home"].between(0, 2000).all() and kwb["gas_m3_per_home"].median() > 500
    assert kwb["electricity_kwh_per_home"].between(1000, 6000).all()
    assert kwb["solar_share"].between(0.03, 0.8).all()
    # More gas-free homes, less gas per home.
    assert np.corrcoef(kwb["gas_free_share"], kwb["gas_m3_per_home"])[0, 1] < -0.3


def test_heating_mix_matches_the_energy_file(root, stock):
    codes = set(stock["statcode"])
    mix, _ = energy.load_heating_mix(root, codes)
    kwb, _ = energy.load_kwb(root, codes)
    assert sorted(mix["year"].unique()) == list(energy.MAATWERK_YEARS)
    assert mix.groupby("code").size().eq(3).all()
    parts = ["individual_boiler_share", "block_heating_share", "district_heating_share", "electric_high_gas_share",
             "electric_low_gas_share"]
    assert (mix[parts].fillna(0).sum(axis=1) <= 1 + 1e-9).all()
    homes = stock.set_index("statcode")["Woningvoorraad_35"].reindex(mix["code"]).to_numpy()
    small = homes < stress_tables.SUPPRESS_BELOW
    assert mix.loc[small, "individual_boiler_share"].isna().all()
    assert mix.loc[~small, "individual_boiler_share"].notna().all()
    m24 = mix[mix["year"] == 2024].set_index("code")["district_heating_share"]
    k = kwb.set_index("code")["district_heating_share"].reindex(m24.index)
    published = m24.notna()
    assert published.sum() > 0 and k[published].notna().all() and m24[k.isna()].isna().all()
    assert ((m24[published] - k[published]).abs() <= 0.005 + 1e-9).all()  # whole percents of the same share
    first = mix[mix["year"] == 2022].set_index("code")
    last = mix[mix["year"] == 2024].set_index("code")
    assert first["individual_boiler_share"].mean() > last["individual_boiler_share"].mean()
    assert first["electric_high_gas_share"].mean() < last["electric_high_gas_share"].mean()


def test_projects_and_transitievisies(root, cells, stock):
    codes = set(stock["statcode"])
    projects, _ = warmteatlas.load_projects(root, codes)
    assert projects["project_id"].is_unique
    assert set(projects["phase"]) <= set(warmteatlas.PROJECT_PHASES) and projects["phase"].nunique() >= 3
    assert projects["resident_led"].any() and not projects["resident_led"].all()
    # Each project's centroid lies in its own area.
    points = gpd.GeoDataFrame(projects[["municipality_code"]], geometry=gpd.points_from_xy(projects["lon"],
                              projects["lat"]), crs=cells.crs)
    area = cells.set_index("statcode").geometry.reindex(projects["municipality_code"]).values
    assert shapely.covers(area, points.geometry.values).all()
    tvw, _ = warmteatlas.load_tvw(root, codes)
    assert sorted(tvw["municipality_code"]) == sorted(codes)
    share = tvw["status"].value_counts(normalize=True)
    assert set(share.index) == set(warmteatlas.TVW_STATUSES.values())
    assert 0.8 < share["adopted_by_executive"] < 0.97
    assert tvw["document"].notna().mean() > 0.9


def test_the_build_fills_every_table(root, tmp_path_factory):
    """The whole build on the synthetic directory: its checks pass and the real-data tables are filled."""
    db = tmp_path_factory.mktemp("stressdb") / "stress.duckdb"
    result = build(root, db, say=lambda _s: None)
    counts = result.counts
    n_projects = N // stress_tables.AREAS_PER_PROJECT
    assert counts["municipality"] == N
    assert counts["municipal_energy"] == N and counts["heating_mix"] == 3 * N
    assert counts["tvw_status"] == N and counts["heat_project"] == n_projects
    assert counts["paw_proeftuin"] == 6 + 7 and counts["fact"] >= 8
    con = duckdb.connect(str(db), read_only=True)
    try:
        one_each = con.execute("SELECT count(DISTINCT municipality_code) FROM tvw_status").fetchone()[0]
        kinds = dict(con.execute("SELECT gas_free_kind, count(*) FROM housing WHERE year = 2024 GROUP BY 1").fetchall())
        gas_free, homes = con.execute("SELECT sum(gas_free_homes), sum(housing_stock) FROM housing "
                                  "WHERE year = 2024").fetchone()
        supplement = con.execute("SELECT count(*) FROM fact WHERE source_id = 'facts_initiatives'").fetchone()[0]
        named = con.execute("SELECT count(*) FROM initiative WHERE source_id = 'initiatives_supplement'").fetchone()[0]
    finally:
        con.close()
    assert one_each == N
    assert kinds == {"official": N}  # 2024 from the energy file, the measured gas-free share
    assert gas_free / homes == pytest.approx(0.112, abs=0.001)
    assert supplement == 8 and named == 7


def _history(register: pd.DataFrame) -> pd.DataFrame:
    h = register[["initiative_id", "phase", "start_date"]].copy()
    h["start_date"] = pd.to_datetime(h["start_date"])
    h = h.sort_values(["initiative_id", "start_date"], kind="stable")
    h["end_date"] = h.groupby("initiative_id")["start_date"].shift(-1)
    return h


def test_register_histories_are_valid(root, stock):
    reg = pd.read_csv(root / "initiatieven/register.csv", dtype=str, keep_default_na=False)
    assert list(reg.columns) == stress.REGISTER_HEADER
    assert reg["initiative_id"].nunique() == INITIATIVES
    funnel.validate_history(_history(reg))  # raises on any problem
    dates = pd.to_datetime(reg["start_date"])
    assert dates.min() >= pd.Timestamp("2015-01-01") and dates.max() <= pd.Timestamp("2025-12-31")
    assert set(reg["phase"]) <= set(model.ALL_PHASES)
    assert set(reg["technology"]) <= set(model.TECHNOLOGIES)
    assert set(reg["municipal_role"]) <= set(model.MUNICIPAL_ROLES) | {""}
    assert set(reg["municipality"]) <= set(stock["statcode"])
    attrs = ["name", "municipality", "technology", "municipal_role", "place", "org_type", "homes_planned"]
    assert (reg.groupby("initiative_id")[attrs].nunique() == 1).all().all()
    homes = reg["homes_planned"].astype(int).to_numpy()
    cap = stock.set_index("statcode")["Woningvoorraad_35"].reindex(reg["municipality"]).to_numpy()
    assert ((homes >= 0) & (homes <= cap)).all()
    current = reg.groupby("initiative_id").tail(1)["phase"].value_counts()
    assert current.get("orientatie", 0) + current.get("haalbaarheid", 0) > current.get("exploitatie", 0) * 3


def test_same_seed_same_bytes_other_seed_differs(root, tmp_path):
    make(tmp_path / "again")
    make(tmp_path / "other", seed=2)
    for rel in stress.FILES:
        assert (tmp_path / "again" / rel).read_bytes() == (root / rel).read_bytes(), rel
    for rel in ("gemeente_2025.topojson", "cbs/kwb2024_gemeenten_inwoners_woningvoorraad.csv",
                "initiatieven/register.csv"):
        assert (tmp_path / "other" / rel).read_bytes() != (root / rel).read_bytes(), rel


def test_rectangle_outline_without_the_real_provinces(tmp_path):
    result = make(tmp_path / "box", outline_file=None)
    assert "rectangle" in result.outline
    gdf = gpd.read_file(tmp_path / "box" / "gemeente_2025.topojson")
    assert len(gdf) == N and shapely.coverage_is_valid(gdf.geometry.values)
    x0, y0, x1, y1 = stress.FALLBACK_BBOX
    assert np.allclose(gdf.total_bounds, [x0, y0, x1, y1], atol=1e-6)
    union = shapely.coverage_union_all(gdf.geometry.values)
    assert union.area == pytest.approx((x1 - x0) * (y1 - y0), rel=1e-9)
    pv = gpd.read_file(tmp_path / "box" / "provincie_2025.topojson")
    assert list(pv["statcode"]) == stress.PROVINCE_CODES


def test_cli(tmp_path, capsys):
    dest = tmp_path / "cli"
    assert cli.main(["stress", "--dest", str(dest), "--areas", "300", "--years", "2", "--initiatives", "50",
                     "--seed", "3"]) == 0
    out = capsys.readouterr()
    assert out.out.strip() == str(dest) and "300 synthetic areas" in out.err
    assert len(gpd.read_file(dest / "gemeente_2025.topojson")) == 300
    assert cli.main(["stress", "--dest", str(tmp_path / "bad"), "--areas", "5"]) == cli.EXIT_INVALID
    assert "areas must be between" in capsys.readouterr().err
