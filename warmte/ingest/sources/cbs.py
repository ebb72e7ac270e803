"""CBS 85984NED "Kerncijfers wijken en buurten 2024": housing stock and population.

Accepted formats, first present wins:

1. ``cbs/cbs_85984NED_TypedDataSet.json``: the CBS OData v3 TypedDataSet as
   written by ``warmte fetch`` (``{"value": [...]}``, codes padded with spaces);
2. ``cbs/kwb2024_gemeenten_inwoners_woningvoorraad.csv``: the municipal subset as CSV;
3. ``cbs/cbs_85984NED_kwb2024_stripped_filtered_data_2024.json``: a dict keyed by
   region code (``GMxxxx``, ``WKxxxxxx``) of the same variables.

Optional real heating data (replaces the illustrative estimate when present):
``pdok/wijkenbuurten_<year>_gemeenten.json``, the PDOK WFS "CBS wijken en buurten"
municipalities as GeoJSON, with ``percentageAardgasvrijeWoningen`` per municipality.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from warmte.ingest.sources import SourceError, SourceFile, check_complete, first_present, load_json

CANDIDATES = [
    "cbs/cbs_85984NED_TypedDataSet.json",
    "cbs/kwb2024_gemeenten_inwoners_woningvoorraad.csv",
    "cbs/cbs_85984NED_kwb2024_stripped_filtered_data_2024.json",
]
TABLE_INFOS = "cbs/cbs_85984NED_TableInfos.json"

#: One column map for all three formats (they share the CBS variable names).
COLUMNS = {
    "WijkenEnBuurten": "code",
    "statcode": "code",
    "AantalInwoners_5": "population",
    "Bevolkingsdichtheid_34": "density_per_km2",
    "Woningvoorraad_35": "housing_stock",
    "OppervlakteLand_123": "land_area_ha",
}
REQUIRED = ["code", "population", "housing_stock", "land_area_ha", "density_per_km2"]

PDOK_PATTERN = re.compile(r"wijkenbuurten_(\d{4})_gemeenten\.json$")
PDOK_COLUMNS = {"gemeentecode": "code", "percentageAardgasvrijeWoningen": "gas_free_pct",
                "woningvoorraad": "housing_stock"}


def _read_any(source: SourceFile) -> pd.DataFrame:
    path = source.path
    if path.suffix == ".csv":
        check_complete(source)
        try:
            return pd.read_csv(path, dtype={"statcode": str})
        except (OSError, ValueError, pd.errors.ParserError) as exc:
            raise SourceError(f"{source.relative}: cannot parse: {exc}") from exc
    data = load_json(source)
    if isinstance(data, dict) and isinstance(data.get("value"), list):
        return pd.DataFrame(data["value"])
    if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()):
        return pd.DataFrame.from_dict(data, orient="index").rename_axis("statcode").reset_index()
    raise SourceError(f"{source.relative}: expected an OData 'value' list or a dict keyed by region code")


def load_stock(root: Path) -> tuple[pd.DataFrame, SourceFile]:
    """Municipal housing stock (homes on 1 Jan 2024), population, land area, density."""
    rel = first_present(root, CANDIDATES)
    if rel is None:
        raise SourceError(f"none of {CANDIDATES} found in {root}: the CBS housing stock is required")
    source = SourceFile.at(root, rel)
    df = _read_any(source).rename(columns=COLUMNS)
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise SourceError(f"{rel}: missing columns {missing} (CBS names: "
                          f"{[k for k, v in COLUMNS.items() if v in missing]})")
    df["code"] = df["code"].astype(str).str.strip()
    df["_row"] = df.index + 2  # 1-based with header row
    df = df[df["code"].str.startswith("GM")].copy()
    for col in ["population", "housing_stock", "land_area_ha", "density_per_km2"]:
        values = pd.to_numeric(df[col], errors="coerce")
        bad = df[values.isna() | (values < 0) | ~values.abs().lt(float("inf"))]
        if len(bad):
            r = bad.iloc[0]
            value = df.loc[bad.index[0], col]
            shown = repr(value) if isinstance(value, str) else value
            raise SourceError(f"{rel}: row {r['_row']} ({r['code']}): {col} is {shown}, "
                              "expected a non-negative number")
        df[col] = values.astype("int64")
    dup = df[df["code"].duplicated()]
    if len(dup):
        raise SourceError(f"{rel}: row {dup['_row'].iloc[0]}: duplicate municipality code {dup['code'].iloc[0]}")
    return df[REQUIRED].reset_index(drop=True), source


def table_modified(root: Path) -> str | None:
    """The CBS 'Modified' date of table 85984NED, if its TableInfos file is present."""
    path = root / TABLE_INFOS
    if not path.is_file():
        return None
    try:
        infos = json.loads(path.read_text(encoding="utf-8"), parse_constant=float)
        item = infos[0] if isinstance(infos, list) else infos.get("value", [{}])[0]
        return str(item.get("Modified", ""))[:10] or None
    except (OSError, ValueError, IndexError, AttributeError, KeyError, TypeError, RecursionError):
        return None


def find_heating(root: Path) -> list[str]:
    """Relative paths of real per-municipality heating files (PDOK wijkenbuurten)."""
    pdok = root / "pdok"
    if not pdok.is_dir():
        return []
    return sorted(f"pdok/{p.name}" for p in pdok.iterdir() if PDOK_PATTERN.search(p.name))


def load_heating(root: Path, rel: str, known_codes: set[str]) -> tuple[pd.DataFrame, SourceFile, int]:
    """Real gas-free share per municipality from a PDOK wijkenbuurten file.

    Returns (DataFrame code, gas_free_share 0..1), the file and the year.
    Missing values (CBS uses negative sentinels such as -99999999) are dropped.
    """
    source = SourceFile.at(root, rel)
    year = int(PDOK_PATTERN.search(rel).group(1))
    data = load_json(source)
    try:
        rows = [f["properties"] for f in data["features"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise SourceError(f"{rel}: expected a GeoJSON FeatureCollection: {exc}") from exc
    df = pd.DataFrame(rows).rename(columns=PDOK_COLUMNS)
    if "code" not in df.columns or "gas_free_pct" not in df.columns:
        raise SourceError(f"{rel}: needs properties gemeentecode and percentageAardgasvrijeWoningen")
    df["code"] = df["code"].astype(str).str.strip()
    unknown = sorted(set(df["code"]) - known_codes)
    if unknown:
        raise SourceError(f"{rel}: unknown municipality codes {unknown[:5]}")
    pct = pd.to_numeric(df["gas_free_pct"], errors="coerce")
    df = df.assign(gas_free_share=pct / 100.0)[(pct >= 0) & (pct <= 100)]
    return df[["code", "gas_free_share"]].reset_index(drop=True), source, year
