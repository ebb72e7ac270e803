"""CBS energy figures per municipality: gas-free share 2024, stock 2025, district heating, gas use.

Two files (SOURCES.md part 5):

- ``cbs/cbs_kwb2025_energie2024_per_gemeente_via_klaasystems.csv``: one row per municipality with the homes on
  1 January 2025 (86165NED), the average gas (m3) and electricity (kWh) use per home in 2024 and the share of
  homes on district heating in 2024 (86333NED; empty = not published), and the share of homes without natural
  gas and with solar power (KWB 2024, 85984NED) in **whole percents**. A transcription of CBS figures by a third
  party (marked as a conversion in its provenance record).
- ``cbs/cbs_maatwerk_hoofdverwarming_gemeenten_2022_2024.csv``: the share of homes per main heating installation
  2022-2024 (CBS maatwerk), ``;``-separated, ``n.a.`` = suppressed. District heating = the three
  ``stadsverwarming_*`` columns together; unknown when any of them is suppressed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warmte.ingest.sources import SourceError, SourceFile, check_complete, read_csv

KWB_FILE = "cbs/cbs_kwb2025_energie2024_per_gemeente_via_klaasystems.csv"
KWB_COLUMNS = {
    "gemeentecode": "code",
    "gemeentenaam": "name_source",
    "woningen_1jan2025_86165NED": "housing_stock_2025",
    "gem_elektriciteitsverbruik_kwh_2024_86333NED": "electricity_kwh_per_home",
    "gem_aardgasverbruik_m3_2024_86333NED": "gas_m3_per_home",
    "pct_woningen_stadsverwarming_2024_86333NED": "district_heating_pct",
    "pct_woningen_aardgasvrij_kwb2024_85984NED": "gas_free_pct",
    "pct_woningen_zonnestroom_kwb2024_85984NED": "solar_pct",
}
#: The year the consumption, district-heating and gas-free columns describe.
KWB_YEAR = 2024

MAATWERK_FILE = "cbs/cbs_maatwerk_hoofdverwarming_gemeenten_2022_2024.csv"
MAATWERK_COLUMNS = {
    "gemeentecode": "code", "jaar": "year", "individuele_cv": "individual_boiler_pct",
    "blokverwarming": "block_heating_pct", "stadsverwarming_hoog_gas": "district_heating_high_gas_pct",
    "stadsverwarming_laag_gas": "district_heating_low_gas_pct",
    "stadsverwarming_zonder_gas": "district_heating_no_gas_pct", "elektrisch_hoog_gas": "electric_high_gas_pct",
    "elektrisch_laag_gas": "electric_low_gas_pct",
}
MAATWERK_YEARS = (2022, 2023, 2024)
DISTRICT_HEATING_PARTS = ("district_heating_high_gas_pct", "district_heating_low_gas_pct",
                          "district_heating_no_gas_pct")
#: Codes of municipalities that merged into a 2025 municipality; their rows are skipped (SOURCES.md 1.3).
FORMER_CODES = {"GM0457": "GM0363", "GM0501": "GM1992", "GM0530": "GM1992", "GM0614": "GM1992"}
SUPPRESSED = "n.a."
#: Our column name -> the source's, for messages.
SOURCE_NAME = {ours: theirs for theirs, ours in (*KWB_COLUMNS.items(), *MAATWERK_COLUMNS.items())}


def _number(df: pd.DataFrame, column: str, rel: str, *, lo: float, hi: float, allow_empty: bool) -> pd.Series:
    """Parse a numeric column; empty cells become NaN when allowed. Errors name file, row and the source's
    column name."""
    label = SOURCE_NAME.get(column, column)
    out = []
    for i, cell in df[column].items():
        text = str(cell).strip()
        if text == "" and allow_empty:
            out.append(float("nan"))
            continue
        try:
            value = float(text)
        except ValueError:
            raise SourceError(f"{rel}: row {i + 2}, column {label}: {text!r} is not a number") from None
        if not lo <= value <= hi:
            raise SourceError(f"{rel}: row {i + 2}, column {label}: {value:g} is outside {lo:g}..{hi:g}")
        out.append(value)
    return pd.Series(out, index=df.index, dtype=float)


def _check_codes(df: pd.DataFrame, rel: str, known_codes: set[str]) -> None:
    for i, code in df["code"].items():
        if code not in known_codes:
            raise SourceError(f"{rel}: row {i + 2}: unknown municipality code {code!r} (not in the 2025 boundaries)")


def check_one_row_each(df: pd.DataFrame, rel: str, known_codes: set[str]) -> None:
    """Column ``code`` holds every 2025 municipality exactly once (no unknown, repeated or missing code)."""
    _check_codes(df, rel, known_codes)
    dup = df[df["code"].duplicated()]
    if len(dup):
        raise SourceError(f"{rel}: row {dup.index[0] + 2}: municipality {dup['code'].iloc[0]} listed twice")
    missing = sorted(known_codes - set(df["code"]))
    if missing:
        raise SourceError(f"{rel}: municipalities missing: {missing[:10]}")


def load_kwb(root: Path, known_codes: set[str]) -> tuple[pd.DataFrame, SourceFile]:
    """One row per municipality: code, housing_stock_2025, gas_free_share, district_heating_share (NaN = not
    published), gas_m3_per_home, electricity_kwh_per_home, solar_share. Shares are 0..1."""
    df, source = read_csv(root, KWB_FILE, {k: k for k in KWB_COLUMNS})
    df = df.rename(columns=KWB_COLUMNS)
    df["code"] = df["code"].str.strip()
    check_one_row_each(df, KWB_FILE, known_codes)
    stock = _number(df, "housing_stock_2025", KWB_FILE, lo=1, hi=2_000_000, allow_empty=False)
    if not (stock == stock.round()).all():
        raise SourceError(f"{KWB_FILE}: column woningen_1jan2025_86165NED holds a number that is not whole")
    out = pd.DataFrame({
        "code": df["code"],
        "housing_stock_2025": stock.astype(int),
        "gas_free_share": _number(df, "gas_free_pct", KWB_FILE, lo=0, hi=100, allow_empty=False) / 100,
        "district_heating_share": _number(df, "district_heating_pct", KWB_FILE, lo=0, hi=100, allow_empty=True) / 100,
        "gas_m3_per_home": _number(df, "gas_m3_per_home", KWB_FILE, lo=0, hi=10_000, allow_empty=True),
        "electricity_kwh_per_home": _number(df, "electricity_kwh_per_home", KWB_FILE, lo=0, hi=50_000,
                                            allow_empty=True),
        "solar_share": _number(df, "solar_pct", KWB_FILE, lo=0, hi=100, allow_empty=True) / 100,
    })
    return out.sort_values("code").reset_index(drop=True), source


def load_heating_mix(root: Path, known_codes: set[str]) -> tuple[pd.DataFrame, SourceFile]:
    """Main heating installation per municipality and year (shares 0..1, NaN = suppressed by CBS), with
    ``district_heating_share`` = the three district-heating columns together (NaN when any is suppressed).

    Rows of former municipalities (merged before 2025) are left out; any other unknown code fails.
    """
    source = SourceFile.at(root, MAATWERK_FILE)
    check_complete(source, ";")
    try:
        df = pd.read_csv(source.path, sep=";", dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise SourceError(f"{MAATWERK_FILE}: cannot parse: {exc}") from exc
    missing = [c for c in MAATWERK_COLUMNS if c not in df.columns]
    if missing:
        raise SourceError(f"{MAATWERK_FILE}: missing columns {missing}")
    df = df.rename(columns=MAATWERK_COLUMNS)[list(MAATWERK_COLUMNS.values())]
    df["code"] = df["code"].str.strip()
    df = df[~df["code"].isin(FORMER_CODES)]
    _check_codes(df, MAATWERK_FILE, known_codes)
    years = pd.to_numeric(df["year"], errors="coerce")
    bad = years[~years.isin(MAATWERK_YEARS)]
    if len(bad):
        i = bad.index[0]
        raise SourceError(f"{MAATWERK_FILE}: row {i + 2}: year {df.loc[i, 'year']!r} is not one of {MAATWERK_YEARS}")
    df["year"] = years.astype(int)
    dup = df[df.duplicated(["code", "year"])]
    if len(dup):
        raise SourceError(f"{MAATWERK_FILE}: row {dup.index[0] + 2}: {dup['code'].iloc[0]} {dup['year'].iloc[0]} "
                          "listed twice")
    expected = len(known_codes) * len(MAATWERK_YEARS)
    if len(df) != expected:
        raise SourceError(f"{MAATWERK_FILE}: {len(df)} rows for the 2025 municipalities, expected {expected} "
                          f"({len(known_codes)} municipalities x {len(MAATWERK_YEARS)} years): is the file complete?")
    for column in list(MAATWERK_COLUMNS.values())[2:]:
        cells = df[column].str.strip()
        df[column] = _number(df.assign(**{column: cells.where(cells != SUPPRESSED, "")}), column, MAATWERK_FILE,
                             lo=0, hi=100, allow_empty=True) / 100
    parts = df[list(DISTRICT_HEATING_PARTS)]
    df["district_heating_share"] = parts.sum(axis=1, min_count=len(DISTRICT_HEATING_PARTS))
    df = df.rename(columns={c: c.removesuffix("_pct") + "_share" for c in df.columns if c.endswith("_pct")})
    return df.sort_values(["code", "year"]).reset_index(drop=True), source
