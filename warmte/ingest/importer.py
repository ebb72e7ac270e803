"""Import of user registers: heat initiatives and council indicators (``warmte import``).

Two file formats (documented in ``data/README.md``; ``warmte templates DIR`` writes
templates): an initiative register with one row per phase change, and council
indicators with one row per municipality and year. Files are CSV (comma, semicolon
or tab, UTF-8 with or without BOM, or UTF-16 with BOM) or XLSX.

Validation reports every problem at once as :class:`Problem` (row, column, value,
expected), with rows numbered as a spreadsheet shows them (the header is row 1
when the file has no comment lines above it). When anything is invalid nothing is
written (:class:`InvalidImportFile`).

A valid import replaces its scope (initiatives: every initiative of the
municipalities the file covers; council: the (municipality, year) pairs of the
file) in a copy of the database next to it, runs the build checks on the copy,
keeps the previous database as ``backups/<name>-YYYYmmddTHHMMSS.duckdb`` and
renames the copy over the database. Readers open the database per load, so they
see the old or the new file, never a half-written one.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import hashlib
import io
import math
import os
import re
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

import duckdb
import pandas as pd

from warmte import config, model
from warmte.domain import funnel
from warmte.domain.regions import normalise_name

__all__ = [
    "COLUMNS",
    "KINDS",
    "ImportResult",
    "ImportWriteError",
    "InvalidImportFile",
    "MERGED",
    "Problem",
    "RegisterImportError",
    "import_file",
    "read_table",
    "validate",
    "write_template",
    "write_templates",
]

KINDS: tuple[str, ...] = ("initiatives", "council")
#: Dates and council years before this year are rejected as impossible.
MIN_YEAR = 2000
#: Plausibility limits ("impossible numbers").
MAX_VOLUNTEERS = 10_000
MAX_COUNT_PER_YEAR = 365
MAX_TEXT = 500
#: Initiative ids of the template's example rows start with this (they are refused).
EXAMPLE_ID_PREFIX = "VOORBEELD"
#: Sheet names that hold explanations, not data (the first other sheet is read).
NOTE_SHEETS = ("toelichting", "uitleg", "readme", "instructies", "help", "notes")

# --- Municipal mergers ---------------------------------------------------------------------
#: Names of municipalities that merged 2021-2023 -> (code, name of today's municipality, year).
#: As documented in ``../shared/data/SOURCES.md`` section 1.3 (CBS Gebiedsindelingen).
MERGED: dict[str, tuple[str, str, int]] = {
    "Appingedam": ("GM1979", "Eemsdelta", 2021),
    "Delfzijl": ("GM1979", "Eemsdelta", 2021),
    "Loppersum": ("GM1979", "Eemsdelta", 2021),
    "Heerhugowaard": ("GM1980", "Dijk en Waard", 2022),
    "Langedijk": ("GM1980", "Dijk en Waard", 2022),
    "Weesp": ("GM0363", "Amsterdam", 2022),
    "Beemster": ("GM0439", "Purmerend", 2022),
    "Boxmeer": ("GM1982", "Land van Cuijk", 2022),
    "Cuijk": ("GM1982", "Land van Cuijk", 2022),
    "Grave": ("GM1982", "Land van Cuijk", 2022),
    "Mill en Sint Hubert": ("GM1982", "Land van Cuijk", 2022),
    "Sint Anthonis": ("GM1982", "Land van Cuijk", 2022),
    "Landerd": ("GM1991", "Maashorst", 2022),
    "Uden": ("GM1991", "Maashorst", 2022),
    "Brielle": ("GM1992", "Voorne aan Zee", 2023),
    "Hellevoetsluis": ("GM1992", "Voorne aan Zee", 2023),
    "Westvoorne": ("GM1992", "Voorne aan Zee", 2023),
}
#: Municipalities that were split: no single successor, the user must choose.
SPLIT: dict[str, str] = {"Haaren": "2021 among Boxtel, Oisterwijk, Tilburg and Vught"}


# --- Problems and errors ---------------------------------------------------------------------


def _show(value) -> str:
    if isinstance(value, datetime):
        value = value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    elif isinstance(value, date):
        value = value.isoformat()
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


@dataclass(frozen=True)
class Problem:
    """One problem (or warning) in an import file.

    ``row`` is the spreadsheet row (None for the whole file), ``column`` the column
    name (None for the whole row), ``value`` the cell as read, ``message`` what is
    wrong and ``expected`` what would be valid.
    """

    row: int | None
    column: str | None
    value: object
    message: str
    expected: str = ""

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"row {self.row}" if self.row else "",
                                      f"column {self.column}" if self.column else "") if p) or "file"
        what = self.message if self.value is None else f"{_show(self.value)} {self.message}"
        return f"{where}: {what}" + (f"; expected {self.expected}" if self.expected else "")


class RegisterImportError(Exception):
    """Base of every error :func:`import_file` raises; ``problems`` lists them."""

    def __init__(self, problems: list[Problem] | str, warnings: list[Problem] | None = None):
        self.problems = [Problem(None, None, None, problems)] if isinstance(problems, str) else list(problems)
        self.warnings = list(warnings or [])
        n = len(self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''}:\n" + "\n".join(map(str, self.problems)))


class InvalidImportFile(RegisterImportError):
    """The file is invalid (exit code 2); nothing was written."""


class ImportWriteError(RegisterImportError):
    """The database could not be updated (missing, checks failed, changed meanwhile); nothing was written."""


# --- Columns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    type: str          # text, id, municipality, phase, technology, role, date, int, bool, year, url
    description: str
    aliases: tuple[str, ...] = ()


COLUMNS: dict[str, tuple[Column, ...]] = {
    "initiatives": (
        Column("initiative_id", True, "id", "your own stable id of the initiative, the same on each of its rows",
               ("id", "initiatief_id")),
        Column("name", True, "text", "name of the initiative", ("naam",)),
        Column("municipality", True, "municipality",
               "municipality: code (GM0363) or 2025 name (accents and case ignored)", ("gemeente", "gemeentecode")),
        Column("technology", True, "technology", "one of " + ", ".join(model.TECHNOLOGIES), ("techniek",)),
        Column("municipal_role", True, "role",
               "role of the municipality: partner, supporter or none; empty = unknown", ("rol_gemeente",)),
        Column("phase", True, "phase", "phase entered on start_date: " + ", ".join(model.ALL_PHASES), ("fase",)),
        Column("start_date", True, "date", "date the phase started (2023-04-01 or 1-4-2023)",
               ("startdatum", "datum")),
        Column("place", False, "text", "village or neighbourhood", ("plaats", "wijk")),
        Column("org_type", False, "text", "organisation: cooperatie, bewonersinitiatief, stichting ...",
               ("type", "organisatievorm")),
        Column("homes_planned", False, "int", "homes the initiative plans to connect or make gas-free",
               ("woningen", "woningen_gepland")),
        Column("volunteers", False, "int", "active volunteers", ("vrijwilligers",)),
        Column("professional_support", False, "bool", "paid project developer or advisor (ja/nee)",
               ("professionele_ondersteuning",)),
        Column("url", False, "url", "web address of the initiative", ("website",)),
    ),
    "council": (
        Column("municipality", True, "municipality", "municipality: code (GM0363) or 2025 name",
               ("gemeente", "gemeentecode")),
        Column("year", True, "year", f"year the indicators describe ({MIN_YEAR} up to this year)", ("jaar",)),
        Column("tvw_adopted", True, "bool", "transitievisie warmte adopted by the council (ja/nee)",
               ("tvw_vastgesteld",)),
        Column("tvw_adopted_date", False, "date", "date the council adopted it; empty when not adopted",
               ("tvw_datum",)),
        Column("wup_adopted", True, "bool", "a wijkuitvoeringsplan adopted (ja/nee)", ("wup_vastgesteld",)),
        Column("heat_debates", True, "count", "council debates on heat in the year", ("debatten",)),
        Column("heat_motions", True, "count", "motions and amendments on heat in the year", ("moties",)),
        Column("budget_allocated", True, "bool", "budget for the heat transition allocated (ja/nee)",
               ("budget",)),
        Column("informed_of_share", True, "bool", "council informed of its share of the target (ja/nee)",
               ("geinformeerd",)),
    ),
}

#: Example rows of the templates (refused when imported unchanged).
EXAMPLES: dict[str, list[dict]] = {
    "initiatives": [
        {"initiative_id": f"{EXAMPLE_ID_PREFIX}-1", "name": "Voorbeeld: Warmtecoöperatie De Linde",
         "municipality": "GM0344", "technology": "warmtenet", "municipal_role": "partner", "phase": "orientatie",
         "start_date": date(2021, 3, 1), "place": "Utrecht-Oost", "org_type": "cooperatie", "homes_planned": 450,
         "volunteers": 12, "professional_support": "nee", "url": "https://example.org/de-linde"},
        {"initiative_id": f"{EXAMPLE_ID_PREFIX}-1", "name": "Voorbeeld: Warmtecoöperatie De Linde",
         "municipality": "GM0344", "technology": "warmtenet", "municipal_role": "partner", "phase": "haalbaarheid",
         "start_date": date(2022, 9, 15), "place": "", "org_type": "", "homes_planned": "",
         "volunteers": "", "professional_support": "", "url": ""},
        {"initiative_id": f"{EXAMPLE_ID_PREFIX}-2", "name": "Voorbeeld: Dorpswarmte Tjerkwerd",
         "municipality": "Súdwest-Fryslân", "technology": "warmtenet", "municipal_role": "supporter",
         "phase": "orientatie", "start_date": date(2023, 1, 10), "place": "Tjerkwerd", "org_type":
         "bewonersinitiatief", "homes_planned": "", "volunteers": 5, "professional_support": "nee", "url": ""},
    ],
    "council": [
        {"municipality": "GM0344", "year": 2024, "tvw_adopted": "ja", "tvw_adopted_date": date(2021, 9, 30),
         "wup_adopted": "nee", "heat_debates": 2, "heat_motions": 1, "budget_allocated": "ja",
         "informed_of_share": "nee"},
        {"municipality": "Bergen (NH.)", "year": 2024, "tvw_adopted": "nee", "tvw_adopted_date": "",
         "wup_adopted": "nee", "heat_debates": 0, "heat_motions": 0, "budget_allocated": "nee",
         "informed_of_share": "nee"},
    ],
}


def _key(text) -> str:
    return normalise_name(text).replace(" ", "_")


# --- Reading files -----------------------------------------------------------------------------

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


# --- Cell parsers (raise ValueError with what was expected) ---------------------------------------

_BOOLS = {"ja": True, "j": True, "waar": True, "true": True, "yes": True, "y": True, "1": True, "x": True,
          "nee": False, "n": False, "onwaar": False, "false": False, "no": False, "0": False}
_EXPECTED_BOOL = "ja or nee (also waar/onwaar, true/false, 1/0)"
_EXPECTED_DATE = "a date like 2023-04-01 or 1-4-2023 (day-month-year)"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YMD_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DUTCH_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_bool(cell) -> bool:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, (int, float)) and cell in (0, 1):
        return bool(cell)
    value = _BOOLS.get(_text(cell).lower())
    if value is None:
        raise ValueError(_EXPECTED_BOOL)
    return value


def parse_date(cell) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if not isinstance(cell, str):
        raise ValueError(_EXPECTED_DATE)
    s = cell.strip()
    for pattern, order in ((_ISO, "ymd"), (_DMY, "dmy"), (_YMD_SLASH, "ymd")):
        m = pattern.fullmatch(s)
        if m:
            a, b, c = (int(g) for g in m.groups()[:3])
            y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return date(y, mo, d)
            except ValueError:
                raise ValueError(f"an existing date ({_EXPECTED_DATE})") from None
    raise ValueError(_EXPECTED_DATE)


def parse_number(cell) -> float:
    """A number; Dutch decimal commas (``12,5``) and thousands dots (``1.500``) are understood."""
    if isinstance(cell, bool):
        raise ValueError("a number")
    if isinstance(cell, (int, float)):
        value = float(cell)
    else:
        s = _text(cell).replace("\u00a0", "").replace(" ", "").replace("_", "x")
        if _DUTCH_THOUSANDS.fullmatch(s):
            s = s.replace(".", "")
        elif "," in s:
            s = s.replace(".", "").replace(",", ".")
        try:
            value = float(s)
        except ValueError:
            raise ValueError("a number") from None
    if not math.isfinite(value):
        raise ValueError("a finite number")
    return value


def parse_int(cell) -> int:
    value = parse_number(cell)
    if not value.is_integer():
        raise ValueError("a whole number")
    if abs(value) > 2_000_000_000:
        raise ValueError("a whole number below 2,000,000,000")
    return int(value)


# --- Municipalities ---------------------------------------------------------------------------------


class Municipalities:
    """Resolves municipality codes and names (case, accents, punctuation and merged names)."""

    def __init__(self, frame: pd.DataFrame):
        self.names: dict[str, str] = dict(zip(frame["code"], frame["name"], strict=True))
        self.by_key: dict[str, str] = {}
        base: dict[str, list[str]] = {}
        for code, name in self.names.items():
            self.by_key[normalise_name(name)] = code
            self.by_key[normalise_name(name).replace(" ", "")] = code
            if "(" in name:
                base.setdefault(normalise_name(name.split("(")[0]), []).append(code)
        self.base = {k: v for k, v in base.items() if k not in self.by_key}
        self.merged = {normalise_name(k): (k, *v) for k, v in MERGED.items() if v[0] in self.names}
        self.split = {normalise_name(k): (k, v) for k, v in SPLIT.items()}
        self.choices = {normalise_name(n): n for n in self.names.values()}
        self.choices.update({k: v[0] for k, v in self.merged.items()})

    def label(self, code: str) -> str:
        return f"{self.names[code]} ({code})"

    def resolve(self, cell) -> tuple[str, str | None]:
        """(code, warning or None); raises ValueError(expected) for an unknown municipality."""
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            cell = _text(cell)
        key = normalise_name(cell)
        key = re.sub(r"^gemeente ", "", key)
        m = re.fullmatch(r"(?:gm ?)?(\d{1,5})", key)  # 5 digits: synthetic neighbourhood-scale codes
        if m:
            code = "GM" + m.group(1).zfill(4)
            if code in self.names:
                return code, None
            raise ValueError("is not a municipality code of 2025", "a code such as GM0363 (Amsterdam); "
                             "run `warmte regions --search NAME` to find codes")
        if key in self.by_key or key.replace(" ", "") in self.by_key:
            return self.by_key.get(key) or self.by_key[key.replace(" ", "")], None
        if key in self.base:
            codes = self.base[key]
            if len(codes) == 1:
                return codes[0], f"is taken as {self.label(codes[0])}"
            options = " or ".join(repr(self.names[c]) for c in codes)
            raise ValueError("is ambiguous", f"one municipality: {options}")
        if key in self.merged:
            old, code, new, year = self.merged[key]
            return code, f"merged into {new} in {year}; imported as {self.label(code)}"
        if key in self.split:
            old, how = self.split[key]
            raise ValueError(f"was split in {how}", "the municipality of today that holds the place")
        close = difflib.get_close_matches(key, list(self.choices), n=3, cutoff=0.75)
        hint = ("; did you mean " + " or ".join(repr(self.choices[c]) for c in close) + "?") if close else ""
        raise ValueError("is not a municipality", "a municipality code (GM0363) or a 2025 municipality name" + hint)


# --- Validation ---------------------------------------------------------------------------------------


@dataclass
class Context:
    """What validation needs from the database."""

    municipalities: Municipalities
    housing_stock: dict[str, int] = field(default_factory=dict)
    existing_initiatives: dict[str, str] = field(default_factory=dict)  # id -> municipality code
    council_years: set[int] = field(default_factory=set)
    as_of: date | None = None
    today: date = field(default_factory=date.today)

    @classmethod
    def from_db(cls, con: duckdb.DuckDBPyConnection, today: date | None = None) -> Context:
        muni = con.execute("SELECT code, name FROM municipality ORDER BY code").df()
        stock = con.execute("SELECT municipality_code, housing_stock FROM housing "
                            "QUALIFY row_number() OVER (PARTITION BY municipality_code ORDER BY year DESC) = 1").df()
        inits = con.execute("SELECT initiative_id, municipality_code FROM initiative").fetchall()
        years = {int(r[0]) for r in con.execute("SELECT DISTINCT year FROM council_indicator").fetchall()}
        as_of = con.execute("SELECT value FROM build_info WHERE key = 'initiatives_as_of'").fetchone()
        return cls(Municipalities(muni), dict(zip(stock["municipality_code"], stock["housing_stock"], strict=True)),
                   dict(inits), years, date.fromisoformat(as_of[0]) if as_of else None, today or date.today())


def _one_of(values) -> str:
    return "one of " + ", ".join(values)


def _vocabulary(cell, values: tuple[str, ...], what: str, aliases: dict[str, str] | None = None) -> str:
    key = _key(cell)
    key = (aliases or {}).get(key, key)
    if key in values:
        return key
    close = difflib.get_close_matches(key, values, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise ValueError(f"is not {what}", _one_of(values) + hint)


_ROLE_ALIASES = {"ondersteuner": "supporter", "geen": "none", "partnerschap": "partner"}
_TECH_ALIASES = {"all_electric": "all_electric", "allelectric": "all_electric", "groengas": "groen_gas",
                 "warmtenetten": "warmtenet", "energiebesparing": "besparing"}


class _Rows:
    """Collects problems and warnings while parsing cells."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def bad(self, row, column, value, message, expected=""):
        self.problems.append(Problem(row, column, value, message, expected))

    def warn(self, row, column, value, message, expected=""):
        self.warnings.append(Problem(row, column, value, message, expected))

    def cell(self, row: int, col: Column, raw, year: int | None = None):
        """Parse one cell; returns the value, None when empty, or raises _Skip after recording a problem."""
        if _is_blank(raw):
            if col.required and col.type != "role":
                self.bad(row, col.name, None, "is empty", f"a value: {col.description}")
                raise _Skip
            return None
        try:
            return self._parse(row, col, raw)
        except ValueError as exc:
            message, expected = (exc.args + ("",))[:2] if len(exc.args) > 1 else ("is not valid", exc.args[0])
            self.bad(row, col.name, raw, message, expected)
            raise _Skip from None

    def _parse(self, row: int, col: Column, raw):
        t = col.type
        if t in ("text", "id", "url"):
            value = _text(raw)
            if len(value) > MAX_TEXT:
                raise ValueError("is too long", f"at most {MAX_TEXT} characters")
            if t == "id" and value.upper().startswith(EXAMPLE_ID_PREFIX):
                raise ValueError("is an example row of the template", "your own rows (delete the example rows)")
            if t == "url" and not re.match(r"https?://\S+$", value):
                raise ValueError("is not a web address", "a web address starting with https:// or http://")
            return value
        if t == "municipality":
            code, warning = self.ctx.municipalities.resolve(raw)
            if warning:
                self.warn(row, col.name, raw, warning)
            return code
        if t == "phase":
            return _vocabulary(raw, model.ALL_PHASES, "a phase")
        if t == "technology":
            return _vocabulary(raw, model.TECHNOLOGIES, "a technology", _TECH_ALIASES)
        if t == "role":
            if _key(raw) in (model.UNKNOWN, "unknown"):
                return None
            return _vocabulary(raw, model.MUNICIPAL_ROLES, "a municipal role", _ROLE_ALIASES)
        if t == "bool":
            return parse_bool(raw)
        if t == "date":
            d = parse_date(raw)
            if d > self.ctx.today:
                raise ValueError("is in the future", f"a date up to today ({self.ctx.today.isoformat()})")
            if d.year < MIN_YEAR:
                raise ValueError(f"is before {MIN_YEAR}", f"a date from {MIN_YEAR}-01-01 up to today")
            return d
        if t == "year":
            y = parse_int(raw)
            if not MIN_YEAR <= y <= self.ctx.today.year:
                raise ValueError("is not a possible year", f"a year from {MIN_YEAR} to {self.ctx.today.year}")
            return y
        if t in ("int", "count"):
            n = parse_int(raw)
            if n < 0:
                raise ValueError("is negative", "a count of 0 or more")
            limit = MAX_COUNT_PER_YEAR if t == "count" else (MAX_VOLUNTEERS if col.name == "volunteers" else None)
            if limit is not None and n > limit:
                raise ValueError("is not a plausible number", f"at most {limit:,}".replace(",", "."))
            return n
        raise AssertionError(t)


