"""Paths and settings.

Environment variables
---------------------
WARMTE_DB
    Path of the DuckDB database (default ``data/warmte.duckdb`` in the repository).
WARMTE_SOURCES
    Directory with the raw source files (see :func:`sources_dir`).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
#: The dated open-data snapshot shipped in the repository (each file with a provenance sidecar).
SNAPSHOT_DIR = DATA_DIR / "snapshot"
DEFAULT_DB = DATA_DIR / "warmte.duckdb"
#: A database built from the shipped snapshot beside the data in use (optional): the Data page then lists the
#: changes per region (`warmte build --sources data/snapshot --db data/snapshot.duckdb`).
SNAPSHOT_DB = DATA_DIR / "snapshot.duckdb"

#: Seed of the illustrative layer: the same seed gives the same database.
ILLUSTRATIVE_SEED = 20301231
#: Reference date of the initiative register ("stand"): time in phase and
#: stalls are computed up to this date, so numbers do not drift with the clock.
INITIATIVES_AS_OF = "2025-12-31"


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database path: ``explicit``, else ``$WARMTE_DB``, else ``data/warmte.duckdb``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("WARMTE_DB")
    return Path(env) if env else DEFAULT_DB


def _has_files(path: Path) -> bool:
    return path.is_dir() and any(p.is_file() for p in path.rglob("*") if not p.name.startswith("."))


def sources_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The raw sources directory.

    Resolution order (DESIGN.md, Data flow): ``explicit`` (``--sources``), else
    ``$WARMTE_SOURCES``, else ``data/raw/`` when ``warmte fetch`` filled it, else
    the snapshot shipped in the repository (``data/snapshot/``).
    """
    if explicit:
        return Path(explicit)
    env = os.environ.get("WARMTE_SOURCES")
    if env:
        return Path(env)
    if _has_files(RAW_DIR):
        return RAW_DIR
    return SNAPSHOT_DIR
