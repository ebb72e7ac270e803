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
from functools import cached_property

import duckdb
import pandas as pd

from warmte import config, model


class DatabaseError(RuntimeError):
    """The database is missing, unreadable or not a Warmtemonitor database."""


#: DuckDB settings of every connection: a file that is not a DuckDB database (e.g. SQLite) must never make
#: DuckDB download or load an extension to read it.
CONNECTION_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def connect(db: str | os.PathLike | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database; read-only unless asked otherwise. Extensions are never installed or loaded.

    Raises :class:`DatabaseError` with what to run when the file is missing or corrupt.
    """
    path = config.db_path(db)
    if not path.is_file():
        raise DatabaseError(f"database {path} not found: build it with `warmte build` "
                            "(or `python -m warmte build`)")
    try:
        return duckdb.connect(str(path), read_only=read_only, config=dict(CONNECTION_CONFIG))
    except duckdb.Error as exc:
        raise DatabaseError(f"database {path} cannot be opened ({_first_line(exc)}); "
                            "rebuild it with `warmte build`") from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


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


#: The tables of the read side and the columns it reads (a database may hold more; one that lacks any of
#: these is from another version of the schema and is refused as a whole, with what to run).
COLUMNS = {
    "source": ("source_id", "publisher", "title", "url", "licence", "kind", "retrieved", "file", "sha256",
               "row_count", "notes", "reference_date"),
    "build_info": ("key", "value"),
    "province": ("code", "name", "source_id"),
    "res_region": ("code", "name", "source_id"),
    "municipality": ("code", "name", "province_code", "res_code", "population", "land_area_ha", "density_per_km2",
                     "housing_stock_2025", "source_id", "stock_2025_source_id", "province_source_id",
                     "res_source_id"),
    "housing": ("municipality_code", "year", "housing_stock", "gas_free_homes", "hybrid_homes", "stock_kind",
                "gas_free_kind", "hybrid_kind", "stock_source_id", "gas_free_source_id", "hybrid_source_id"),
    "national_series": ("year", "housing_stock", "gas_free_share", "hybrid_share", "stock_kind", "gas_free_kind",
                        "hybrid_kind", "source_id", "stock_note"),
    "fact": ("fact_id", "topic", "indicator", "value", "unit", "reference_period", "geography", "publisher",
             "publication", "url", "notes", "source_id"),
    "initiative": ("initiative_id", "name", "municipality_code", "place", "org_type", "technology", "focus",
                   "municipal_role", "homes_planned", "volunteers", "professional_support", "url", "status_text",
                   "source_date", "note", "data_kind", "source_id"),
    "initiative_phase": ("initiative_id", "phase", "start_date", "end_date", "source_id"),
    "council_indicator": ("municipality_code", "year", "tvw_adopted", "tvw_adopted_date", "wup_adopted",
                          "heat_debates", "heat_motions", "budget_allocated", "informed_of_share", "data_kind",
                          "source_id"),
    "paw_proeftuin": ("proeftuin_id", "round", "year_selected", "municipality_code", "municipality_name_source",
                      "neighbourhood", "technology_text", "local_initiative", "homes_text", "contribution_text",
                      "confirmation", "confirmed", "url", "source_id"),
    "geometry": ("level", "code", "name", "geojson", "source_id"),
    "municipal_energy": ("municipality_code", "year", "gas_free_share", "district_heating_share", "gas_m3_per_home",
                         "electricity_kwh_per_home", "solar_share", "source_id"),
    "heating_mix": ("municipality_code", "year", "individual_boiler_share", "block_heating_share",
                    "district_heating_high_gas_share", "district_heating_low_gas_share",
                    "district_heating_no_gas_share", "electric_high_gas_share", "electric_low_gas_share",
                    "district_heating_share", "source_id"),
    "heat_project": ("project_id", "name", "municipality_code", "place", "phase", "homes_planned",
                     "homes_planned_text", "resident_led", "temperature", "heat_source", "initiator", "supplier",
                     "status_date", "status_date_text", "url", "links", "neighbourhood_code", "lat", "lon",
                     "source_id"),
    "tvw_status": ("municipality_code", "name_source", "status_text", "status", "status_code", "document", "notes",
                   "source_id"),
    "housing_type": ("municipality_code", "year", "dwellings", "apartment_share", "pre1945_share", "source_id"),
}
TABLES = tuple(COLUMNS)
#: Tables without which no page can be drawn: an empty one means a broken build.
NOT_EMPTY = ("build_info", "province", "municipality", "housing", "national_series")
ILLUSTRATIVE = "illustrative"


#: The country's name per language (the database holds the Dutch "Nederland").
NATIONAL_NAMES = {"nl": "Nederland", "en": "the Netherlands"}


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
    housing_type: pd.DataFrame  # ETLocal 2023: dwellings, apartment and pre-1945 shares per municipality
    demo: bool = False
    path: str = ""
    regions: pd.DataFrame = field(default=None)  # code, name, level (incl. Nederland)

    def region_name(self, code: str, lang: str = "nl") -> str:
        """The region's name as a reader of ``lang`` says it: the country is "the Netherlands" in English;
        municipalities, provinces and RES regions keep their official (Dutch or Frisian) names."""
        if code == model.NATIONAL_CODE and lang in NATIONAL_NAMES:
            return NATIONAL_NAMES[lang]
        return self._names[code]  # KeyError for an unknown code

    def has_region(self, code: str) -> bool:
        return code in self._names

    @cached_property
    def _names(self) -> dict[str, str]:
        """Name per region code (the first row of a code), built once per snapshot: a page run looks up every
        region's name for the sidebar's list, and a pandas lookup per code cost 0.17 s per run."""
        names: dict[str, str] = {}
        for code, name in zip(self.regions["code"], self.regions["name"], strict=True):
            names.setdefault(str(code), str(name))
        return names

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


def schema_problem(frames: dict[str, pd.DataFrame]) -> str | None:
    """What a loaded set of tables lacks for the read side (a missing column, an empty table), or None."""
    for table, columns in COLUMNS.items():
        missing = [c for c in columns if c not in frames[table].columns]
        if missing:
            return f"table {table} has no column {', '.join(missing)}"
    for table in NOT_EMPTY:
        if frames[table].empty:
            return f"table {table} is empty"
    return None


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
        raise DatabaseError(f"database {config.db_path(db)} is incomplete ({_first_line(exc)}); "
                            "rebuild it with `warmte build`") from exc
    finally:
        con.close()
    problem = schema_problem(frames)
    if problem:
        raise DatabaseError(f"database {config.db_path(db)} is incomplete ({problem}); rebuild it with `warmte build`")
    for col in ("start_date", "end_date"):
        frames["initiative_phase"][col] = pd.to_datetime(frames["initiative_phase"][col])
    info = dict(zip(frames["build_info"]["key"], frames["build_info"]["value"], strict=True))
    frames["build_info"] = info
    if not demo:
        _measured_only(frames)
    regions = _regions(frames["province"], frames["res_region"], frames["municipality"])
    return Data(**frames, demo=demo, path=str(config.db_path(db)), regions=regions)
