"""Text from imported files (HTML, JavaScript, Markdown links, very long strings) is shown as inert text."""

from __future__ import annotations

import csv
import shutil
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from warmte import store
from warmte.export import files
from warmte.filters import Filters
from warmte.ingest import importer
from warmte.views import registry

REPO = Path(__file__).resolve().parents[2]
HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[klik hier](javascript:alert(1))",
    "=HYPERLINK(\"http://evil.example\",\"klik\")",
    "**vet** _schuin_ # kop",
    "Lange naam " + "x" * 480,  # names are capped at 500 characters by the importer
]


@pytest.fixture(scope="module")
def hostile_db(built_db, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("inert")
    db = tmp / "warmte.duckdb"
    shutil.copyfile(built_db, db)
    path = tmp / "register.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["initiative_id", "name", "municipality", "technology", "municipal_role", "phase", "start_date",
                    "place", "url"])
        for i, name in enumerate(HOSTILE):
            w.writerow([f"H{i}", name, "GM0363", "warmtenet", "partner", "orientatie", "2021-03-01",
                        "<b>Oost</b>", "https://example.org/x"])
    importer.import_file("initiatives", path, db)
    return db


def test_imported_names_are_in_the_database_verbatim(hostile_db):
    data = store.load(hostile_db)
    names = set(data.initiative.loc[data.initiative["municipality_code"] == "GM0363", "name"])
    assert names == set(HOSTILE)


def test_pages_show_imported_text_only_as_table_data(hostile_db, monkeypatch):
    monkeypatch.setenv("WARMTE_DB", str(hostile_db))
    for page in ("pages/initiatives.py", "pages/municipality.py"):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        at.query_params["regio"] = "GM0363"
        at.run()
        at.switch_page(page)
        at.run()
        assert not at.exception
        frames = [df.value for df in at.dataframe]
        shown = set().union(*(set(map(str, f.iloc[:, 0])) for f in frames if len(f.columns)))
        assert set(HOSTILE) <= shown, page
        # nothing of it reaches markdown, captions, headings or HTML elements
        texts = [m.value for m in (*at.markdown, *at.caption, *at.title, *at.subheader, *at.header)]
        for text in texts:
            for name in HOSTILE:
                assert name not in text
        # the only HTML is app.py's own script that keeps <html lang> in step with the language (no text of ours)
        for element in at.get("html"):
            assert element.proto.body.startswith("<script>document.documentElement.lang = "), element.proto.body
            assert not any(name in element.proto.body for name in HOSTILE)


def test_exports_keep_imported_text_inert(hostile_db):
    data = store.load(hostile_db)
    csv_text = files.csv_bytes(data.initiative[data.initiative["municipality_code"] == "GM0363"]).decode("utf-8-sig")
    # the formula is neutralised with a leading apostrophe, the rest is plain text
    assert "'=HYPERLINK" in csv_text
    assert "\n=HYPERLINK" not in csv_text and ",=HYPERLINK" not in csv_text
    chart = registry.build("funnel", data, Filters(region="GM0363"))
    bundle = files.bundle_zip(chart.fig, chart.table, chart.meta, registry.readme(data, chart))
    with zipfile.ZipFile(BytesIO(bundle)) as z:
        for name in z.namelist():
            body = z.read(name)
            assert b"<script>" not in body, name


def test_imported_xlsx_register_on_the_initiatives_page_without_illustrative_mark(built_db, tmp_path, monkeypatch):
    """Issue 6, done when: a valid XLSX register imports, its initiatives appear on the Initiatieven page
    without an illustrative mark, and the backup of the previous database exists."""
    from datetime import date

    from warmte.i18n import t

    db = tmp_path / "warmte.duckdb"
    shutil.copyfile(built_db, db)
    register = tmp_path / "register.xlsx"
    rows = [dict(initiative_id="U1", name="Warmtenet Lunetten", municipality="Utrecht", technology="warmtenet",
                 municipal_role="partner", phase=phase, start_date=start)
            for phase, start in (("orientatie", date(2019, 2, 1)), ("haalbaarheid", date(2020, 5, 1)))]
    importer.write_template("initiatives", register, rows)
    result = importer.import_file("initiatives", register, db)
    assert result.backup is not None and result.backup.is_file()

    monkeypatch.setenv("WARMTE_DB", str(db))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["regio"] = "GM0344"
    at.run()
    at.switch_page("pages/initiatives.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Warmte-initiatieven: Utrecht"
    assert t("illustrative_banner", "nl") not in [i.value for i in at.info]
    listing = at.dataframe[-1].value
    assert list(listing.iloc[:, 0]) == ["Warmtenet Lunetten"]
    assert t("kind_compiled", "nl") in set(listing.iloc[:, -1])  # the data kind as a label ("verzameld")
    assert not any("Illustratieve data" in c.value for c in at.caption)
