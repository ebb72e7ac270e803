"""`warmte build` from the real sources: structure, numbers, illustrative layer, bad input.

Expectations are computed here from the raw files in data/snapshot (or the
sources dir of the session), never copied from a build's output. The tables still
hold the generated (illustrative) layer; tests of its maths read the tables or the
``demo_data`` snapshot, tests of the measured data the default ``data`` snapshot.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from warmte import config, model
from warmte.domain import funnel

REPO = Path(__file__).resolve().parent.parent
SOURCES = config.sources_dir()
CBS_CSV = "cbs/kwb2024_gemeenten_inwoners_woningvoorraad.csv"
RES_CSV = "res/res_regions_gemeenten_2023_cbs.csv"
FACTS_CSV = "facts/nationale_feiten_warmtetransitie.csv"
FACTS_SUPPLEMENT_CSV = "facts/nationale_feiten_aanvulling_initiatieven.csv"
INITIATIVES_CSV = "initiatieven/lokale_warmte_initiatieven_gedeeltelijk.csv"
INITIATIVES_SUPPLEMENT_CSV = "initiatieven/lokale_warmte_initiatieven_aanvulling.csv"
PAW_CSV = "paw/paw_proeftuinen_gedeeltelijk.csv"
PAW_ROUND1_CSV = "paw/paw_proeftuinen_ronde1_met_lokaal_initiatief_hieropgewekt_2018.csv"
KWB_CSV = "cbs/cbs_kwb2025_energie2024_per_gemeente_via_klaasystems.csv"
MAATWERK_CSV = "cbs/cbs_maatwerk_hoofdverwarming_gemeenten_2022_2024.csv"
PROJECTS_CSV = "warmteatlas/warmteatlas_warmtenetten_in_ontwikkeling_2025.csv"
TVW_CSV = "warmteatlas/tvw_status_per_gemeente_warmteatlas_2026.csv"

pytestmark = pytest.mark.skipif(not (SOURCES / CBS_CSV).is_file(), reason=f"real sources not in {SOURCES}")


# --- helpers -----------------------------------------------------------------------


def run_warmte(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warmte", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120, env=env)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_sources(dest: Path) -> Path:
    """A writable copy of the shipped snapshot (every file the build needs, with its provenance sidecar)."""
    shutil.copytree(config.SNAPSHOT_DIR, dest)
    for dirpath, _dirs, files in os.walk(dest):
        os.chmod(dirpath, stat.S_IRWXU)
        for f in files:
            os.chmod(Path(dirpath) / f, stat.S_IRUSR | stat.S_IWUSR)
    return dest


def unseal(root: Path, rel: str) -> Path:
    """Remove the provenance sidecar of a file a test edits on purpose (else the sha256 check fails first)."""
    side = root / (rel + ".provenance.json")
    side.unlink(missing_ok=True)
    return root / rel


def csv_rows(rel: str, delimiter: str = ",") -> list[dict]:
    with open(SOURCES / rel, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def cbs_municipal_rows() -> list[dict]:
    return [r for r in csv_rows(CBS_CSV) if r["statcode"].startswith("GM")]


def table(db: Path, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


# --- the build command ---------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_build(tmp_path_factory):
    """A second database, built by the command in a subprocess."""
    db = tmp_path_factory.mktemp("cli") / "warmte.duckdb"
    proc = run_warmte("build", "--sources", str(SOURCES), "--db", str(db))
    return db, proc


def test_build_command_exits_zero_and_prints_progress(cli_build):
    db, proc = cli_build
    assert proc.returncode == 0, proc.stderr
    assert db.is_file()
    for step in range(1, 10):
        assert f"[{step}/9]" in proc.stderr
    assert "[10/" not in proc.stderr
    assert sorted(os.listdir(db.parent)) == ["warmte.duckdb"]  # no temp files left


def test_municipalities_have_province_res_and_geometry(built_db):
    m = table(built_db, "SELECT m.*, g.geojson FROM municipality m "
                        "LEFT JOIN geometry g ON g.level = 'gemeente' AND g.code = m.code")
    assert len(m) == 342 == len(cbs_municipal_rows())
    assert m["code"].is_unique
    assert m["province_code"].str.fullmatch(r"PV\d{2}").all()
    assert m["res_code"].str.fullmatch(r"ES\d{2}").all()
    assert m["geojson"].notna().all()
    shapes = {json.loads(g)["type"] for g in m["geojson"]}
    assert shapes <= {"Polygon", "MultiPolygon"}
    # RES membership and province as in the CBS list (Gebieden in Nederland 2023)
    res = {r["gemeentecode"]: r["res_code"] for r in csv_rows(RES_CSV)}
    assert dict(zip(m["code"], m["res_code"], strict=True)) == res
    province = {r["gemeentecode"]: r["provinciecode"] for r in csv_rows(RES_CSV)}
    assert dict(zip(m["code"], m["province_code"], strict=True)) == province
    assert (m["res_source_id"] == "res_mapping").all()


def test_province_and_res_counts(built_db):
    assert table(built_db, "SELECT count(*) n FROM province")["n"].item() == 12
    assert table(built_db, "SELECT count(*) n FROM res_region")["n"].item() == 30
    # names as in the CBS list; its export dropped some spaces ('HollandRijnland', 'Hoekschewaard'): compare
    # without spaces and case
    def bare(name: str) -> str:
        return name.replace(" ", "").casefold()

    expected_res = {r["res_code"]: bare(r["res_naam_cbs_export"]) for r in csv_rows(RES_CSV)}
    res_region = table(built_db, "SELECT code, name FROM res_region")
    assert {c: bare(n) for c, n in zip(res_region["code"], res_region["name"], strict=True)} == expected_res
    used = table(built_db, "SELECT count(DISTINCT province_code) p, count(DISTINCT res_code) r FROM municipality")
    assert (used["p"].item(), used["r"].item()) == (12, 30)
    geo = table(built_db, "SELECT level, count(*) n FROM geometry GROUP BY level")
    assert dict(zip(geo["level"], geo["n"], strict=True)) == {"gemeente": 342, "provincie": 12, "res": 30}


def test_housing_stock_2024_is_the_cbs_sum(built_db):
    by_hand = sum(int(r["Woningvoorraad_35"]) for r in cbs_municipal_rows())
    assert by_hand == 8_204_049
    got = table(built_db, "SELECT sum(housing_stock) s FROM housing WHERE year = 2024")["s"].item()
    assert got == by_hand
    per_muni = table(built_db, "SELECT municipality_code, housing_stock, stock_kind FROM housing WHERE year = 2024")
    expected = {r["statcode"]: int(r["Woningvoorraad_35"]) for r in cbs_municipal_rows()}
    assert dict(zip(per_muni["municipality_code"], per_muni["housing_stock"], strict=True)) == expected
    assert (per_muni["stock_kind"] == "official").all()


def test_housing_stock_2025_is_its_own_stock_year(built_db):
    """CBS 86165NED: homes on 1 January 2025, kept apart from the 2024 stock (the target's base)."""
    kwb = {r["gemeentecode"]: int(r["woningen_1jan2025_86165NED"]) for r in csv_rows(KWB_CSV)}
    assert len(kwb) == 342 and sum(kwb.values()) == 8_274_478
    m = table(built_db, "SELECT code, housing_stock_2025, stock_2025_source_id FROM municipality")
    assert dict(zip(m["code"], m["housing_stock_2025"], strict=True)) == kwb
    assert (m["stock_2025_source_id"] == "cbs_kwb2025_energie2024").all()
    assert table(built_db, "SELECT count(*) n FROM housing WHERE year = 2025")["n"].item() == 0


def test_gas_free_2024_is_the_cbs_whole_percent_times_the_stock(built_db):
    """2024 gas-free homes per municipality: CBS share (whole percents) x the CBS stock of 1 Jan 2024."""
    pct = {r["gemeentecode"]: int(r["pct_woningen_aardgasvrij_kwb2024_85984NED"]) for r in csv_rows(KWB_CSV)}
    stock = {r["statcode"]: int(r["Woningvoorraad_35"]) for r in cbs_municipal_rows()}
    assert pct["GM0034"] == 62 and pct["GM0310"] == 3  # Almere, De Bilt (issue 12)
    h = table(built_db, "SELECT * FROM housing WHERE year = 2024").set_index("municipality_code")
    assert len(h) == 342
    for code, p in pct.items():
        assert abs(h.loc[code, "gas_free_homes"] - p / 100 * stock[code]) <= 0.5, code
    assert set(h["gas_free_kind"]) == {"official"}
    assert set(h["gas_free_source_id"]) == {"cbs_kwb2025_energie2024"}
    # the whole-percent figures add up close to the national CBS figure (11.2% of 8,204,049 = 918,853)
    assert abs(h["gas_free_homes"].sum() - 918_853) <= 0.001 * 918_853


def test_municipal_energy_from_the_cbs_file(built_db):
    rows = {r["gemeentecode"]: r for r in csv_rows(KWB_CSV)}
    e = table(built_db, "SELECT * FROM municipal_energy").set_index("municipality_code")
    assert len(e) == 342 and set(e["year"]) == {2024} and set(e["source_id"]) == {"cbs_kwb2025_energie2024"}
    for code, r in rows.items():
        assert e.loc[code, "gas_free_share"] == pytest.approx(int(r["pct_woningen_aardgasvrij_kwb2024_85984NED"]) / 100)
        assert e.loc[code, "gas_m3_per_home"] == float(r["gem_aardgasverbruik_m3_2024_86333NED"])
        heat = r["pct_woningen_stadsverwarming_2024_86333NED"]
        if heat:
            assert e.loc[code, "district_heating_share"] == pytest.approx(float(heat) / 100), code
        else:  # not published by CBS: unknown, not zero
            assert pd.isna(e.loc[code, "district_heating_share"]), code
    assert e["district_heating_share"].notna().sum() == 61
    assert e.loc["GM0034", "district_heating_share"] == pytest.approx(0.575)  # Almere 57.5%


def test_heating_mix_from_the_maatwerk_file(built_db):
    """Rows of former municipalities are left out; n.a. stays unknown; district heating = its three columns."""
    rows = csv_rows(MAATWERK_CSV, delimiter=";")
    former = {"GM0457", "GM0501", "GM0530", "GM0614"}
    current = [r for r in rows if r["gemeentecode"] not in former]
    assert len(current) == 342 * 3
    mix = table(built_db, "SELECT * FROM heating_mix").set_index(["municipality_code", "year"])
    assert len(mix) == 342 * 3 and not set(mix.index.get_level_values(0)) & former
    parts = ("stadsverwarming_hoog_gas", "stadsverwarming_laag_gas", "stadsverwarming_zonder_gas")
    for r in current:
        key = (r["gemeentecode"], int(r["jaar"]))
        cells = [r[c].strip() for c in parts]
        got = mix.loc[key, "district_heating_share"]
        if "n.a." in cells:
            assert pd.isna(got), key
        else:
            assert got == pytest.approx(sum(float(c) for c in cells) / 100), key
        boiler = r["individuele_cv"].strip()
        if boiler == "n.a.":
            assert pd.isna(mix.loc[key, "individual_boiler_share"]), key
        else:
            assert mix.loc[key, "individual_boiler_share"] == pytest.approx(float(boiler) / 100), key


def test_heat_projects_from_the_warmteatlas(built_db):
    rows = csv_rows(PROJECTS_CSV)
    assert len(rows) == 77 and len({r["gemeentecode_2025"] for r in rows}) == 61
    p = table(built_db, "SELECT * FROM heat_project").set_index("project_id")
    assert len(p) == 77
    for r in rows:
        got = p.loc[r["WiO_id"].strip()]
        assert got["municipality_code"] == r["gemeentecode_2025"]
        assert got["phase"] == r["V_planfase"]
        assert bool(got["resident_led"]) is {"Ja": True, "Nee": False}[r["K_Bew_init"]]
        homes = r["K_n_woning"].strip()
        if homes == "NB":
            assert pd.isna(got["homes_planned"]), r["WiO_id"]
        elif homes.isdigit():
            assert got["homes_planned"] == int(homes), r["WiO_id"]
        assert got["status_date_text"] == r["Datum_stat"]
    assert (p["source_id"] == "warmteatlas_projects").all()


def test_tvw_status_verbatim_from_the_warmteatlas(built_db):
    rows = {r["gemeentecode"]: r for r in csv_rows(TVW_CSV)}
    assert len(rows) == 342
    t = table(built_db, "SELECT * FROM tvw_status").set_index("municipality_code")
    assert len(t) == 342
    for code, r in rows.items():
        assert t.loc[code, "status_text"] == r["tvw_stand_tvw"]  # as the source gives it
        url = r["tvw_online_url"].strip()
        if url in ("", "#N/A"):
            assert pd.isna(t.loc[code, "document"]), code
        else:
            assert t.loc[code, "document"] == url, code
    # the category follows the text, never the code: code 1 also covers "gereed maar nog niet vastgesteld"
    by_text = t.groupby("status_text")["status"].nunique()
    assert (by_text == 1).all()
    executive = "Onze transitievisie warmte is definitief vastgesteld door het gemeentebestuur"
    assert set(t.loc[t["status_text"] == executive, "status"]) <= {"adopted_by_executive"}
    assert t.loc["GM0034", "status"] == "adopted_by_executive"  # Almere, as the source says


#: (table, source_id column) for every reference to `source`.
SOURCE_REFS = [
    ("municipality", "source_id"), ("municipality", "province_source_id"), ("municipality", "res_source_id"),
    ("province", "source_id"), ("res_region", "source_id"), ("geometry", "source_id"),
    ("housing", "stock_source_id"), ("housing", "gas_free_source_id"), ("housing", "hybrid_source_id"),
    ("national_series", "source_id"), ("fact", "source_id"), ("initiative", "source_id"),
    ("initiative_phase", "source_id"), ("council_indicator", "source_id"), ("paw_proeftuin", "source_id"),
    ("municipality", "stock_2025_source_id"), ("municipal_energy", "source_id"), ("heating_mix", "source_id"),
    ("heat_project", "source_id"), ("tvw_status", "source_id"), ("housing_type", "source_id"),
]


def test_every_source_reference_exists(built_db):
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        # the list above covers every *source_id column of the schema
        cols = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                           "WHERE column_name LIKE '%source_id' AND table_name <> 'source'").fetchall()
        assert set(cols) == set(SOURCE_REFS)
        known = {r[0] for r in con.execute("SELECT source_id FROM source").fetchall()}
        for tbl, col in SOURCE_REFS:
            used = {r[0] for r in con.execute(f"SELECT DISTINCT {col} FROM {tbl} WHERE {col} IS NOT NULL").fetchall()}
            assert used, f"{tbl}.{col} references nothing"
            assert used <= known, f"{tbl}.{col}: unknown sources {used - known}"
        # the non-nullable references are all filled
        for tbl, col in SOURCE_REFS:
            if col != "hybrid_source_id" and not (tbl == "housing" and col == "gas_free_source_id"):
                n = con.execute(f"SELECT count(*) FROM {tbl} WHERE {col} IS NULL").fetchone()[0]
                assert n == 0, f"{tbl}.{col} has {n} NULLs"
        kinds = {r[0] for r in con.execute("SELECT DISTINCT kind FROM source").fetchall()}
        assert kinds == {"official", "compiled", "illustrative"}
    finally:
        con.close()


