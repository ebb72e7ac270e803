"""`warmte build` from the real sources: structure, numbers, illustrative layer, bad input.

Expectations are computed here from the raw files in ../shared/data (or the
sources dir of the session), never copied from a build's output.
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
RES_CSV = "res/res_regio_gemeente_2025_derived.csv"
FACTS_CSV = "facts/nationale_feiten_warmtetransitie.csv"
INITIATIVES_CSV = "initiatieven/lokale_warmte_initiatieven_gedeeltelijk.csv"
PAW_CSV = "paw/paw_proeftuinen_gedeeltelijk.csv"

pytestmark = pytest.mark.skipif(not (SOURCES / CBS_CSV).is_file(), reason=f"real sources not in {SOURCES}")


# --- helpers -----------------------------------------------------------------------


def run_warmte(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warmte", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120, env=env)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_sources(dest: Path) -> Path:
    """A writable copy of the real sources (the shared files are read-only)."""
    shutil.copytree(SOURCES, dest)
    for dirpath, _dirs, files in os.walk(dest):
        os.chmod(dirpath, stat.S_IRWXU)
        for f in files:
            os.chmod(Path(dirpath) / f, stat.S_IRUSR | stat.S_IWUSR)
    return dest


def csv_rows(rel: str) -> list[dict]:
    with open(SOURCES / rel, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


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
    for step in range(1, 9):
        assert f"[{step}/8]" in proc.stderr
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
    # RES membership as in the source file
    res = {r["statcode"]: r["res_code_es"] for r in csv_rows(RES_CSV)}
    assert dict(zip(m["code"], m["res_code"], strict=True)) == res


def test_province_and_res_counts(built_db):
    assert table(built_db, "SELECT count(*) n FROM province")["n"].item() == 12
    assert table(built_db, "SELECT count(*) n FROM res_region")["n"].item() == 30
    expected_res = {r["res_code_es"] for r in csv_rows(RES_CSV)}
    assert set(table(built_db, "SELECT code FROM res_region")["code"]) == expected_res
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


#: (table, source_id column) for every reference to `source`.
SOURCE_REFS = [
    ("municipality", "source_id"), ("municipality", "province_source_id"), ("municipality", "res_source_id"),
    ("province", "source_id"), ("res_region", "source_id"), ("geometry", "source_id"),
    ("housing", "stock_source_id"), ("housing", "gas_free_source_id"), ("housing", "hybrid_source_id"),
    ("national_series", "source_id"), ("fact", "source_id"), ("initiative", "source_id"),
    ("initiative_phase", "source_id"), ("council_indicator", "source_id"), ("paw_proeftuin", "source_id"),
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
    assert s.loc["res_mapping", "sha256"] == sha256(SOURCES / RES_CSV)
    assert s.loc["facts_national", "row_count"] == len(csv_rows(FACTS_CSV))
    assert s.loc["illustrative_housing", "kind"] == "illustrative"
    assert pd.isna(s.loc["illustrative_housing", "file"])


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
        assert n.loc[year, "stock_kind"] == "illustrative"
    assert n.loc[2024, "housing_stock"] == 8_204_049
    assert n.loc[2024, "stock_kind"] == "official"
    # municipal stocks add up to the national stock in every year
    sums = table(built_db, "SELECT year, sum(housing_stock) s FROM housing GROUP BY year").set_index("year")["s"]
    for year in n.index:
        assert sums[year] == n.loc[year, "housing_stock"]


# --- illustrative layer -------------------------------------------------------------


def test_illustrative_housing_adds_up_to_national_totals(built_db):
    n = table(built_db, "SELECT * FROM national_series").set_index("year")
    h = table(built_db, "SELECT year, sum(gas_free_homes) g, sum(hybrid_homes) hy FROM housing GROUP BY year")
    h = h.set_index("year")
    for year in n.index:
        national = n.loc[year, "gas_free_share"] * n.loc[year, "housing_stock"]
        assert abs(h.loc[year, "g"] - national) <= 0.005 * national, year
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
    assert set(h["gas_free_kind"]) == {"illustrative"}  # no real per-municipality data in the bundled sources
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


def test_named_initiatives_present(built_db):
    names = [r["naam"] for r in csv_rows(INITIATIVES_CSV)]
    assert len(names) == 13
    i = table(built_db, "SELECT * FROM initiative")
    compiled = i[i["data_kind"] == "compiled"]
    assert sorted(compiled["name"]) == sorted(names)
    codes = {r["naam"]: r["statcode_2025"] for r in csv_rows(INITIATIVES_CSV)}
    assert dict(zip(compiled["name"], compiled["municipality_code"], strict=True)) == codes
    assert (compiled["source_id"] == "initiatives_named").all()
    assert (i.loc[i["data_kind"] != "compiled", "data_kind"] == "illustrative").all()


def _current_phase(phases: pd.DataFrame, day: date) -> pd.Series:
    started = phases[phases["start_date"] <= pd.Timestamp(day)].sort_values("start_date")
    return started.groupby("initiative_id")["phase"].last()


@pytest.mark.parametrize("day, expected", [(date(2022, 12, 31), 78), (date(2023, 12, 31), 70)])
def test_active_initiatives_match_lokale_energie_monitor(data, day, expected):
    phases = data.initiative_phase
    with_history = set(phases["initiative_id"])
    without = set(data.initiative["initiative_id"]) - with_history
    current = _current_phase(phases, day)
    active = int((current != model.STOPPED).sum()) + len(without)
    assert active == expected


def test_four_initiatives_deliver_heat_end_2023(data):
    current = _current_phase(data.initiative_phase, date(2023, 12, 31))
    assert int((current == "exploitatie").sum()) == 4
    # the documented real one is among them
    wageningen = data.initiative.loc[data.initiative["name"] == "Coöperatie Warmtenet Oost-Wageningen",
                                     "initiative_id"].item()
    assert current[wageningen] == "exploitatie"


def test_new_initiatives_2023(data):
    """LEM 2023: 21 of the 70 active initiatives were new in 2023."""
    first = data.initiative_phase.groupby("initiative_id")["start_date"].min()
    new = first[(first >= "2023-01-01") & (first <= "2023-12-31")]
    current = _current_phase(data.initiative_phase, date(2023, 12, 31))
    assert int((current.reindex(new.index) != model.STOPPED).sum()) == 21


def test_technology_mix(data):
    tech = data.initiative["technology"]
    assert (tech == "warmtenet").mean() >= 0.80
    assert "all_electric" not in set(tech)
    assert set(tech) <= set(model.TECHNOLOGIES)


def test_phase_histories_are_valid(data):
    funnel.validate_history(data.initiative_phase)
    assert set(data.initiative_phase["phase"]) <= set(model.ALL_PHASES)
    assert set(data.initiative_phase["initiative_id"]) <= set(data.initiative["initiative_id"])


def test_councils_with_transitievisie_2022(data):
    c = data.council_indicator
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
    assert len(paw) == 30
    assert set(paw["municipality_code"]) <= set(data.municipality["code"])
    assert sorted(paw["municipality_code"]) == sorted(r["statcode_2025"] for r in rows)
    assert set(paw["round"]) == {int(r["ronde"]) for r in rows}


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
    (root / RES_CSV).unlink()
    return [RES_CSV, "missing"]


def break_truncated_topojson(root: Path) -> list[str]:
    path = root / "gemeente_2025.topojson"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return ["gemeente_2025.topojson"]


def break_garbage_csv(root: Path) -> list[str]:
    (root / CBS_CSV).write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe garbage;;\"unclosed\n\x00\x01")
    return [CBS_CSV]


def break_garbage_res_csv(root: Path) -> list[str]:
    (root / RES_CSV).write_text("this is not,a mapping\n1,2,3,4\n\"x", encoding="utf-8")
    return [RES_CSV]


def break_unknown_res_code(root: Path) -> list[str]:
    with open(root / RES_CSV, "a", encoding="utf-8") as fh:
        fh.write("GM9999,Nergenshuizen,ES01,Groningen,Nergenshuizen\n")
    return [RES_CSV, "GM9999"]


def break_mistyped_res_code(root: Path) -> list[str]:
    path = root / RES_CSV
    path.write_text(path.read_text(encoding="utf-8").replace("GM0014,Groningen", "GM9914,Groningen"),
                    encoding="utf-8")
    return [RES_CSV, "GM0014"]


def break_duplicate_cbs_code(root: Path) -> list[str]:
    path = root / CBS_CSV
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    dup = next(x for x in lines if x.startswith("GM0363,"))
    path.write_text("".join(lines) + dup, encoding="utf-8")
    return [CBS_CSV, f"row {len(lines) + 1}", "GM0363", "duplicate"]


def break_missing_municipality(root: Path) -> list[str]:
    _remove_line(root / CBS_CSV, "GM0363,")
    return [CBS_CSV, "GM0363", "missing"]


def break_negative_stock(root: Path) -> list[str]:
    path = root / CBS_CSV
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
    path = root / FACTS_CSV
    text = path.read_text(encoding="utf-8")
    assert text.count("8204049,woningen,2024-01-01") == 1
    path.write_text(text.replace("8204049,woningen,2024-01-01", "8204149,woningen,2024-01-01"), encoding="utf-8")
    return [FACTS_CSV, "8204149", "8204049"]


def break_provenance(root: Path) -> list[str]:
    side = root / (CBS_CSV + ".provenance.json")
    side.write_text(json.dumps({"url": "https://opendata.cbs.nl/x", "retrieved_at": "2025-01-01T00:00:00Z",
                                "sha256": "0" * 64, "licence": "CC BY 4.0"}), encoding="utf-8")
    return [CBS_CSV, "sha256", "0" * 64]


BREAKERS = [break_missing_file, break_truncated_topojson, break_garbage_csv, break_garbage_res_csv,
            break_unknown_res_code, break_mistyped_res_code, break_duplicate_cbs_code, break_missing_municipality,
            break_negative_stock, break_national_stock, break_provenance]


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
