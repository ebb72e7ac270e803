"""Writing a validated import: its rows as table frames, replacing its scope in a copy of the database."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from warmte import config, model
from warmte.domain import funnel
from warmte.ingest import dbfile
from warmte.ingest.checks import run_checks
from warmte.ingest.importer.municipalities import Municipalities
from warmte.ingest.importer.problems import ImportWriteError, InvalidImportFile, Problem
from warmte.ingest.importer.read import read_file
from warmte.ingest.importer.validate import Context, Validated, _spell_rows, validate


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
    path = Path(path)
    given = config.db_path(db)
    target = dbfile.real_path(given)  # through a symbolic link: the link stays, the real file gets the import
    now = now or datetime.now(UTC)
    if target.is_dir():
        raise ImportWriteError(f"database {given} is a directory; give the path of the database file")
    if not target.is_file():
        raise ImportWriteError(f"database {given} not found: build it first with `warmte build`")
    keep = None
    if not dry_run:
        try:
            keep = dbfile.keep_backups()
        except ValueError as exc:
            raise InvalidImportFile([Problem(None, None, None, str(exc))]) from None
    raw = read_file(path)
    sha = hashlib.sha256(raw).hexdigest()
    try:
        return _import_locked(kind, path, raw, sha, target, dry_run, now, say, keep)
    except dbfile.WriteError as exc:
        raise ImportWriteError(str(exc)) from None


def _import_locked(kind: str, path: Path, raw: bytes, sha: str, target: Path, dry_run: bool, now: datetime,
                   say: Callable[[str], None] | None, keep: int | None) -> ImportResult:
    with dbfile.lock(target, required=not dry_run):
        if not dry_run:
            for p in dbfile.remove_stale(target):
                if say:
                    say(f"removed a temporary file left by an interrupted run: {p}")
        before = dbfile.identity(target)
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
        except duckdb.Error as exc:
            raise ImportWriteError(f"database {target} cannot be read ({str(exc).splitlines()[0]}); rebuild it "
                                   "with `warmte build`") from None
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

        def unchanged() -> None:
            if dbfile.identity(target) != before:
                raise ImportWriteError(f"database {target} changed during the import (a build or another import?); "
                                       "nothing was written, run the import again")

        def checks_failed(problems: list[str]) -> ImportWriteError:
            return ImportWriteError([Problem(None, None, None, f"database check failed: {p}") for p in problems])

        try:
            backup = dbfile.replace(target, lambda con: _apply(con, v, frames, source), checks=run_checks,
                                    failed=checks_failed, copy=True, backup_at=now, before_rename=unchanged,
                                    tag="import").backup
        except duckdb.Error as exc:
            raise ImportWriteError(f"the import could not be applied ({exc}); the database was not changed") \
                from None
        result.backup = backup
        if say:
            say(f"backup of the previous database: {backup}")
        pruned = dbfile.prune_backups(target, keep or dbfile.KEEP_BACKUPS)
        if say and pruned:
            say(f"removed {len(pruned)} older backup(s), keeping the newest {keep or dbfile.KEEP_BACKUPS} "
                "($WARMTE_KEEP_BACKUPS)")
        return result
