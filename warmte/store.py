"""DuckDB access: read-only connections and parameterised queries.

The database is small (hundreds to a few hundred thousand rows), so readers
load whole tables once, in one read-only connection, into a :class:`Data`
snapshot and compute in pandas. The snapshot carries its own version (the
``data_version`` that every build and import writes into ``build_info``), read in
that same connection, so a result computed from it can be keyed by it and never
mixes two versions of the file. A rebuild or import replaces the file
atomically; the app notices the new file by its identity (:func:`file_key`) and
loads a new snapshot.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from warmte import config, model


class DatabaseError(RuntimeError):
    """The database is missing, unreadable or not a Warmtemonitor database."""


def connect(db: str | os.PathLike | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database; read-only unless asked otherwise.

    Raises :class:`DatabaseError` with what to run when the file is missing or corrupt.
    """
    path = config.db_path(db)
    if not path.is_file():
        raise DatabaseError(f"database {path} not found: build it with `warmte build` "
                            "(or `python -m warmte build`)")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise DatabaseError(f"database {path} cannot be opened ({exc}); rebuild it with `warmte build`") from exc


def query(con: duckdb.DuckDBPyConnection, sql: str, params: list | tuple | dict | None = None) -> pd.DataFrame:
    """Run a parameterised query (``?`` or ``$name`` placeholders) and return a DataFrame."""
    return con.execute(sql, params or []).df()


def file_key(db: str | os.PathLike | None = None) -> tuple[str, int, int]:
    """Identity of the current database file: (path, inode, mtime_ns); changes on every rebuild or import.

    Only tells *that* the file changed; the version of the data is :attr:`Data.version`.
    """
    path = config.db_path(db)
    st = path.stat()
    return (str(path.resolve()), st.st_ino, st.st_mtime_ns)


TABLES = ("source", "build_info", "province", "res_region", "municipality", "housing", "national_series", "fact",
          "initiative", "initiative_phase", "council_indicator", "paw_proeftuin", "geometry")


@dataclass(frozen=True)
class Data:
    """An immutable snapshot of every table (except geometry, which is loaded per level)."""

    source: pd.DataFrame
    build_info: dict[str, str]
    province: pd.DataFrame
    res_region: pd.DataFrame
    municipality: pd.DataFrame
    housing: pd.DataFrame
    national_series: pd.DataFrame
    fact: pd.DataFrame
    initiative: pd.DataFrame
    initiative_phase: pd.DataFrame
    council_indicator: pd.DataFrame
    paw_proeftuin: pd.DataFrame
    geometry: pd.DataFrame  # level, code, name, geojson (simplified, text)
    path: str = ""
    regions: pd.DataFrame = field(default=None)  # code, name, level (incl. Nederland)

    def region_name(self, code: str) -> str:
        hit = self.regions.loc[self.regions["code"] == code, "name"]
        if hit.empty:
            raise KeyError(code)
        return str(hit.iloc[0])

    def has_region(self, code: str) -> bool:
        return bool((self.regions["code"] == code).any())

    @property
    def version(self) -> str:
        """The version of this snapshot's data: new on every build and import (key of every cached result)."""
        return str(self.build_info.get("data_version") or self.build_info.get("built_at", ""))

    @property
    def as_of(self) -> pd.Timestamp:
        """Reference date of the initiative register."""
        return pd.Timestamp(self.build_info.get("initiatives_as_of", config.INITIATIVES_AS_OF))

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.national_series["year"])


def _regions(province: pd.DataFrame, res_region: pd.DataFrame, municipality: pd.DataFrame) -> pd.DataFrame:
    parts = [
        pd.DataFrame({"code": [model.NATIONAL_CODE], "name": ["Nederland"], "level": ["nederland"]}),
        province[["code", "name"]].assign(level="provincie"),
        res_region[["code", "name"]].assign(level="res"),
        municipality[["code", "name"]].assign(level="gemeente"),
    ]
    return pd.concat(parts, ignore_index=True)


def load(db: str | os.PathLike | None = None) -> Data:
    """Load every table of the database into a :class:`Data` snapshot (read-only connection)."""
    con = connect(db)
    try:
        frames = {}
        for table in TABLES:
            frames[table] = con.execute(f"SELECT * FROM {table}").df()  # table names are constants
    except duckdb.Error as exc:
        raise DatabaseError(
            f"database {config.db_path(db)} is incomplete ({exc}); rebuild it with `warmte build`") from exc
    finally:
        con.close()
    for col in ("start_date", "end_date"):
        frames["initiative_phase"][col] = pd.to_datetime(frames["initiative_phase"][col])
    info = dict(zip(frames["build_info"]["key"], frames["build_info"]["value"], strict=True))
    frames["build_info"] = info
    regions = _regions(frames["province"], frames["res_region"], frames["municipality"])
    return Data(**frames, path=str(config.db_path(db)), regions=regions)
