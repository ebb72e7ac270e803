"""The data snapshot shipped in the repository (data/snapshot/): provenance records, the sha256 check of the
build, bad input that must leave the previous database byte-identical, the CBS figures per municipality as the
CLI gives them, and the demonstration layer that stays out of the default snapshot.

Expectations come from the snapshot's files and sidecars, read here with the standard library.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from warmte import cli, config, store

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = config.SNAPSHOT_DIR
SIDECAR = ".provenance.json"
NOT_DATA = {"README.md", ".gitattributes"}
SIDECAR_KEYS = {"name", "title", "publisher", "data_kind", "licence", "url", "origin", "reference_date",
                "retrieved_at", "sha256", "bytes", "rows", "derived", "caveats"}
KWB_CSV = "cbs/cbs_kwb2025_energie2024_per_gemeente_via_klaasystems.csv"
STOCK_CSV = "cbs/kwb2024_gemeenten_inwoners_woningvoorraad.csv"
TVW_CSV = "warmteatlas/tvw_status_per_gemeente_warmteatlas_2026.csv"
GAS_FREE_COLUMN = "pct_woningen_aardgasvrij_kwb2024_85984NED"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_files() -> list[str]:
    """Every data file of the snapshot (relative, POSIX), without the README, .gitattributes and sidecars."""
    return sorted(p.relative_to(SNAPSHOT).as_posix() for p in SNAPSHOT.rglob("*")
                  if p.is_file() and p.name not in NOT_DATA and not p.name.endswith(SIDECAR))


def sidecar(rel: str) -> dict:
    return json.loads((SNAPSHOT / (rel + SIDECAR)).read_text(encoding="utf-8"))


def csv_rows(rel: str, root: Path = SNAPSHOT) -> list[dict]:
    with open(root / rel, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def record_count(rel: str) -> int:
    """Rows of a data file counted as its sidecar counts them: CSV records, TopoJSON geometries, JSON items."""
    raw = (SNAPSHOT / rel).read_bytes()
    if rel.endswith(".csv"):
        text = raw.decode("utf-8")
        header = text.splitlines()[0]
        delimiter = ";" if header.count(";") > header.count(",") else ","
        return sum(1 for _ in csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
    doc = json.loads(raw)
    if rel.endswith(".topojson"):
        return sum(len(obj.get("geometries", [])) for obj in doc["objects"].values())
    return len(doc) if isinstance(doc, list) else len(doc["value"])


# --- 1. every file against its provenance record -----------------------------------------------------------


def test_snapshot_holds_the_files_the_build_needs():
    files = data_files()
    assert len(files) == 17
    for rel in (KWB_CSV, STOCK_CSV, TVW_CSV, "gemeente_2025.topojson", "provincie_2025.topojson",
                "res/res_regions_gemeenten_2023_cbs.csv",
                "warmteatlas/warmteatlas_warmtenetten_in_ontwikkeling_2025.csv",
                "cbs/cbs_maatwerk_hoofdverwarming_gemeenten_2022_2024.csv",
                "initiatieven/lokale_warmte_initiatieven_gedeeltelijk.csv",
                "initiatieven/lokale_warmte_initiatieven_aanvulling.csv",
                "paw/paw_proeftuinen_gedeeltelijk.csv",
                "paw/paw_proeftuinen_ronde1_met_lokaal_initiatief_hieropgewekt_2018.csv",
                "facts/nationale_feiten_warmtetransitie.csv", "facts/nationale_feiten_aanvulling_initiatieven.csv"):
        assert rel in files, rel
    # small enough to ship (the issue: about 2 MB for all of ../shared/data)
    assert sum((SNAPSHOT / rel).stat().st_size for rel in files) < 2_000_000


@pytest.mark.parametrize("rel", data_files())
def test_every_file_matches_its_provenance_record(rel):
    side = SNAPSHOT / (rel + SIDECAR)
    assert side.is_file(), f"{rel} has no provenance record"
    record = sidecar(rel)
    assert SIDECAR_KEYS <= set(record), f"{rel}: missing keys {sorted(SIDECAR_KEYS - set(record))}"
    path = SNAPSHOT / rel
    assert record["sha256"] == sha256(path), f"{rel} differs from the sha256 in its record"
    assert record["bytes"] == path.stat().st_size, rel
    assert record["rows"] == record_count(rel), rel
    assert record["data_kind"] in ("official", "compiled"), rel  # nothing in the snapshot was estimated
    assert isinstance(record["caveats"], list), rel
    assert set(record["origin"]) >= {"repository", "commit", "path"}, rel
    assert record["licence"], rel


def test_every_record_has_its_file():
    for side in SNAPSHOT.rglob("*" + SIDECAR):
        assert side.with_name(side.name.removesuffix(SIDECAR)).is_file(), f"{side} describes no file"


def test_the_readme_lists_every_file():
    readme = (SNAPSHOT / "README.md").read_text(encoding="utf-8")
    for rel in data_files():
        assert f"`{rel}`" in readme, rel


def test_line_ends_are_kept_as_recorded():
    """git must not convert line ends: the recorded sha256 is of the bytes as they are."""
    assert (SNAPSHOT / ".gitattributes").read_text(encoding="utf-8").split() == ["*", "-text"]


def test_warmteatlas_files_say_no_licence_is_stated():
    warmteatlas = [rel for rel in data_files() if rel.startswith("warmteatlas/")]
    assert len(warmteatlas) == 2
    for rel in warmteatlas:
        record = sidecar(rel)
        assert record["licence"] == "not stated by the publisher", rel
        assert "RVO" in record["publisher"] and "WarmteAtlas" in record["publisher"], rel
    assert sidecar(KWB_CSV)["licence"] == "CC BY 4.0"  # CBS open data


# --- the build against copies of the snapshot ----------------------------------------------------------------


def run_build(sources: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warmte", "build", "--sources", str(sources), "--db", str(db)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)


@pytest.fixture
def copy(tmp_path) -> Path:
    """A writable copy of the whole snapshot, with its sidecars."""
    dest = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT, dest)
    return dest


@pytest.fixture
def previous_db(built_db, tmp_path) -> Path:
    """A good database in a folder of its own (the build must not touch it when it fails)."""
    folder = tmp_path / "db"
    folder.mkdir()
    db = folder / "warmte.duckdb"
    shutil.copyfile(built_db, db)
    return db


def assert_failed_and_unchanged(proc: subprocess.CompletedProcess, db: Path, before: str, *texts: str) -> None:
    assert proc.returncode == 1, proc.stderr
    assert "build failed, the database was not changed" in proc.stderr
    for text in texts:
        assert text in proc.stderr, f"{text!r} not in {proc.stderr!r}"
    assert "Traceback" not in proc.stderr
    assert sha256(db) == before
    assert sorted(os.listdir(db.parent)) == ["warmte.duckdb"]  # no temporary file left


def test_an_unchanged_copy_builds(copy, tmp_path):
    db = tmp_path / "fresh" / "warmte.duckdb"
    proc = run_build(copy, db)
    assert proc.returncode == 0, proc.stderr
    assert db.is_file()


# --- 2. one byte changed -----------------------------------------------------------------------------------


def change_one_byte(path: Path) -> int:
    """Change one digit in the second half of the file (the file stays well-formed); returns its offset."""
    data = bytearray(path.read_bytes())
    offset = next(i for i in range(len(data) // 2, len(data)) if chr(data[i]).isdigit())
    data[offset] = ord("1") if data[offset] != ord("1") else ord("2")
    path.write_bytes(bytes(data))
    return offset


@pytest.mark.parametrize("rel", [KWB_CSV, TVW_CSV, "gemeente_2025.topojson",
                                 "etlocal/etlocal_housing_stock_by_type_age_per_gemeente_2023.csv"])
def test_one_changed_byte_fails_the_build_naming_the_file(copy, previous_db, rel):
    """Any snapshot file, also one the build reads only in part or not at all, is checked against its record."""
    recorded = sidecar(rel)["sha256"]
    change_one_byte(copy / rel)
    assert sha256(copy / rel) != recorded
    before = sha256(previous_db)
    proc = run_build(copy, previous_db)
    assert_failed_and_unchanged(proc, previous_db, before, rel, "sha256", recorded)


# --- 3. a missing column, an unknown municipality --------------------------------------------------------------


def unseal(root: Path, rel: str) -> Path:
    """An edit on purpose: the file's provenance record goes (else the sha256 check fails first)."""
    (root / (rel + SIDECAR)).unlink()
    return root / rel


