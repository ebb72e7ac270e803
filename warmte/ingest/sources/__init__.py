"""Readers for the raw sources: one module per source.

Each reader takes the sources directory, renames the source's columns to the
project's English snake_case names at the boundary (one map per source) and
returns DataFrames. Problems raise :class:`SourceError` naming file and row.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from warmte.ingest.provenance import sha256_file


class SourceError(ValueError):
    """A raw source file is missing, unreadable or inconsistent.

    The message names the file (relative to the sources directory) and, where
    it applies, the row (1-based, header = row 1) or key.
    """


@dataclass
class SourceFile:
    """A raw file as read by the build: where it is and what it hashes to."""

    path: Path
    relative: str
    sha256: str = field(default="")

    @classmethod
    def at(cls, root: Path, relative: str) -> SourceFile:
        path = root / relative
        if not path.is_file():
            raise SourceError(f"{relative}: required source file is missing in {root}")
        return cls(path, relative, sha256_file(path))


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def load_json(source: SourceFile):
    """Parse a JSON source strictly: UTF-8, no NaN/Infinity, not absurdly deep. Raises SourceError naming it."""
    try:
        text = source.path.read_text(encoding="utf-8")
        return json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise SourceError(f"{source.relative}: cannot parse: the JSON is nested too deeply") from None
    except (OSError, ValueError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise SourceError(f"{source.relative}: cannot parse: {exc}") from None


def check_complete(source: SourceFile, delimiter: str = ",") -> None:
    """Every record of a CSV source has the header's number of fields; a file cut mid-line fails.

    pandas pads a short last line with empty cells, so a truncated file would otherwise be read as a
    shorter, valid one. Rows are numbered as in the file (header = row 1).
    """
    try:
        text = source.path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{source.relative}: cannot read: {exc}") from None
    records = list(_records(text, delimiter, source.relative))
    if not records:
        raise SourceError(f"{source.relative}: the file is empty")
    (_, header), body = records[0], records[1:]
    for i, (line, cells) in enumerate(body):
        if len(cells) != len(header):
            last = i == len(body) - 1
            cut = (" and the file ends without a line break: it was cut off mid-line; is the file complete?"
                   if last and not text.endswith(("\n", "\r")) else "")
            raise SourceError(f"{source.relative}: line {line}: {len(cells)} fields, the header has {len(header)}"
                              + cut)


def _records(text: str, delimiter: str, relative: str):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceError(f"{relative}: line {reader.line_num}: cannot parse: {exc}") from None
        if cells:
            yield reader.line_num, cells


def first_present(root: Path, candidates: list[str]) -> str | None:
    """The first of ``candidates`` (relative paths) that exists under ``root``."""
    for rel in candidates:
        if (root / rel).is_file():
            return rel
    return None


def read_csv(root: Path, relative: str, columns: dict[str, str]) -> tuple[pd.DataFrame, SourceFile]:
    """Read a CSV source as text, check its columns and rename them with the source's column map.

    Empty cells stay empty strings. Raises :class:`SourceError` naming the file.
    """
    source = SourceFile.at(root, relative)
    check_complete(source)
    try:
        df = pd.read_csv(source.path, dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:  # UnicodeDecodeError is a ValueError
        raise SourceError(f"{relative}: cannot parse: {exc}") from exc
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise SourceError(f"{relative}: missing columns {missing}")
    return df.rename(columns=columns)[list(columns.values())].reset_index(drop=True), source
