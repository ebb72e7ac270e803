"""Readers for the raw sources: one module per source.

Each reader takes the sources directory, renames the source's columns to the
project's English snake_case names at the boundary (one map per source) and
returns DataFrames. Problems raise :class:`SourceError` naming file and row.
"""

from __future__ import annotations

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
    try:
        df = pd.read_csv(source.path, dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:  # UnicodeDecodeError is a ValueError
        raise SourceError(f"{relative}: cannot parse: {exc}") from exc
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise SourceError(f"{relative}: missing columns {missing}")
    return df.rename(columns=columns)[list(columns.values())].reset_index(drop=True), source
