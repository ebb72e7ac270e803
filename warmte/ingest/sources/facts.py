"""National facts (compiled from publications, each row with its source).

From ``facts/nationale_feiten_warmtetransitie.csv`` the build keeps every row in
the ``fact`` table and derives the national series: the CBS gas-free and hybrid
shares and the housing stock on 1 January of each observed year.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warmte.ingest.sources import SourceError, SourceFile, read_csv

FILE = "facts/nationale_feiten_warmtetransitie.csv"
#: Eight national facts on cooperatives and heat initiatives (HIER LEM), same columns (SOURCES.md part 6).
SUPPLEMENT_FILE = "facts/nationale_feiten_aanvulling_initiatieven.csv"
COLUMNS = {
    "topic": "topic", "indicator": "indicator", "value": "value", "unit": "unit",
    "reference_period": "reference_period", "geography": "geography",
    "publisher_original": "publisher", "table_or_publication": "publication",
    "source_url": "url", "notes": "notes",
}
GAS_FREE = ("aardgasvrij", "aandeel woningen aardgasvrij")
HYBRID = ("aardgasvrij", "aandeel bijna-aardgasvrije (hybride) woningen")
#: The years of the CBS national gas-free share the facts must give (a file without one is incomplete).
REQUIRED_YEARS = (2017, 2019, 2022, 2024)
#: Rows whose value is an exact national housing stock on 1 January.
STOCK_TOPIC = "woningvoorraad"


def load(root: Path) -> tuple[pd.DataFrame, SourceFile]:
    """All fact rows of the main list, columns renamed, in file order."""
    return read_csv(root, FILE, COLUMNS)


def load_supplement(root: Path) -> tuple[pd.DataFrame, SourceFile]:
    """The supplementary national facts (same columns as the main list)."""
    return read_csv(root, SUPPLEMENT_FILE, COLUMNS)


def _year(period: str) -> int | None:
    head = period.strip()[:4]
    return int(head) if head.isdigit() else None


def _share_series(facts: pd.DataFrame, topic_indicator: tuple[str, str]) -> dict[int, float]:
    topic, indicator = topic_indicator
    rows = facts[(facts["topic"] == topic) & (facts["indicator"] == indicator)
                 & (facts["geography"] == "Nederland") & (facts["unit"] == "%")]
    out: dict[int, float] = {}
    for i, r in rows.iterrows():
        year = _year(r["reference_period"])
        try:
            value = float(r["value"].replace(",", "."))
        except ValueError:
            raise SourceError(f"{FILE}: row {i + 2}: {indicator} value {r['value']!r} is not a number") from None
        if year is None or not 0 <= value <= 100:
            raise SourceError(f"{FILE}: row {i + 2}: {indicator} {r['value']!r} for {r['reference_period']!r} "
                              "is not a percentage for a year")
        out[year] = value / 100.0
    return out


def _exact_stock(facts: pd.DataFrame) -> dict[int, int]:
    """National stocks on 1 January given as exact integers (e.g. 2020: 7,892,000; 2024: 8,204,049)."""
    rows = facts[(facts["topic"] == STOCK_TOPIC) & (facts["unit"] == "woningen")
                 & facts["reference_period"].str.match(r"^\d{4}-01-01$")
                 & facts["value"].str.fullmatch(r"\d+")]
    return {int(r["reference_period"][:4]): int(r["value"]) for _, r in rows.iterrows()}


def national_series(facts: pd.DataFrame, stock_2024: int,
                    required_years: tuple[int, ...] = ()) -> pd.DataFrame:
    """The national series: one row per year with a CBS gas-free share.

    Columns: year, housing_stock, gas_free_share, hybrid_share, stock_kind, stock_note.
    The stock is exact where the facts give it (2024 also equals the sum of the
    342 municipalities); other years are interpolated linearly between the
    nearest exact stocks (kind compiled: derived from the CBS counts, with a note
    saying so; the shares themselves are CBS figures).
    ``required_years`` (the build passes :data:`REQUIRED_YEARS` for the real sources) must each have a
    share, else the file is taken as incomplete.
    """
    gas_free = _share_series(facts, GAS_FREE)
    hybrid = _share_series(facts, HYBRID)
    if not gas_free:
        raise SourceError(f"{FILE}: no rows '{GAS_FREE[1]}' for Nederland: the national series is required")
    absent = [y for y in required_years if y not in gas_free]
    if absent:
        raise SourceError(f"{FILE}: no '{GAS_FREE[1]}' for Nederland in {absent} (found {sorted(gas_free)}; "
                          f"expected at least {list(required_years)}): is the file complete?")
    stocks = _exact_stock(facts)
    if stocks.get(2024) not in (None, stock_2024):
        raise SourceError(f"{FILE}: national stock 2024 {stocks[2024]} differs from the CBS "
                          f"municipal sum {stock_2024}")
    stocks[2024] = stock_2024
    known = sorted(stocks)
    rows = []
    for year in sorted(gas_free):
        if year in stocks:
            stock, kind, note = stocks[year], "official", None
        else:
            lo = max([y for y in known if y < year], default=None)
            hi = min([y for y in known if y > year], default=None)
            if lo is None or hi is None:
                pair = known[:2] if hi is not None else known[-2:]
                lo, hi = pair[0], pair[1]
            stock = round(stocks[lo] + (stocks[hi] - stocks[lo]) * (year - lo) / (hi - lo))
            kind = "compiled"
            note = f"interpolated between the CBS stocks of {lo} and {hi}"
        rows.append({"year": year, "housing_stock": int(stock), "gas_free_share": gas_free[year],
                     "hybrid_share": hybrid.get(year), "stock_kind": kind, "stock_note": note})
    return pd.DataFrame(rows)
