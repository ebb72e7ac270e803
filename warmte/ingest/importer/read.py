"""Reading an import file (CSV or XLSX, the type taken from the content) into a :class:`Table`."""

from __future__ import annotations

import csv
import io
import math
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warmte.domain.regions import normalise_name
from warmte.ingest.importer.problems import InvalidImportFile, Problem

#: Sheet names that hold explanations, not data (the first other sheet is read).
NOTE_SHEETS = ("toelichting", "uitleg", "readme", "instructies", "help", "notes")


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Excel 97-2003 (.xls) or Word file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"{\\rtf", "an RTF document"),
)
_EXPECTED_FILE = "a CSV file (UTF-8, comma or semicolon) or an XLSX workbook"


@dataclass
class Table:
    """A file as read: the header (row ``header_row``) and the data rows with their spreadsheet row numbers."""

    header: list[str]
    header_row: int
    rows: list[tuple[int, list]]
    file_type: str


def _is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip()) or (
        isinstance(cell, float) and math.isnan(cell))


def _split_records(records: Iterator[tuple[int, list]], file_type: str) -> Table:
    header, header_row, rows = None, 0, []
    for number, cells in records:
        if all(_is_blank(c) for c in cells):
            continue
        if header is None:
            first = cells[0] if cells else None
            if isinstance(first, str) and first.lstrip().startswith("#"):
                continue  # comment line above the header
            header, header_row = ["" if c is None else str(c) for c in cells], number
            continue
        rows.append((number, list(cells)))
    if header is None:
        raise InvalidImportFile([Problem(None, None, None, "the file is empty",
                                         "a header row with the column names, then one row per record")])
    return Table(header, header_row, rows, file_type)


def _read_xlsx(raw: bytes) -> Table:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged workbooks  # noqa: BLE001
        raise InvalidImportFile([Problem(None, None, None, f"is not a readable XLSX workbook ({type(exc).__name__})",
                                         _EXPECTED_FILE)]) from None
    sheets = [ws for ws in wb.worksheets if normalise_name(ws.title) not in NOTE_SHEETS] or wb.worksheets
    if not sheets:
        raise InvalidImportFile([Problem(None, None, None, "the workbook has no sheets", _EXPECTED_FILE)])
    ws = sheets[0]
    records = ((i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), start=1))
    return _split_records(records, "xlsx")


def _sniff_delimiter(text: str) -> str:
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        counts = {d: line.count(d) for d in (";", ",", "\t")}
        best = max(counts, key=lambda d: (counts[d], d == ","))
        return best if counts[best] else ","
    return ","


def _read_csv(raw: bytes) -> Table:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InvalidImportFile([Problem(None, None, None, "starts like UTF-16 text but cannot be decoded",
                                             _EXPECTED_FILE)]) from None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            row = raw[:exc.start].count(b"\n") + 1
            byte = raw[exc.start:exc.start + 1].hex().upper()
            raise InvalidImportFile([Problem(row, None, None, f"is not UTF-8 text (byte 0x{byte})",
                                             "UTF-8: in Excel choose 'CSV UTF-8 (door komma's gescheiden)'")]) from None
    if "\x00" in text:
        row = text[:text.index("\x00")].count("\n") + 1
        raise InvalidImportFile([Problem(row, None, None, "holds binary data (NUL bytes), not text",
                                         _EXPECTED_FILE)])
    if not text.strip():
        raise InvalidImportFile([Problem(None, None, None, "the file is empty",
                                         "a header row with the column names, then one row per record")])
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def records() -> Iterator[tuple[int, list]]:
        number = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InvalidImportFile([Problem(number + 1, None, None, f"cannot be read as CSV ({exc})",
                                                 "well-formed CSV: quotes closed on the same record")]) from None
            number += 1
            yield number, cells

    return _split_records(records(), "csv")


def read_table(path: str | os.PathLike, raw: bytes | None = None) -> Table:
    """Read a CSV or XLSX file (the type is taken from the content, not the name)."""
    path = Path(path)
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InvalidImportFile([Problem(None, None, None, f"cannot be read ({exc.strerror or exc})",
                                             "a readable file")]) from None
    if not raw.strip():
        raise InvalidImportFile([Problem(None, None, None, "the file is empty",
                                         "a header row with the column names, then one row per record")])
    if raw.startswith(b"PK\x03\x04"):
        if not zipfile.is_zipfile(io.BytesIO(raw)):
            raise InvalidImportFile([Problem(None, None, None, "is a damaged ZIP/XLSX file", _EXPECTED_FILE)])
        return _read_xlsx(raw)
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise InvalidImportFile([Problem(None, None, None, f"is {what}, not a table", _EXPECTED_FILE)])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise InvalidImportFile([Problem(None, None, None, f"is named {path.suffix} but is not an XLSX workbook",
                                         _EXPECTED_FILE)])
    return _read_csv(raw)
