"""The whole database for publishers: DuckDB file, Parquet tables and README in one ZIP (issue 15, item 5)."""

from __future__ import annotations

import io
import zipfile

import duckdb
import pytest

from warmte import store
from warmte.export.bundle import DUCKDB_NAME, database_bundle


@pytest.fixture(scope="module")
def bundle(data, tmp_path_factory):
    raw = database_bundle(data, "nl", link="https://warmtemonitor.example/")
    folder = tmp_path_factory.mktemp("bundle")
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        zf.extractall(folder)
        names = set(zf.namelist())
    return folder, names


def test_bundle_holds_every_table_as_duckdb_and_parquet_with_the_apps_rows(data, bundle):
    folder, names = bundle
    assert names == {"README.md", DUCKDB_NAME} | {f"parquet/{name}.parquet" for name in store.TABLES}
    con = duckdb.connect(str(folder / DUCKDB_NAME), read_only=True)
    try:
        for name in store.TABLES:
            expected = len(data.build_info) if name == "build_info" else len(getattr(data, name))
            assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == expected, name
            parquet = folder / "parquet" / f"{name}.parquet"
            assert con.execute(f"SELECT count(*) FROM read_parquet('{parquet}')").fetchone()[0] == expected, name
        # The numbers are the app's: Amsterdam's 2024 gas-free homes, and no generated row in the real bundle.
        got = con.execute("SELECT gas_free_homes FROM housing WHERE municipality_code = 'GM0363' AND year = 2024"
                          ).fetchone()[0]
        h = data.housing
        assert got == h[(h["municipality_code"] == "GM0363") & (h["year"] == 2024)]["gas_free_homes"].iloc[0]
        assert con.execute("SELECT count(*) FROM initiative WHERE data_kind = 'illustrative'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM source WHERE kind = 'illustrative'").fetchone()[0] == 0
    finally:
        con.close()


def test_bundle_readme_lists_tables_sources_licences_and_how_to_cite(data, bundle):
    folder, _ = bundle
    text = (folder / "README.md").read_text(encoding="utf-8")
    assert text.startswith("# Warmtemonitor: de hele database")
    assert "| `municipality` | 342 |" in text
    for r in data.source.itertuples():
        assert r.title.replace("|", "/") in text
    assert "CC BY 4.0" in text and "geen licentie vermeld door de uitgever" in text
    assert "Zo citeer je" in text and "https://warmtemonitor.example/" in text
    assert data.build_info["data_version"] in text
    assert "illustratie" not in text.lower()


def test_demo_bundle_carries_and_explains_the_generated_rows(built_db, tmp_path):
    demo = store.load(built_db, demo=True)
    raw = database_bundle(demo, "en")
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        text = zf.read("README.md").decode("utf-8")
        assert "‘illustrative’ in the columns data_kind" in text
        assert text.startswith("# Warmtemonitor: the whole database")
        folder = tmp_path / "demo"
        zf.extractall(folder)
    con = duckdb.connect(str(folder / DUCKDB_NAME), read_only=True)
    try:
        generated = con.execute("SELECT count(*) FROM council_indicator WHERE data_kind = 'illustrative'").fetchone()
    finally:
        con.close()
    assert generated[0] == (demo.council_indicator["data_kind"] == "illustrative").sum() > 0
