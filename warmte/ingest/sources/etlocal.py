"""ETLocal 2023 (Quintel, MIT): dwellings per municipality by type and construction period (SOURCES.md part 5).

``etlocal/etlocal_housing_stock_by_type_age_per_gemeente_2023.csv``: one row per municipality (the 342 of 2023,
which are those of 2025) with ``present_number_of_<type>_<period>`` for four dwelling types (apartments,
detached, semi-detached and terraced houses) and five construction periods. The build keeps what the peer
comparison needs: the number of dwellings, the share of apartments and the share built before 1945. These are
model inputs of the Energy Transition Model, not a CBS count (their total is 7.93 million dwellings).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warmte.ingest.sources import SourceError, SourceFile, read_csv
from warmte.ingest.sources.energy import _number, check_one_row_each

FILE = "etlocal/etlocal_housing_stock_by_type_age_per_gemeente_2023.csv"
YEAR = 2023
TYPES = ("apartments", "detached_houses", "semi_detached_houses", "terraced_houses")
PERIODS = ("before_1945", "1945_1964", "1965_1984", "1985_2004", "2005_present")
COUNT_COLUMNS = tuple(f"present_number_of_{kind}_{period}" for kind in TYPES for period in PERIODS)


def load_housing_type(root: Path, known_codes: set[str]) -> tuple[pd.DataFrame, SourceFile]:
    """One row per municipality: code, year, dwellings, apartment_share, pre1945_share (shares 0..1)."""
    df, source = read_csv(root, FILE, {c: c for c in ("gm_code", "analysis_year", *COUNT_COLUMNS)})
    df = df.rename(columns={"gm_code": "code"})
    df["code"] = df["code"].str.strip()
    check_one_row_each(df, FILE, known_codes)
    years = df["analysis_year"].str.strip()
    if (years != str(YEAR)).any():
        i = years.index[years != str(YEAR)][0]
        raise SourceError(f"{FILE}: row {i + 2}, column analysis_year: {years[i]!r} is not {YEAR}")
    counts = pd.DataFrame({c: _number(df, c, FILE, lo=0, hi=2_000_000, allow_empty=False) for c in COUNT_COLUMNS})
    total = counts.sum(axis=1)
    if (total <= 0).any():
        i = total.index[total <= 0][0]
        raise SourceError(f"{FILE}: row {i + 2}: municipality {df.loc[i, 'code']} has no dwellings")
    apartments = counts[[c for c in COUNT_COLUMNS if "_apartments_" in c]].sum(axis=1)
    old = counts[[c for c in COUNT_COLUMNS if c.endswith("_before_1945")]].sum(axis=1)
    out = pd.DataFrame({"code": df["code"], "year": YEAR, "dwellings": total.round().astype(int),
                        "apartment_share": apartments / total, "pre1945_share": old / total})
    return out.sort_values("code").reset_index(drop=True), source
