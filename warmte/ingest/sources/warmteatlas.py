"""Nationale WarmteAtlas (RVO): heat networks in development and the transitievisie warmte per municipality.

- ``warmteatlas/warmteatlas_warmtenetten_in_ontwikkeling_2025.csv``: 77 heat-network projects in development
  (layer ``WarmtenettenInOntwikkeling``): phase, planned homes (``NB`` = not known), whether a resident
  initiative leads it, planned temperature and source, initiator, supplier, status date and links.
- ``warmteatlas/tvw_status_per_gemeente_warmteatlas_2026.csv``: the status of each municipality's
  transitievisie warmte as the municipality reported it (layer ``TVW_voortgang``, mid-2026), verbatim, with the
  link to the document as given. The status *text* decides the category: the numeric code 1 also covers
  "gereed maar nog niet vastgesteld" (SOURCES.md 5.8). "Vastgesteld door het gemeentebestuur" is kept as the
  source says it; it does not say whether the council was involved.

The publisher states no licence for these copies: every place that shows them says so.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warmte import model
from warmte.ingest.sources import SourceError, SourceFile, read_csv

PROJECTS_FILE = "warmteatlas/warmteatlas_warmtenetten_in_ontwikkeling_2025.csv"
PROJECT_COLUMNS = {
    "WiO_id": "project_id", "Projectnaa": "name", "gemeentecode_2025": "municipality_code", "wijkdorp": "place",
    "K_n_woning": "homes_planned", "K_n_utilit": "utility_buildings_planned", "K_Nieuwbou": "new_build",
    "K_Bew_init": "resident_led", "Tn_beoogd": "temperature", "Br_beoogd": "heat_source",
    "Datum_stat": "status_date_text", "V_planfase": "phase", "P_ini_grp": "initiator", "P_lev_bedr": "supplier",
    "Lees_meer": "links", "buurtcode_2025": "neighbourhood_code", "centroid_lat": "lat", "centroid_lon": "lon",
}
#: The source's phases, in pipeline order (DESIGN.md "Heat projects").
PROJECT_PHASES = model.PROJECT_PHASES  # DESIGN.md "Heat projects"
NOT_KNOWN = "NB"
YES_NO = {"Ja": True, "Nee": False}

TVW_FILE = "warmteatlas/tvw_status_per_gemeente_warmteatlas_2026.csv"
TVW_COLUMNS = {
    "gemeentecode": "municipality_code", "tvw_gemeentenaam_source": "name_source", "tvw_stand_tvw": "status_text",
    "tvw_status_code": "status_code", "tvw_online_url": "document", "notes": "notes",
}
#: Status category by the source's text (prefix "Onze transitievisie warmte is ..." / "Onze gemeente is ...").
TVW_STATUSES = {
    "Onze transitievisie warmte is definitief vastgesteld door de gemeenteraad": "adopted_by_council",
    "Onze transitievisie warmte is definitief vastgesteld door het gemeentebestuur": "adopted_by_executive",
    "Onze transitievisie warmte is in concept vastgesteld door het gemeentebestuur": "draft_adopted",
    "Onze transitievisie warmte is gereed maar nog niet vastgesteld": "ready_not_adopted",
    "Onze gemeente is nog bezig met het opstellen van de transitievisie warmte": "in_preparation",
}
NO_URL = "#N/A"


def _status_date(text: str) -> pd.Timestamp | None:
    text = text.strip()
    if len(text) == 8 and text.isdigit():
        try:
            return pd.Timestamp(f"{text[:4]}-{text[4:6]}-{text[6:]}")
        except ValueError:
            return None
    return None


def _links(text: str) -> str | None:
    """The first http(s) link of the source's ``Lees_meer`` (several are separated by ' ; ')."""
    for part in text.replace(",", " ; ").split(";"):
        part = part.strip()
        if part.startswith(("http://", "https://")):
            return part
    return None


