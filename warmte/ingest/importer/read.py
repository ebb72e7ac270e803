"""Reading an import file (CSV or XLSX, the type taken from the content) into a :class:`Table`."""

from __future__ import annotations

import csv
import io
import math
import os
import stat
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
#: The largest import file read (bytes); a register of 10,000 initiatives is about 2 MB.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: The largest uncompressed content of an XLSX workbook (bytes, from the zip directory, checked before reading).
MAX_XLSX_UNPACKED = 200 * 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def read_file(path: str | os.PathLike, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of an import file: only a regular file (a FIFO or device is refused before it is opened, so
    nothing blocks), at most ``limit`` bytes. Raises :class:`InvalidImportFile`."""
    path = Path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InvalidImportFile([Problem(None, None, None, f"cannot be read ({exc.strerror or exc})",
                                         "a readable file")]) from None
    if stat.S_ISDIR(st.st_mode):
        raise InvalidImportFile([Problem(None, None, None, "is a directory", "a CSV or XLSX file")])
    if not stat.S_ISREG(st.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode)
                or stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise InvalidImportFile([Problem(None, None, None, f"is {kind}, not a regular file",
                                         "a CSV or XLSX file")])
    if st.st_size > limit:
        raise InvalidImportFile([Problem(None, None, None, f"is {_mb(st.st_size)}, larger than the limit of "
                                         f"{_mb(limit)} for import files", f"a file of at most {_mb(limit)}")])
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise InvalidImportFile([Problem(None, None, None, f"cannot be read ({exc.strerror or exc})",
                                         "a readable file")]) from None
    if len(raw) > limit:
        raise InvalidImportFile([Problem(None, None, None, f"is larger than the limit of {_mb(limit)} for import "
                                         "files", f"a file of at most {_mb(limit)}")])
    return raw


def _check_zip(raw: bytes) -> None:
    """Refuse a damaged archive or one that unpacks to more than :data:`MAX_XLSX_UNPACKED` (a zip bomb),
    from the zip directory alone, before anything is decompressed."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            infos = zf.infolist()
    except Exception:  # noqa: BLE001 - any damage of the zip directory
        raise InvalidImportFile([Problem(None, None, None, "is a damaged ZIP/XLSX file", _EXPECTED_FILE)]) from None
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_XLSX_UNPACKED:
        raise InvalidImportFile([Problem(None, None, None, f"unpacks to {_mb(unpacked)}, more than the limit of "
                                         f"{_mb(MAX_XLSX_UNPACKED)} for a workbook (a zip bomb?)",
                                         "an ordinary XLSX workbook")])
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            bad = zf.testzip()
    except Exception:  # zlib.error, BadZipFile, EOFError, ... for a damaged member  # noqa: BLE001
        bad = "?"
    if bad is not None:
        raise InvalidImportFile([Problem(None, None, None, f"is a damaged ZIP/XLSX file (member {bad!r} is "
                                         "corrupt)", _EXPECTED_FILE)])


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
        raw = read_file(path)
    if not raw.strip():
        raise InvalidImportFile([Problem(None, None, None, "the file is empty",
                                         "a header row with the column names, then one row per record")])
    if raw.startswith(b"PK\x03\x04"):
        if not zipfile.is_zipfile(io.BytesIO(raw)):
            raise InvalidImportFile([Problem(None, None, None, "is a damaged ZIP/XLSX file", _EXPECTED_FILE)])
        _check_zip(raw)
        return _read_xlsx(raw)
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise InvalidImportFile([Problem(None, None, None, f"is {what}, not a table", _EXPECTED_FILE)])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise InvalidImportFile([Problem(None, None, None, f"is named {path.suffix} but is not an XLSX workbook",
                                         _EXPECTED_FILE)])
    return _read_csv(raw)