class _Skip(Exception):
    pass


def _header(table: Table, kind: str, rows: _Rows) -> dict[str, int]:
    """Map column name -> index in the row; records missing, duplicate and unknown columns."""
    cols = COLUMNS[kind]
    lookup = {}
    for c in cols:
        lookup[c.name] = c.name
        for a in c.aliases:
            lookup[_key(a)] = c.name
    index: dict[str, int] = {}
    for i, raw in enumerate(table.header):
        key = _key(raw)
        if not key:
            continue
        name = lookup.get(key)
        if name is None:
            rows.warn(table.header_row, raw, None, "is not a column of this format and is ignored",
                      ", ".join(c.name for c in cols))
            continue
        if name in index:
            rows.bad(table.header_row, name, raw, f"appears twice (columns {index[name] + 1} and {i + 1})",
                     "each column once")
            continue
        index[name] = i
    for c in cols:
        if c.required and c.name not in index:
            rows.bad(table.header_row, c.name, None, "is missing from the header",
                     f"a column '{c.name}' ({c.description}); the header holds: "
                     + (", ".join(h for h in table.header if h) or "nothing"))
    return index


def _records(table: Table, kind: str, rows: _Rows, index: dict[str, int]) -> list[tuple[int, dict]]:
    """Parse every row; rows with a problem are dropped from the result (their problems are recorded)."""
    out = []
    for number, cells in table.rows:
        rec: dict = {}
        ok = True
        for col in COLUMNS[kind]:
            if col.name not in index:
                continue
            i = index[col.name]
            raw = cells[i] if i < len(cells) else None
            try:
                rec[col.name] = rows.cell(number, col, raw)
            except _Skip:
                ok = False
        extra = [c for i, c in enumerate(cells) if i not in index.values() and not _is_blank(c)
                 and i >= len(table.header)]
        if extra:
            rows.warn(number, None, None, f"has {len(extra)} cell(s) beyond the header that are ignored")
        if ok:
            out.append((number, rec))
    return out