def load_projects(root: Path, known_codes: set[str]) -> tuple[pd.DataFrame, SourceFile]:
    """One row per project; ``homes_planned`` is NaN where the source says NB; ``status_date`` is NaT where the
    source's date is not a date (the text is kept in ``status_date_text``)."""
    df, source = read_csv(root, PROJECTS_FILE, PROJECT_COLUMNS)
    rel = PROJECTS_FILE
    for i, row in df.iterrows():
        if row["municipality_code"] not in known_codes:
            raise SourceError(f"{rel}: row {i + 2}: unknown municipality code {row['municipality_code']!r}")
        if row["phase"] not in PROJECT_PHASES:
            raise SourceError(f"{rel}: row {i + 2}, column V_planfase: {row['phase']!r} is not one of "
                              f"{', '.join(PROJECT_PHASES)}")
        if row["resident_led"] not in YES_NO:
            raise SourceError(f"{rel}: row {i + 2}, column K_Bew_init: {row['resident_led']!r} is not Ja or Nee")
    dup = df[df["project_id"].duplicated()]
    if len(dup):
        raise SourceError(f"{rel}: row {dup.index[0] + 2}: project {dup['project_id'].iloc[0]} listed twice")
    homes = df["homes_planned"].str.strip()
    # A whole number, NB, or a whole number with a short note as the source writes it ('90 we', '1725-',
    # '678 w'): the number counts, the text is kept in homes_planned_text.
    number = homes.str.extract(r"^(\d+)\s*(?:-|w|we|woningen)?$")[0]
    bad = homes[(homes != NOT_KNOWN) & number.isna()]
    if len(bad):
        raise SourceError(f"{rel}: row {bad.index[0] + 2}, column K_n_woning: {bad.iloc[0]!r} is not a number or NB")
    out = df.assign(
        project_id=df["project_id"].str.strip(),
        homes_planned=pd.to_numeric(number, errors="raise").astype("Int64"),
        homes_planned_text=homes.where(~homes.str.fullmatch(r"\d+"), None),
        resident_led=df["resident_led"].map(YES_NO).astype(bool),
        status_date=[_status_date(t) for t in df["status_date_text"]],
        url=[_links(t) for t in df["links"]],
        lat=pd.to_numeric(df["lat"], errors="coerce"),
        lon=pd.to_numeric(df["lon"], errors="coerce"),
    )
    for column in ("place", "initiator", "supplier", "temperature", "heat_source", "new_build",
                   "utility_buildings_planned", "neighbourhood_code"):
        out[column] = out[column].str.strip().replace("", None)
    out["status_date"] = pd.to_datetime(out["status_date"]).dt.date
    return out.drop(columns=["utility_buildings_planned", "new_build"]).reset_index(drop=True), source


def load_tvw(root: Path, known_codes: set[str]) -> tuple[pd.DataFrame, SourceFile]:
    """One row per municipality: the status text as given, its category, the source's code, the document link
    as given (None where the source has none) and the source's notes."""
    df, source = read_csv(root, TVW_FILE, TVW_COLUMNS)
    rel = TVW_FILE
    for i, row in df.iterrows():
        if row["municipality_code"] not in known_codes:
            raise SourceError(f"{rel}: row {i + 2}: unknown municipality code {row['municipality_code']!r}")
        if row["status_text"] not in TVW_STATUSES:
            raise SourceError(f"{rel}: row {i + 2}, column tvw_stand_tvw: unknown status {row['status_text']!r}")
    dup = df[df["municipality_code"].duplicated()]
    if len(dup):
        raise SourceError(f"{rel}: row {dup.index[0] + 2}: municipality {dup['municipality_code'].iloc[0]} twice")
    missing = sorted(known_codes - set(df["municipality_code"]))
    if missing:
        raise SourceError(f"{rel}: municipalities missing: {missing[:10]}")
    document = df["document"].str.strip()
    out = df.assign(status=df["status_text"].map(TVW_STATUSES),
                    status_code=pd.to_numeric(df["status_code"], errors="coerce").astype("Int64"),
                    document=document.where(~document.isin(["", NO_URL]), None),
                    notes=df["notes"].str.strip().replace("", None))
    return out.sort_values("municipality_code").reset_index(drop=True), source