def test_source_rows_record_the_raw_files(built_db):
    s = table(built_db, "SELECT * FROM source").set_index("source_id")
    cbs = s.loc["cbs_85984ned"]
    assert cbs["file"] == CBS_CSV
    assert cbs["sha256"] == sha256(SOURCES / CBS_CSV)
    assert cbs["row_count"] == 342
    res = s.loc["res_mapping"]
    assert (res["file"], res["sha256"]) == (RES_CSV, sha256(SOURCES / RES_CSV))
    assert (res["publisher"], res["kind"], res["row_count"]) == ("CBS", "official", 342)
    assert s.loc["facts_national", "row_count"] == len(csv_rows(FACTS_CSV))
    assert s.loc["illustrative_housing", "kind"] == "illustrative"
    assert pd.isna(s.loc["illustrative_housing", "file"])
    # every new source: its file, hash and row count
    expected = {
        "cbs_kwb2025_energie2024": (KWB_CSV, "official", len(csv_rows(KWB_CSV))),
        "cbs_maatwerk_heating": (MAATWERK_CSV, "official", 342 * 3),
        "warmteatlas_projects": (PROJECTS_CSV, "official", len(csv_rows(PROJECTS_CSV))),
        "warmteatlas_tvw": (TVW_CSV, "official", len(csv_rows(TVW_CSV))),
        "initiatives_named": (INITIATIVES_CSV, "compiled", len(csv_rows(INITIATIVES_CSV))),
        "initiatives_supplement": (INITIATIVES_SUPPLEMENT_CSV, "compiled", len(csv_rows(INITIATIVES_SUPPLEMENT_CSV))),
        "paw_round1_initiatives": (PAW_ROUND1_CSV, "compiled", len(csv_rows(PAW_ROUND1_CSV))),
        "facts_initiatives": (FACTS_SUPPLEMENT_CSV, "compiled", len(csv_rows(FACTS_SUPPLEMENT_CSV))),
    }
    assert {k: v[2] for k, v in expected.items()} == {
        "cbs_kwb2025_energie2024": 342, "cbs_maatwerk_heating": 1026, "warmteatlas_projects": 77,
        "warmteatlas_tvw": 342, "initiatives_named": 13, "initiatives_supplement": 7, "paw_round1_initiatives": 9,
        "facts_initiatives": 8}
    for source_id, (rel, kind, rows) in expected.items():
        row = s.loc[source_id]
        assert (row["file"], row["sha256"], row["kind"], row["row_count"]) == (
            rel, sha256(SOURCES / rel), kind, rows), source_id
    # the reference date of every file-backed source is the one its provenance record gives
    for source_id, row in s[s["file"].notna()].iterrows():
        side = SOURCES / (row["file"] + ".provenance.json")
        if side.is_file():
            assert row["reference_date"] == json.loads(side.read_text(encoding="utf-8"))["reference_date"], source_id
    # where the publisher states no licence (the WarmteAtlas copies) the source row says exactly that
    for source_id in ("warmteatlas_projects", "warmteatlas_tvw"):
        assert s.loc[source_id, "licence"] == "not stated by the publisher"
    assert s.loc["cbs_kwb2025_energie2024", "licence"] == "CC BY 4.0"