def _check_initiatives(records: list[tuple[int, dict]], rows: _Rows) -> None:
    ctx = rows.ctx
    rank = {p: i for i, p in enumerate(model.PHASES)}
    by_id: dict[str, list[tuple[int, dict]]] = {}
    for number, rec in records:
        by_id.setdefault(rec["initiative_id"], []).append((number, rec))
    attributes = ("name", "municipality", "technology", "municipal_role", "place", "org_type", "homes_planned",
                  "volunteers", "professional_support", "url")
    covered = {rec["municipality"] for _, rec in records}
    pending: list[dict] = []  # spells of initiatives without row problems, validated together below
    first_row: dict[str, int] = {}
    for iid, items in by_id.items():
        before = len(rows.problems)
        first: dict[str, tuple[int, object]] = {}
        for number, rec in items:
            for a in attributes:
                v = rec.get(a)
                if v is None:
                    continue
                if a not in first:
                    first[a] = (number, v)
                elif first[a][1] != v:
                    rows.bad(number, a, v, f"differs from row {first[a][0]} ({_show(first[a][1])}) "
                             f"for initiative {iid!r}", "the same value on every row of an initiative (or empty)")
        seen: dict[tuple, int] = {}
        by_date: dict[date, tuple[int, str]] = {}
        by_phase: dict[str, tuple[int, date]] = {}
        for number, rec in items:
            k = (rec["phase"], rec["start_date"])
            if k in seen:
                rows.bad(number, "phase", rec["phase"], f"on {rec['start_date'].isoformat()} duplicates row {seen[k]}",
                         "each phase change of an initiative once")
                continue
            seen[k] = number
            if rec["start_date"] in by_date:
                n0, p0 = by_date[rec["start_date"]]
                rows.bad(number, "start_date", rec["start_date"], f"is also the start of {p0!r} (row {n0}) "
                         f"of initiative {iid!r}", "one phase change per date")
                continue
            by_date[rec["start_date"]] = (number, rec["phase"])
            if rec["phase"] in by_phase:
                n0, d0 = by_phase[rec["phase"]]
                rows.bad(number, "phase", rec["phase"], f"was already entered on {d0.isoformat()} (row {n0}) "
                         f"by initiative {iid!r}", "each phase once per initiative")
                continue
            by_phase[rec["phase"]] = (number, rec["start_date"])
        if len(rows.problems) == before:
            # Sorted by phase (gestopt last), the start dates must increase.
            ordered = sorted(items, key=lambda it: rank.get(it[1]["phase"], len(rank)))
            for (n0, a), (n1, b) in zip(ordered, ordered[1:], strict=False):
                if b["start_date"] > a["start_date"]:
                    continue
                if b["phase"] == model.STOPPED:
                    rows.bad(n1, "start_date", b["start_date"], f"is the start of {model.STOPPED!r} but "
                             f"{a['phase']!r} starts later ({a['start_date'].isoformat()}, row {n0})",
                             f"{model.STOPPED!r} as the last phase")
                else:
                    rows.bad(n1, "start_date", b["start_date"], f"is the start of {b['phase']!r} but the earlier "
                             f"phase {a['phase']!r} starts later ({a['start_date'].isoformat()}, row {n0}); "
                             "dates out of order", "dates that follow the phases: " + " -> ".join(model.PHASES))
        if len(rows.problems) == before:
            pending.extend(_spell_rows(iid, [rec for _, rec in items]))
            first_row[iid] = items[0][0]
        code = items[0][1]["municipality"]
        homes = items[0][1].get("homes_planned")
        stock = ctx.housing_stock.get(code)
        if homes is not None and stock is not None and homes > stock:
            rows.bad(items[0][0], "homes_planned", homes, f"exceeds the housing stock of "
                     f"{ctx.municipalities.label(code)} ({stock})", f"at most {stock} homes")
        other = ctx.existing_initiatives.get(iid)
        if other is not None and other not in covered:
            rows.bad(items[0][0], "initiative_id", iid, f"is already used by an initiative in "
                     f"{ctx.municipalities.label(other)}, which this file does not cover",
                     "an id not used elsewhere in the database")
        if ctx.as_of is not None:
            for number, rec in items:
                if rec["start_date"] > ctx.as_of:
                    rows.warn(number, "start_date", rec["start_date"], "is after the register date "
                              f"{ctx.as_of.isoformat()}; the funnel counts phases up to that date")
    _validate_spells(pending, first_row, rows)


