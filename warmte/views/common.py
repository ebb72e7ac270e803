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
from warmte.i18n import fmt_date, fmt_int, fmt_num, fmt_pct, labels, t

__all__ = ["UnknownRegionError", "YearError", "any_illustrative", "check_region", "council_year", "display_table",
           "latest_year", "localise_columns", "member_codes", "plain_value", "region_members", "resolve_year",
           "spreadsheet_table"]


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


# --- Tables for people ---------------------------------------------------------------------------------------

#: Columns holding a share 0..1 (shown as a percentage); any column whose name ends in ``share`` is one too.
SHARE_COLUMNS = frozenset({"share", "progress_to_target", "conversion", "conversion_to_next"})
#: Columns with a year (written as it is: 2030, never 2.030).
YEAR_COLUMNS = frozenset({"year", "projected_year_reached", "target_year"})
#: Measures that are not counts: the number of decimals they are shown with. Every other number is a count or a
#: number of homes and is shown whole.
DECIMAL_COLUMNS = {"initiatives_per_10k_homes": 2, "involvement_index": 1}
#: Columns holding codes from a vocabulary (phase, technology, role, class, indicator, status, data kind): shown
#: by their label.
CODE_COLUMNS = frozenset({"phase", "from_phase", "to_phase", "value", "technology", "municipal_role", "role",
                          "class", "involvement_class", "indicator", "measure", "tvw_status", "data_kind", "kind"})
#: Prefixes of the label table tried, in order, for a code ("onbekend" is a phase and a value: a phase column
#: reads "phase unknown", any other column "unknown").
CODE_PREFIXES = ("value_", "phase_", "class_", "tvw_", "kind_", "col_")
PHASE_PREFIXES = ("phase_", "value_", "class_", "tvw_", "kind_", "col_")
#: Columns with dates (text such as '2025-11' or '2024-01-01', or datetimes).
DATE_COLUMNS = frozenset({"since", "retrieved", "reference_date", "status_date", "source_date", "tvw_adopted_date",
                          "adoption_date", "start_date", "end_date", "built_at"})


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in ("", "None", "nan", "NaN", "NaT", "<NA>")


def _is_share(column: str) -> bool:
    return column in SHARE_COLUMNS or column.endswith("_share")


def code_label(code, lang: str, column: str = "") -> str:
    """The label of a vocabulary code ('orientatie' -> 'oriëntatie' / 'orientation'); the code when unknown."""
    table = labels(lang)
    for prefix in PHASE_PREFIXES if "phase" in column else CODE_PREFIXES:
        if prefix + str(code) in table:
            return table[prefix + str(code)]
    return str(code)


def _projection_words(df: pd.DataFrame, lang: str) -> pd.Series:
    """The 'target reached in' column as the app says it: a year, 'reached', 'not before 2050' or 'not yet known'.

    A blank year means: no pace yet (fewer than two observations) -> not yet known; a known pace -> not before the
    horizon. Needs ``actual_per_year`` beside it; without it a blank stays blank.
    """
    from warmte import model

    years = df["projected_year_reached"]
    if "actual_per_year" not in df.columns:
        return years.map(lambda v: "" if _missing(v) else str(int(v)))
    pace = pd.to_numeric(df["actual_per_year"], errors="coerce")
    never = t("projection_short_never", lang, horizon=model.PROJECTION_HORIZON_YEAR)
    unknown = t("projection_short_unknown", lang)
    return pd.Series([(unknown if pd.isna(p) else never) if _missing(y) else str(int(y))
                      for y, p in zip(years, pace, strict=True)], index=df.index, dtype=object)


def _display_column(column: str, values: pd.Series, lang: str) -> pd.Series:
    yes, no = t("yes", lang), t("no", lang)
    if pd.api.types.is_bool_dtype(values.dtype) or str(values.dtype) == "boolean":
        return values.map(lambda v: "" if _missing(v) else yes if bool(v) else no).astype(object)
    if pd.api.types.is_datetime64_any_dtype(values.dtype) or column in DATE_COLUMNS:
        return values.map(lambda v: "" if _missing(v) else fmt_date(v, lang)).astype(object)
    if pd.api.types.is_numeric_dtype(values.dtype):
        if column in YEAR_COLUMNS:
            return values.map(lambda v: "" if _missing(v) else str(int(v))).astype(object)
        if _is_share(column):
            return values.map(lambda v: "" if _missing(v) else fmt_pct(float(v), lang)).astype(object)
        if column in DECIMAL_COLUMNS:
            return values.map(lambda v: "" if _missing(v) else fmt_num(float(v), lang, DECIMAL_COLUMNS[column]))
        return values.map(lambda v: "" if _missing(v) else fmt_int(float(v), lang)).astype(object)

    def cell(v):
        if _missing(v):
            return ""
        if isinstance(v, (bool, np.bool_)):
            return yes if v else no
        if isinstance(v, (pd.Timestamp, np.datetime64)) or type(v).__name__ in ("date", "datetime"):
            return fmt_date(v, lang)
        if column in CODE_COLUMNS:
            return code_label(v, lang, column)
        return v if isinstance(v, str) else str(v)

    return values.map(cell).astype(object)


def display_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A table as people read it, in ``lang``: every cell text.

    Labels for codes (phases, roles, technologies, classes, indicators, statuses), ja/nee or yes/no for
    true/false, dates without times (``31 december 2025``), shares as percentages (``8,1%``), counts and homes
    as whole numbers with the language's thousands separator (``1.500.000``), years as they are, blanks for
    missing values (never 'None' or 'nan'), 'target reached in' as the app says it, and column headers in the
    language.
    """
    out = pd.DataFrame(index=df.index)
    for column in df.columns:
        name = str(column)
        if name == "projected_year_reached":
            out[column] = _projection_words(df, lang)
        else:
            out[column] = _display_column(name, df[column], lang)
    return localise_columns(out.reset_index(drop=True), lang)


def spreadsheet_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A table for a CSV file in ``lang``: numbers stay numbers, but counts and homes are whole numbers
    (shares stay 0..1, the measures of ``DECIMAL_COLUMNS`` keep their decimals), true/false is ja/nee or yes/no,
    dates are ISO dates without times, codes are labels, 'target reached in' is never blank where the app gives
    words, and the column headers are in the language."""
    out = pd.DataFrame(index=df.index)
    yes, no = t("yes", lang), t("no", lang)
    for column in df.columns:
        name, values = str(column), df[column]
        if name == "projected_year_reached":
            out[column] = _projection_words(df, lang)
        elif pd.api.types.is_bool_dtype(values.dtype) or str(values.dtype) == "boolean":
            out[column] = values.map(lambda v: "" if _missing(v) else yes if bool(v) else no).astype(object)
        elif pd.api.types.is_datetime64_any_dtype(values.dtype):
            out[column] = values.map(lambda v: "" if _missing(v) else pd.Timestamp(v).date().isoformat())
        elif pd.api.types.is_numeric_dtype(values.dtype):
            if _is_share(name) or name in DECIMAL_COLUMNS:
                out[column] = values
            else:  # counts, homes, years: whole numbers
                out[column] = pd.to_numeric(values, errors="coerce").round(0).astype("Int64")
        elif name in CODE_COLUMNS:
            out[column] = values.map(lambda v, c=name: "" if _missing(v) else code_label(v, lang, c)).astype(object)
        else:
            out[column] = values.map(lambda v: "" if _missing(v) else yes if v is True else no if v is False
                                     else v.isoformat()[:10] if type(v).__name__ in ("date", "datetime", "Timestamp")
                                     else v).astype(object)
    return localise_columns(out.reset_index(drop=True), lang)
