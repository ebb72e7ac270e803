"""THE cache of the app: the only place with ``st.cache_*`` (or any memo).

- The snapshot of the database is shared by all sessions (``st.cache_resource``), one per database *file*
  (path, inode, mtime): a rebuild or import renames a new file over the old one, and the next interaction
  loads it.
- Every computed result is keyed by the *snapshot's own version* (``Data.version``, read in the same
  connection as the data), never by the file. A result computed from an old snapshot while the file is
  being replaced is therefore stored under the old version and can never be served for the new one.

The views stay pure; this module only wraps them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from warmte import store
from warmte.export import files
from warmte.views import comparison, council, heat, initiatives, registry
from warmte.views import map as map_view


def file_key() -> tuple[str, int, int]:
    """Identity of the current database file; raises store.DatabaseError when it is missing."""
    try:
        return store.file_key()
    except FileNotFoundError as exc:
        raise store.DatabaseError(f"database not found ({exc.filename}): build it with `warmte build`") from exc


@st.cache_resource(show_spinner=False, max_entries=4)
def _snapshot(key: tuple[str, int, int], demo: bool) -> store.Data:
    return store.load(key[0], demo=demo)


def data(demo: bool = False) -> store.Data:
    """The current database snapshot (shared, read-only): measured data only, or with the demonstration layer."""
    return _snapshot(file_key(), demo)


# Each cached function takes the snapshot's version as its first (hashed) argument and the snapshot itself
# as ``_data`` (not hashed): the version says which data the result belongs to.


@st.cache_data(show_spinner=False, max_entries=64)
def _level_table(version: str, _data: store.Data, level: str, year: int, definition: str,
                 target: str) -> pd.DataFrame:
    return comparison.level_table(_data, level, year, definition, target)


def level_table(snapshot: store.Data, level: str, year: int, definition: str, target: str) -> pd.DataFrame:
    """The per-level table (:func:`warmte.views.comparison.level_table`), cached per version and filters."""
    return _level_table(snapshot.version, snapshot, level, year, definition, target)


@st.cache_resource(show_spinner=False, max_entries=64)
def _funnel(version: str, _data: store.Data, region: str, stall_months: int) -> initiatives.Funnel:
    return initiatives.region_funnel(_data, region, stall_months)


def funnel(snapshot: store.Data, region: str, stall_months: int) -> initiatives.Funnel:
    """A region's initiative funnel (:func:`warmte.views.initiatives.region_funnel`), cached per version."""
    return _funnel(snapshot.version, snapshot, region, stall_months)


@st.cache_resource(show_spinner=False, max_entries=64)
def _council(version: str, _data: store.Data, region: str) -> pd.DataFrame:
    return council.region_council(_data, region)


def council_rows(snapshot: store.Data, region: str) -> pd.DataFrame:
    """A region's council rows with index and class (:func:`warmte.views.council.region_council`), cached."""
    return _council(snapshot.version, snapshot, region)


@st.cache_resource(show_spinner=False, max_entries=8)
def _geometry(version: str, _data: store.Data, level: str) -> dict:
    return map_view.feature_collection(_data, level)


def geometry(snapshot: store.Data, level: str) -> dict:
    """The simplified geometry of a level as a GeoJSON FeatureCollection (feature id = code), cached."""
    return _geometry(snapshot.version, snapshot, level)


@st.cache_resource(show_spinner=False, max_entries=64)
def _heat_supply(version: str, _data: store.Data, region: str) -> heat.HeatSupply:
    return heat.heat_supply(_data, region)


def heat_supply(snapshot: store.Data, region: str) -> heat.HeatSupply:
    """District heating and gas use of a region (:func:`warmte.views.heat.heat_supply`), cached per version."""
    return _heat_supply(snapshot.version, snapshot, region)


def chart_loaders() -> registry.Loaders:
    """The chart registry's inputs from these cached loaders."""
    return registry.Loaders(level_table=level_table, funnel=funnel, council=council_rows, geometry=geometry)


DOWNLOAD_TABLES = ("municipality", "province", "res_region", "housing", "national_series", "municipal_energy",
                   "heating_mix", "heat_project", "tvw_status", "initiative", "initiative_phase", "council_indicator",
                   "paw_proeftuin", "fact", "source")


def download_tables(snapshot: store.Data) -> dict[str, pd.DataFrame]:
    """Every table offered for download on the Data & methode page."""
    return {name: getattr(snapshot, name) for name in DOWNLOAD_TABLES}


@st.cache_data(show_spinner=False, max_entries=2)
def _xlsx_all(version: str, _data: store.Data) -> bytes:
    return files.xlsx_bytes(download_tables(_data))


def xlsx_all(snapshot: store.Data) -> bytes:
    """All download tables as one XLSX workbook (made once per data version)."""
    return _xlsx_all(snapshot.version, snapshot)


@st.cache_resource(show_spinner=False, max_entries=4)
def _snapshot_diff(key: tuple[str, int, int], version: str, _data: store.Data, lang: str):
    from warmte.views.diff import diff_builds

    return diff_builds(store.load(key[0]), _data, lang)


def snapshot_diff(path: str, snapshot: store.Data, lang: str):
    """What changed per region between the snapshot database at ``path`` (read-only) and the data in use."""
    return _snapshot_diff(store.file_key(path), snapshot.version, snapshot, lang)


@st.cache_data(show_spinner=False, max_entries=4)
def _snapshot_differences(version: str, _data: store.Data, snapshot_dir: str) -> list[dict]:
    from warmte.views.diff import snapshot_differences

    return snapshot_differences(_data, snapshot_dir)


def snapshot_differences(snapshot: store.Data, snapshot_dir) -> list[dict]:
    """The source files of the data in use that differ from the shipped snapshot (read once per data version)."""
    return _snapshot_differences(snapshot.version, snapshot, str(snapshot_dir))