def _validate_spells(pending: list[dict], first_row: dict[str, int], rows: _Rows) -> None:
    """One call of funnel.validate_history for all initiatives (per initiative it costs ~14 ms each)."""
    if not pending:
        return
    try:
        funnel.validate_history(pd.DataFrame(pending, columns=list(funnel.PHASE_COLUMNS)))
    except funnel.PhaseHistoryError as exc:
        for p in exc.problems:  # each names its initiative: "initiative <id>: ..."
            iid = p.split(":", 1)[0].removeprefix("initiative ")
            rows.bad(first_row.get(iid), "phase", None, p, "a contiguous phase history")


def _spell_rows(iid: str, recs: list[dict]) -> list[dict]:
    """Phase spells of one initiative as rows: each phase ends when the next starts."""
    recs = sorted(recs, key=lambda r: r["start_date"])
    return [{"initiative_id": iid, "phase": r["phase"], "start_date": r["start_date"],
             "end_date": recs[i + 1]["start_date"] if i + 1 < len(recs) else None} for i, r in enumerate(recs)]


def _check_council(records: list[tuple[int, dict]], rows: _Rows) -> None:
    ctx = rows.ctx
    seen: dict[tuple[str, int], int] = {}
    new_years: dict[int, int] = {}
    for number, rec in records:
        key = (rec["municipality"], rec["year"])
        if key in seen:
            rows.bad(number, "municipality", ctx.municipalities.label(key[0]),
                     f"in {key[1]} duplicates row {seen[key]}", "one row per municipality and year")
        else:
            seen[key] = number
        d = rec.get("tvw_adopted_date")
        if d is not None and not rec["tvw_adopted"]:
            rows.bad(number, "tvw_adopted_date", d, "is given but tvw_adopted is nee",
                     "an empty date when the transitievisie was not adopted")
        elif d is not None and d.year > rec["year"]:
            rows.bad(number, "tvw_adopted_date", d, f"is after the year of the row ({rec['year']})",
                     f"a date on or before {rec['year']}-12-31 (or tvw_adopted nee for {rec['year']})")
        if rec["wup_adopted"] and not rec["tvw_adopted"]:
            rows.warn(number, "wup_adopted", "ja", "while tvw_adopted is nee (a wijkuitvoeringsplan usually follows "
                      "the transitievisie)")
        if ctx.council_years and rec["year"] not in ctx.council_years:
            new_years.setdefault(rec["year"], number)
    for year, number in sorted(new_years.items()):
        rows.warn(number, "year", year, "is a new year in the database; the Gemeenteraad page shows the latest year, "
                  "which will then hold only the municipalities imported for it")


