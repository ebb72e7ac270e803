"""Validation of an import file: header, records, cross-row checks of initiatives and councils.

Every problem is reported at once as :class:`Problem` (row, column, value, expected), with rows
numbered as a spreadsheet shows them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb
import pandas as pd

from warmte import model
from warmte.domain import funnel
from warmte.domain.regions import normalise_name
from warmte.ingest.importer.cells import (
    _ROLE_ALIASES,
    _TECH_ALIASES,
    _key,
    _text,
    _vocabulary,
    parse_bool,
    parse_date,
    parse_int,
)
from warmte.ingest.importer.formats import (
    COLUMNS,
    EXAMPLE_ID_PREFIX,
    EXAMPLES,
    KINDS,
    MAX_COUNT_PER_YEAR,
    MAX_TEXT,
    MAX_VOLUNTEERS,
    MIN_YEAR,
    Column,
)
from warmte.ingest.importer.municipalities import Municipalities
from warmte.ingest.importer.problems import InvalidImportFile, Problem, _show
from warmte.ingest.importer.read import Table, _is_blank, read_table


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