# --- national series ---------------------------------------------------------------


def test_national_series_shares(built_db):
    n = table(built_db, "SELECT * FROM national_series ORDER BY year").set_index("year")
    assert list(n.index) == [2017, 2019, 2022, 2024]
    for year, share in {2017: 0.050, 2019: 0.057, 2022: 0.087, 2024: 0.112}.items():
        assert n.loc[year, "gas_free_share"] == pytest.approx(share, abs=1e-12)
    assert n.loc[2022, "hybrid_share"] == pytest.approx(0.015, abs=1e-12)
    assert n.loc[2024, "hybrid_share"] == pytest.approx(0.037, abs=1e-12)
    assert n.loc[[2017, 2019], "hybrid_share"].isna().all()
    assert n.loc[[2017, 2019], "hybrid_kind"].isna().all()


def test_national_stock_interpolated_between_exact_stocks(built_db):
    # Exact stocks in the facts list: 2020-01-01 7,892,000 and 2024-01-01 8,204,049 (= municipal sum).
    exact = {int(r["reference_period"][:4]): int(r["value"]) for r in csv_rows(FACTS_CSV)
             if r["topic"] == "woningvoorraad" and r["unit"] == "woningen" and r["value"].isdigit()
             and len(r["reference_period"]) == 10 and r["reference_period"].endswith("-01-01")}
    assert exact == {2020: 7_892_000, 2024: 8_204_049}
    per_year = (exact[2024] - exact[2020]) / 4
    expected = {y: round(exact[2020] + per_year * (y - 2020)) for y in (2017, 2019, 2022)}
    assert expected == {2017: 7_657_963, 2019: 7_813_988, 2022: 8_048_024}
    n = table(built_db, "SELECT * FROM national_series").set_index("year")
    for year, stock in expected.items():
        assert n.loc[year, "housing_stock"] == stock
        assert n.loc[year, "stock_kind"] == "compiled"  # derived from two CBS counts, not generated
    assert n.loc[2024, "housing_stock"] == 8_204_049
    assert n.loc[2024, "stock_kind"] == "official"
    # municipal stocks add up to the national stock in every year
    sums = table(built_db, "SELECT year, sum(housing_stock) s FROM housing GROUP BY year").set_index("year")["s"]
    for year in n.index:
        assert sums[year] == n.loc[year, "housing_stock"]


