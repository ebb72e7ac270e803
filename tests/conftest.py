"""Shared fixtures: a database built once per test session from the real sources (the shipped snapshot)."""

from __future__ import annotations

from pathlib import Path

import pytest

from warmte import config

REAL_SOURCES = config.sources_dir()


def real_sources_present() -> bool:
    return (REAL_SOURCES / "gemeente_2025.topojson").is_file()


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """Path of a database built from the real sources (data/snapshot, or data/raw when warmte fetch filled it)."""
    if not real_sources_present():
        pytest.fail(f"real sources not found in {REAL_SOURCES}: set WARMTE_SOURCES or run `warmte fetch`")
    from warmte.ingest.build import build

    path = tmp_path_factory.mktemp("db") / "warmte.duckdb"
    build(REAL_SOURCES, path, say=lambda s: None)
    return path


@pytest.fixture(scope="session")
def data(built_db):
    """The loaded snapshot of the real-source database: measured data only (the app's default)."""
    from warmte import store

    return store.load(built_db)


@pytest.fixture(scope="session")
def demo_data(built_db):
    """The same database with the generated demonstration layer (``?demo=1``): earlier municipal years,
    the illustrative initiative register and council indicators."""
    from warmte import store

    return store.load(built_db, demo=True)