@dataclass
class Validated:
    kind: str
    records: list[tuple[int, dict]]
    warnings: list[Problem]
    file_type: str
    rows: int


def validate(kind: str, path: str | os.PathLike, ctx: Context, raw: bytes | None = None) -> Validated:
    """Read and check a file; raise :class:`InvalidImportFile` listing every problem."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; valid: {', '.join(KINDS)}")
    table = read_table(path, raw)
    rows = _Rows(ctx)
    index = _header(table, kind, rows)
    if not table.rows:
        rows.bad(None, None, None, "the file has a header but no data rows", "one row per record below the header")
    complete = all(c.name in index for c in COLUMNS[kind] if c.required)
    records = _records(table, kind, rows, index)
    if complete:
        # Cross-row checks on the rows that parsed; rows with cell problems are already reported.
        (_check_initiatives if kind == "initiatives" else _check_council)(records, rows)
    _check_examples(kind, table, index, rows)
    if rows.problems:
        problems = sorted(rows.problems, key=lambda p: (p.row or 0))
        raise InvalidImportFile(problems, rows.warnings)
    return Validated(kind, records, rows.warnings, table.file_type, len(table.rows))


def _example_key(values) -> tuple:
    out = []
    for v in values:
        if isinstance(v, datetime):
            v = v.date()
        if isinstance(v, date):
            v = v.isoformat()
        out.append(normalise_name(_text(v)))
    return tuple(out)


def _check_examples(kind: str, table: Table, index: dict[str, int], rows: _Rows) -> None:
    if kind != "council":
        return  # initiative examples are recognised by their id
    names = [c.name for c in COLUMNS[kind]]
    examples = {_example_key(ex[n] for n in names) for ex in EXAMPLES[kind]}
    if not all(n in index for n in names):
        return
    for number, cells in table.rows:
        values = [cells[index[n]] if index[n] < len(cells) else None for n in names]
        if _example_key(values) in examples:
            rows.bad(number, None, None, "is an example row of the template", "your own rows (delete the examples)")


# --- Writing -----------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    kind: str
    file: str
    sha256: str
    rows: int
    warnings: list[Problem]
    changes: list[str]
    dry_run: bool
    source_id: str | None = None
    backup: Path | None = None
    db: Path | None = None


def to_frames(v: Validated, source_id: str) -> dict[str, pd.DataFrame]:
    """The validated rows as table frames (``initiative`` and ``initiative_phase``, or ``council_indicator``)."""
    return _frames(v, source_id)


def _frames(v: Validated, source_id: str) -> dict[str, pd.DataFrame]:
    if v.kind == "council":
        rows = []
        for _, r in v.records:
            rows.append({"municipality_code": r["municipality"], "year": r["year"],
                         "tvw_adopted": r["tvw_adopted"], "tvw_adopted_date": r.get("tvw_adopted_date"),
                         "wup_adopted": r["wup_adopted"], "heat_debates": r["heat_debates"],
                         "heat_motions": r["heat_motions"], "budget_allocated": r["budget_allocated"],
                         "informed_of_share": r["informed_of_share"], "data_kind": model.IMPORTED_KIND,
                         "source_id": source_id})
        return {"council_indicator": pd.DataFrame(rows)}
    inits: dict[str, dict] = {}
    phases = []
    by_id: dict[str, list[dict]] = {}
    for _, r in v.records:
        by_id.setdefault(r["initiative_id"], []).append(r)
    for iid, recs in by_id.items():
        row = {"initiative_id": iid, "focus": None, "data_kind": model.IMPORTED_KIND, "source_id": source_id}
        for a, col in (("name", "name"), ("municipality", "municipality_code"), ("technology", "technology"),
                       ("municipal_role", "municipal_role"), ("place", "place"), ("org_type", "org_type"),
                       ("homes_planned", "homes_planned"), ("volunteers", "volunteers"),
                       ("professional_support", "professional_support"), ("url", "url")):
            row[col] = next((r[a] for r in recs if r.get(a) is not None), None)
        inits[iid] = row
        phases.extend(_spell_rows(iid, recs))
    columns = ["initiative_id", "name", "municipality_code", "place", "org_type", "technology", "focus",
               "municipal_role", "homes_planned", "volunteers", "professional_support", "url", "data_kind",
               "source_id"]
    init = pd.DataFrame(list(inits.values()), columns=columns)
    for c in ("homes_planned", "volunteers"):
        init[c] = init[c].astype("Int64")
    init["professional_support"] = init["professional_support"].astype("boolean")
    for c in ("name", "municipality_code", "place", "org_type", "technology", "focus", "municipal_role", "url"):
        init[c] = init[c].astype("object")
    phase = pd.DataFrame(phases, columns=list(funnel.PHASE_COLUMNS)).assign(source_id=source_id)
    return {"initiative": init, "initiative_phase": phase}


def _changes(con: duckdb.DuckDBPyConnection, v: Validated, frames: dict[str, pd.DataFrame],
             munis: Municipalities) -> list[str]:
    out = []
    if v.kind == "initiatives":
        init = frames["initiative"]
        for code, group in init.groupby("municipality_code", sort=True):
            old = con.execute("SELECT data_kind, count(*) FROM initiative WHERE municipality_code = ? "
                              "GROUP BY data_kind ORDER BY data_kind", [code]).fetchall()
            was = ", ".join(f"{n} {k}" for k, n in old) or "none"
            out.append(f"{munis.label(code)}: {len(group)} initiative(s) replace {was}")
    else:
        council = frames["council_indicator"]
        for r in council.itertuples():
            old = con.execute("SELECT data_kind FROM council_indicator WHERE municipality_code = ? AND year = ?",
                              [r.municipality_code, r.year]).fetchone()
            out.append(f"{munis.label(r.municipality_code)} {r.year}: "
                       + (f"replaces the {old[0]} row" if old else "new row"))
    return out


def _apply(con: duckdb.DuckDBPyConnection, v: Validated, frames: dict[str, pd.DataFrame], source: dict) -> None:
    """Replace the scope of the import.

    DuckDB checks foreign keys against rows deleted earlier in the same transaction
    (a documented limitation), so the phase rows are deleted in a first transaction,
    the rows replaced in a second and unused import sources removed in a third. All
    run on the private copy, which only replaces the database when every one
    committed and the checks passed.
    """
    con.execute("BEGIN TRANSACTION")
    con.execute("INSERT INTO source BY NAME SELECT * FROM (SELECT ?::VARCHAR AS source_id, ?::VARCHAR AS publisher, "
                "?::VARCHAR AS title, NULL::VARCHAR AS url, NULL::VARCHAR AS licence, ?::VARCHAR AS kind, "
                "?::VARCHAR AS retrieved, ?::VARCHAR AS file, ?::VARCHAR AS sha256, ?::INTEGER AS row_count, "
                "?::VARCHAR AS notes)",
                [source["source_id"], source["publisher"], source["title"], source["kind"], source["retrieved"],
                 source["file"], source["sha256"], source["row_count"], source["notes"]])
    if v.kind == "initiatives":
        init = frames["initiative"]
        con.register("imported_codes", pd.DataFrame({"code": sorted(set(init["municipality_code"]))}))
        con.execute("DELETE FROM initiative_phase WHERE initiative_id IN (SELECT initiative_id FROM initiative "
                    "WHERE municipality_code IN (SELECT code FROM imported_codes))")
        con.execute("COMMIT")
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM initiative WHERE municipality_code IN (SELECT code FROM imported_codes)")
        con.register("frame", init)
        con.execute("INSERT INTO initiative BY NAME SELECT * FROM frame")
        con.unregister("frame")
        con.register("frame", frames["initiative_phase"])
        con.execute("INSERT INTO initiative_phase BY NAME SELECT * FROM frame")
        con.unregister("frame")
        con.unregister("imported_codes")
    else:
        council = frames["council_indicator"]
        con.register("frame", council)
        con.execute("DELETE FROM council_indicator c USING frame f "
                    "WHERE c.municipality_code = f.municipality_code AND c.year = f.year")
        con.execute("INSERT INTO council_indicator BY NAME SELECT * FROM frame")
        con.unregister("frame")
    # A new data version: every cached result of the old data is keyed by the old one.
    con.execute("DELETE FROM build_info WHERE key = 'data_version'")
    con.execute("INSERT INTO build_info VALUES ('data_version', ?)", [uuid.uuid4().hex])
    con.execute("COMMIT")
    # Earlier imports whose rows have all been replaced no longer describe any row (own transaction, for the
    # same foreign-key limitation).
    con.execute("BEGIN TRANSACTION")
    con.execute("""
        DELETE FROM source s WHERE s.publisher = 'Import' AND s.source_id <> ?
          AND NOT EXISTS (SELECT 1 FROM initiative i WHERE i.source_id = s.source_id)
          AND NOT EXISTS (SELECT 1 FROM initiative_phase p WHERE p.source_id = s.source_id)
          AND NOT EXISTS (SELECT 1 FROM council_indicator c WHERE c.source_id = s.source_id)""",
                [source["source_id"]])
    con.execute("COMMIT")


@contextlib.contextmanager
def _lock(db: Path):
    """One import at a time per database (advisory lock next to it)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    lock_path = db.with_name(f".{db.name}.import.lock")
    with open(lock_path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _identity(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def backup_path(db: Path, now: datetime) -> Path:
    folder = db.parent / "backups"
    stamp = now.strftime("%Y%m%dT%H%M%S")
    candidate = folder / f"{db.stem}-{stamp}.duckdb"
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{db.stem}-{stamp}-{n}.duckdb"
    return candidate


def import_file(kind: str, path: str | os.PathLike, db: str | os.PathLike | None = None, dry_run: bool = False,
                now: datetime | None = None, say: Callable[[str], None] | None = None) -> ImportResult:
    """Validate a file and, unless ``dry_run``, import it all or nothing.

    Raises
    ------
    InvalidImportFile
        The file has problems (each with row, column, value, expected); nothing written.
    ImportWriteError
        The database is missing, failed its checks after the import, or changed
        during the import; nothing written.
    """
    from warmte.ingest.build import run_checks

    path = Path(path)
    target = config.db_path(db)
    now = now or datetime.now(UTC)
    if not target.is_file():
        raise ImportWriteError(f"database {target} not found: build it first with `warmte build`")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidImportFile([Problem(None, None, None, f"cannot be read ({exc.strerror or exc})",
                                         "a readable file")]) from None
    sha = hashlib.sha256(raw).hexdigest()
    with _lock(target):
        before = _identity(target)
        try:
            con = duckdb.connect(str(target), read_only=True)
        except duckdb.Error as exc:
            raise ImportWriteError(f"database {target} cannot be opened ({exc})") from None
        try:
            ctx = Context.from_db(con, today=now.date())
            v = validate(kind, path, ctx, raw)
            source_id = f"import_{kind}_{now.strftime('%Y%m%dT%H%M%S')}_{sha[:8]}"
            frames = _frames(v, source_id)
            changes = _changes(con, v, frames, ctx.municipalities)
        finally:
            con.close()
        result = ImportResult(kind, path.name, sha, v.rows, v.warnings, changes, dry_run, source_id, None, target)
        if dry_run:
            return result
        source = {
            "source_id": source_id, "publisher": "Import",
            "title": f"Geïmporteerd {'initiatievenregister' if kind == 'initiatives' else 'raadsindicatoren'}: "
                     f"{path.name}",
            "kind": model.IMPORTED_KIND, "retrieved": now.isoformat(timespec="seconds"), "file": path.name,
            "sha256": sha, "row_count": v.rows,
            "notes": f"warmte import {kind} ({v.file_type}); " + "; ".join(changes)[:2000],
        }
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.import.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        leftovers = (tmp, tmp.with_name(tmp.name + ".wal"))
        try:
            shutil.copyfile(target, tmp)
            wal = target.with_name(target.name + ".wal")
            if wal.exists():
                shutil.copyfile(wal, leftovers[1])
            try:
                wcon = duckdb.connect(str(tmp))
                try:
                    _apply(wcon, v, frames, source)
                    problems = run_checks(wcon)
                    if problems:
                        raise ImportWriteError([Problem(None, None, None, f"database check failed: {p}")
                                                for p in problems])
                    wcon.execute("CHECKPOINT")
                finally:
                    wcon.close()
            except duckdb.Error as exc:
                raise ImportWriteError(f"the import could not be applied ({exc}); the database was not changed") \
                    from None
            if _identity(target) != before:
                raise ImportWriteError(f"database {target} changed during the import (a build or another import?); "
                                       "nothing was written, run the import again")
            backup = backup_path(target, now)
            backup.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(target, backup)
            except OSError:
                shutil.copy2(target, backup)
            os.replace(tmp, target)
        except BaseException:
            for p in leftovers:
                p.unlink(missing_ok=True)
            raise
        leftovers[1].unlink(missing_ok=True)
        result.backup = backup
        if say:
            say(f"backup of the previous database: {backup}")
        return result


# --- Templates ------------------------------------------------------------------------------------------

TEMPLATE_NAMES = {"initiatives": "initiatives_template", "council": "council_template"}
_COMMENT = {
    "initiatives": "# Warmtemonitor initiatievenregister: een rij per fasewissel. Zie data/README.md. "
                   "Regels die met # beginnen worden overgeslagen. Vervang de VOORBEELD-rijen door uw eigen rijen.",
    "council": "# Warmtemonitor raadsindicatoren: een rij per gemeente en jaar. Zie data/README.md. "
               "Regels die met # beginnen worden overgeslagen. Vervang de voorbeeldrijen door uw eigen rijen.",
}


def _csv_value(v) -> str:
    if isinstance(v, date):
        return v.isoformat()
    return "" if v is None else str(v)


def write_template(kind: str, path: str | os.PathLike, rows: list[dict] | None = None, comment: bool = True) -> Path:
    """Write a template (CSV or XLSX by the suffix of ``path``) with the example rows or ``rows``."""
    path = Path(path)
    names = [c.name for c in COLUMNS[kind]]
    rows = EXAMPLES[kind] if rows is None else rows
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(kind, path, names, rows)
        return path
    buf = io.StringIO(newline="")
    if comment:
        buf.write(_COMMENT[kind].replace(";", " ").replace(",", " ") + "\r\n")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(names)
    for r in rows:
        w.writerow([_csv_value(r.get(n)) for n in names])
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))  # BOM: Excel opens it as UTF-8
    return path


