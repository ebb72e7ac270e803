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
          "initiative", "initiative_phase", "council_indicator", "paw_proeftuin", "geometry", "municipal_energy",
          "heating_mix", "heat_project", "tvw_status")
ILLUSTRATIVE = "illustrative"


@dataclass(frozen=True)
class Data:
    """An immutable snapshot of every table, as measured data only or with the demonstration layer.

    ``demo`` False (the default): every row whose kind is illustrative (generated) is left out, so no generated
    number or name can reach a page, an export or the CLI. ``demo`` True: the generated layer is included and
    marked as illustrative wherever it appears.
    """

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
    municipal_energy: pd.DataFrame
    heating_mix: pd.DataFrame
    heat_project: pd.DataFrame
    tvw_status: pd.DataFrame
    demo: bool = False
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
        base = str(self.build_info.get("data_version") or self.build_info.get("built_at", ""))
        return base + ("+demo" if self.demo else "")

    @property
    def as_of(self) -> pd.Timestamp:
        """Reference date of the initiative register."""
        return pd.Timestamp(self.build_info.get("initiatives_as_of", config.INITIATIVES_AS_OF))

    @property
    def years(self) -> list[int]:
        """The years of the national series (CBS shares)."""
        return sorted(int(y) for y in self.national_series["year"])

    def municipal_years(self, definition: str = "gas_free") -> list[int]:
        """Years with a gas-free figure (and, for ``gas_free_or_hybrid``, a hybrid figure) for every municipality."""
        column = "gas_free_homes" if definition == "gas_free" else "hybrid_homes"
        h = self.housing.dropna(subset=["gas_free_homes", column])
        counts = h.groupby("year")["municipality_code"].nunique()
        return sorted(int(y) for y, n in counts.items() if n == len(self.municipality))

    def region_years(self, code: str, definition: str = "gas_free") -> list[int]:
        """The years a region has observations for: the national series for NL, else the municipal years."""
        if code == model.NATIONAL_CODE:
            if definition == "gas_free":
                return self.years
            return sorted(int(y) for y in self.national_series.dropna(subset=["hybrid_share"])["year"])
        return self.municipal_years(definition)


def _regions(province: pd.DataFrame, res_region: pd.DataFrame, municipality: pd.DataFrame) -> pd.DataFrame:
    parts = [
        pd.DataFrame({"code": [model.NATIONAL_CODE], "name": ["Nederland"], "level": ["nederland"]}),
        province[["code", "name"]].assign(level="provincie"),
        res_region[["code", "name"]].assign(level="res"),
        municipality[["code", "name"]].assign(level="gemeente"),
    ]
    return pd.concat(parts, ignore_index=True)


def _measured_only(frames: dict) -> None:
    """Leave out every generated (illustrative) row and value: the default, real-data view."""
    h = frames["housing"]
    h = h[(h["stock_kind"] != ILLUSTRATIVE) & (h["gas_free_kind"] != ILLUSTRATIVE)].copy()
    generated = h["hybrid_kind"] == ILLUSTRATIVE
    h.loc[generated, ["hybrid_homes", "hybrid_kind", "hybrid_source_id"]] = None
    frames["housing"] = h.reset_index(drop=True)
    init = frames["initiative"]
    frames["initiative"] = init[init["data_kind"] != ILLUSTRATIVE].reset_index(drop=True)
    phases = frames["initiative_phase"]
    frames["initiative_phase"] = phases[phases["initiative_id"].isin(set(frames["initiative"]["initiative_id"]))
                                        ].reset_index(drop=True)
    council = frames["council_indicator"]
    frames["council_indicator"] = council[council["data_kind"] != ILLUSTRATIVE].reset_index(drop=True)
    src = frames["source"]
    frames["source"] = src[src["kind"] != ILLUSTRATIVE].reset_index(drop=True)


def load(db: str | os.PathLike | None = None, demo: bool = False) -> Data:
    """Load every table of the database into a :class:`Data` snapshot (read-only connection).

    ``demo``: include the generated demonstration layer (see :class:`Data`).
    """
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
    if not demo:
        _measured_only(frames)
    regions = _regions(frames["province"], frames["res_region"], frames["municipality"])
    return Data(**frames, demo=demo, path=str(config.db_path(db)), regions=regions)
