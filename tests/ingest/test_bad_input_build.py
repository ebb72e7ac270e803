"""`warmte build` on bad sources and bad conditions (issue 16, items 6, 7, 9, 11, 12): every failure is a message
naming the file, exit 1, no traceback, and the previous database stays byte-identical (mode and owner too)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from warmte import cli, config
from warmte.ingest import dbfile

FACTS = "facts/nationale_feiten_warmtetransitie.csv"
PAW = "paw/paw_proeftuinen_gedeeltelijk.csv"
MAATWERK = "cbs/cbs_maatwerk_hoofdverwarming_gemeenten_2022_2024.csv"
CBS = "cbs/kwb2024_gemeenten_inwoners_woningvoorraad.csv"
TVW = "warmteatlas/tvw_status_per_gemeente_warmteatlas_2026.csv"


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def fingerprint(path: Path) -> tuple:
    st = os.stat(path)
    return sha(path), stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid


@pytest.fixture(scope="module")
def snapshot_copy(tmp_path_factory) -> Path:
    """A pristine copy of the shipped snapshot; each test copies it again before editing."""
    dest = tmp_path_factory.mktemp("snap") / "snapshot"
    shutil.copytree(config.SNAPSHOT_DIR, dest)
    return dest


@pytest.fixture
def sources(snapshot_copy, tmp_path) -> Path:
    dest = tmp_path / "sources"
    shutil.copytree(snapshot_copy, dest)
    return dest


@pytest.fixture
def db(built_db, tmp_path) -> Path:
    path = tmp_path / "db" / "warmte.duckdb"
    path.parent.mkdir()
    shutil.copyfile(built_db, path)
    return path


def unseal(root: Path, rel: str) -> Path:
    (root / (rel + ".provenance.json")).unlink(missing_ok=True)
    return root / rel


def cut(root: Path, rel: str, fraction: float) -> None:
    path = unseal(root, rel)
    raw = path.read_bytes()
    path.write_bytes(raw[: int(len(raw) * fraction)])


def run_build(capsys, sources: Path, db: Path) -> tuple[int, str]:
    code = cli.main(["build", "--sources", str(sources), "--db", str(db)])
    return code, capsys.readouterr().err


# --- item 6: completeness -----------------------------------------------------------------------------


@pytest.mark.parametrize("rel, fraction", [(FACTS, 0.30), (PAW, 0.40), (MAATWERK, 0.5), (CBS, 0.6), (TVW, 0.7)])
def test_truncated_source_fails_naming_the_file(capsys, sources, db, rel, fraction):
    before = fingerprint(db)
    cut(sources, rel, fraction)
    code, err = run_build(capsys, sources, db)
    assert code == 1, err
    assert "build failed, the database was not changed" in err
    assert rel in err
    assert "Traceback" not in err
    assert fingerprint(db) == before


def test_cut_mid_line_is_named_as_such(capsys, sources, db):
    cut(sources, FACTS, 0.30)
    _code, err = run_build(capsys, sources, db)
    assert "cut off mid-line" in err


def test_facts_cut_at_a_line_boundary_misses_required_years(capsys, sources, db):
    path = unseal(sources, FACTS)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    keep = [ln for ln in lines if "2022" not in ln and "2024" not in ln or ln is lines[0]]
    path.write_text("".join(keep), encoding="utf-8")
    before = fingerprint(db)
    code, err = run_build(capsys, sources, db)
    assert code == 1
    assert FACTS in err and "2024" in err and "is the file complete?" in err
    assert fingerprint(db) == before


def test_municipality_file_with_a_municipality_missing(capsys, sources, db):
    from warmte.ingest.sources import geo

    path = unseal(sources, geo.MUNICIPALITY_FILE)
    topo = json.loads(path.read_text(encoding="utf-8"))
    obj = next(iter(topo["objects"].values()))
    obj["geometries"] = obj["geometries"][:-1]
    path.write_text(json.dumps(topo), encoding="utf-8")
    before = fingerprint(db)
    code, err = run_build(capsys, sources, db)
    assert code == 1
    assert geo.MUNICIPALITY_FILE in err and "341 municipalities, expected 342" in err
    assert fingerprint(db) == before


def test_province_file_with_too_few_provinces(capsys, sources, db):
    from warmte.ingest.sources import geo

    path = unseal(sources, geo.PROVINCE_FILE)
    topo = json.loads(path.read_text(encoding="utf-8"))
    obj = next(iter(topo["objects"].values()))
    obj["geometries"] = obj["geometries"][:11]
    path.write_text(json.dumps(topo), encoding="utf-8")
    before = fingerprint(db)
    code, err = run_build(capsys, sources, db)
    assert code == 1
    assert geo.PROVINCE_FILE in err and "expected 12" in err
    assert fingerprint(db) == before


# --- item 9: sidecars and JSON ------------------------------------------------------------------------


SIDE = FACTS + ".provenance.json"


@pytest.mark.parametrize("how, fragment", [
    ("binary", "not UTF-8"),
    ("directory", "not a regular file"),
    ("numeric_retrieved_at", "retrieved_at is int"),
    ("nested", "nested too deeply"),
    ("infinity", "Infinity"),
    ("list", "JSON object"),
])
def test_bad_sidecar_is_a_message(capsys, sources, db, how, fragment):
    side = sources / SIDE
    meta = json.loads(side.read_text(encoding="utf-8"))
    if how == "binary":
        side.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x01")
    elif how == "directory":
        side.unlink()
        side.mkdir()
    elif how == "numeric_retrieved_at":
        side.write_text(json.dumps({**meta, "retrieved_at": 20260101}), encoding="utf-8")
    elif how == "nested":
        side.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    elif how == "infinity":
        side.write_text(json.dumps(meta)[:-1] + ', "size": Infinity}', encoding="utf-8")
    else:
        side.write_text("[1, 2]", encoding="utf-8")
    before = fingerprint(db)
    code, err = run_build(capsys, sources, db)
    assert code == 1, err
    assert fragment in err and "nationale_feiten_warmtetransitie.csv" in err
    assert "Traceback" not in err
    assert fingerprint(db) == before


def test_build_db_is_a_directory(capsys, tmp_path):
    folder = tmp_path / "adir"
    folder.mkdir()
    code, err = run_build(capsys, config.SNAPSHOT_DIR, folder)
    assert code == 1
    assert "is a directory" in err and str(folder) in err
    assert list(folder.iterdir()) == []


def _non_root_works() -> bool:
    return os.geteuid() != 0


def test_read_only_database_directory(capsys, db, monkeypatch):
    """A folder the build may not write: as non-root by chmod, as root by an injected PermissionError."""
    before = fingerprint(db)
    if _non_root_works():
        db.parent.chmod(0o555)
    else:
        real = dbfile.tempfile.mkstemp

        def denied(*a, **kw):
            if kw.get("dir") == db.parent:
                raise PermissionError(errno.EACCES, "Permission denied", str(db.parent))
            return real(*a, **kw)
        monkeypatch.setattr(dbfile.tempfile, "mkstemp", denied)
    try:
        code, err = run_build(capsys, config.SNAPSHOT_DIR, db)
    finally:
        db.parent.chmod(0o755)
    assert code == 1
    assert "permission denied" in err and str(db.parent) in err
    assert "Traceback" not in err
    assert fingerprint(db) == before


def test_disk_full_during_build(capsys, db, monkeypatch):
    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))
    monkeypatch.setattr(dbfile.os, "replace", full)
    before = fingerprint(db)
    code, err = run_build(capsys, config.SNAPSHOT_DIR, db)
    assert code == 1
    assert "disk full" in err
    assert fingerprint(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["warmte.duckdb"]


def _tmpfs_works() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _tmpfs_works(), reason="no private tmpfs can be mounted here; the injected ENOSPC tests "
                    "above and in tests/test_cli_bad_input.py cover disk full")
def test_disk_full_on_a_real_small_tmpfs(built_db, tmp_path):
    """A 24 MB tmpfs holding the 17 MB database: the build and an import run out of space, nothing changes."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    csv_file = tmp_path / "council.csv"
    csv_file.write_text("municipality,year,tvw_adopted,tvw_adopted_date,wup_adopted,heat_debates,heat_motions,"
                        "budget_allocated,informed_of_share\nGM0344,2024,ja,2021-09-30,nee,1,0,ja,nee\n")
    db = mnt / "warmte.duckdb"
    py = sys.executable
    script = (f"mount -t tmpfs -o size=24m tmpfs {mnt} && cp {built_db} {db} && sha256sum {db} && "
              f"{py} -m warmte build --db {db}; echo build=$?; "
              f"{py} -m warmte import council {csv_file} --db {db}; echo import=$?; sha256sum {db}; ls -A {mnt}")
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[2])
    out = proc.stdout.splitlines()
    assert "build=1" in out and "import=1" in out, proc.stdout + proc.stderr
    assert out[0].split()[0] == out[-2].split()[0]  # byte-identical
    assert out[-1] == "warmte.duckdb"  # no temp file, no backups/ left
    assert proc.stderr.count("disk full") == 2, proc.stderr
    assert "Traceback" not in proc.stderr