# --- illustrative layer -------------------------------------------------------------


def test_illustrative_housing_adds_up_to_national_totals(built_db):
    """The generated years (2017-2022; 2024 is CBS per municipality) add up to the national totals."""
    n = table(built_db, "SELECT * FROM national_series").set_index("year")
    h = table(built_db, "SELECT year, sum(gas_free_homes) g, sum(hybrid_homes) hy FROM housing GROUP BY year")
    h = h.set_index("year")
    kinds = table(built_db, "SELECT year, list(DISTINCT gas_free_kind) k FROM housing GROUP BY year")
    assert {int(y): sorted(k) for y, k in zip(kinds["year"], kinds["k"], strict=True)} == {
        2017: ["illustrative"], 2019: ["illustrative"], 2022: ["illustrative"], 2024: ["official"]}
    for year in n.index:
        national = n.loc[year, "gas_free_share"] * n.loc[year, "housing_stock"]
        if year != 2024:
            assert abs(h.loc[year, "g"] - national) <= 0.0005 * national, year  # allocated exactly (rounding)
        else:  # CBS whole percents per municipality: close to, not equal to, the national share
            assert abs(h.loc[year, "g"] - national) <= 0.001 * national, year
        if pd.notna(n.loc[year, "hybrid_share"]):
            hybrid = n.loc[year, "hybrid_share"] * n.loc[year, "housing_stock"]
            assert abs(h.loc[year, "hy"] - hybrid) <= 0.005 * hybrid, year
        else:
            assert pd.isna(h.loc[year, "hy"])
    # no municipality has more gas-free plus hybrid homes than homes
    over = table(built_db, "SELECT count(*) n FROM housing "
                           "WHERE gas_free_homes + coalesce(hybrid_homes, 0) > housing_stock")
    assert over["n"].item() == 0


