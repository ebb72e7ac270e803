"""Bad input from visitors (issue 16, items 1-5), through the whole app (AppTest from app.py)."""

from __future__ import annotations

import io
import logging
import os
import shutil
import sqlite3
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import InitialValue, Radio, Selectbox

from warmte.i18n import t

REPO = Path(__file__).resolve().parents[2]
_ORIGINAL_PAGES_MANAGER_INIT = PagesManager.__init__


@pytest.fixture
def navigation_mode(monkeypatch):
    """st.navigation mode on every AppTest run, as on a live server (see tests/app/test_pages.py)."""

    def init(self, *args, **kwargs):
        _ORIGINAL_PAGES_MANAGER_INIT(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def _app(**params) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _url(at: AppTest) -> dict[str, str]:
    return {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in at.query_params.items()}


class BrowserLabels:
    """What a browser does with a select widget and AppTest does not, by itself.

    The browser holds a radio's or selectbox's *display label* and replaces it only when the
    server sends a new value (``set_value``); it sends that label back on every rerun. AppTest
    instead re-labels the stored value with the options of the last run, so it never sends a
    label of the previous language. This puts the browser's behaviour into AppTest.
    """

    def __init__(self, monkeypatch):
        self.held: dict[str, str] = {}
        for cls in (Radio, Selectbox):
            monkeypatch.setattr(cls, "_widget_state", property(self._state(cls._widget_state.fget)))

    def _state(self, original):
        def state(element):
            ws = original(element)
            if not isinstance(element._value, InitialValue):  # the visitor clicked: the browser holds that label
                self.held[element.id] = ws.string_value
            elif element.id in self.held:
                ws.string_value = self.held[element.id]
            return ws
        return state

    def run(self, at: AppTest) -> AppTest:
        at.run()
        for element in (*at.radio, *at.selectbox):
            if element.proto.set_value and element.proto.HasField("raw_value"):
                self.held[element.id] = element.proto.raw_value
            elif element.id not in self.held and element.options:
                self.held[element.id] = element.options[element.proto.default]
        return at


# --- 1. Switching the language keeps codes in the filters and the URL ----------------------------


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/map.py", "pages/council.py"])
def test_switching_the_language_back_and_forth_keeps_codes(built_db, monkeypatch, navigation_mode, page):
    monkeypatch.setenv("WARMTE_DB", str(built_db))
    browser = BrowserLabels(monkeypatch)
    at = _ok(browser.run(_app(regio="GM0363")))
    if page != "pages/overview.py":
        at.switch_page(page)
        _ok(browser.run(at))
    for lang, back in (("en", "nl"), ("nl", "en"), ("en", "nl")):
        at.radio(key="f_lang").set_value(lang)  # a click on "English" / "Nederlands"
        _ok(browser.run(at))
        assert at.selectbox(key="f_region").value == "GM0363"
        assert at.radio(key="f_target").value == "pro_rata"
        assert at.radio(key="f_definition").value in ("gas_free", "gas_free_or_hybrid")
        url = _url(at)
        assert url.get("regio") == "GM0363", url
        assert url.get("lang") == ("en" if lang == "en" else None), url
        assert "doel" not in url, url  # the default target method is left out, never written as its label
        assert at.title, back
    # and a region chosen after the switches is still written as its code
    at.selectbox(key="f_region").set_value("PV27")
    _ok(browser.run(at))
    assert _url(at).get("regio") == "PV27"


# --- 3. A missing or broken database: one plain sentence, details in the server log only -----------------------


def _copy_with(src: Path, dest: Path, table: str, column: str | None = None, drop: bool = False) -> Path:
    """A copy of the database ``src`` with ``table`` dropped (``drop``), its ``column`` dropped, or emptied."""
    con = duckdb.connect(str(dest))
    try:
        con.execute(f"ATTACH '{src}' AS s (READ_ONLY)")
        for (name,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 's'").fetchall():
            if name == table and drop:
                continue
            exclude = f" EXCLUDE ({column})" if name == table and column else ""
            where = " WHERE false" if name == table and not column else ""
            con.execute(f"CREATE TABLE main.{name} AS SELECT *{exclude} FROM s.{name}{where}")
    finally:
        con.close()
    return dest


def _sqlite(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE source (source_id TEXT)")
    con.commit()
    con.close()
    return path


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _directory(path: Path) -> Path:
    path.mkdir()
    return path


BROKEN = {
    "missing": lambda db, d: d / "absent" / "warmte.duckdb",
    "directory": lambda db, d: _directory(d / "warmte.duckdb"),
    "empty file": lambda db, d: _write(d / "warmte.duckdb", b""),
    "corrupt": lambda db, d: _write(d / "warmte.duckdb", b"this is not a duckdb file\n" * 200),
    "sqlite": lambda db, d: _sqlite(d / "warmte.duckdb"),
    "dropped table": lambda db, d: _copy_with(db, d / "warmte.duckdb", "source", drop=True),
    "dropped column": lambda db, d: _copy_with(db, d / "warmte.duckdb", "municipality", "name"),
    "dropped national column": lambda db, d: _copy_with(db, d / "warmte.duckdb", "national_series", "gas_free_share"),
    "empty national series": lambda db, d: _copy_with(db, d / "warmte.duckdb", "national_series"),
}
INTERNALS = ("Error", "error", "LINE 1", "SELECT", "duckdb", "DuckDB", "Traceback", "sqlite", "extension")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_database_is_one_plain_sentence(built_db, tmp_path, monkeypatch, caplog, navigation_mode, case, lang):
    db = BROKEN[case](built_db, tmp_path)
    monkeypatch.setenv("WARMTE_DB", str(db))
    at = _app(lang=lang) if lang == "en" else _app()
    with caplog.at_level(logging.ERROR, logger="warmte.app"):
        _ok(at.run())
    assert [e.value for e in at.error] == [t("db_missing", lang)]
    assert "warmte build" in at.error[0].value
    shown = [e.value for e in (*at.error, *at.title, *at.markdown, *at.caption, *at.code, *at.warning, *at.info)]
    for text in shown:
        assert str(tmp_path) not in text and "/tmp" not in text, (case, text)
        for word in INTERNALS:
            assert word not in text, (case, word, text)
    assert not at.get("plotly_chart") and not at.sidebar.children
    # the details are in the server log: the path and what is wrong
    logged = " ".join(r.getMessage() for r in caplog.records if r.name == "warmte.app")
    assert str(db) in logged and "warmte build" in logged


def test_broken_database_after_a_page_was_open(built_db, tmp_path, monkeypatch, navigation_mode):
    """The file is replaced by one with a dropped column while a visitor is on a page: the next interaction
    shows the sentence, not an error page."""
    db = tmp_path / "warmte.duckdb"
    shutil.copyfile(built_db, db)
    monkeypatch.setenv("WARMTE_DB", str(db))
    at = _ok(_app(regio="GM0363").run())
    at.switch_page("pages/council.py")
    _ok(at.run())
    broken = _copy_with(built_db, tmp_path / "new.duckdb", "municipality", "name")
    os.replace(broken, db)
    at.selectbox(key="f_region").set_value("PV27")
    _ok(at.run())
    assert [e.value for e in at.error] == [t("db_missing", "nl")]
    assert not any(str(tmp_path) in e.value for e in at.error)


def test_connections_never_install_or_load_extensions(built_db, tmp_path):
    from warmte import store

    con = store.connect(built_db)
    try:
        settings = dict(con.execute("SELECT name, value FROM duckdb_settings() WHERE name IN "
                                    "('autoinstall_known_extensions', 'autoload_known_extensions')").fetchall())
    finally:
        con.close()
    assert settings == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}
    # a SQLite file is refused at once: DuckDB does not fetch its sqlite extension to read it
    with pytest.raises(store.DatabaseError) as err:
        store.load(_sqlite(tmp_path / "warmte.duckdb"))
    assert "download" not in str(err.value).lower()


# --- 5. "Alles als XLSX" with control characters in text -------------------------------------------------------


CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r")


def test_xlsx_bytes_leaves_out_control_characters_xlsx_cannot_hold():
    from openpyxl import load_workbook

    from warmte.export import files

    frame = pd.DataFrame({"name": [f"Warmte{CONTROL}net", "\x01=HYPERLINK(\"x\")", "tab\tline\nfeed", None],
                          "homes": [1, 2, 3, 4], "kol\x07om": ["a", "b", "c", "d"]})
    frame["kind"] = pd.Categorical(["a\x02", "b", "a\x02", "b"])
    book = load_workbook(io.BytesIO(files.xlsx_bytes({"initiative": frame})))
    rows = list(book["initiative"].values)
    assert rows[0] == ("name", "homes", "kolom", "kind")
    assert [r[0] for r in rows[1:]] == ["Warmtenet", "'=HYPERLINK(\"x\")", "tab\tline\nfeed", None]
    assert [r[1] for r in rows[1:]] == [1, 2, 3, 4]  # numbers stay numbers
    assert [r[3] for r in rows[1:]] == ["a", "b", "a", "b"]
    # the CSV keeps the text as it is (a CSV can hold it)
    assert f"Warmte{CONTROL}net" in files.csv_bytes(frame).decode("utf-8-sig")


def test_all_tables_as_xlsx_with_an_imported_control_character(built_db, tmp_path):
    """The Data page's "Alles als XLSX": every download table, one imported name with control characters."""
    from openpyxl import load_workbook

    from warmte import store
    from warmte.export import files
    from warmte.ui import loaders

    db = tmp_path / "warmte.duckdb"
    shutil.copyfile(built_db, db)
    con = duckdb.connect(str(db))
    try:
        first = con.execute("SELECT initiative_id FROM initiative WHERE data_kind <> 'illustrative' "
                            "ORDER BY initiative_id LIMIT 1").fetchone()[0]
        con.execute("UPDATE initiative SET name = ? WHERE initiative_id = ?", ["Warmte\x01coöperatie\x1b", first])
    finally:
        con.close()
    data = store.load(db)
    workbook = files.xlsx_bytes(loaders.download_tables(data))
    book = load_workbook(io.BytesIO(workbook), read_only=True)
    names = [row[1] for row in book["initiative"].iter_rows(min_row=2, values_only=True)]
    assert "Warmtecoöperatie" in names
    assert set(book.sheetnames) == set(loaders.DOWNLOAD_TABLES)
