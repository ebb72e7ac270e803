"""A real initiative register in the sources directory replaces the illustrative register."""

from __future__ import annotations

import shutil
import subprocess
import sys

import duckdb

from warmte import config

#: The shipped snapshot: every file the build needs (a register file without a sidecar is not checked by sha256).
REAL_SOURCES = config.SNAPSHOT_DIR

ROWS = [
    ("R-A", "Warmtenet Oost", "GM0363", "warmtenet", "partner", "orientatie", "2020-01-15"),
    ("R-A", "Warmtenet Oost", "GM0363", "warmtenet", "partner", "haalbaarheid", "2021-06-01"),
    ("R-B", "Dorpswarmte", "Tubbergen", "warmtenet", "supporter", "orientatie", "2023-02-01"),
    ("R-B", "Dorpswarmte", "Tubbergen", "warmtenet", "supporter", "gestopt", "2024-03-01"),
]


def test_register_in_sources_replaces_illustrative(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(REAL_SOURCES, src)
    lines = ["initiative_id,name,municipality,technology,municipal_role,phase,start_date"]
    lines += [",".join(r) for r in ROWS]
    (src / "initiatieven" / "register.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    proc = subprocess.run([sys.executable, "-m", "warmte", "build", "--sources", str(src), "--db", str(db)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    con = duckdb.connect(str(db), read_only=True)
    kinds = dict(con.execute("SELECT data_kind, count(*) FROM initiative GROUP BY 1").fetchall())
    # the 20 named initiatives (13 + 7 of the supplement) plus the 2 of the register; no illustrative ones
    assert kinds == {"compiled": 20 + 2}
    by_source = dict(con.execute("SELECT source_id, count(*) FROM initiative GROUP BY 1").fetchall())
    assert by_source == {"initiatives_named": 13, "initiatives_supplement": 7, "initiative_register": 2}
    assert con.execute("SELECT municipality_code FROM initiative WHERE initiative_id = 'R-B'").fetchone() == \
        ("GM0183",)  # Tubbergen, resolved by name
    phases = con.execute("SELECT phase, start_date::VARCHAR, end_date::VARCHAR FROM initiative_phase "
                         "WHERE initiative_id = 'R-A' ORDER BY start_date").fetchall()
    assert phases == [("orientatie", "2020-01-15", "2021-06-01"), ("haalbaarheid", "2021-06-01", None)]
    src_row = con.execute("SELECT kind, file FROM source WHERE source_id = 'initiative_register'").fetchone()
    assert src_row == ("compiled", "initiatieven/register.csv")
    assert con.execute("SELECT count(*) FROM source WHERE source_id = 'illustrative_initiatives'").fetchone() == (0,)


def test_invalid_register_fails_the_build_naming_file_and_row(tmp_path, built_db):
    src = tmp_path / "src"
    shutil.copytree(REAL_SOURCES, src)
    (src / "initiatieven" / "register.csv").write_text(
        "initiative_id,name,municipality,technology,municipal_role,phase,start_date\n"
        "X1,Iets,Atlantis,warmtenet,partner,orientatie,2020-01-01\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    shutil.copyfile(built_db, db)
    before = db.read_bytes()
    proc = subprocess.run([sys.executable, "-m", "warmte", "build", "--sources", str(src), "--db", str(db)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "initiatieven/register.csv" in proc.stderr and "row 2" in proc.stderr and "Atlantis" in proc.stderr
    assert db.read_bytes() == before
