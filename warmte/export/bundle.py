"""The whole database for publishers: one ZIP with a DuckDB file, a Parquet file per table and a README.

The tables hold exactly what the app shows: measured data only, unless the app runs in demonstration mode, in
which case the generated rows are included and the README says how they are marked. The README lists every
table with its rows and columns, every source with publisher, reference date and licence, and how to cite.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import duckdb
import pandas as pd

from warmte import store
from warmte.i18n import fmt_int, t
from warmte.views.registry import NO_LICENCE

DUCKDB_NAME = "warmtemonitor.duckdb"


def tables_of(data) -> dict[str, pd.DataFrame]:
    """Every table of the read side as the app holds it, build_info as key/value rows."""
    frames = {name: getattr(data, name) for name in store.TABLES if name != "build_info"}
    info = pd.DataFrame({"key": list(data.build_info), "value": [str(v) for v in data.build_info.values()]})
    return {"build_info": info, **frames}


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).replace("|", "/").replace("\n", " ")


def readme(data, tables: dict[str, pd.DataFrame], lang: str, link: str) -> str:
    """README.md of the bundle: what is in it, the sources with their licences, how to cite."""
    built = str(data.build_info.get("built_at", ""))[:10]
    version = str(data.build_info.get("data_version", ""))
    lines = [f"# {t('bundle_title', lang)}", "", t("bundle_intro", lang, date=built, version=version), ""]
    if data.demo:
        lines += [t("readme_illustrative", lang), "", t("bundle_demo_marks", lang), ""]
    lines += [f"## {t('readme_files', lang)}", "", t("bundle_files_text", lang, duckdb=DUCKDB_NAME), "",
              t("bundle_table_header", lang), "|---|---|---|"]
    for name, frame in tables.items():
        lines.append(f"| `{name}` | {fmt_int(len(frame), lang)} | {', '.join(map(str, frame.columns))} |")
    lines += ["", f"## {t('readme_sources', lang)}", "", t("bundle_sources_text", lang), "",
              t("readme_source_header", lang), "|---|---|---|---|---|---|"]
    for r in data.source.itertuples():
        licence = (t("readme_licence_unknown", lang) if not _cell(r.licence) or r.licence == NO_LICENCE
                   else _cell(r.licence))
        lines.append(f"| {_cell(r.publisher)} | {_cell(r.title)} | {t('kind_' + str(r.kind), lang)} | "
                     f"{_cell(r.reference_date)} | {licence} | {_cell(r.url)} |")
    lines += ["", f"## {t('readme_cite', lang)}", "", t("bundle_cite_text", lang, date=built, version=version,
                                                         link=link), ""]
    return "\n".join(lines)


def database_bundle(data, lang: str = "nl", link: str = "") -> bytes:
    """The ZIP: ``warmtemonitor.duckdb``, ``parquet/<table>.parquet`` and ``README.md``."""
    tables = tables_of(data)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="warmte-bundle-") as tmp:
        db_path = Path(tmp) / DUCKDB_NAME
        con = duckdb.connect(str(db_path), config=dict(store.CONNECTION_CONFIG))
        try:
            for name, frame in tables.items():  # the relational API: no SQL text is formatted
                relation = con.from_df(frame)
                relation.create(name)
                relation.write_parquet(str(Path(tmp) / f"{name}.parquet"))
        finally:
            con.close()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("README.md", readme(data, tables, lang, link))
            zf.write(db_path, DUCKDB_NAME)
            for name in tables:
                zf.write(Path(tmp) / f"{name}.parquet", f"parquet/{name}.parquet")
    return buffer.getvalue()