def test_kinds_follow_the_sources(built_db):
    """Every row generated by the illustrative layer says so; kinds match their source row."""
    kind = table(built_db, "SELECT source_id, kind FROM source").set_index("source_id")["kind"]
    h = table(built_db, "SELECT * FROM housing")
    assert (h["stock_kind"] == h["stock_source_id"].map(kind)).all()
    assert (h["gas_free_kind"] == h["gas_free_source_id"].map(kind)).all()
    with_hybrid = h[h["hybrid_homes"].notna()]
    assert (with_hybrid["hybrid_kind"] == with_hybrid["hybrid_source_id"].map(kind)).all()
    assert (h.loc[h["gas_free_source_id"] == "illustrative_housing", "gas_free_kind"] == "illustrative").all()
    # real per-municipality data for 2024 only (CBS); the earlier years are generated
    assert set(h.loc[h["year"] == 2024, "gas_free_kind"]) == {"official"}
    assert set(h.loc[h["year"] != 2024, "gas_free_kind"]) == {"illustrative"}
    assert set(h["hybrid_kind"].dropna()) == {"illustrative"}  # no per-municipality hybrid figures exist
    for tbl in ("initiative", "council_indicator"):
        t = table(built_db, f"SELECT data_kind, source_id FROM {tbl}")
        assert (t["data_kind"] == t["source_id"].map(kind)).all(), tbl
    c = table(built_db, "SELECT DISTINCT data_kind FROM council_indicator")
    assert list(c["data_kind"]) == ["illustrative"]


def test_no_hybrid_source_without_hybrid_value(built_db):
    h = table(built_db, "SELECT * FROM housing WHERE year IN (2017, 2019)")
    assert h["hybrid_homes"].isna().all() and h["hybrid_kind"].isna().all()
    assert h["hybrid_source_id"].isna().all()


def test_rebuild_is_reproducible(built_db, cli_build):
    """The session build (in-process) and the command's build give identical rows."""
    db2, proc = cli_build
    assert proc.returncode == 0, proc.stderr
    keys = {"housing": "municipality_code, year", "initiative": "initiative_id",
            "initiative_phase": "initiative_id, start_date", "council_indicator": "municipality_code, year",
            "national_series": "year", "municipality": "code", "geometry": "level, code"}
    for tbl, order in keys.items():
        a = table(built_db, f"SELECT * FROM {tbl} ORDER BY {order}")
        b = table(db2, f"SELECT * FROM {tbl} ORDER BY {order}")
        pd.testing.assert_frame_equal(a, b, obj=tbl)


def test_spread_urban_ahead_of_rural(built_db):
    h = table(built_db, "SELECT h.municipality_code code, h.gas_free_homes / h.housing_stock share "
                        "FROM housing h WHERE year = 2024").set_index("code")["share"]
    density = {r["statcode"]: int(r["Bevolkingsdichtheid_34"]) for r in cbs_municipal_rows()}
    rural = [c for c, d in density.items() if d < 500]
    assert len(rural) > 100
    rural_median = h.reindex(rural).median()
    assert h["GM0363"] > rural_median  # Amsterdam, 5,000+ inhabitants per km2
    assert h["GM0363"] > 0.112  # ahead of the national share



@pytest.mark.parametrize("name, year, share", [
    ("Purmerend", 2019, 0.627), ("Almere", 2019, 0.58), ("Duiven", 2019, 0.58), ("Leeuwarden", 2022, 0.072),
    ("Aa en Hunze", 2019, 0.004)])
def test_spread_anchored_on_municipal_facts(built_db, name, year, share):
    """The facts list's municipal shares anchor the spread (approximately: the national total is exact)."""
    p = table(built_db, "SELECT gas_free_homes / housing_stock s FROM housing h JOIN municipality m "
                        f"ON m.code = h.municipality_code WHERE m.name = '{name}' AND year = {year}")
    assert p["s"].item() == pytest.approx(share, rel=0.03)


def _supplement_name(r: dict) -> str:
    """The supplement writes '(naam niet in bron)' where its source names no initiative: named by place here."""
    if r["naam"].strip() != "(naam niet in bron)":
        return r["naam"]
    return f"(naam niet in bron) {r['plaats_of_wijk'].strip() or r['gemeente_2025']}"


def test_named_initiatives_present(built_db):
    names = [r["naam"] for r in csv_rows(INITIATIVES_CSV)]
    assert len(names) == 13
    extra = {_supplement_name(r): r for r in csv_rows(INITIATIVES_SUPPLEMENT_CSV)}
    assert len(extra) == 7
    assert {"(naam niet in bron) Haarlem", "(naam niet in bron) Bedum", "(naam niet in bron) Arnhem",
            "(naam niet in bron) 's-Hertogenbosch"} <= set(extra)
    i = table(built_db, "SELECT * FROM initiative")
    compiled = i[i["data_kind"] == "compiled"]
    assert len(compiled) == 20
    assert sorted(compiled["name"]) == sorted(names + list(extra))
    codes = {r["naam"]: r["statcode_2025"] for r in csv_rows(INITIATIVES_CSV)}
    codes |= {name: r["statcode_2025"] for name, r in extra.items()}
    assert dict(zip(compiled["name"], compiled["municipality_code"], strict=True)) == codes
    source = dict(zip(compiled["name"], compiled["source_id"], strict=True))
    assert {source[n] for n in names} == {"initiatives_named"}
    assert {source[n] for n in extra} == {"initiatives_supplement"}
    # the supplement's status and date exactly as the source gives them; no invented phase
    got = compiled.set_index("name")
    for name, r in extra.items():
        assert got.loc[name, "status_text"] == r["status_volgens_bron"], name
        assert got.loc[name, "source_date"] == r["bron_datum"], name
    phases = table(built_db, "SELECT * FROM initiative_phase WHERE source_id = 'initiatives_named'")
    wageningen = got.loc["Coöperatie Warmtenet Oost-Wageningen", "initiative_id"]
    assert list(phases["initiative_id"]) == [wageningen]  # the one documented phase ('actief sinds 2018')
    assert (i.loc[i["data_kind"] != "compiled", "data_kind"] == "illustrative").all()


