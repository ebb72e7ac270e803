"""A hostile-input corpus (issue 16): files, arguments and conditions run through ``warmte.cli.main`` in-process.

Every case states its documented exit code (0 accepted, 1 failed, 2 invalid input). Each must end with that code,
print no traceback, and leave the database byte-identical (content, mode, owner) whenever nothing was to be
written. The counts (tried, refused cleanly, accepted correctly, failed) are printed and written to
``hostile_corpus_counts.json`` in the test's temporary folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import stat
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from warmte import cli, config
from warmte.ingest.importer import read as import_read

INIT_HEADER = "initiative_id,name,municipality,technology,municipal_role,phase,start_date"
INIT_ROW = "T1,Warmtenet Test,GM0344,warmtenet,partner,orientatie,2021-03-01"
COUNCIL_HEADER = ("municipality,year,tvw_adopted,tvw_adopted_date,wup_adopted,heat_debates,heat_motions,"
                  "budget_allocated,informed_of_share")
COUNCIL_ROW = "GM0344,2024,ja,2021-09-30,nee,1,0,ja,nee"
FACTS = "facts/nationale_feiten_warmtetransitie.csv"


@dataclass
class Case:
    name: str
    argv: Callable[[Path, Path], list[str]]  # (database, work folder) -> arguments
    expect: int
    writes: bool = False  # an accepted case that may change the database


def fingerprint(path: Path) -> tuple:
    st = os.stat(path)
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid


def _xlsx(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _bomb() -> bytes:
    """A workbook whose directory says it unpacks past the (lowered) limit."""
    buf = io.BytesIO(_xlsx([COUNCIL_HEADER.split(",")]))
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/media/pad.bin", "w") as fh:
        for _ in range(12):
            fh.write(b"\0" * (1 << 20))
    return buf.getvalue()


def _corrupt(raw: bytes) -> bytes:
    out = bytearray(raw)
    i = out.index(b"xl/worksheets/sheet1.xml") + 40
    for j in range(i, i + 40):
        out[j] ^= 0xA5
    return bytes(out)


def file_contents() -> list[tuple[str, str, bytes, int]]:
    """(name, file name, bytes, expected exit code) of import files; the kind is tried both ways where apt."""
    c = lambda body, header=COUNCIL_HEADER: (header + "\n" + body + "\n").encode()  # noqa: E731
    i = lambda body, header=INIT_HEADER: (header + "\n" + body + "\n").encode()  # noqa: E731
    valid_xlsx = _xlsx([COUNCIL_HEADER.split(","), COUNCIL_ROW.split(",")])
    cases = [
        ("empty", "a.csv", b"", 2),
        ("whitespace", "a.csv", b"  \n\t\n", 2),
        ("bom only", "a.csv", b"\xef\xbb\xbf", 2),
        ("nul bytes", "a.csv", b"a,b\n\0\0\0\n", 2),
        ("pdf", "a.csv", b"%PDF-1.7\n...", 2),
        ("png", "a.csv", b"\x89PNG\r\n\x1a\n....", 2),
        ("jpeg", "a.csv", b"\xff\xd8\xff\xe0....", 2),
        ("gif", "a.csv", b"GIF89a....", 2),
        ("ole xls", "a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, 2),
        ("gzip", "a.csv.gz", b"\x1f\x8b\x08\x00" + b"\0" * 20, 2),
        ("elf", "a.csv", b"\x7fELF\x02\x01\x01", 2),
        ("exe", "a.csv", b"MZ\x90\x00", 2),
        ("rtf", "a.csv", b"{\\rtf1\\ansi hello}", 2),
        ("latin-1", "a.csv", c("GM0344,2024,ja,2021-09-30,nee,1,0,ja,nee\xe9".encode("latin-1").decode("latin-1"))
         .replace(b"\xc3\xa9", b"\xe9"), 2),
        ("utf-16 odd bytes", "a.csv", b"\xff\xfe" + b"a\0b\0c", 2),
        ("header only", "a.csv", (COUNCIL_HEADER + "\n").encode(), 2),
        ("comment only", "a.csv", b"# just a comment\n", 2),
        ("unclosed quote", "a.csv", c('GM0344,"2024,ja,2021-09-30,nee,1,0,ja,nee'), 2),
        ("missing columns", "a.csv", b"municipality,year\nGM0344,2024\n", 2),
        ("duplicate header", "a.csv", c(COUNCIL_ROW + ",GM0344", COUNCIL_HEADER + ",municipality"), 2),
        ("row too long (extra cells warned)", "a.csv", c(COUNCIL_ROW + ",x,y,z"), 0),
        ("row too short", "a.csv", c("GM0344,2024"), 2),
        ("inf", "a.csv", c("GM0344,2024,ja,2021-09-30,nee,inf,0,ja,nee"), 2),
        ("-inf", "a.csv", c("GM0344,2024,ja,2021-09-30,nee,1,-inf,ja,nee"), 2),
        ("nan", "a.csv", c("GM0344,2024,ja,2021-09-30,nee,nan,0,ja,nee"), 2),
        ("Infinity", "a.csv", c("GM0344,2024,ja,2021-09-30,nee,Infinity,0,ja,nee"), 2),
        ("1e309", "a.csv", c("GM0344,2024,ja,2021-09-30,nee,1e309,0,ja,nee"), 2),
        ("huge int", "a.csv", c("GM0344,2024,ja,2021-09-30,nee,99999999999999999999,0,ja,nee"), 2),
        ("negative count", "a.csv", c("GM0344,2024,ja,2021-09-30,nee,-3,0,ja,nee"), 2),
        ("fraction count", "a.csv", c("GM0344,2024,ja,2021-09-30,nee,1.5,0,ja,nee"), 2),
        ("junk after date", "a.csv", c("GM0344,2024,ja,2021-09-30xyz,nee,1,0,ja,nee"), 2),
        ("date with words", "a.csv", c("GM0344,2024,ja,30 september 2021 ongeveer,nee,1,0,ja,nee"), 2),
        ("feb 30", "a.csv", c("GM0344,2024,ja,2021-02-30,nee,1,0,ja,nee"), 2),
        ("year 0", "a.csv", c("GM0344,2024,ja,0000-01-01,nee,1,0,ja,nee"), 2),
        ("year 99999", "a.csv", c("GM0344,99999,ja,2021-09-30,nee,1,0,ja,nee"), 2),
        ("year text", "a.csv", c("GM0344,twee,ja,2021-09-30,nee,1,0,ja,nee"), 2),
        ("bad bool", "a.csv", c("GM0344,2024,misschien,2021-09-30,nee,1,0,ja,nee"), 2),
        ("unknown municipality", "a.csv", c("GM9999,2024,ja,2021-09-30,nee,1,0,ja,nee"), 2),
        ("sql injection", "a.csv", c("GM0344'; DROP TABLE source;--,2024,ja,2021-09-30,nee,1,0,ja,nee"), 2),
        ("formula", "a.csv", c("=cmd|' /C calc'!A0,2024,ja,2021-09-30,nee,1,0,ja,nee"), 2),
        ("escape codes", "a.csv", c("GM0344\x1b[2J\x1b[31m,2024,ja,2021-09-30,nee,1,0,ja,nee"), 2),
        ("bidi override", "a.csv", c("\u202eGM0344,2024,ja,2021-09-30,nee,1,0,ja,nee"), 2),
        ("bell in header", "a.csv", c(COUNCIL_ROW, COUNCIL_HEADER.replace("year", "ye\x07ar")), 2),
        ("html", "a.csv", c("<script>alert(1)</script>,2024,ja,2021-09-30,nee,1,0,ja,nee"), 2),
        ("markdown link", "a.csv", c("[x](https://evil.example),2024,ja,2021-09-30,nee,1,0,ja,nee"), 2),
        ("emoji", "a.csv", c("GM0344🔥,2024,ja,2021-09-30,nee,1,0,ja,nee"), 2),
        ("long cell", "a.csv", c("GM" + "9" * 100_000 + ",2024,ja,2021-09-30,nee,1,0,ja,nee"), 2),
        ("many rows bad", "a.csv", c("\n".join(f"GM0344,{3000 + k},ja,,nee,1,0,ja,nee" for k in range(2000))), 2),
        ("many columns", "a.csv", c(COUNCIL_ROW + "," * 3000, COUNCIL_HEADER + "".join(f",x{k}" for k in range(3000))),
         0),
        ("cr only", "a.csv", (COUNCIL_HEADER + "\r" + COUNCIL_ROW + "\r").encode(), 0),
        ("crlf", "a.csv", (COUNCIL_HEADER + "\r\n" + COUNCIL_ROW + "\r\n").encode(), 0),
        ("semicolons", "a.csv", (COUNCIL_HEADER.replace(",", ";") + "\n" + COUNCIL_ROW.replace(",", ";")
                                 + "\n").encode(), 0),
        ("tabs", "a.csv", (COUNCIL_HEADER.replace(",", "\t") + "\n" + COUNCIL_ROW.replace(",", "\t") + "\n").encode(),
         0),
        ("utf-16 valid", "a.csv", (COUNCIL_HEADER + "\n" + COUNCIL_ROW + "\n").encode("utf-16"), 0),
        ("bom valid", "a.csv", b"\xef\xbb\xbf" + c(COUNCIL_ROW), 0),
        ("valid council", "a.csv", c(COUNCIL_ROW), 0),
        ("dutch booleans", "a.csv", c("GM0344,2024,waar,30-9-2021,onwaar,1,0,1,0"), 0),
        ("valid xlsx", "a.xlsx", valid_xlsx, 0),
        ("xlsx named csv", "a.csv", valid_xlsx, 0),
        ("csv named xlsx", "a.xlsx", c(COUNCIL_ROW), 2),
        ("corrupt xlsx", "a.xlsx", _corrupt(valid_xlsx), 2),
        ("truncated xlsx", "a.xlsx", valid_xlsx[: len(valid_xlsx) // 2], 2),
        ("zip without workbook", "a.xlsx", _zip({"hello.txt": b"hi"}), 2),
        ("zip bomb", "a.xlsx", _bomb(), 2),
        ("xlsx empty sheet", "a.xlsx", _xlsx([]), 2),
        ("xlsx inf", "a.xlsx", _xlsx([COUNCIL_HEADER.split(","),
                                      ["GM0344", 2024, "ja", "2021-09-30", "nee", float("inf"), 0, "ja", "nee"]]), 2),
        ("xlsx nan", "a.xlsx", _xlsx([COUNCIL_HEADER.split(","),
                                      ["GM0344", 2024, "ja", "2021-09-30", "nee", float("nan"), 0, "ja", "nee"]]), 2),
        ("xlsx junk date", "a.xlsx", _xlsx([COUNCIL_HEADER.split(","),
                                            ["GM0344", 2024, "ja", "2021-09-30 ?", "nee", 1, 0, "ja", "nee"]]), 2),
        ("init valid", "i.csv", i(INIT_ROW), 0),
        ("init bad phase", "i.csv", i(INIT_ROW.replace("orientatie", "dromen")), 2),
        ("init future date", "i.csv", i(INIT_ROW.replace("2021-03-01", "2999-01-01")), 2),
        ("init bad tech", "i.csv", i(INIT_ROW.replace("warmtenet", "kernfusie")), 2),
        ("init junk date", "i.csv", i(INIT_ROW.replace("2021-03-01", "2021-03-01 of zo")), 2),
        ("init empty id", "i.csv", i(INIT_ROW.replace("T1,", ",", 1)), 2),
        ("init control name", "i.csv", i(INIT_ROW.replace("Warmtenet Test", "Warm\x1b[31mte\x00net")), 2),
    ]
    return cases


def build_cases(corpus: Path) -> list[Case]:
    cases: list[Case] = []
    files = corpus / "files"
    files.mkdir()
    for n, (name, fname, raw, code) in enumerate(file_contents()):
        path = files / f"{n:03d}-{fname}"
        path.write_bytes(raw)
        kind = "initiatives" if fname.startswith("i.") else "council"
        if code == 0:
            cases.append(Case(f"import {kind} {name} (dry run)",
                              lambda db, w, p=path, k=kind: ["import", k, str(p), "--db", str(db), "--dry-run"], 0))
        else:
            cases.append(Case(f"import {kind} {name}", lambda db, w, p=path, k=kind: ["import", k, str(p), "--db",
                                                                                   str(db)], code))
            cases.append(Case(f"import {kind} {name} (dry run)",
                              lambda db, w, p=path, k=kind: ["import", k, str(p), "--db", str(db), "--dry-run"], code))
        other = "initiatives" if kind == "council" else "council"
        if code == 0:  # a valid file of one kind is refused as the other kind
            cases.append(Case(f"import {other} {name} (wrong kind)",
                              lambda db, w, p=path, k=other: ["import", k, str(p), "--db", str(db)], 2))

    # Special files and paths as the import file.
    fifo = corpus / "pipe.csv"
    os.mkfifo(fifo)
    sparse = corpus / "sparse.csv"
    with open(sparse, "wb") as fh:
        fh.truncate(import_read.MAX_FILE_BYTES + 1)
    loop = corpus / "loop.csv"
    loop.symlink_to(loop)
    to_fifo = corpus / "to_fifo.csv"
    to_fifo.symlink_to(fifo)
    folder = corpus / "folder.csv"
    folder.mkdir()
    for name, target in (("fifo", fifo), ("sparse 50 MB + 1", sparse), ("symlink loop", loop),
                         ("symlink to fifo", to_fifo), ("directory", folder), ("missing", corpus / "nope.csv"),
                         ("/dev/zero", Path("/dev/zero")), ("/dev/null", Path("/dev/null")),
                         ("/dev/urandom", Path("/dev/urandom"))):
        for kind in ("council", "initiatives"):
            cases.append(Case(f"import {kind} {name}",
                              lambda db, w, p=target, k=kind: ["import", k, str(p), "--db", str(db)], 2))

    # Arguments: summary, regions, export, import, templates, build.
    for region in ("", " ", "GM", "GM99999", "PV99", "ES99", "'; DROP TABLE source;--", "\x1b[31mNL", "NL\n",
                   "N" * 10_000, "Ðüñ", "%", "GM0344 GM0363"):
        cases.append(Case(f"summary --region {region[:20]!r}",
                          lambda db, w, r=region: ["summary", "--region", r, "--db", str(db)], 2))
    for year in ("-1", "0", "1900", "99999", "abc", "2024.5", "", "nan"):
        cases.append(Case(f"summary --year {year!r}", lambda db, w, y=year: ["summary", "--year", y, "--db", str(db)],
                          2))
    for args in (["--definition", "x"], ["--target", "x"], ["--bogus"], ["--json", "extra"]):
        cases.append(Case(f"summary {args}", lambda db, w, a=args: ["summary", *a, "--db", str(db)], 2))
    cases.append(Case("summary NL", lambda db, w: ["summary", "--db", str(db)], 0))
    cases.append(Case("summary GM0344 json", lambda db, w: ["summary", "--region", "GM0344", "--json", "--db",
                                                             str(db)], 0))
    for search in ("zzzqqq", "\x1b[2J", "x" * 500, "GM99999"):
        cases.append(Case(f"regions --search {search[:10]!r}",
                          lambda db, w, s=search: ["regions", "--search", s, "--db", str(db)], 2))
    # Punctuation only is ignored by the accent- and punctuation-blind search: every region matches.
    for search in ("Bergen", "%", "s-Hertogenbosch", "FRYSLÂN", "'\"", "[a-", "(", "*" * 500, "\u202e"):
        cases.append(Case(f"regions --search {search!r}",
                          lambda db, w, s=search: ["regions", "--search", s, "--db", str(db)], 0))
    cases.append(Case("regions --level bogus", lambda db, w: ["regions", "--level", "bogus", "--db", str(db)], 2))
    for opt, val in (("--width", "100000"), ("--width", "0"), ("--width", "-1"), ("--width", "nan"),
                     ("--width", "inf"), ("--width", "1e9"), ("--width", "199"), ("--scale", "50"),
                     ("--scale", "0"), ("--scale", "-1"), ("--scale", "nan"), ("--scale", "inf"),
                     ("--scale", "-inf"), ("--scale", "1e-9"), ("--format", "gif"), ("--level", "x"),
                     ("--indicator", "x"), ("--lang", "fr"), ("--year", "1800"), ("--region", "XX")):
        cases.append(Case(f"export {opt} {val}", lambda db, w, o=opt, v=val: [
            "export", "chart", "trajectory", "--region", "NL", o, v, "-o", str(w / "x.png"), "--db", str(db)], 2))
    for chart in ("", "../../etc/passwd", "trajectory;rm", "\x1b", "x" * 1000):
        cases.append(Case(f"export chart {chart[:12]!r}", lambda db, w, c=chart: [
            "export", "chart", c, "--region", "NL", "-o", str(w / "x.png"), "--db", str(db)], 2))
    for out in ("/nonexistent/folder/x.csv", "{work}", "/proc/version"):
        cases.append(Case(f"export -o {out}", lambda db, w, o=out: [
            "export", "chart", "trajectory", "--region", "NL", "--format", "csv", "-o", o.format(work=w),
            "--db", str(db)], 2))
    cases.append(Case("export csv valid", lambda db, w: [
        "export", "chart", "trajectory", "--region", "NL", "--format", "csv", "-o", str(w / "ok.csv"), "--db",
        str(db)], 0))
    for args in (["import"], ["import", "bogus", "x"], ["import", "council"], ["export"], ["build", "--bogus"],
                 [], ["nonsense"], ["stress", "--dest", "{work}/s", "--areas", "-1"],
                 ["stress", "--dest", "{work}/s", "--areas", "abc"]):
        cases.append(Case(f"argv {args}", lambda db, w, a=args: [x.format(work=w) for x in a], 2))
    cases.append(Case("templates into a file", lambda db, w: ["templates", str(db)], 2))
    cases.append(Case("templates into /proc", lambda db, w: ["templates", "/proc/warmte"], 2))

    # Bad database files for the read commands.
    bad_dbs = corpus / "dbs"
    bad_dbs.mkdir()
    for name, raw in (("empty.duckdb", b""), ("text.duckdb", b"hello\n"), ("sqlite.duckdb",
                      b"SQLite format 3\0" + b"\0" * 100), ("zeros.duckdb", b"\0" * 4096)):
        (bad_dbs / name).write_bytes(raw)
        for cmd in (["summary"], ["regions"], ["export", "chart", "trajectory", "--region", "NL", "-o",
                                                "{work}/x.png"]):
            cases.append(Case(f"{cmd[0]} on {name}", lambda db, w, c=cmd, p=bad_dbs / name: [
                *[x.format(work=w) for x in c], "--db", str(p)], 1))
    for cmd in (["summary"], ["regions"]):
        cases.append(Case(f"{cmd[0]} on a missing database", lambda db, w, c=cmd: [*c, "--db", str(w / "none.db")],
                          1))
        cases.append(Case(f"{cmd[0]} on a directory", lambda db, w, c=cmd: [*c, "--db", str(w)], 1))
    cases.append(Case("import into a directory", lambda db, w: ["import", "council", str(files / "000-a.csv"),
                                                                "--db", str(w)], 1))

    # Builds from damaged sources (the previous database must survive byte-identical).
    damaged = corpus / "sources"
    damaged.mkdir()
    for n, (name, edit) in enumerate(source_edits()):
        root = damaged / f"s{n:02d}"
        shutil.copytree(config.SNAPSHOT_DIR, root, symlinks=True)
        edit(root)
        cases.append(Case(f"build {name}", lambda db, w, r=root: ["build", "--sources", str(r), "--db", str(db)], 1))
    cases.append(Case("build --sources missing", lambda db, w: ["build", "--sources", str(w / "none"), "--db",
                                                                str(db)], 1))
    cases.append(Case("build --sources a file", lambda db, w: ["build", "--sources", str(db), "--db", str(db)], 1))
    cases.append(Case("build --db a directory", lambda db, w: ["build", "--db", str(w)], 1))
    return cases


def _cut(rel: str, fraction: float):
    def edit(root: Path) -> None:
        (root / (rel + ".provenance.json")).unlink(missing_ok=True)
        raw = (root / rel).read_bytes()
        (root / rel).write_bytes(raw[: int(len(raw) * fraction)])
    return edit


def _sidecar(text: bytes | None, rel: str = FACTS):
    def edit(root: Path) -> None:
        side = root / (rel + ".provenance.json")
        side.unlink(missing_ok=True)
        if text is None:
            side.mkdir()
        else:
            side.write_bytes(text)
    return edit


def _replace_in(rel: str, old: str, new: str):
    def edit(root: Path) -> None:
        (root / (rel + ".provenance.json")).unlink(missing_ok=True)
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return edit


def source_edits() -> list[tuple[str, Callable[[Path], None]]]:
    cbs = "cbs/kwb2024_gemeenten_inwoners_woningvoorraad.csv"
    return [
        ("facts cut 30%", _cut(FACTS, 0.3)),
        ("paw cut 40%", _cut("paw/paw_proeftuinen_gedeeltelijk.csv", 0.4)),
        ("maatwerk cut 50%", _cut("cbs/cbs_maatwerk_hoofdverwarming_gemeenten_2022_2024.csv", 0.5)),
        ("cbs cut 90%", _cut(cbs, 0.9)),
        ("res cut 20%", _cut("res/res_regions_gemeenten_2023_cbs.csv", 0.2)),
        ("tvw cut 60%", _cut("warmteatlas/tvw_status_per_gemeente_warmteatlas_2026.csv", 0.6)),
        ("kwb cut 70%", _cut("cbs/cbs_kwb2025_energie2024_per_gemeente_via_klaasystems.csv", 0.7)),
        ("topojson cut 50%", _cut("gemeente_2025.topojson", 0.5)),
        ("facts emptied", _cut(FACTS, 0.0)),
        ("sidecar binary", _sidecar(b"\x89PNG\r\n\x1a\n\xff\xfe")),
        ("sidecar directory", _sidecar(None)),
        ("sidecar numeric retrieved_at", _sidecar(b'{"sha256": "x", "retrieved_at": 20260101}')),
        ("sidecar nested", _sidecar(b"[" * 50_000 + b"]" * 50_000)),
        ("sidecar Infinity", _sidecar(b'{"sha256": "x", "size": Infinity}')),
        ("sidecar NaN", _sidecar(b'{"sha256": NaN}')),
        ("sidecar wrong sha", _sidecar(b'{"sha256": "00"}')),
        ("sidecar list", _sidecar(b"[1, 2]")),
        ("cbs stock inf", _inf_stock(cbs)),
        ("facts without 2017", _drop_lines(FACTS, "2017")),
        ("facts row with an inf share", _replace_in(FACTS, "aardgasvrij,5.7,%", "aardgasvrij,inf,%")),
        ("facts row with a NaN share", _replace_in(FACTS, "aardgasvrij,5.0,%", "aardgasvrij,NaN,%")),
    ]


def _inf_stock(rel: str):
    def edit(root: Path) -> None:
        (root / (rel + ".provenance.json")).unlink(missing_ok=True)
        path = root / rel
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        header = lines[0].strip().split(",")
        col = header.index("Woningvoorraad_35")
        cells = lines[1].rstrip("\n").split(",")
        cells[col] = "inf"
        lines[1] = ",".join(cells) + "\n"
        path.write_text("".join(lines), encoding="utf-8")
    return edit


def _drop_lines(rel: str, text: str):
    def edit(root: Path) -> None:
        (root / (rel + ".provenance.json")).unlink(missing_ok=True)
        path = root / rel
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join([lines[0]] + [ln for ln in lines[1:] if text not in ln]), encoding="utf-8")
    return edit


def run_case(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # argparse: invalid arguments
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException as exc:  # noqa: BLE001 - a raised exception is a failed case, recorded as such
            import traceback

            err.write("Traceback (raised out of cli.main):\n" + traceback.format_exc())
            code = f"raised {type(exc).__name__}"
    return code, out.getvalue(), err.getvalue()


def test_hostile_corpus(built_db, tmp_path, monkeypatch):
    monkeypatch.setattr(import_read, "MAX_XLSX_UNPACKED", 8 * 1024 * 1024)  # the bomb case stays small
    monkeypatch.setenv("WARMTE_LOCK_WAIT", "1")
    db = tmp_path / "db" / "warmte.duckdb"
    db.parent.mkdir()
    shutil.copyfile(built_db, db)
    db.chmod(0o640)
    work = tmp_path / "work"
    work.mkdir()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    cases = build_cases(corpus)

    counts = {"tried": 0, "refused cleanly": 0, "accepted correctly": 0, "failed": 0}
    failures = []
    t0 = time.perf_counter()
    for case in cases:
        before = fingerprint(db)
        code, _out, err = run_case(case.argv(db, work))
        counts["tried"] += 1
        problems = []
        if code != case.expect:
            problems.append(f"exit {code}, expected {case.expect}")
        if "Traceback" in err:
            problems.append("traceback on stderr")
        if code != 0 and case.expect != 0 and not err.strip():
            problems.append("refused without a message")
        if not case.writes and fingerprint(db) != before:
            problems.append("the database changed")
        if "\x1b" in err or "\x07" in err:
            problems.append("raw control characters on stderr")
        if problems:
            counts["failed"] += 1
            failures.append(f"{case.name}: {'; '.join(problems)}\n    {err.strip()[-400:]}")
        elif case.expect == 0:
            counts["accepted correctly"] += 1
        else:
            counts["refused cleanly"] += 1
    seconds = time.perf_counter() - t0
    report = {**counts, "seconds": round(seconds, 1)}
    (tmp_path / "hostile_corpus_counts.json").write_text(json.dumps(report, indent=2))
    print(f"\nhostile corpus: {json.dumps(report)}")
    assert counts["tried"] >= 150, counts
    assert not failures, f"{counts}\n" + "\n".join(failures)
