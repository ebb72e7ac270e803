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
#: Seven more initiatives (SOURCES.md part 6) with the status as the source gives it.
INITIATIVES_SUPPLEMENT_FILE = "initiatieven/lokale_warmte_initiatieven_aanvulling.csv"
#: How the supplement writes an initiative whose name its source does not give.
UNNAMED = "(naam niet in bron)"
PAW_FILE = "paw/paw_proeftuinen_gedeeltelijk.csv"
#: The 9 round-1 proeftuinen with a local energy initiative (HIER opgewekt, 2018; SOURCES.md 5.7).
PAW_ROUND1_FILE = "paw/paw_proeftuinen_ronde1_met_lokaal_initiatief_hieropgewekt_2018.csv"
PAW_ROUND1_COLUMNS = {
    "gemeentecode_2023": "municipality_code", "gemeente_in_bron_2018": "municipality_name_source",
    "wijk_of_dorp": "neighbourhood", "oplossing_volgens_bron": "technology_text",
    "lokaal_initiatief_participatie": "local_initiative",
}
PAW_ROUND1_URL = ("https://www.hieropgewekt.nl/nieuws/"
                  "lokale-energie-initiatieven-doen-mee-aan-proeftuinen-aardgasvrije-wijk")

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


def load_initiatives(root: Path, known_codes: set[str]) -> tuple[pd.DataFrame, list[SourceFile]]:
    """The named initiatives of both lists (the supplement's status and date as the source gives them)."""
    df, source = _read(root, INITIATIVES_FILE, INITIATIVE_COLUMNS)
    _check_codes(df, INITIATIVES_FILE, known_codes)
    extra_columns = {**INITIATIVE_COLUMNS, "status_volgens_bron": "status_text", "bron_datum": "source_date",
                     "opmerking": "note"}
    extra, extra_source = _read(root, INITIATIVES_SUPPLEMENT_FILE, extra_columns)
    _check_codes(extra, INITIATIVES_SUPPLEMENT_FILE, known_codes)
    # Six of them are not named in the source: name them by their place (or municipality), as SOURCES.md does.
    unnamed = extra["name"].str.strip() == UNNAMED
    where = extra["place"].where(extra["place"].str.strip() != "", extra["municipality_name"])
    extra.loc[unnamed, "name"] = UNNAMED + " " + where[unnamed]
    df = df.assign(status_text=None, source_date=None, note=None, list_file=INITIATIVES_FILE)
    extra = extra.assign(list_file=INITIATIVES_SUPPLEMENT_FILE)
    for frame in (df, extra):
        for column in ("status_text", "source_date", "note"):
            frame[column] = frame[column].replace("", None)
    both = pd.concat([df, extra], ignore_index=True)
    dup = both[both["name"].duplicated()]
    if len(dup):
        row = dup.index[0] - (len(df) if dup.index[0] >= len(df) else 0) + 2
        raise SourceError(f"{dup['list_file'].iloc[0]}: row {row}: duplicate initiative {dup['name'].iloc[0]!r}")
    both["technology"] = both["focus"].map(technology_of)
    both["initiative_id"] = [f"R{i + 1:03d}" for i in range(len(both))]
    return both, [source, extra_source]


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


def _key(text: str) -> str:
    return "".join(ch for ch in str(text).lower() if ch.isalnum())


def merge_paw_round1(paw: pd.DataFrame, root: Path, known_codes: set[str]) -> tuple[pd.DataFrame, SourceFile]:
    """Merge the round-1 list with a local initiative into the partial PAW list.

    A proeftuin of that list already in the partial list (same municipality and neighbourhood) keeps its row
    and gets the named local initiative where it had none; the others are added as confirmed round-1 rows.
    """
    r1, source = _read(root, PAW_ROUND1_FILE, PAW_ROUND1_COLUMNS)
    _check_codes(r1, PAW_ROUND1_FILE, known_codes)
    out = paw.copy()
    index = {(c, _key(n)): i for i, c, n in zip(out.index, out["municipality_code"], out["neighbourhood"],
                                                  strict=True) if int(out.loc[i, "round"]) == 1}
    added = []
    for _, row in r1.iterrows():
        hit = index.get((row["municipality_code"], _key(row["neighbourhood"])))
        if hit is not None:
            if not str(out.loc[hit, "local_initiative"]).strip():
                out.loc[hit, "local_initiative"] = row["local_initiative"]
            continue
        added.append({"round": 1, "year_selected": 2018, "municipality_name_source": row["municipality_name_source"],
                      "municipality_code": row["municipality_code"], "neighbourhood": row["neighbourhood"],
                      "technology_text": row["technology_text"], "local_initiative": row["local_initiative"],
                      "homes_text": "", "contribution_text": "",
                      "confirmation": "bevestigd (HIER opgewekt, proeftuinen ronde 1 met lokaal initiatief)",
                      "url": PAW_ROUND1_URL, "confirmed": True})
    if added:
        out = pd.concat([out.drop(columns=["proeftuin_id"]), pd.DataFrame(added)], ignore_index=True)
        out.insert(0, "proeftuin_id", range(1, len(out) + 1))
    return out, source