def test_measured_snapshot_has_only_the_named_initiatives(data):
    """Demonstration off: the 20 real initiatives, no generated one."""
    assert len(data.initiative) == 20
    assert set(data.initiative["data_kind"]) == {"compiled"}
    assert set(data.initiative["source_id"]) == {"initiatives_named", "initiatives_supplement"}
    assert set(data.initiative_phase["source_id"]) == {"initiatives_named"}


def _current_phase(phases: pd.DataFrame, day: date) -> pd.Series:
    started = phases[phases["start_date"] <= pd.Timestamp(day)].sort_values("start_date")
    return started.groupby("initiative_id")["phase"].last()


@pytest.mark.parametrize("day, expected", [(date(2022, 12, 31), 78), (date(2023, 12, 31), 70)])
def test_active_initiatives_match_lokale_energie_monitor(demo_data, day, expected):
    phases = demo_data.initiative_phase
    with_history = set(phases["initiative_id"])
    without = set(demo_data.initiative["initiative_id"]) - with_history
    current = _current_phase(phases, day)
    active = int((current != model.STOPPED).sum()) + len(without)
    assert active == expected


def test_four_initiatives_deliver_heat_end_2023(demo_data):
    current = _current_phase(demo_data.initiative_phase, date(2023, 12, 31))
    assert int((current == "exploitatie").sum()) == 4
    # the documented real one is among them
    wageningen = demo_data.initiative.loc[demo_data.initiative["name"] == "Coöperatie Warmtenet Oost-Wageningen",
                                     "initiative_id"].item()
    assert current[wageningen] == "exploitatie"


def test_new_initiatives_2023(demo_data):
    """LEM 2023: 21 of the 70 active initiatives were new in 2023."""
    first = demo_data.initiative_phase.groupby("initiative_id")["start_date"].min()
    new = first[(first >= "2023-01-01") & (first <= "2023-12-31")]
    current = _current_phase(demo_data.initiative_phase, date(2023, 12, 31))
    assert int((current.reindex(new.index) != model.STOPPED).sum()) == 21


def test_technology_mix(demo_data):
    """Heat initiatives work on heat networks (DESIGN.md, finding 1). The 20 real initiatives keep the
    technology their source gives, often none ('onbekend'): the share counts the initiatives whose technology is
    known, and the generated register on its own."""
    tech = demo_data.initiative["technology"]
    known = tech[tech != "onbekend"]
    assert (known == "warmtenet").mean() >= 0.80
    generated = tech[demo_data.initiative["data_kind"] == "illustrative"]
    assert len(generated) > 0 and (generated == "warmtenet").mean() >= 0.80
    assert "all_electric" not in set(tech)
    assert set(tech) <= set(model.TECHNOLOGIES)


def test_phase_histories_are_valid(demo_data):
    funnel.validate_history(demo_data.initiative_phase)
    assert set(demo_data.initiative_phase["phase"]) <= set(model.ALL_PHASES)
    assert set(demo_data.initiative_phase["initiative_id"]) <= set(demo_data.initiative["initiative_id"])


def test_councils_with_transitievisie_2022(demo_data):
    c = demo_data.council_indicator
    y22 = c[c["year"] == 2022]
    assert len(y22) == 342
    assert 290 <= int(y22["tvw_adopted"].sum()) <= 305
    # adoption is never undone, and the adoption date lies before the snapshot
    wide = c.pivot(index="municipality_code", columns="year", values="tvw_adopted")
    years = sorted(wide.columns)
    for a, b in zip(years, years[1:], strict=False):
        assert (~wide[a] | wide[b]).all()
    adopted = c[c["tvw_adopted"]]
    assert (pd.to_datetime(adopted["tvw_adopted_date"]).dt.year <= adopted["year"]).all()


def test_paw_proeftuinen(data):
    rows = csv_rows(PAW_CSV)
    assert len(rows) == 30
    paw = data.paw_proeftuin
    assert len(paw) == 30  # the 9 round-1 rows with a local initiative are all in the partial list already
    assert set(paw["municipality_code"]) <= set(data.municipality["code"])
    assert sorted(paw["municipality_code"]) == sorted(r["statcode_2025"] for r in rows)
    assert set(paw["round"]) == {int(r["ronde"]) for r in rows}


def test_paw_round1_list_merged(data):
    """Each of the 9 round-1 proeftuinen with a local initiative matches a round-1 row; an empty local
    initiative is filled from that list, a named one is kept."""
    r1 = csv_rows(PAW_ROUND1_CSV)
    assert len(r1) == 9
    paw = data.paw_proeftuin[data.paw_proeftuin["round"] == 1].set_index("municipality_code")
    partial = {r["statcode_2025"]: r["lokaal_initiatief"] for r in csv_rows(PAW_CSV) if r["ronde"] == "1"}
    for r in r1:
        code = r["gemeentecode_2023"]
        assert code in paw.index, code
        expected = partial[code] or r["lokaal_initiatief_participatie"]
        assert paw.loc[code, "local_initiative"] == expected, code
    assert partial["GM1979"] == ""  # Loppersum: the round-1 list fills it
    assert paw.loc["GM1979", "local_initiative"].startswith("(participatie: 'vervolg op dorpswindmolen'")


# --- real heating data replaces the illustrative estimate ----------------------------


