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
    "COMMON_NAMES",
    "ENGLISH_NAMES",
    "FORMER_NAMES",
    "UnknownRegionError",
    "aliases",
    "also_known_as",
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


#: Other names of a region that people search for, by code, each with where it comes from; the first is
#: shown beside the official name in the region picker. Only names that are not already a substring of the
#: official name (that one is found anyway).
COMMON_NAMES: dict[str, tuple[str, ...]] = {
    # The official CBS names are the formal ones; the municipalities call themselves by the short name
    # (denhaag.nl, s-hertogenbosch.nl: "gemeente Den Haag", "Den Bosch").
    "GM0518": ("Den Haag",),
    "GM0796": ("Den Bosch",),
    # Fryslân is the province's official (Frisian) name since 1997; Friesland is its Dutch name and the
    # name the CBS list of RES regions uses (data/snapshot/res/res_regions_gemeenten_2023_cbs.csv).
    "PV21": ("Friesland",),
    "ES02": ("Fryslân",),
    # Frisian municipalities: the Dutch form of the official Frisian name (De Fryske Marren was named
    # De Friese Meren when it was formed in 2014; Leeuwarden is Ljouwert in Frisian).
    "GM1940": ("De Friese Meren",),
    "GM0737": ("Tietjerksteradeel",),
    "GM1891": ("Dantumadeel",),
    "GM0080": ("Ljouwert",),
}

#: English names (exonyms), by code, for readers of the English pages; the first is shown in the English picker.
ENGLISH_NAMES: dict[str, tuple[str, ...]] = {
    "NL": ("The Netherlands", "Netherlands", "Holland"),
    "GM0518": ("The Hague",),
    "PV27": ("North Holland",),
    "PV28": ("South Holland",),
    "PV29": ("Zealand",),
    "PV30": ("North Brabant", "Brabant"),
}

#: Names of former municipalities, by the code of the 2025 municipality they are part of. Source: the
#: mergers applied in data/snapshot/res/res_regio_gemeente_2025_derived.csv (column
#: ``afgeleid_van_bronnamen``) as documented in ../shared/data/SOURCES.md section 1.3 (CBS Gebiedsindelingen).
#: Haaren was split in 2021 among Boxtel, Oisterwijk, Tilburg and Vught: it finds all four.
FORMER_NAMES: dict[str, tuple[str, ...]] = {
    "GM1979": ("Appingedam", "Delfzijl", "Loppersum"),  # Eemsdelta, 2021
    "GM1980": ("Heerhugowaard", "Langedijk"),  # Dijk en Waard, 2022
    "GM0363": ("Weesp",),  # Amsterdam, 2022
    "GM0439": ("Beemster",),  # Purmerend, 2022
    "GM1982": ("Boxmeer", "Cuijk", "Grave", "Mill en Sint Hubert", "Sint Anthonis"),  # Land van Cuijk, 2022
    "GM1991": ("Landerd", "Uden"),  # Maashorst, 2022
    "GM1992": ("Brielle", "Hellevoetsluis", "Westvoorne"),  # Voorne aan Zee, 2023
    "GM0757": ("Haaren",), "GM0824": ("Haaren",), "GM0855": ("Haaren",), "GM0865": ("Haaren",),  # split, 2021
}


def aliases(code: str) -> tuple[str, ...]:
    """Every other name a region is found by: common names, English names, then former names."""
    return COMMON_NAMES.get(code, ()) + ENGLISH_NAMES.get(code, ()) + FORMER_NAMES.get(code, ())


def also_known_as(code: str, lang: str = "nl") -> str | None:
    """The other name shown beside the official one in a picker ('s-Gravenhage / Den Haag), or None.

    English readers get the English name where there is one ('s-Gravenhage / The Hague); the country has its
    own name per language already and gets none.
    """
    if code == "NL":
        return None
    names = (ENGLISH_NAMES.get(code, ()) if lang == "en" else ()) + COMMON_NAMES.get(code, ())
    return names[0] if names else None


_DIGITS = re.compile(r"^(gm|pv|es)?\s*0*(\d+)$")


def _code_digits(text: str) -> str | None:
    """The number of a code without prefix and leading zeros: 'gm0363', '0363', '363' -> '363'."""
    m = _DIGITS.match(text)
    return m.group(2) if m else None


def _rank(query: str, names: list[str], code: str) -> int:
    """0 exact, 1 prefix, 2 a word starts with the query, 3 contained (also ignoring spaces), 4 no match."""
    if not query:
        return 0
    compact = query.replace(" ", "")
    digits = _code_digits(compact)
    if query == code or compact == code or (digits is not None and digits == _code_digits(code)
                                             and (compact.isdigit() or compact[:2] == code[:2])):
        return 0
    if code.startswith(compact) and not compact.isdigit():
        return 1
    best = 4
    for name in names:
        if query == name or compact == name.replace(" ", ""):
            return 0
        if name.startswith(query):
            best = min(best, 1)
        elif (" " + query) in (" " + name):
            best = min(best, 2)
        elif query in name or compact in name.replace(" ", ""):
            best = min(best, 3)
    if best == 4 and compact in code:
        best = 3
    return best


def search_regions(regions: pd.DataFrame, text: str) -> pd.DataFrame:
    """Regions whose name, other name or code matches ``text``.

    Matching ignores case, accents, punctuation and spacing: ``sudwest``
    and ``sudwestfryslan`` both find ``Súdwest-Fryslân``. Besides the official
    name it knows the names in :data:`COMMON_NAMES` (``Den Haag`` finds
    ``'s-Gravenhage``, ``Friesland`` finds ``Fryslân``), :data:`ENGLISH_NAMES`
    (``The Hague``, ``North Holland``) and the former names of
    merged municipalities in :data:`FORMER_NAMES` (``Weesp`` finds Amsterdam).
    Codes match in any case, with or without prefix and leading zeros:
    ``GM0363``, ``gm0363``, ``0363`` and ``363`` find Amsterdam.

    Parameters
    ----------
    regions : pandas.DataFrame
        Columns ``code``, ``name``, ``level`` (and possibly more).
    text : str
        Search text; empty text (or punctuation only) returns every region.

    Returns
    -------
    pandas.DataFrame
        The matching rows (all columns), best first: exact matches of a name
        or code, then names starting with ``text``, then names with a word
        starting with ``text``, then other matches; within each group by
        level (``model.LEVELS`` order) and name.
    """
    _require(regions, ("code", "name", "level"), "regions")
    query = normalise_name(text)
    names = regions["name"].map(normalise_name)
    codes = regions["code"].map(normalise_name)
    ranks = pd.Series(
        [_rank(query, [n, *map(normalise_name, aliases(str(raw)))], c)
         for n, c, raw in zip(names, codes, regions["code"], strict=True)],
        index=regions.index, dtype="int64")
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
