"""The rules of the house (DESIGN.md) that a machine can check.

- warmte/ outside warmte/ui/ never imports streamlit;
- pages hold no SQL;
- the app opens the database read-only;
- no SQL is built by string formatting, except the documented constant table names.
"""

from __future__ import annotations

import ast
import hashlib
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from warmte import store

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "warmte"
PAGE_FILES = sorted((REPO / "pages").glob("*.py"))


def _py_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
              and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("import_module", "__import__")
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.lineno, node.args[0].value))
    return found


# --- streamlit stays in warmte/ui ----------------------------------------------------------------


def test_package_outside_ui_does_not_import_streamlit():
    ui = PACKAGE / "ui"
    files = [p for p in _py_files(PACKAGE) if ui not in p.parents]
    assert len(files) > 10
    offenders = [f"{p.relative_to(REPO)}:{line} imports {mod}" for p in files for line, mod in _imported_modules(p)
                 if mod == "streamlit" or mod.startswith("streamlit.")]
    assert offenders == []


def test_the_import_scan_sees_streamlit_in_ui():
    """The scan itself works: warmte/ui does import streamlit."""
    mods = {mod for p in _py_files(PACKAGE / "ui") for _, mod in _imported_modules(p)}
    assert "streamlit" in mods


# --- pages hold no SQL -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGE_FILES + [REPO / "app.py"], ids=lambda p: p.name)
def test_pages_hold_no_sql(path):
    text = path.read_text(encoding="utf-8")
    assert "SELECT" not in text
    assert "duckdb" not in text.lower()
    assert not re.search(r"\b(INSERT|UPDATE|DELETE|CREATE|DROP)\s", text)
    assert not any(mod.startswith("duckdb") for _, mod in _imported_modules(path))


def test_pages_are_all_checked():
    assert {p.name for p in PAGE_FILES} >= {"overview.py", "map.py", "initiatives.py", "council.py",
                                             "municipality.py", "data.py"}


# --- the app opens the database read-only ---------------------------------------------------------


@pytest.fixture
def db_copy(built_db, tmp_path) -> Path:
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(built_db, path)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("sql", [
    "INSERT INTO fact SELECT * FROM fact LIMIT 1",
    "CREATE TABLE hacked (x INTEGER)",
    "DELETE FROM municipality",
    "DROP TABLE source",
    "UPDATE build_info SET value = 'x'",
])
def test_connect_is_read_only(db_copy, sql):
    before = _digest(db_copy)
    con = store.connect(db_copy)
    try:
        with pytest.raises(duckdb.Error):
            con.execute(sql)
    finally:
        con.close()
    assert _digest(db_copy) == before


def test_loaders_open_read_only(db_copy, monkeypatch):
    """store.load (what the app's cached loaders call; it reads the geometry too) asks for read-only connections."""
    calls = []
    real_connect = duckdb.connect

    def spy(database=":memory:", *args, read_only=False, **kwargs):
        calls.append((str(database), read_only))
        return real_connect(database, *args, read_only=read_only, **kwargs)

    monkeypatch.setattr(duckdb, "connect", spy)
    before = _digest(db_copy)
    data = store.load(db_copy)
    assert len(data.municipality) > 300
    assert (data.geometry["level"] == "provincie").sum() == 12
    assert calls and all(read_only for _, read_only in calls), calls
    assert _digest(db_copy) == before


def test_app_holds_no_write_path():
    """Nothing the app runs asks for a writable connection."""
    app_files = [REPO / "app.py", *PAGE_FILES, *_py_files(PACKAGE / "ui"), PACKAGE / "store.py"]
    offenders = [f"{p.relative_to(REPO)}:{i}" for p in app_files
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"read_only\s*=\s*False", line)]
    assert offenders == []


# --- no string-formatted SQL -------------------------------------------------------------------------

SQL_CALLS = {"execute", "executemany", "sql", "query"}
#: The documented exceptions: table names interpolated from constant lists (store.TABLES, build.TABLE_ORDER).
ALLOWED = {
    ("warmte/store.py", 'frames[table] = con.execute(f"SELECT * FROM {table}").df()  # table names are constants'),
    ("warmte/ingest/build.py", 'columns = [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()]'),
    ("warmte/ingest/build.py", 'con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM frame")'),
}


def _formatted(node: ast.AST) -> bool:
    """An f-string, '...' % x, '...' + x or '...'.format(...)."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return True
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
            and isinstance(node.func.value, (ast.Constant, ast.JoinedStr)))


def _formatted_sql() -> list[tuple[str, str]]:
    found = []
    for path in _py_files(PACKAGE):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text, filename=str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_CALLS):
                continue
            if any(_formatted(arg) for arg in node.args):
                found.append((str(path.relative_to(REPO)), lines[node.lineno - 1].strip()))
    return found


def test_no_string_formatted_sql():
    unexpected = [hit for hit in _formatted_sql() if hit not in ALLOWED]
    assert unexpected == []


def test_allowlist_is_exact():
    """Every allowed line still exists (a stale allowlist would hide a new formatted query elsewhere)."""
    assert set(_formatted_sql()) == ALLOWED


def test_also_no_execute_f_by_text():
    """A plain text scan for execute(f"...") agrees with the AST scan."""
    hits = set()
    for path in _py_files(PACKAGE):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"""\.(execute|executemany|sql)\(\s*f["']""", line):
                hits.add((str(path.relative_to(REPO)), line.strip()))
    assert hits <= ALLOWED


def test_allowed_names_are_constants():
    from warmte.ingest import build

    assert set(store.TABLES) <= set(build.TABLE_ORDER) | {"build_info"}
    assert all(re.fullmatch(r"[a-z_]+", name) for name in (*store.TABLES, *build.TABLE_ORDER))


# --- module size ---------------------------------------------------------------------------------------

MAX_MODULE_LINES = 600


def test_no_module_over_600_lines():
    """A module holds one topic; past ~500 lines look for the seam (DESIGN.md, rules of the house)."""
    sizes = {str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines()) for p in _py_files(PACKAGE)}
    assert len(sizes) > 40
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}


# --- one cache ---------------------------------------------------------------------------------------

MEMO = re.compile(r"st\.cache_(data|resource)|\blru_cache\b|functools\.cache\b|^\s*@cache\b|_memo", re.M)


def test_caches_only_in_ui_loaders():
    """st.cache_* and any memo live in warmte/ui/loaders.py only (keyed by the snapshot's version)."""
    files = [*_py_files(PACKAGE), REPO / "app.py", *PAGE_FILES]
    hits = {str(p.relative_to(REPO)) for p in files if MEMO.search(p.read_text(encoding="utf-8"))}
    assert hits == {"warmte/ui/loaders.py"}