# --- item 7: symlinks, mode and owner -----------------------------------------------------------------


def test_build_through_a_symlink_keeps_the_link_and_the_mode(capsys, db, tmp_path):
    db.chmod(0o644)
    link = tmp_path / "link.duckdb"
    link.symlink_to(db)
    code, err = run_build(capsys, config.SNAPSHOT_DIR, link)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(db)
    assert stat.S_IMODE(db.stat().st_mode) == 0o644


def test_build_keeps_an_unusual_mode(capsys, db):
    db.chmod(0o640)
    owner = (db.stat().st_uid, db.stat().st_gid)
    code, err = run_build(capsys, config.SNAPSHOT_DIR, db)
    assert code == 0, err
    assert stat.S_IMODE(db.stat().st_mode) == 0o640
    assert (db.stat().st_uid, db.stat().st_gid) == owner


# --- item 11: two builds at once ----------------------------------------------------------------------


def test_second_build_waits_then_fails_clearly(capsys, db, monkeypatch):
    monkeypatch.setenv("WARMTE_LOCK_WAIT", "0.3")
    before = fingerprint(db)
    held, release = threading.Event(), threading.Event()

    def hold():
        with dbfile.lock(db):
            held.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    try:
        assert held.wait(5)
        t0 = time.monotonic()
        code, err = run_build(capsys, config.SNAPSHOT_DIR, db)
        waited = time.monotonic() - t0
    finally:
        release.set()
        t.join()
    assert code == 1
    assert "another build or import is writing this database" in err
    assert waited >= 0.3
    assert fingerprint(db) == before


def test_lock_is_shared_by_two_spellings_of_one_file(db, tmp_path, monkeypatch):
    link = tmp_path / "other.duckdb"
    link.symlink_to(db)
    with dbfile.lock(db), pytest.raises(dbfile.Busy), dbfile.lock(link, wait=0.1):
        pass


# --- item 12: leftovers of a killed run ----------------------------------------------------------------


def test_stale_temp_files_are_removed_fresh_ones_kept(capsys, db):
    old = time.time() - 2 * 3600
    stale = [db.parent / ".warmte.duckdb.abcd1234.tmp", db.parent / ".warmte.duckdb.import.efgh5678.tmp.wal"]
    fresh = db.parent / ".warmte.duckdb.ijkl9012.tmp"
    other = db.parent / "notes.tmp"
    for p in [*stale, fresh, other]:
        p.write_bytes(b"x")
    for p in [*stale, other]:
        os.utime(p, (old, old))
    code, err = run_build(capsys, config.SNAPSHOT_DIR, db)
    assert code == 0, err
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and other.exists()
    assert "left by an interrupted run" in err
