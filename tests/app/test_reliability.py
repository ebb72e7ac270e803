"""The app while its database is replaced, missing or corrupt."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def db_copy(built_db, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "warmte.duckdb"
    shutil.copyfile(built_db, path)
    monkeypatch.setenv("WARMTE_DB", str(path))
    return path


def _app() -> AppTest:
    return AppTest.from_file(str(REPO / "app.py"), default_timeout=60)


def test_database_replaced_while_a_session_is_open(db_copy, tmp_path):
    at = _app()
    at.run()
    assert not at.exception
    assert at.header[0].value == "919.000 van 1.500.000 woningen aardgasvrij: 61%"

    # A rebuild or import replaces the file atomically; here: a copy whose
    # national 2024 share differs, renamed over the open database.
    new = tmp_path / "new.duckdb"
    shutil.copyfile(db_copy, new)
    con = duckdb.connect(str(new))
    con.execute("UPDATE national_series SET gas_free_share = 0.12 WHERE year = 2024")
    con.close()
    os.replace(new, db_copy)

    at.run()  # the session's next interaction
    assert not at.exception
    # 0.12 * 8,204,049 = 984,486 -> "984.000"; 984,486 / 1,500,000 = 65.6% -> "66%"
    assert at.header[0].value == "984.000 van 1.500.000 woningen aardgasvrij: 66%"


def test_missing_database_shows_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setenv("WARMTE_DB", str(tmp_path / "absent.duckdb"))
    at = _app()
    at.run()
    assert not at.exception
    assert "warmte build" in at.error[0].value
    assert any("warmte build" in c.value for c in at.code)


def test_corrupt_database_shows_what_to_run(tmp_path, monkeypatch):
    bad = tmp_path / "corrupt.duckdb"
    bad.write_bytes(b"this is not a duckdb file" * 100)
    monkeypatch.setenv("WARMTE_DB", str(bad))
    at = _app()
    at.run()
    assert not at.exception
    assert "warmte build" in at.error[0].value


def test_app_connection_cannot_write(db_copy):
    from warmte import store

    con = store.connect(db_copy)
    try:
        with pytest.raises(duckdb.Error):
            con.execute("INSERT INTO build_info VALUES ('x', 'y')")
        with pytest.raises(duckdb.Error):
            con.execute("CREATE TABLE evil (a INTEGER)")
    finally:
        con.close()


def test_without_a_browser_export_buttons_say_why_and_the_rest_works(db_copy, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    at = _app()
    at.query_params["regio"] = "GM0363"
    at.run()
    assert not at.exception
    assert at.header  # the headline is there
    captions = " ".join(c.value for c in at.caption)
    assert "/nonexistent/chromium" in captions
    labels = [b.label for b in at.get("download_button")]
    assert any("CSV" in label for label in labels)  # the data download still works
    assert not any("PNG" in label for label in labels)
    at.switch_page("pages/municipality.py")
    at.run()
    assert not at.exception
    assert "/nonexistent/chromium" in " ".join(c.value for c in at.caption)