def _write_xlsx(kind: str, path: Path, names: list[str], rows: list[dict]) -> None:
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "gegevens"
    ws.append(names)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r.get(n) if r.get(n) != "" else None for n in names])
    for i, n in enumerate(names, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = max(12, len(n) + 2)
        if isinstance(rows[0].get(n) if rows else None, date):
            for row in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                row[0].number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    lists = {"phase": model.ALL_PHASES, "technology": model.TECHNOLOGIES, "municipal_role": model.MUNICIPAL_ROLES}
    for col in COLUMNS[kind]:
        values = lists.get(col.name) or (("ja", "nee") if col.type == "bool" else None)
        if values:
            letter = openpyxl.utils.get_column_letter(names.index(col.name) + 1)
            dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=not col.required)
            dv.add(f"{letter}2:{letter}5000")
            ws.add_data_validation(dv)
    notes = wb.create_sheet("toelichting")
    notes.append([_COMMENT[kind].lstrip("# ")])
    notes.append([])
    notes.append(["column", "required", "description"])
    for cell in notes[3]:
        cell.font = Font(bold=True)
    for c in COLUMNS[kind]:
        notes.append([c.name, "ja" if c.required else "nee", c.description])
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["C"].width = 90
    wb.save(path)


def write_templates(folder: str | os.PathLike) -> list[Path]:
    """Write the CSV and XLSX templates of both formats into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for kind in KINDS:
        for suffix in (".csv", ".xlsx"):
            out.append(write_template(kind, folder / f"{TEMPLATE_NAMES[kind]}{suffix}"))
    return out
