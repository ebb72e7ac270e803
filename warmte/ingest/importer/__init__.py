"""Import of user registers: heat initiatives and council indicators (``warmte import``).

Two file formats (documented in ``data/README.md``; ``warmte templates DIR`` writes
templates): an initiative register with one row per phase change, and council
indicators with one row per municipality and year. Files are CSV (comma, semicolon
or tab, UTF-8 with or without BOM, or UTF-16 with BOM) or XLSX.

Validation reports every problem at once as :class:`Problem` (row, column, value,
expected), with rows numbered as a spreadsheet shows them (the header is row 1
when the file has no comment lines above it). When anything is invalid nothing is
written (:class:`InvalidImportFile`).

A valid import replaces its scope (initiatives: every initiative of the
municipalities the file covers; council: the (municipality, year) pairs of the
file) in a copy of the database next to it, runs the build checks on the copy,
keeps the previous database as ``backups/<name>-YYYYmmddTHHMMSS.duckdb`` and
renames the copy over the database. Readers open the database per load, so they
see the old or the new file, never a half-written one.
"""

from __future__ import annotations

from warmte.ingest.importer.apply import ImportResult, import_file, to_frames
from warmte.ingest.importer.formats import COLUMNS, KINDS
from warmte.ingest.importer.municipalities import MERGED, Municipalities
from warmte.ingest.importer.problems import ImportWriteError, InvalidImportFile, Problem, RegisterImportError
from warmte.ingest.importer.read import Table, read_table
from warmte.ingest.importer.templates import write_template, write_templates
from warmte.ingest.importer.validate import Context, Validated, validate

__all__ = [
    "COLUMNS",
    "KINDS",
    "Context",
    "ImportResult",
    "ImportWriteError",
    "InvalidImportFile",
    "MERGED",
    "Municipalities",
    "Problem",
    "RegisterImportError",
    "Table",
    "Validated",
    "import_file",
    "read_table",
    "to_frames",
    "validate",
    "write_template",
    "write_templates",
]
