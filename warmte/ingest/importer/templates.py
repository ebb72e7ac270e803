"""The templates of both import formats (``warmte templates DIR``): CSV and XLSX with example rows."""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from pathlib import Path

from warmte import model
from warmte.ingest.importer.formats import COLUMNS, EXAMPLES, KINDS

TEMPLATE_NAMES = {"initiatives": "initiatives_template", "council": "council_template"}
_COMMENT = {
    "initiatives": "# Warmtemonitor initiatievenregister: een rij per fasewissel. Zie data/README.md. "
                   "Regels die met # beginnen worden overgeslagen. Vervang de VOORBEELD-rijen door uw eigen rijen.",
    "council": "# Warmtemonitor raadsindicatoren: een rij per gemeente en jaar. Zie data/README.md. "
               "Regels die met # beginnen worden overgeslagen. Vervang de voorbeeldrijen door uw eigen rijen.",
}


def _csv_value(v) -> str:
    if isinstance(v, date):
        return v.isoformat()
    return "" if v is None else str(v)


def write_template(kind: str, path: str | os.PathLike, rows: list[dict] | None = None, comment: bool = True) -> Path:
    """Write a template (CSV or XLSX by the suffix of ``path``) with the example rows or ``rows``."""
    path = Path(path)
    names = [c.name for c in COLUMNS[kind]]
    rows = EXAMPLES[kind] if rows is None else rows
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(kind, path, names, rows)
        return path
    buf = io.StringIO(newline="")
    if comment:
        buf.write(_COMMENT[kind].replace(";", " ").replace(",", " ") + "\r\n")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(names)
    for r in rows:
        w.writerow([_csv_value(r.get(n)) for n in names])
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))  # BOM: Excel opens it as UTF-8
    return path


def _write_xlsx(kind: str, path: Path, names: list[str], rows: list[dict]) -> None:
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "gegevens"
    ws.append(names)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r.get(n) if r.get(n) != "" else None for n in names])
    for i, n in enumerate(names, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = max(12, len(n) + 2)
        if isinstance(rows[0].get(n) if rows else None, date):
            for row in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                row[0].number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    lists = {"phase": model.ALL_PHASES, "technology": model.TECHNOLOGIES, "municipal_role": model.MUNICIPAL_ROLES}
    for col in COLUMNS[kind]:
        values = lists.get(col.name) or (("ja", "nee") if col.type == "bool" else None)
        if values:
            letter = openpyxl.utils.get_column_letter(names.index(col.name) + 1)
            dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=not col.required)
            dv.add(f"{letter}2:{letter}5000")
            ws.add_data_validation(dv)
    notes = wb.create_sheet("toelichting")
    notes.append([_COMMENT[kind].lstrip("# ")])
    notes.append([])
    notes.append(["column", "required", "description"])
    for cell in notes[3]:
        cell.font = Font(bold=True)
    for c in COLUMNS[kind]:
        notes.append([c.name, "ja" if c.required else "nee", c.description])
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["C"].width = 90
    wb.save(path)


def write_templates(folder: str | os.PathLike) -> list[Path]:
    """Write the CSV and XLSX templates of both formats into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for kind in KINDS:
        for suffix in (".csv", ".xlsx"):
            out.append(write_template(kind, folder / f"{TEMPLATE_NAMES[kind]}{suffix}"))
    return out
