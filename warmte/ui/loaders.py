"""Cached loaders. One loader per table or computed table.

The snapshot of the database is shared by all sessions (``st.cache_resource``)
and keyed on the database file's identity, so a rebuild or import (an atomic
rename) is picked up on the next interaction. Computed tables are cached per
filter combination with a bounded ``st.cache_data``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from warmte import chartspec, indicators, store


def db_key() -> tuple[str, int, int]:
    """Identity of the current database file; raises store.DatabaseError when missing."""
    try:
        return store.version_key()
    except FileNotFoundError as exc:
        raise store.DatabaseError(f"database not found ({exc.filename}): build it with `warmte build`") from exc


@st.cache_resource(show_spinner=False, max_entries=2)
def _data(key: tuple[str, int, int]) -> store.Data:
    return store.load(key[0])


def data() -> store.Data:
    """The current database snapshot (shared, read-only)."""
    return _data(db_key())


@st.cache_data(show_spinner=False, max_entries=64)
def level_table(key: tuple, level: str, year: int, definition: str, target: str) -> pd.DataFrame:
    return indicators.level_table(_data(key), level, year, definition, target)


@st.cache_resource(show_spinner=False, max_entries=8)
def geojson(key: tuple, level: str) -> dict:
    """The simplified geometry of a level as a GeoJSON FeatureCollection (feature id = code)."""
    return chartspec.feature_collection(key[0], level)


def chart_loaders(key: tuple) -> chartspec.Loaders:
    """The chart registry's inputs from these cached loaders."""
    return chartspec.Loaders(level_table=lambda level, year, definition, target: level_table(
        key, level, year, definition, target), geojson=lambda level: geojson(key, level))


DOWNLOAD_TABLES = ("municipality", "province", "res_region", "housing", "national_series", "initiative",
                   "initiative_phase", "council_indicator", "paw_proeftuin", "fact", "source")


def download_tables(key: tuple) -> dict[str, pd.DataFrame]:
    """Every table offered for download on the Data & methode page."""
    snapshot = _data(key)
    return {name: getattr(snapshot, name) for name in DOWNLOAD_TABLES}


@st.cache_data(show_spinner=False, max_entries=2)
def xlsx_all(key: tuple) -> bytes:
    """All download tables as one XLSX workbook (made once per database version)."""
    from warmte import export

    return export.xlsx_bytes(download_tables(key))
