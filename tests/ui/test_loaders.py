"""The one cache (warmte/ui/loaders.py): results are keyed by the snapshot's own version.

Reproduces the race of the old per-process memo: the database file is replaced while a page renders. The
render that started on the old snapshot finishes with the old numbers (consistent with its snapshot), and the
next render shows the new numbers, never the old result stored under the new file's key.
"""

from __future__ import annotations

import os
import shutil

import duckdb
import pytest
import streamlit as st

from warmte import store
from warmte.ui import loaders
from warmte.views import initiatives as initiatives_view

REGION = "NL"
STALL = 18


def _new_version_without_initiatives_in(db, municipality_code: str) -> None:
    """Change the database as an import would: fewer initiatives and a new data version."""
    con = duckdb.connect(str(db))
    try:
        con.execute("DELETE FROM initiative_phase WHERE initiative_id IN "
                    "(SELECT initiative_id FROM initiative WHERE municipality_code = ?)", [municipality_code])
        con.execute("DELETE FROM initiative WHERE municipality_code = ?", [municipality_code])
        con.execute("UPDATE build_info SET value = 'test-new-version' WHERE key = 'data_version'")
    finally:
        con.close()


@pytest.fixture
def two_versions(built_db, tmp_path, monkeypatch):
    old = tmp_path / "warmte.duckdb"
    new = tmp_path / "new.duckdb"
    shutil.copyfile(built_db, old)
    shutil.copyfile(built_db, new)
    snapshot = store.load(old)
    busiest = snapshot.initiative["municipality_code"].value_counts().index[0]
    _new_version_without_initiatives_in(new, busiest)
    monkeypatch.setenv("WARMTE_DB", str(old))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield old, new
    st.cache_data.clear()
    st.cache_resource.clear()


def test_swap_during_render_then_next_render_sees_new_numbers(two_versions):
    old_path, new_path = two_versions
    expected_old = initiatives_view.region_funnel(store.load(old_path), REGION, STALL).total
    expected_new = initiatives_view.region_funnel(store.load(new_path), REGION, STALL).total
    assert expected_new < expected_old  # the two versions really differ

    rendering = loaders.data()  # a render starts on the old snapshot ...
    os.replace(new_path, old_path)  # ... the file is replaced (warmte build / import) ...
    during = loaders.funnel(rendering, REGION, STALL)  # ... and the render goes on with its own snapshot
    assert during.total == expected_old

    nxt = loaders.data()  # the next interaction
    assert nxt.version == "test-new-version" != rendering.version
    assert loaders.funnel(nxt, REGION, STALL).total == expected_new
    level = loaders.level_table(nxt, "nederland", nxt.years[-1], "gas_free", "pro_rata")
    assert int(level["initiatives"].iloc[0]) < int(
        loaders.level_table(rendering, "nederland", rendering.years[-1], "gas_free", "pro_rata")["initiatives"].iloc[0])


def test_same_version_is_computed_once(two_versions, monkeypatch):
    calls = []
    real = initiatives_view.region_funnel

    def counting(data, code, months):
        calls.append(code)
        return real(data, code, months)

    monkeypatch.setattr(initiatives_view, "region_funnel", counting)
    snapshot = loaders.data()
    first = loaders.funnel(snapshot, REGION, STALL)
    again = loaders.funnel(loaders.data(), REGION, STALL)
    assert again is first and calls == [REGION]


def test_measured_and_demo_snapshots_are_cached_apart(two_versions):
    """The same file gives two snapshots (demonstration off and on) with their own versions: a result of one is
    never served for the other."""
    measured, demo = loaders.data(), loaders.data(demo=True)
    assert measured is loaders.data() and demo is loaders.data(demo=True)
    assert not measured.demo and demo.demo
    assert demo.version == measured.version + "+demo"
    expected_measured = initiatives_view.region_funnel(store.load(two_versions[0]), REGION, STALL).total
    expected_demo = initiatives_view.region_funnel(store.load(two_versions[0], demo=True), REGION, STALL).total
    assert expected_demo > expected_measured  # the generated register comes on top of the named initiatives
    assert loaders.funnel(measured, REGION, STALL).total == expected_measured
    assert loaders.funnel(demo, REGION, STALL).total == expected_demo
    assert loaders.funnel(measured, REGION, STALL).total == expected_measured  # not the demo result
