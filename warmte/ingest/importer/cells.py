"""Cell parsers (raise ValueError with what was expected): booleans, dates, numbers and vocabularies."""

from __future__ import annotations

import difflib
import math
import re
from datetime import date, datetime

from warmte.domain.regions import normalise_name


def _key(text) -> str:
    return normalise_name(text).replace(" ", "_")


_BOOLS = {"ja": True, "j": True, "waar": True, "true": True, "yes": True, "y": True, "1": True, "x": True,
          "nee": False, "n": False, "onwaar": False, "false": False, "no": False, "0": False}
_EXPECTED_BOOL = "ja or nee (also waar/onwaar, true/false, 1/0)"
_EXPECTED_DATE = "a date like 2023-04-01 or 1-4-2023 (day-month-year)"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YMD_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DUTCH_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_bool(cell) -> bool:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, (int, float)) and cell in (0, 1):
        return bool(cell)
    value = _BOOLS.get(_text(cell).lower())
    if value is None:
        raise ValueError(_EXPECTED_BOOL)
    return value


def parse_date(cell) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if not isinstance(cell, str):
        raise ValueError(_EXPECTED_DATE)
    s = cell.strip()
    for pattern, order in ((_ISO, "ymd"), (_DMY, "dmy"), (_YMD_SLASH, "ymd")):
        m = pattern.fullmatch(s)
        if m:
            a, b, c = (int(g) for g in m.groups()[:3])
            y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return date(y, mo, d)
            except ValueError:
                raise ValueError(f"an existing date ({_EXPECTED_DATE})") from None
    raise ValueError(_EXPECTED_DATE)


def parse_number(cell) -> float:
    """A number; Dutch decimal commas (``12,5``) and thousands dots (``1.500``) are understood."""
    if isinstance(cell, bool):
        raise ValueError("a number")
    if isinstance(cell, (int, float)):
        value = float(cell)
    else:
        s = _text(cell).replace("\u00a0", "").replace(" ", "").replace("_", "x")
        if _DUTCH_THOUSANDS.fullmatch(s):
            s = s.replace(".", "")
        elif "," in s:
            s = s.replace(".", "").replace(",", ".")
        try:
            value = float(s)
        except ValueError:
            raise ValueError("a number") from None
    if not math.isfinite(value):
        raise ValueError("a finite number")
    return value


def parse_int(cell) -> int:
    value = parse_number(cell)
    if not value.is_integer():
        raise ValueError("a whole number")
    if abs(value) > 2_000_000_000:
        raise ValueError("a whole number below 2,000,000,000")
    return int(value)


def _one_of(values) -> str:
    return "one of " + ", ".join(values)


def _vocabulary(cell, values: tuple[str, ...], what: str, aliases: dict[str, str] | None = None) -> str:
    key = _key(cell)
    key = (aliases or {}).get(key, key)
    if key in values:
        return key
    close = difflib.get_close_matches(key, values, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise ValueError(f"is not {what}", _one_of(values) + hint)


_ROLE_ALIASES = {"ondersteuner": "supporter", "geen": "none", "partnerschap": "partner"}
_TECH_ALIASES = {"all_electric": "all_electric", "allelectric": "all_electric", "groengas": "groen_gas",
                 "warmtenetten": "warmtenet", "energiebesparing": "besparing"}
