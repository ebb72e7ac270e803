"""Problems found in an import file and the errors that carry them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time


def _show(value) -> str:
    if isinstance(value, datetime):
        value = value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    elif isinstance(value, date):
        value = value.isoformat()
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


@dataclass(frozen=True)
class Problem:
    """One problem (or warning) in an import file.

    ``row`` is the spreadsheet row (None for the whole file), ``column`` the column
    name (None for the whole row), ``value`` the cell as read, ``message`` what is
    wrong and ``expected`` what would be valid.
    """

    row: int | None
    column: str | None
    value: object
    message: str
    expected: str = ""

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"row {self.row}" if self.row else "",
                                      f"column {self.column}" if self.column else "") if p) or "file"
        what = self.message if self.value is None else f"{_show(self.value)} {self.message}"
        return f"{where}: {what}" + (f"; expected {self.expected}" if self.expected else "")


class RegisterImportError(Exception):
    """Base of every error :func:`import_file` raises; ``problems`` lists them."""

    def __init__(self, problems: list[Problem] | str, warnings: list[Problem] | None = None):
        self.problems = [Problem(None, None, None, problems)] if isinstance(problems, str) else list(problems)
        self.warnings = list(warnings or [])
        n = len(self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''}:\n" + "\n".join(map(str, self.problems)))


class InvalidImportFile(RegisterImportError):
    """The file is invalid (exit code 2); nothing was written."""


class ImportWriteError(RegisterImportError):
    """The database could not be updated (missing, checks failed, changed meanwhile); nothing was written."""
