"""RES regions: the 30 energy regions and their member municipalities.

``res/res_regions_gemeenten_2023_cbs.csv`` maps each municipality to its province and
RES region (ES01-ES30), from CBS "Gebieden in Nederland 2023" (SOURCES.md 5.6). The
2023 municipality set equals the 2025 boundaries (the build checks every code).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warmte.ingest.sources import SourceError, SourceFile, read_csv

FILE = "res/res_regions_gemeenten_2023_cbs.csv"
COLUMNS = {"gemeentecode": "code", "gemeentenaam": "name", "provinciecode": "province_code", "res_code": "res_code",
           "res_naam_cbs_export": "res_name"}


#: The CBS export lost the spaces in some region names; these are the names with their spaces restored.
SPACES_RESTORED = {
    "FruitdeltaRivierenland": "Fruitdelta Rivierenland", "Noord-HollandNoord": "Noord-Holland Noord",
    "Noord-HollandZuid": "Noord-Holland Zuid", "Hoekschewaard": "Hoeksche Waard",
    "HollandRijnland": "Holland Rijnland", "Rotterdam/DenHaag": "Rotterdam/Den Haag",
    "HartvanBrabant": "Hart van Brabant", "MetropoolregioEindhoven": "Metropoolregio Eindhoven",
    "Noord-enMidden-Limburg": "Noord- en Midden-Limburg",
}


def load(root: Path) -> tuple[pd.DataFrame, SourceFile]:
    """Municipality code -> province code, RES code and region name."""
    df, source = read_csv(root, FILE, COLUMNS)
    df["code"] = df["code"].str.strip()
    df["res_code"] = df["res_code"].str.strip()
    df["res_name"] = df["res_name"].str.strip().replace(SPACES_RESTORED)
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