def test_missing_column_fails_naming_file_and_column(copy, previous_db):
    path = unseal(copy, KWB_CSV)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    drop = rows[0].index(GAS_FREE_COLUMN)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([c for i, c in enumerate(r) if i != drop] for r in rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    assert GAS_FREE_COLUMN not in path.read_text(encoding="utf-8")
    before = sha256(previous_db)
    proc = run_build(copy, previous_db)
    assert_failed_and_unchanged(proc, previous_db, before, KWB_CSV, GAS_FREE_COLUMN, "missing")


def test_unknown_municipality_code_fails_naming_file_and_row(copy, previous_db):
    path = unseal(copy, TVW_CSV)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines, start=1) if line.startswith("GM0034,"))  # Almere
    lines[row - 1] = "GM9999," + lines[row - 1].removeprefix("GM0034,")
    path.write_text("".join(lines), encoding="utf-8")
    before = sha256(previous_db)
    proc = run_build(copy, previous_db)
    assert_failed_and_unchanged(proc, previous_db, before, TVW_CSV, f"row {row}", "GM9999")


# --- 4. the CBS share per municipality, as `warmte summary` gives it --------------------------------------------


def test_summary_almere_is_the_cbs_share(built_db):
    pct = {r["gemeentecode"]: int(r[GAS_FREE_COLUMN]) for r in csv_rows(KWB_CSV)}
    assert pct["GM0034"] == 62
    proc = subprocess.run([sys.executable, "-m", "warmte", "summary", "--region", "GM0034", "--year", "2024",
                           "--json", "--db", str(built_db)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    s = json.loads(proc.stdout)
    assert (s["region"], s["name"], s["year"]) == ("GM0034", "Almere", 2024)
    assert round(s["gas_free_share"], 2) == 0.62
    assert s["data_kind"] == "official"


def _sample_codes() -> list[str]:
    """Ten municipalities spread evenly over the CBS file, the first and the last row included."""
    codes = [r["gemeentecode"] for r in csv_rows(KWB_CSV)]
    assert len(codes) == 342
    return [codes[round(i * 341 / 9)] for i in range(10)]


def test_ten_municipalities_match_the_cbs_file(built_db, capsys):
    pct = {r["gemeentecode"]: int(r[GAS_FREE_COLUMN]) for r in csv_rows(KWB_CSV)}
    stock = {r["statcode"]: int(r["Woningvoorraad_35"]) for r in csv_rows(STOCK_CSV)}
    codes = _sample_codes()
    assert len(set(codes)) == 10
    for code in codes:
        assert cli.main(["summary", "--region", code, "--year", "2024", "--json", "--db", str(built_db)]) == 0
        s = json.loads(capsys.readouterr().out)
        assert s["housing_stock"] == stock[code], code
        # whole homes: the share is the CBS whole percent up to half a home of the stock
        assert abs(s["gas_free_homes"] - pct[code] / 100 * stock[code]) <= 0.5, code
        assert abs(s["gas_free_share"] - pct[code] / 100) <= 0.5 / stock[code] + 1e-12, code
        assert s["data_kind"] == "official", code


def test_national_figure_unchanged(built_db, capsys):
    facts = csv_rows("facts/nationale_feiten_warmtetransitie.csv")
    stock = sum(int(r["Woningvoorraad_35"]) for r in csv_rows(STOCK_CSV) if r["statcode"].startswith("GM"))
    assert stock == 8_204_049
    assert any(r["value"] == "8204049" and r["reference_period"] == "2024-01-01" for r in facts)
    assert cli.main(["summary", "--region", "NL", "--year", "2024", "--json", "--db", str(built_db)]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["housing_stock"] == 8_204_049
    assert s["gas_free_homes"] == 918_853 == round(0.112 * 8_204_049)  # CBS 11.2%
    assert s["gas_free_share"] == pytest.approx(0.112, abs=1e-6)


# --- 5. the demonstration layer stays out of the default snapshot -------------------------------------------------


def _illustrative_sources(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT source_id FROM source WHERE kind = 'illustrative'").fetchall()}
    finally:
        con.close()


def _illustrative_rows(data: store.Data, generated: set[str]) -> dict[str, int]:
    """Per table: rows marked illustrative in a *kind column, or that name a generated source."""
    found: dict[str, int] = {}
    for f in dataclasses.fields(data):
        frame = getattr(data, f.name)
        if not isinstance(frame, pd.DataFrame) or frame.empty or f.name == "regions":
            continue
        hit = pd.Series(False, index=frame.index)
        for column in frame.columns:
            if column == "kind" or column.endswith("_kind"):
                hit |= frame[column].astype("string") == "illustrative"
            if column.endswith("source_id"):
                hit |= frame[column].isin(generated)
        if hit.any():
            found[f.name] = int(hit.sum())
    return found


def test_default_snapshot_holds_nothing_illustrative(built_db):
    generated = _illustrative_sources(built_db)
    assert generated == {"illustrative_housing", "illustrative_initiatives", "illustrative_council"}
    data = store.load(built_db)
    assert data.demo is False
    assert _illustrative_rows(data, generated) == {}
    assert "illustrative" not in set(data.source["kind"])
    assert not set(data.source["source_id"]) & generated
    # what stays: the measured municipal year, the real initiatives, no council indicators
    assert sorted(data.housing["year"].unique()) == [2024]
    assert data.housing["hybrid_homes"].isna().all()
    assert len(data.initiative) == 20 and data.council_indicator.empty


def test_demo_snapshot_has_the_generated_layer(built_db):
    generated = _illustrative_sources(built_db)
    data = store.load(built_db, demo=True)
    assert data.demo is True
    found = _illustrative_rows(data, generated)
    assert {"housing", "initiative", "initiative_phase", "council_indicator", "source"} <= set(found)
    assert found["source"] == 3
    assert set(data.source.loc[data.source["kind"] == "illustrative", "source_id"]) == generated
    assert sorted(data.housing["year"].unique()) == [2017, 2019, 2022, 2024]
    assert len(data.council_indicator) == 342 * 4
    # the CBS year stays official with the demonstration on
    assert set(data.housing.loc[data.housing["year"] == 2024, "gas_free_kind"]) == {"official"}
