"""RES regions: the 30 energy regions and their member municipalities.

``res/res_regio_gemeente_2025_derived.csv`` maps each 2025 municipality to an
ES code. It is derived from a third-party list of about 2020 with the official
mergers applied (see SOURCES.md): marked compiled, to be verified.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warmte.ingest.sources import SourceError, SourceFile, read_csv

FILE = "res/res_regio_gemeente_2025_derived.csv"
COLUMNS = {"statcode": "code", "statnaam": "name", "res_code_es": "res_code", "res_regio": "res_name"}


def load(root: Path) -> tuple[pd.DataFrame, SourceFile]:
    """Municipality code -> RES code and region name."""
    df, source = read_csv(root, FILE, COLUMNS)
    df["code"] = df["code"].str.strip()
    df["res_code"] = df["res_code"].str.strip()
    for i, row in df.iterrows():
        if not row["res_code"].startswith("ES"):
            raise SourceError(f"{FILE}: row {i + 2} ({row['code']}): RES code {row['res_code']!r} is not ESxx")
    dup = df[df["code"].duplicated()]
    if len(dup):
        raise SourceError(f"{FILE}: row {dup.index[0] + 2}: municipality {dup['code'].iloc[0]} listed twice")
    names = df.groupby("res_code")["res_name"].nunique()
    if (names > 1).any():
        raise SourceError(f"{FILE}: RES code {names[names > 1].index[0]} has several names")
    return df.reset_index(drop=True), source
