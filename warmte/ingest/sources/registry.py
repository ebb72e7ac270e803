"""Registers compiled from publications: named heat initiatives and PAW proeftuinen.

Both are partial (see SOURCES.md). The initiatives are real rows; their phase is
unknown unless the source states it, so they carry no phase history except
where documented (``KNOWN_PHASES``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warmte.ingest.sources import SourceError, SourceFile, read_csv

INITIATIVES_FILE = "initiatieven/lokale_warmte_initiatieven_gedeeltelijk.csv"
PAW_FILE = "paw/paw_proeftuinen_gedeeltelijk.csv"

INITIATIVE_COLUMNS = {
    "naam": "name", "type": "org_type", "plaats_of_wijk": "place", "gemeente_2025": "municipality_name",
    "statcode_2025": "municipality_code", "focus": "focus", "betrokken_bij": "involved_in", "bron_url": "url",
}
PAW_COLUMNS = {
    "ronde": "round", "jaar_selectie": "year_selected", "gemeente_bron": "municipality_name_source",
    "statcode_2025": "municipality_code", "wijk_dorp": "neighbourhood", "oplossing_techniek": "technology_text",
    "lokaal_initiatief": "local_initiative", "woningen_of_gebouwen_tekst": "homes_text",
    "rijksbijdrage_tekst": "contribution_text", "bevestiging": "confirmation", "bron_url": "url",
}

#: Phases documented in the source text: (initiative name, phase, start date, evidence).
KNOWN_PHASES = {
    "Coöperatie Warmtenet Oost-Wageningen": ("exploitatie", "2018-01-01", "focus: 'actief sinds 2018'"),
}


def technology_of(focus: str) -> str:
    """Map the free-text focus of a source row to a technology of the vocabulary."""
    text = (focus or "").lower()
    if "warmtenet" in text or "wko" in text or "aquathermie" in text:
        return "warmtenet"
    if "hybride" in text:
        return "hybride"
    if "groen gas" in text:
        return "groen_gas"
    if "isolatie" in text or "besparing" in text:
        return "besparing"
    return "onbekend"


def _read(root: Path, rel: str, columns: dict[str, str]) -> tuple[pd.DataFrame, SourceFile]:
    df, source = read_csv(root, rel, columns)
    df["municipality_code"] = df["municipality_code"].str.strip()
    return df, source


def _check_codes(df: pd.DataFrame, rel: str, known_codes: set[str]) -> None:
    for i, code in df["municipality_code"].items():
        if code not in known_codes:
            raise SourceError(f"{rel}: row {i + 2}: unknown municipality code {code!r}")


def load_initiatives(root: Path, known_codes: set[str]) -> tuple[pd.DataFrame, SourceFile]:
    df, source = _read(root, INITIATIVES_FILE, INITIATIVE_COLUMNS)
    _check_codes(df, INITIATIVES_FILE, known_codes)
    dup = df[df["name"].duplicated()]
    if len(dup):
        raise SourceError(f"{INITIATIVES_FILE}: row {dup.index[0] + 2}: duplicate initiative {dup['name'].iloc[0]!r}")
    df["technology"] = df["focus"].map(technology_of)
    df["initiative_id"] = [f"R{i + 1:03d}" for i in range(len(df))]
    return df, source


def load_paw(root: Path, known_codes: set[str]) -> tuple[pd.DataFrame, SourceFile]:
    df, source = _read(root, PAW_FILE, PAW_COLUMNS)
    _check_codes(df, PAW_FILE, known_codes)
    for col in ("round", "year_selected"):
        values = pd.to_numeric(df[col], errors="coerce")
        if values.isna().any():
            i = values[values.isna()].index[0]
            raise SourceError(f"{PAW_FILE}: row {i + 2}: {col} {df.loc[i, col]!r} is not a number")
        df[col] = values.astype(int)
    df["confirmed"] = df["confirmation"].str.startswith("bevestigd")
    df.insert(0, "proeftuin_id", range(1, len(df) + 1))
    return df, source
