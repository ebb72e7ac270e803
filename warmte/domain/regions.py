"""Regions: levels, codes, members and search.

Levels (``model.LEVELS``) and their codes:

=========== ============ ==========================================
level       code         members
=========== ============ ==========================================
nederland   ``NL``       all municipalities
provincie   ``PVxx``     municipalities with that ``province_code``
res         ``ESxx``     municipalities with that ``res_code``
gemeente    ``GMxxxx``   the municipality itself
=========== ============ ==========================================

The ``municipalities`` table has columns ``code``, ``name``,
``province_code`` and ``res_code`` (one row per municipality).
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from warmte.model import LEVELS, NATIONAL_CODE

__all__ = [
    "UnknownRegionError",
    "normalise_name",
    "region_members",
    "search_regions",
]

_PREFIX_COLUMN: dict[str, str] = {"PV": "province_code", "ES": "res_code", "GM": "code"}
_SEARCH_HINT = "run `warmte regions --search TEXT` to find valid codes"


class UnknownRegionError(KeyError):
    """A region code that is not in the data."""

    def __init__(self, code, detail: str = ""):
        self.code = code
        self.message = f"unknown region code {code!r}{detail}; {_SEARCH_HINT}"
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would show the repr (with quotes)
        return self.message


def _require(df: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what} lacks column(s) {missing}")


def region_members(municipalities: pd.DataFrame, code: str) -> list[str]:
    """Codes of the municipalities that make up a region.

    Parameters
    ----------
    municipalities : pandas.DataFrame
        Columns ``code``, ``province_code``, ``res_code``.
    code : str
        ``NL``, ``PVxx``, ``ESxx`` or ``GMxxxx``.

    Returns
    -------
    list of str
        Municipality codes, sorted.

    Raises
    ------
    UnknownRegionError
        The code has an unknown prefix or no municipality belongs to it.
    """
    _require(municipalities, ("code", "province_code", "res_code"), "municipalities")
    if not isinstance(code, str):
        raise UnknownRegionError(code)
    key = code.strip().upper()
    if key == NATIONAL_CODE:
        members = municipalities["code"]
    elif key[:2] in _PREFIX_COLUMN:
        members = municipalities.loc[municipalities[_PREFIX_COLUMN[key[:2]]] == key, "code"]
    else:
        raise UnknownRegionError(code, " (codes look like NL, PV20, ES01 or GM0014)")
    if members.empty:
        raise UnknownRegionError(code)
    return sorted(str(m) for m in members)


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_name(text) -> str:
    """A name reduced for matching.

    Lowercase, accents stripped (``Súdwest-Fryslân`` -> ``sudwest fryslan``),
    every run of punctuation or whitespace collapsed to one space, trimmed.

    Parameters
    ----------
    text : str
        Any name or code; None gives ``""``.

    Returns
    -------
    str
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped.casefold()).strip()


def search_regions(regions: pd.DataFrame, text: str) -> pd.DataFrame:
    """Regions whose name or code contains ``text``.

    Matching ignores case, accents, punctuation and spacing: ``sudwest``
    and ``sudwestfryslan`` both find ``Súdwest-Fryslân``. Only substrings of
    the name or the code match (no aliases or fuzzy matching).

    Parameters
    ----------
    regions : pandas.DataFrame
        Columns ``code``, ``name``, ``level`` (and possibly more).
    text : str
        Search text; empty text returns every region.

    Returns
    -------
    pandas.DataFrame
        The matching rows (all columns), best first: exact matches of name or
        code, then names or codes starting with ``text``, then names with a
        word starting with ``text``, then other matches; within each group by
        level (``model.LEVELS`` order) and name.
    """
    _require(regions, ("code", "name", "level"), "regions")
    query = normalise_name(text)
    compact = query.replace(" ", "")
    names = regions["name"].map(normalise_name)
    codes = regions["code"].map(normalise_name)

    def rank(name: str, code: str) -> int:
        if not query:
            return 0
        if query in (name, code):
            return 0
        if name.startswith(query) or code.startswith(query):
            return 1
        if (" " + query) in (" " + name):
            return 2
        if query in name or query in code or compact in name.replace(" ", ""):
            return 3
        return 4

    ranks = pd.Series([rank(n, c) for n, c in zip(names, codes, strict=True)], index=regions.index, dtype="int64")
    level_order = {lvl: i for i, lvl in enumerate(LEVELS)}
    order = pd.DataFrame(
        {
            "rank": ranks,
            "level": regions["level"].map(level_order).fillna(len(LEVELS)),
            "name": names,
        },
        index=regions.index,
    )
    keep = order[order["rank"] < 4].sort_values(["rank", "level", "name"], kind="stable")
    return regions.loc[keep.index].reset_index(drop=True)