def test_real_heating_file_replaces_illustrative(tmp_path):
    from warmte.ingest.build import build

    root = copy_sources(tmp_path / "src")
    codes = [r["statcode"] for r in cbs_municipal_rows()]
    stock = {r["statcode"]: int(r["Woningvoorraad_35"]) for r in cbs_municipal_rows()}
    pct = {c: round(3.1 + (i * 7.3) % 40, 1) for i, c in enumerate(codes)}
    pct["GM0363"] = 23.4
    (root / "pdok").mkdir()
    features = [{"type": "Feature", "geometry": None,
                 "properties": {"gemeentecode": c, "gemeentenaam": "x", "percentageAardgasvrijeWoningen": pct[c]}}
                for c in codes]
    (root / "pdok" / "wijkenbuurten_2024_gemeenten.json").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    db = tmp_path / "db" / "warmte.duckdb"
    build(root, db, say=lambda s: None)

    h = table(db, "SELECT * FROM housing WHERE year = 2024").set_index("municipality_code")
    assert h.loc["GM0363", "gas_free_homes"] == 112_519  # 23.4% of 480,852 = 112,519.4
    for c in codes:
        assert h.loc[c, "gas_free_homes"] == round(pct[c] / 100 * stock[c]), c
    assert set(h["gas_free_kind"]) == {"official"}
    assert set(h["gas_free_source_id"]) == {"pdok_wijkenbuurten_2024"}
    src = table(db, "SELECT * FROM source WHERE source_id = 'pdok_wijkenbuurten_2024'")
    assert len(src) == 1
    assert src["kind"].item() == "official"
    assert src["file"].item() == "pdok/wijkenbuurten_2024_gemeenten.json"
    assert src["row_count"].item() == 342
    # other years stay illustrative
    other = table(db, "SELECT DISTINCT gas_free_kind FROM housing WHERE year <> 2024")
    assert list(other["gas_free_kind"]) == ["illustrative"]


# --- bad sources: non-zero exit, a message naming the file, nothing changed ----------


def _line_number(path: Path, prefix: str) -> int:
    """1-based line (header = 1) of the first line starting with prefix."""
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(prefix):
            return i
    raise AssertionError(f"{prefix} not in {path}")


def _remove_line(path: Path, prefix: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith(prefix)), encoding="utf-8")


def break_missing_file(root: Path) -> list[str]:
    unseal(root, RES_CSV).unlink()
    return [RES_CSV, "required source file is missing"]


def break_missing_file_with_record(root: Path) -> list[str]:
    """A file gone while its provenance record is still there."""
    (root / KWB_CSV).unlink()
    return [KWB_CSV, "missing", "provenance record"]


def break_truncated_topojson(root: Path) -> list[str]:
    path = unseal(root, "gemeente_2025.topojson")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return ["gemeente_2025.topojson"]


def break_garbage_csv(root: Path) -> list[str]:
    unseal(root, CBS_CSV).write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe garbage;;\"unclosed\n\x00\x01")
    return [CBS_CSV]


def break_garbage_res_csv(root: Path) -> list[str]:
    unseal(root, RES_CSV).write_text("this is not,a mapping\n1,2,3,4\n\"x", encoding="utf-8")
    return [RES_CSV]


def break_unknown_res_code(root: Path) -> list[str]:
    with open(unseal(root, RES_CSV), "a", encoding="utf-8") as fh:
        fh.write("GM9999,Nergenshuizen,PV20,Groningen,ES01,Groningen,ES01,Nergenshuizen,ES01,Groningen\n")
    return [RES_CSV, "GM9999", "unknown municipality codes"]


def break_mistyped_res_code(root: Path) -> list[str]:
    path = unseal(root, RES_CSV)
    text = path.read_text(encoding="utf-8")
    assert text.count("GM0014,Groningen (gemeente)") == 1
    path.write_text(text.replace("GM0014,Groningen (gemeente)", "GM9914,Groningen (gemeente)"), encoding="utf-8")
    return [RES_CSV, "GM0014", "GM9914"]


def break_res_wrong_province(root: Path) -> list[str]:
    path = unseal(root, RES_CSV)
    row = _line_number(path, "GM0034,")
    text = path.read_text(encoding="utf-8")
    assert text.count("GM0034,Almere,PV24,") == 1
    path.write_text(text.replace("GM0034,Almere,PV24,", "GM0034,Almere,PV26,"), encoding="utf-8")
    return [RES_CSV, f"row {row}", "GM0034", "PV26", "PV24"]


def break_duplicate_cbs_code(root: Path) -> list[str]:
    path = unseal(root, CBS_CSV)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    dup = next(x for x in lines if x.startswith("GM0363,"))
    path.write_text("".join(lines) + dup, encoding="utf-8")
    return [CBS_CSV, f"row {len(lines) + 1}", "GM0363", "duplicate"]


def break_missing_municipality(root: Path) -> list[str]:
    _remove_line(unseal(root, CBS_CSV), "GM0363,")
    return [CBS_CSV, "GM0363", "missing"]


def break_negative_stock(root: Path) -> list[str]:
    path = unseal(root, CBS_CSV)
    row = _line_number(path, "GM0363,")
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    col = header.index("Woningvoorraad_35")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[row - 1].rstrip("\n").split(",")
    fields[col] = "-5"
    lines[row - 1] = ",".join(fields) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return [CBS_CSV, f"row {row}", "GM0363", "housing_stock", "-5"]


def break_national_stock(root: Path) -> list[str]:
    path = unseal(root, FACTS_CSV)
    text = path.read_text(encoding="utf-8")
    assert text.count("8204049,woningen,2024-01-01") == 1
    path.write_text(text.replace("8204049,woningen,2024-01-01", "8204149,woningen,2024-01-01"), encoding="utf-8")
    return [FACTS_CSV, "8204149", "8204049"]


def break_provenance(root: Path) -> list[str]:
    side = root / (CBS_CSV + ".provenance.json")
    side.write_text(json.dumps({"url": "https://opendata.cbs.nl/x", "retrieved_at": "2025-01-01T00:00:00Z",
                                "sha256": "0" * 64, "licence": "CC BY 4.0"}), encoding="utf-8")
    return [CBS_CSV, "sha256", "0" * 64]


