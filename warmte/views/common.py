"""What every view shares: region and year checks, the council snapshot year, localised column headers.

Views turn a loaded :class:`warmte.store.Data` snapshot into the numbers, sentences and chart specs the pages,
exports and the CLI show. They are pure (no I/O, no streamlit, no cache): the app caches their results in
``warmte/ui/loaders.py``, keyed by the snapshot's version.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from warmte.domain.regions import UnknownRegionError, region_members
from warmte.i18n import t

__all__ = ["UnknownRegionError", "YearError", "any_illustrative", "check_region", "council_year", "latest_year",
           "localise_columns", "member_codes", "plain_value", "region_members", "resolve_year"]


class YearError(ValueError):
    """A year without observations was asked for."""


def check_region(data, code: str) -> None:
    if not data.has_region(code):
        raise UnknownRegionError(code)


def latest_year(data) -> int:
    return int(max(data.years))


def member_codes(data, code: str) -> list[str]:
    check_region(data, code)
    return region_members(data.municipality, code)


def resolve_year(data, year: int | None) -> int:
    if year is None:
        return latest_year(data)
    if int(year) not in data.years:
        raise YearError(f"no observations for {year}; available years: {', '.join(map(str, data.years))}")
    return int(year)


def plain_value(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def council_year(data, year: int | None = None) -> int | None:
    """The year of council indicators to show (``year`` when present, else the latest); None without any."""
    years = sorted(int(y) for y in data.council_indicator["year"].unique())
    if not years:
        return None
    if year is None or int(year) not in years:
        return years[-1]
    return int(year)


def any_illustrative(rows: pd.DataFrame) -> bool:
    """True when any row of a table with a ``data_kind`` column is illustrative."""
    return bool((rows["data_kind"] == "illustrative").any())


def localise_columns(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Column headers in the language (``col_<name>`` labels; unknown names stay as they are)."""
    return df.rename(columns={c: t("col_" + c, lang) if t("col_" + c, lang) != "col_" + c else c
                              for c in df.columns})
