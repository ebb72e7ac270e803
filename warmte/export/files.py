"""Data exports: CSV safe for spreadsheet programs, XLSX; PNG/SVG images and ZIP bundles of charts.

Cells that start with ``=``, ``+``, ``-``, ``@`` (or a tab/carriage return) are
prefixed with an apostrophe so spreadsheet programs do not run them as
formulas (CSV injection). Numbers are left as numbers.
"""


from __future__ import annotations

import io
import zipfile

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from warmte.export.images import image_bytes

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def without_control_characters(value):
    """Text without the control characters an XLSX cell cannot hold (openpyxl refuses them); other values as is."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def safe_frame(df: pd.DataFrame, xlsx: bool = False) -> pd.DataFrame:
    """A copy with formula cells neutralised; with ``xlsx`` also without the control characters XLSX refuses."""
    out = df.copy()

    def clean(value):
        return neutralise(without_control_characters(value) if xlsx else value)

    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object)
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(clean)
    out.columns = [clean(str(c)) for c in out.columns]
    return out


def csv_bytes(df: pd.DataFrame, lang: str | None = None) -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheet programs detect the encoding), formula cells neutralised.

    Dutch (``lang="nl"``): semicolon-separated with decimal commas, as Dutch Excel opens it; English (and
    ``lang=None``): comma-separated with decimal points.
    """
    if lang == "nl":
        return safe_frame(df).to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per table (sheet names cut to Excel's 31 characters).

    Control characters (other than tab, line feed and carriage return) are left out of text cells: XLSX cannot
    hold them and openpyxl would refuse the whole workbook (e.g. an imported name with a stray \\x01).
    """
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, df in sheets.items():
            frame = safe_frame(df, xlsx=True)
            for col in frame.columns:
                if isinstance(frame[col].dtype, pd.DatetimeTZDtype):
                    frame[col] = frame[col].dt.tz_localize(None)
            frame.to_excel(writer, sheet_name=name[:31], index=False)
    return buf.getvalue()



# --- Bundles ------------------------------------------------------------------------------------


def table_csv(table: pd.DataFrame, lang: str) -> bytes:
    """The data behind a chart as CSV in the language's format (:func:`csv_bytes`): headers and labels in the
    language, counts whole, yes/no, 'target reached in' in words where the app has words
    (:func:`warmte.views.common.spreadsheet_table`); formula cells neutralised, UTF-8."""
    from warmte.views.common import spreadsheet_table

    return csv_bytes(spreadsheet_table(table, lang), lang)


def bundle_zip(fig, table: pd.DataFrame, meta, readme_text: str, name: str = "chart",
               width: int | None = None, height: int | None = None) -> bytes:
    """A ZIP with ``name``.png (scale 2), ``name``.svg, ``name``.csv and README.md."""
    png = image_bytes(fig, "png", width, height, scale=2)
    svg = image_bytes(fig, "svg", width, height)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{name}.png", png)
        zf.writestr(f"{name}.svg", svg)
        zf.writestr(f"{name}.csv", table_csv(table, meta.lang))
        zf.writestr("README.md", readme_text.encode("utf-8"))
    return buf.getvalue()
