"""`warmte import` and `warmte templates`: every kind of bad input is reported with row, column and value
and leaves the database byte-identical; valid imports replace their scope all or nothing."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from warmte import store
from warmte.ingest import importer
from warmte.ingest.importer import InvalidImportFile, Problem
from warmte.views import council as council_view
from warmte.views import initiatives as initiatives_view

REPO = Path(__file__).resolve().parents[2]
INIT_COLUMNS = [c.name for c in importer.COLUMNS["initiatives"]]
COUNCIL_COLUMNS = [c.name for c in importer.COLUMNS["council"]]
TOMORROW = (date.today() + timedelta(days=1)).isoformat()


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def db(built_db, tmp_path) -> Path:
    """A private copy of the built database (never data/warmte.duckdb)."""
    path = tmp_path / "db" / "warmte.duckdb"
    path.parent.mkdir()
    shutil.copyfile(built_db, path)
    return path


def init_row(**kw) -> dict:
    row = {"initiative_id": "T1", "name": "Warmtenet Test", "municipality": "GM0344", "technology": "warmtenet",
           "municipal_role": "partner", "phase": "orientatie", "start_date": "2021-03-01"}
    row.update(kw)
    return row


def council_row(**kw) -> dict:
    row = {"municipality": "GM0344", "year": "2024", "tvw_adopted": "ja", "tvw_adopted_date": "2021-09-30",
           "wup_adopted": "nee", "heat_debates": "1", "heat_motions": "0", "budget_allocated": "ja",
           "informed_of_share": "nee"}
    row.update(kw)
    return row


def csv_bytes(rows: list[dict], columns: list[str] | None = None, delimiter: str = ",", bom: bool = False) -> bytes:
    columns = columns or list(rows[0])
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([r.get(c, "") for c in columns])
    return (b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8")


def problems_of(kind: str, content: bytes, db: Path, tmp_path: Path, name: str = "register.csv") -> list[Problem]:
    """Import a file that must be refused; returns its problems after checking nothing was written."""
    f = tmp_path / name
    f.write_bytes(content)
    before = sha(db)
    with pytest.raises(InvalidImportFile) as info:
        importer.import_file(kind, f, db)
    assert sha(db) == before, "an invalid import changed the database"
    assert not (db.parent / "backups").exists()
    assert not [p for p in db.parent.iterdir() if p.name.endswith(".tmp")]
    return info.value.problems


def find(problems: list[Problem], row, column, *fragments) -> Problem:
    for p in problems:
        if p.row == row and p.column == column and all(f in str(p) for f in fragments):
            return p
    raise AssertionError(f"no problem at row {row}, column {column} with {fragments}:\n"
                         + "\n".join(map(str, problems)))


# --- Bad input: one test per kind -------------------------------------------------------------------

INIT_CASES = [
    # (id, rows (row 2 onwards), expected row, column, fragments)
    ("unknown municipality with suggestion", [init_row(municipality="Amsterdm")], 2, "municipality",
     ["'Amsterdm' is not a municipality", "did you mean 'Amsterdam'"]),
    ("unknown municipality code", [init_row(municipality="GM9999")], 2, "municipality",
     ["'GM9999' is not a municipality code"]),
    ("ambiguous name", [init_row(municipality="Bergen")], 2, "municipality",
     ["'Bergen' is ambiguous", "Bergen (L.)", "Bergen (NH.)"]),
    ("split municipality", [init_row(municipality="Haaren")], 2, "municipality", ["'Haaren' was split"]),
    ("unknown phase", [init_row(phase="orientation")], 2, "phase",
     ["'orientation' is not a phase; expected one of orientatie, haalbaarheid", "did you mean orientatie"]),
    ("unknown technology", [init_row(technology="stadsverwarming")], 2, "technology",
     ["'stadsverwarming' is not a technology; expected one of warmtenet"]),
    ("unknown role", [init_row(municipal_role="baas")], 2, "municipal_role", ["'baas' is not a municipal role"]),
    ("unparseable date", [init_row(start_date="gisteren")], 2, "start_date", ["'gisteren'", "a date like"]),
    ("impossible date", [init_row(start_date="31-13-2021")], 2, "start_date", ["'31-13-2021'", "an existing date"]),
    ("future date", [init_row(start_date=TOMORROW)], 2, "start_date", [f"'{TOMORROW}' is in the future"]),
    ("date before 2000", [init_row(start_date="1999-12-31")], 2, "start_date", ["is before 2000"]),
    ("dates out of order", [init_row(), init_row(phase="haalbaarheid", start_date="2020-01-01")], 3, "start_date",
     ["'2020-01-01' is the start of 'haalbaarheid'", "dates out of order"]),
    ("gestopt not last", [init_row(), init_row(phase="gestopt", start_date="2021-06-01"),
                          init_row(phase="haalbaarheid", start_date="2022-01-01")], 3, "start_date",
     ["'2021-06-01' is the start of 'gestopt' but 'haalbaarheid' starts later (2022-01-01, row 4)",
      "expected 'gestopt' as the last phase"]),
    ("negative count", [init_row(volunteers="-3")], 2, "volunteers", ["'-3' is negative"]),
    ("not a whole number", [init_row(volunteers="2,5")], 2, "volunteers", ["'2,5'", "a whole number"]),
    ("more homes than the stock", [init_row(municipality="GM0344", homes_planned="9.999.999")], 2, "homes_planned",
     ["exceeds the housing stock of Utrecht (GM0344)"]),
    ("bad boolean", [init_row(professional_support="misschien")], 2, "professional_support",
     ["'misschien'", "ja or nee"]),
    ("bad url", [init_row(url="www.example.org")], 2, "url", ["is not a web address"]),
    ("duplicate phase change", [init_row(), init_row()], 3, "phase", ["duplicates row 2"]),
    ("two phases on one date", [init_row(), init_row(phase="haalbaarheid")], 3, "start_date",
     ["is also the start of 'orientatie' (row 2)"]),
    ("phase entered twice", [init_row(), init_row(start_date="2022-01-01")], 3, "phase",
     ["'orientatie' was already entered on 2021-03-01 (row 2)"]),
    ("attributes differ between rows", [init_row(), init_row(phase="haalbaarheid", start_date="2022-01-01",
                                                             technology="hybride")], 3, "technology",
     ["'hybride' differs from row 2 ('warmtenet')"]),
    ("id used in another municipality", [init_row(initiative_id="R001", municipality="GM0344")], 2, "initiative_id",
     ["'R001' is already used by an initiative in"]),
    ("template example row", [init_row(initiative_id="VOORBEELD-1")], 2, "initiative_id",
     ["is an example row of the template"]),
    ("empty required cell", [init_row(name="")], 2, "name", ["is empty"]),
]


@pytest.mark.parametrize("rows,row,column,fragments", [c[1:] for c in INIT_CASES], ids=[c[0] for c in INIT_CASES])
def test_bad_initiative_rows(db, tmp_path, rows, row, column, fragments):
    problems = problems_of("initiatives", csv_bytes(rows, INIT_COLUMNS), db, tmp_path)
    find(problems, row, column, *fragments)


COUNCIL_CASES = [
    ("year too early", [council_row(year="1999", tvw_adopted_date="")], 2, "year",
     ["'1999' is not a possible year", "a year from 2000"]),
    ("year in the future", [council_row(year=str(date.today().year + 1))], 2, "year", ["is not a possible year"]),
    ("negative debates", [council_row(heat_debates="-1")], 2, "heat_debates", ["'-1' is negative"]),
    ("impossible motions", [council_row(heat_motions="1000")], 2, "heat_motions", ["is not a plausible number"]),
    ("text for a count", [council_row(heat_debates="veel")], 2, "heat_debates", ["'veel'", "a number"]),
    ("bad boolean", [council_row(wup_adopted="misschien")], 2, "wup_adopted", ["'misschien'", "ja or nee"]),
    ("duplicate municipality and year", [council_row(), council_row(municipality="Utrecht")], 3, "municipality",
     ["in 2024 duplicates row 2"]),
    ("merged name duplicates today's", [council_row(municipality="Amsterdam"), council_row(municipality="Weesp")],
     3, "municipality", ["Amsterdam (GM0363)", "duplicates row 2"]),
    ("date without adoption", [council_row(tvw_adopted="nee")], 2, "tvw_adopted_date",
     ["is given but tvw_adopted is nee"]),
    ("adopted after the year", [council_row(year="2021", tvw_adopted_date="2022-03-01")], 2, "tvw_adopted_date",
     ["is after the year of the row (2021)"]),
    ("unknown municipality", [council_row(municipality="Sudwest Frislan")], 2, "municipality",
     ["did you mean 'Súdwest-Fryslân'"]),
]


@pytest.mark.parametrize("rows,row,column,fragments", [c[1:] for c in COUNCIL_CASES],
                         ids=[c[0] for c in COUNCIL_CASES])
def test_bad_council_rows(db, tmp_path, rows, row, column, fragments):
    problems = problems_of("council", csv_bytes(rows, COUNCIL_COLUMNS), db, tmp_path)
    find(problems, row, column, *fragments)


def test_template_example_council_rows_refused(db, tmp_path):
    path = importer.write_template("council", tmp_path / "c.csv")
    problems = problems_of("council", path.read_bytes(), db, tmp_path)
    # comment line = row 1, header = row 2, examples on rows 3 and 4
    assert [(p.row, "example row" in p.message) for p in problems] == [(3, True), (4, True)]


@pytest.mark.parametrize("column", ["phase", "start_date", "initiative_id"])
def test_missing_required_column(db, tmp_path, column):
    columns = [c for c in INIT_COLUMNS if c != column]
    problems = problems_of("initiatives", csv_bytes([init_row()], columns), db, tmp_path)
    p = find(problems, 1, column, "is missing from the header")
    assert "expected a column" in str(p)


def test_missing_council_column_and_bad_cells_reported_together(db, tmp_path):
    columns = [c for c in COUNCIL_COLUMNS if c != "heat_motions"]
    problems = problems_of("council", csv_bytes([council_row(heat_debates="-2")], columns), db, tmp_path)
    find(problems, 1, "heat_motions", "is missing")
    find(problems, 2, "heat_debates", "'-2' is negative")


def test_duplicate_header_column(db, tmp_path):
    content = b"initiative_id,name,municipality,technology,municipal_role,phase,start_date,fase\n" \
              b"T1,X,GM0344,warmtenet,,orientatie,2021-01-01,orientatie\n"
    problems = problems_of("initiatives", content, db, tmp_path)
    find(problems, 1, "phase", "appears twice")


FILE_CASES = [
    ("empty file", b"", "register.csv", "the file is empty"),
    ("only whitespace", b" \n\n  \n", "register.csv", "the file is empty"),
    ("only a comment line", b"# nothing here\n", "register.csv", "the file is empty"),
    ("header without rows", ",".join(INIT_COLUMNS).encode() + b"\n", "register.csv", "no data rows"),
    ("PDF renamed .csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "register.csv", "is a PDF document"),
    ("PNG renamed .csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "register.csv", "is a PNG image"),
    ("old Excel renamed .csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "register.csv", ".xls"),
    ("binary with NUL bytes", b"initiative_id,name\nab\x00cd,ef\n", "register.csv", "binary data"),
    ("text renamed .xlsx", csv_bytes([init_row()]), "register.xlsx", "is named .xlsx but is not an XLSX"),
    ("damaged XLSX", b"PK\x03\x04" + b"\x00" * 100, "register.xlsx", "damaged ZIP/XLSX"),
    ("zip that is not XLSX", None, "register.xlsx", "not a readable XLSX workbook"),
]


def _plain_zip() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return buf.getvalue()


@pytest.mark.parametrize("content,name,fragment", [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES])
def test_bad_files(db, tmp_path, content, name, fragment):
    content = _plain_zip() if content is None else content
    problems = problems_of("initiatives", content, db, tmp_path, name)
    assert any(fragment in str(p) for p in problems), problems
    assert all("expected" in str(p) for p in problems)


def test_not_utf8_names_the_row(db, tmp_path):
    content = csv_bytes([init_row(), init_row(initiative_id="T2", name="Súdwest")], INIT_COLUMNS)
    latin = content.decode("utf-8").encode("latin-1")
    problems = problems_of("initiatives", latin, db, tmp_path)
    p = find(problems, 3, None, "is not UTF-8 text (byte 0xFA)")
    assert "CSV UTF-8" in p.expected


def test_unclosed_quote(db, tmp_path):
    content = csv_bytes([init_row()], INIT_COLUMNS) + b'T2,"Open quote,GM0344\n'
    # an unclosed quote swallows the rest of the file into one cell: reported, never a traceback
    problems_of("initiatives", content, db, tmp_path)


def test_nonexistent_file(db, tmp_path):
    with pytest.raises(InvalidImportFile) as info:
        importer.import_file("initiatives", tmp_path / "nope.csv", db)
    assert "cannot be read" in str(info.value.problems[0])


# --- Reading variants -----------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter,bom", [(",", False), (";", True), ("\t", False), (";", False)])
def test_csv_dialects_and_dutch_values(db, tmp_path, delimiter, bom):
    rows = [init_row(municipality="Súdwest-Fryslân", phase="Oriëntatie", start_date="1-3-2021",
                     homes_planned="1.200", volunteers="12,0", professional_support="Ja"),
            init_row(municipality="sudwest fryslan", phase="haalbaarheid", start_date="15/09/2022",
                     professional_support="waar")]
    f = tmp_path / "r.csv"
    f.write_bytes(csv_bytes(rows, INIT_COLUMNS,
                            delimiter, bom))
    result = importer.import_file("initiatives", f, db, dry_run=True)
    assert result.rows == 2
    assert result.changes == ["Súdwest-Fryslân (GM1900): 1 initiative(s) replace 1 compiled"]


def test_municipality_variants(data):
    m = importer.Municipalities(data.municipality)
    assert m.resolve("Súdwest-Fryslân") == ("GM1900", None)
    assert m.resolve("Sudwest Fryslan") == ("GM1900", None)
    assert m.resolve("SUDWEST-FRYSLAN")[0] == "GM1900"
    assert m.resolve("Bergen (NH.)") == ("GM0373", None)
    assert m.resolve("Bergen NH") == ("GM0373", None)
    assert m.resolve("Bergen (L.)") == ("GM0893", None)
    assert m.resolve("gm0363") == ("GM0363", None)
    assert m.resolve(363) == ("GM0363", None)
    assert m.resolve("Gemeente Utrecht") == ("GM0344", None)
    code, warning = m.resolve("Hengelo")
    assert code == "GM0164" and "Hengelo (O.)" in warning
    for old, (new_code, new_name, year) in importer.MERGED.items():
        code, warning = m.resolve(old.upper())
        assert code == new_code and new_name in warning and str(year) in warning
        assert data.municipality.set_index("code").loc[code, "name"] == new_name


def test_merged_name_imports_with_warning(db, tmp_path):
    f = tmp_path / "r.csv"
    f.write_bytes(csv_bytes([init_row(municipality="Weesp")], INIT_COLUMNS))
    result = importer.import_file("initiatives", f, db, dry_run=True)
    assert [str(w) for w in result.warnings] == [
        "row 2, column municipality: 'Weesp' merged into Amsterdam in 2022; imported as Amsterdam (GM0363)"]


def test_dry_run_writes_nothing(db, tmp_path):
    f = tmp_path / "r.csv"
    f.write_bytes(csv_bytes([init_row()], INIT_COLUMNS))
    before = sha(db)
    result = importer.import_file("initiatives", f, db, dry_run=True)
    assert result.dry_run and result.backup is None
    assert sha(db) == before and not (db.parent / "backups").exists()


# --- Ten errors through the CLI --------------------------------------------------------------------------


def run_warmte(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warmte", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120)


def test_ten_errors_ten_messages_exit_2(db, tmp_path):
    rows = [
        init_row(initiative_id="E1", municipality="Amsterdm"),
        init_row(initiative_id="E2", phase="orientation"),
        init_row(initiative_id="E3", technology="stadsverwarming"),
        init_row(initiative_id="E4", municipal_role="baas"),
        init_row(initiative_id="E5", start_date="31-13-2021"),
        init_row(initiative_id="E6", start_date=TOMORROW),
        init_row(initiative_id="E7", volunteers="-3"),
        init_row(initiative_id="E8", professional_support="misschien"),
        init_row(initiative_id="E9", url="www.example.org"),
        init_row(initiative_id="E10"),
        init_row(initiative_id="E10"),
        init_row(initiative_id="OK1", municipality="Weesp"),
    ]
    f = tmp_path / "ten.csv"
    f.write_bytes(csv_bytes(rows, INIT_COLUMNS))
    before = sha(db)
    proc = run_warmte("import", "initiatives", str(f), "--db", str(db))
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("row ")]
    assert len(lines) == 10, proc.stderr
    expected = [(2, "municipality", "'Amsterdm'"), (3, "phase", "'orientation'"),
                (4, "technology", "'stadsverwarming'"), (5, "municipal_role", "'baas'"),
                (6, "start_date", "'31-13-2021'"), (7, "start_date", f"'{TOMORROW}'"),
                (8, "volunteers", "'-3'"), (9, "professional_support", "'misschien'"),
                (10, "url", "'www.example.org'"), (12, "phase", "'orientatie'")]
    for line, (row, column, value) in zip(lines, expected, strict=True):
        assert line.startswith(f"row {row}, column {column}: {value}"), line
        assert "; expected " in line
    assert "10 problems; nothing was imported" in proc.stderr
    assert "warning: row 13, column municipality: 'Weesp' merged into Amsterdam" in proc.stderr
    assert sha(db) == before
    assert not (db.parent / "backups").exists()


# --- Valid imports ---------------------------------------------------------------------------------------


def _xlsx_register(path: Path) -> dict[str, dict[str, int]]:
    """A register in the XLSX template; returns the expected phase counts per municipality on 2025-12-31."""
    rows = [
        # Utrecht: U1 orientatie -> haalbaarheid -> projectontwikkeling (current: projectontwikkeling)
        dict(initiative_id="U1", name="Warmtenet Lunetten", municipality="Utrecht", technology="warmtenet",
             municipal_role="partner", phase="orientatie", start_date=date(2019, 2, 1), homes_planned=800,
             volunteers=15, professional_support="ja"),
        dict(initiative_id="U1", name="Warmtenet Lunetten", municipality="Utrecht", technology="warmtenet",
             municipal_role="partner", phase="haalbaarheid", start_date=date(2020, 5, 1)),
        dict(initiative_id="U1", name="Warmtenet Lunetten", municipality="Utrecht", technology="warmtenet",
             municipal_role="partner", phase="projectontwikkeling", start_date=date(2023, 1, 15)),
        # U2 orientatie (current: orientatie)
        dict(initiative_id="U2", name="Buurtwarmte Zuilen", municipality="GM0344", technology="warmtenet",
             municipal_role="supporter", phase="orientatie", start_date=date(2022, 6, 1)),
        # U3 orientatie -> gestopt (current: gestopt)
        dict(initiative_id="U3", name="Energie Overvecht", municipality="gm0344", technology="besparing",
             municipal_role="none", phase="orientatie", start_date=date(2020, 1, 1)),
        dict(initiative_id="U3", name="Energie Overvecht", municipality="gm0344", technology="besparing",
             municipal_role="none", phase="gestopt", start_date=date(2021, 3, 1)),
        # Súdwest-Fryslân: S1 orientatie -> haalbaarheid (current: haalbaarheid)
        dict(initiative_id="S1", name="Dorpswarmte Tjerkwerd", municipality="Sudwest Fryslan",
             technology="warmtenet", municipal_role="", phase="orientatie", start_date=date(2021, 9, 1)),
        dict(initiative_id="S1", name="Dorpswarmte Tjerkwerd", municipality="Sudwest Fryslan",
             technology="warmtenet", municipal_role="", phase="haalbaarheid", start_date=date(2023, 4, 1)),
        # S2 exploitatie from 2018 (current: exploitatie)
        dict(initiative_id="S2", name="Warmte Koudum", municipality="Súdwest-Fryslân", technology="warmtenet",
             municipal_role="partner", phase="exploitatie", start_date=date(2018, 10, 1)),
    ]
    importer.write_template("initiatives", path, rows)
    zero = {p: 0 for p in ("orientatie", "haalbaarheid", "projectontwikkeling", "realisatie", "exploitatie",
                           "gestopt", "onbekend")}
    return {"GM0344": {**zero, "orientatie": 1, "projectontwikkeling": 1, "gestopt": 1},
            "GM1900": {**zero, "haalbaarheid": 1, "exploitatie": 1}}


def test_valid_xlsx_register_replaces_funnel(db, tmp_path):
    f = tmp_path / "register.xlsx"
    expected = _xlsx_register(f)
    before_data = store.load(db, demo=True)  # the generated register is what an import replaces
    other_before = initiatives_view.region_funnel(before_data, "GM0363").phase_counts
    assert "illustrative" in initiatives_view.region_funnel(before_data, "GM0344").data_kinds
    assert initiatives_view.region_funnel(store.load(db), "GM0344").total == 0  # measured: nothing known there
    original = sha(db)

    result = importer.import_file("initiatives", f, db)

    assert result.backup is not None and result.backup.is_file()
    assert result.backup.parent == db.parent / "backups"
    assert result.backup.name.startswith("warmte-") and result.backup.suffix == ".duckdb"
    assert sha(result.backup) == original
    after = store.load(db)
    after_demo = store.load(db, demo=True)
    for code, counts in expected.items():
        for snapshot in (after, after_demo):  # imported rows are real: shown with the demonstration off and on
            fun = initiatives_view.region_funnel(snapshot, code)
            assert fun.phase_counts.set_index("phase")["initiatives"].to_dict() == counts
            assert fun.data_kinds == ("compiled",)  # the Initiatieven page drops the illustrative mark
    assert initiatives_view.region_funnel(after_demo, "GM0363").phase_counts.equals(other_before)
    listed = initiatives_view.initiative_list(after, "GM0344")
    assert set(listed["name"]) == {"Warmtenet Lunetten", "Buurtwarmte Zuilen", "Energie Overvecht"}
    u1 = after.initiative.set_index("initiative_id").loc["U1"]
    assert (u1["homes_planned"], u1["volunteers"], bool(u1["professional_support"])) == (800, 15, True)
    src = after.source.set_index("source_id").loc[result.source_id]
    assert (src["publisher"], src["kind"], src["file"], src["sha256"], src["row_count"]) == (
        "Import", "compiled", "register.xlsx", hashlib.sha256(f.read_bytes()).hexdigest(), 9)
    assert "register.xlsx" in src["title"] and src["retrieved"]
    assert set(after.initiative_phase.loc[after.initiative_phase["initiative_id"] == "U1", "source_id"]) == {
        result.source_id}


def test_reimport_replaces_earlier_import_and_its_source(db, tmp_path):
    f = tmp_path / "register.xlsx"
    _xlsx_register(f)
    first = importer.import_file("initiatives", f, db)
    g = tmp_path / "again.csv"
    g.write_bytes(csv_bytes([init_row(initiative_id="U9", municipality="GM0344")], INIT_COLUMNS))
    second = importer.import_file("initiatives", g, db)
    data = store.load(db)
    assert set(data.initiative.loc[data.initiative["municipality_code"] == "GM0344", "initiative_id"]) == {"U9"}
    assert {first.source_id, second.source_id} <= set(data.source["source_id"])  # first still holds GM1900
    h = tmp_path / "third.csv"
    h.write_bytes(csv_bytes([init_row(initiative_id="S9", municipality="GM1900")], INIT_COLUMNS))
    importer.import_file("initiatives", h, db)
    data = store.load(db)
    assert first.source_id not in set(data.source["source_id"])  # no row left: its source row went with them
    assert len(list((db.parent / "backups").iterdir())) == 3


def test_council_import_changes_involvement_index(db, tmp_path):
    before = council_view.region_council(store.load(db, demo=True), "GM0344", 2024)
    assert before["data_kind"].tolist() == ["illustrative"]
    assert store.load(db).council_indicator.empty  # measured: no council indicators before an import
    f = tmp_path / "raad.xlsx"
    rows = [dict(municipality="Utrecht", year=2024, tvw_adopted="ja", tvw_adopted_date=date(2021, 9, 30),
                 wup_adopted="ja", heat_debates=2, heat_motions=5, budget_allocated="nee", informed_of_share="ja"),
            dict(municipality="Bergen NH", year=2023, tvw_adopted="nee", tvw_adopted_date=None, wup_adopted="nee",
                 heat_debates=0, heat_motions=1, budget_allocated="ja", informed_of_share="nee")]
    importer.write_template("council", f, rows)
    result = importer.import_file("council", f, db)
    assert result.backup.is_file()
    measured = store.load(db)  # demonstration off: exactly the two imported rows
    assert sorted(zip(measured.council_indicator["municipality_code"], measured.council_indicator["year"],
                      strict=True)) == [("GM0344", 2024), ("GM0373", 2023)]
    assert set(measured.council_indicator["data_kind"]) == {"compiled"}
    assert council_view.region_council(measured, "GM0344", 2024).iloc[0]["involvement_index"] == pytest.approx(
        20 + 20 + 7.5 + 10 + 0 + 20)
    data = store.load(db, demo=True)
    utrecht = council_view.region_council(data, "GM0344", 2024).iloc[0]
    # tvw 20 + wup 20 + debates 15 * 2/4 + motions 10 * min(5, 3)/3 + budget 0 + informed 20
    assert utrecht["involvement_index"] == pytest.approx(20 + 20 + 7.5 + 10 + 0 + 20)
    assert utrecht["data_kind"] == "compiled"
    bergen = council_view.region_council(data, "GM0373", 2023).iloc[0]
    assert bergen["involvement_index"] == pytest.approx(10 * 1 / 3 + 15)
    # other pairs untouched
    assert len(data.council_indicator) == 342 * 4
    assert council_view.region_council(data, "GM0344", 2023)["data_kind"].tolist() == ["illustrative"]


# --- Templates -----------------------------------------------------------------------------------------------


def test_templates_command_and_examples_import_once_renamed(db, tmp_path):
    out = tmp_path / "tpl"
    proc = run_warmte("templates", str(out))
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["council_template.csv", "council_template.xlsx", "initiatives_template.csv",
                     "initiatives_template.xlsx"]
    wb = openpyxl.load_workbook(out / "initiatives_template.xlsx")
    assert wb.sheetnames == ["gegevens", "toelichting"]
    assert [c.value for c in wb["gegevens"][1]] == INIT_COLUMNS
    assert (out / "initiatives_template.csv").read_text(encoding="utf-8-sig").startswith("# ")
    # unchanged templates are refused (example rows) ...
    proc = run_warmte("import", "initiatives", str(out / "initiatives_template.xlsx"), "--db", str(db))
    assert proc.returncode == 2 and "example row" in proc.stderr
    # ... and are otherwise valid: with their own ids the example rows import
    text = (out / "initiatives_template.csv").read_text(encoding="utf-8-sig").replace("VOORBEELD-", "MIJN-")
    mine = tmp_path / "mine.csv"
    mine.write_text(text, encoding="utf-8-sig")
    proc = run_warmte("import", "initiatives", str(mine), "--db", str(db), "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "Utrecht (GM0344)" in proc.stderr and "dry run: nothing was written" in proc.stderr


# --- Property-based: random and mutated files ------------------------------------------------------------------

VALUES = ["", " ", "-1", "0", "1,5", "1.500", "ja", "nee", "x", "GM9999", "GM0344", "Weesp", "Bergen", "Haaren",
          "2099-01-01", "1999-01-01", "2021-02-30", "31-12-2020", "oriëntatie", "gestopt", "exploitatie",
          "warmtenet", "partner", "2024", "1e9", "nan", "inf", "=1+1", '"', ";", "\n", "é" * 600, "T1", "R001",
          "VOORBEELD-1", "https://x.nl"]


def _deterministic_xlsx(wb) -> bytes:
    """Workbook bytes without the save time (hypothesis needs the same bytes for the same example)."""
    import zipfile
    from datetime import datetime

    wb.properties.created = wb.properties.modified = datetime(2024, 1, 1)
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", body)
            dst.writestr(zipfile.ZipInfo(info.filename, (2024, 1, 1, 0, 0, 0)), body,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@st.composite
def mutated_file(draw):
    kind = draw(st.sampled_from(importer.KINDS))
    if kind == "initiatives":
        columns = INIT_COLUMNS[:]
        rows = [init_row(), init_row(phase="haalbaarheid", start_date="2022-05-01"),
                init_row(initiative_id="T2", municipality="Súdwest-Fryslân", phase="realisatie",
                         start_date="2020-01-01", volunteers="4")]
    else:
        columns = COUNCIL_COLUMNS[:]
        rows = [council_row(), council_row(municipality="Bergen (NH.)", tvw_adopted="nee", tvw_adopted_date="")]
    rows = [{c: str(r.get(c, "")) for c in columns} for r in rows]
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["cell", "text", "drop_col", "dup_row", "drop_row", "shuffle"]))
        if op in ("cell", "text") and rows:
            r = draw(st.integers(0, len(rows) - 1))
            c = draw(st.sampled_from(columns))
            rows[r][c] = draw(st.sampled_from(VALUES)) if op == "cell" else draw(st.text(max_size=20))
        elif op == "drop_col" and len(columns) > 1:
            columns.remove(draw(st.sampled_from(columns)))
        elif op == "dup_row" and rows:
            rows.append(dict(rows[draw(st.integers(0, len(rows) - 1))]))
        elif op == "drop_row" and rows:
            rows.pop(draw(st.integers(0, len(rows) - 1)))
        elif op == "shuffle":
            rows = draw(st.permutations(rows))
    fmt = draw(st.sampled_from(["csv", "xlsx", "raw"]))
    if fmt == "raw":
        return kind, "random.csv", draw(st.binary(max_size=300))
    if fmt == "xlsx":
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(columns)
        for r in rows:
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", r.get(c, "")) or None for c in columns])
        content = _deterministic_xlsx(wb)
        name = "m.xlsx"
    else:
        delimiter = draw(st.sampled_from([",", ";", "\t"]))
        text = csv_bytes(rows or [{}], columns, delimiter).decode("utf-8") if rows else delimiter.join(columns)
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]))
        content = text.encode(encoding, errors="replace")
        name = "m.csv"
    if draw(st.booleans()):  # byte mutations
        data = bytearray(content)
        for _ in range(draw(st.integers(1, 5))):
            if not data:
                break
            i = draw(st.integers(0, len(data) - 1))
            action = draw(st.sampled_from(["flip", "cut", "insert"]))
            if action == "flip":
                data[i] = draw(st.integers(0, 255))
            elif action == "cut":
                del data[i:]
            else:
                data[i:i] = draw(st.binary(min_size=1, max_size=8))
        content = bytes(data)
    return kind, name, content


@pytest.fixture(scope="module")
def fuzz_db(built_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "warmte.duckdb"
    shutil.copyfile(built_db, path)
    return path


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(case=mutated_file())
def test_random_and_mutated_files_never_crash_or_write_partially(built_db, fuzz_db, case):
    kind, name, content = case
    f = fuzz_db.parent / "input" / name
    f.parent.mkdir(exist_ok=True)
    f.write_bytes(content)
    before = sha(fuzz_db)
    try:
        result = importer.import_file(kind, f, fuzz_db)
    except InvalidImportFile as exc:
        event("refused")
        assert exc.problems and all(isinstance(p, Problem) and str(p) for p in exc.problems)
        assert sha(fuzz_db) == before
        assert not [p for p in fuzz_db.parent.iterdir() if p.name.endswith((".tmp", ".tmp.wal"))]
        return
    event("imported")
    # a valid file: the database was replaced as a whole, the backup is the old file, the new one loads
    assert sha(result.backup) == before
    data = store.load(fuzz_db)
    assert result.source_id in set(data.source["source_id"])
    shutil.rmtree(fuzz_db.parent / "backups")
    shutil.copyfile(built_db, fuzz_db)