def _set_cell(path: Path, row_prefix: str, column: str, value: str, sep: str = ",") -> int:
    """Set one cell of the (unquoted) line starting with row_prefix; returns its 1-based line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = _line_number(path, row_prefix)
    col = lines[0].rstrip("\r\n").split(sep).index(column)
    fields = lines[row - 1].rstrip("\r\n").split(sep)
    fields[col] = value
    lines[row - 1] = sep.join(fields) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return row


def break_gas_free_share_over_100(root: Path) -> list[str]:
    row = _set_cell(unseal(root, KWB_CSV), "GM0034,", "pct_woningen_aardgasvrij_kwb2024_85984NED", "620")
    return [KWB_CSV, f"row {row}", "620", "outside 0..100"]


def break_kwb_unknown_code(root: Path) -> list[str]:
    row = _set_cell(unseal(root, KWB_CSV), "GM0034,", "gemeentecode", "GM9999")
    return [KWB_CSV, f"row {row}", "GM9999"]


def break_maatwerk_not_a_number(root: Path) -> list[str]:
    row = _set_cell(unseal(root, MAATWERK_CSV), "GM0034;2023;", "individuele_cv", "veel", sep=";")
    return [MAATWERK_CSV, f"row {row}", "'veel' is not a number"]


def break_tvw_unknown_status(root: Path) -> list[str]:
    path = unseal(root, TVW_CSV)
    row = _line_number(path, "GM0034,")
    text = path.read_text(encoding="utf-8")
    old = "GM0034,Almere,Flevoland,ES06,Almere,Onze transitievisie warmte is definitief vastgesteld"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "GM0034,Almere,Flevoland,ES06,Almere,Onze visie is klaar"), encoding="utf-8")
    return [TVW_CSV, f"row {row}", "tvw_stand_tvw", "Onze visie is klaar"]


def break_heat_project_phase(root: Path) -> list[str]:
    path = unseal(root, PROJECTS_CSV)
    row = _line_number(path, "61,Waarderpolder,")
    text = path.read_text(encoding="utf-8")
    assert text.count(",20241201,ontwikkelfase,,Polderwarmte,") == 1
    path.write_text(text.replace(",20241201,ontwikkelfase,,Polderwarmte,", ",20241201,droomfase,,Polderwarmte,"),
                    encoding="utf-8")
    return [PROJECTS_CSV, f"row {row}", "V_planfase", "droomfase"]


def break_initiative_supplement_code(root: Path) -> list[str]:
    path = unseal(root, INITIATIVES_SUPPLEMENT_CSV)
    row = _line_number(path, "Coöperatie Duurzame Vruchtenbuurt,")
    text = path.read_text(encoding="utf-8")
    assert text.count(",'s-Gravenhage,GM0518,") == 2
    path.write_text(text.replace(",'s-Gravenhage,GM0518,", ",'s-Gravenhage,GM9518,", 1), encoding="utf-8")
    return [INITIATIVES_SUPPLEMENT_CSV, f"row {row}", "GM9518"]


BREAKERS = [break_missing_file, break_missing_file_with_record, break_truncated_topojson, break_garbage_csv,
            break_garbage_res_csv, break_unknown_res_code, break_mistyped_res_code, break_res_wrong_province,
            break_duplicate_cbs_code, break_missing_municipality, break_negative_stock, break_national_stock,
            break_provenance, break_gas_free_share_over_100, break_kwb_unknown_code, break_maatwerk_not_a_number,
            break_tvw_unknown_status, break_heat_project_phase, break_initiative_supplement_code]


@pytest.mark.parametrize("breaker", BREAKERS, ids=[b.__name__.removeprefix("break_") for b in BREAKERS])
def test_bad_source_fails_and_keeps_previous_database(breaker, built_db, tmp_path):
    root = copy_sources(tmp_path / "src")
    expected = breaker(root)
    db_dir = tmp_path / "db"
    db_dir.mkdir()
    db = db_dir / "warmte.duckdb"
    shutil.copyfile(built_db, db)  # the previous good build
    before = sha256(db)

    proc = run_warmte("build", "--sources", str(root), "--db", str(db))

    assert proc.returncode == 1, proc.stderr
    assert "build failed, the database was not changed" in proc.stderr
    for text in expected:
        assert text in proc.stderr, f"{text!r} not in {proc.stderr!r}"
    assert "Traceback" not in proc.stderr
    assert sha256(db) == before
    assert sorted(os.listdir(db_dir)) == ["warmte.duckdb"]


def test_failed_check_keeps_previous_database(built_db, tmp_path, monkeypatch):
    """A failure after the temporary database was written (a check) leaves no temp file."""
    from warmte.ingest import build as build_mod

    db = tmp_path / "warmte.duckdb"
    shutil.copyfile(built_db, db)
    before = sha256(db)
    monkeypatch.setattr(build_mod, "run_checks", lambda con: ["99_test: injected problem"])
    with pytest.raises(build_mod.BuildError, match="injected problem"):
        build_mod.build(SOURCES, db, say=lambda s: None)
    assert sha256(db) == before
    assert sorted(os.listdir(tmp_path)) == ["warmte.duckdb"]


def test_build_to_new_path_creates_directory(tmp_path):
    from warmte.ingest.build import build

    db = tmp_path / "a" / "b" / "warmte.duckdb"
    result = build(SOURCES, db, say=lambda s: None)
    assert result.db == db and db.is_file()
    assert result.counts["municipality"] == 342
    assert result.counts["paw_proeftuin"] == 30
    info = table(db, "SELECT * FROM build_info").set_index("key")["value"]
    assert info["illustrative_seed"] == str(config.ILLUSTRATIVE_SEED)
    assert info["target_homes"] == "1500000"
