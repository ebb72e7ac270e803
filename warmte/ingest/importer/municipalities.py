"""Municipality codes and names: case, accents, punctuation, merged and split municipalities, suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata

import pandas as pd

from warmte.domain.regions import normalise_name
from warmte.ingest.importer.cells import _text

#: Names of municipalities that merged 2021-2023 -> (code, name of today's municipality, year).
#: As documented in ``../shared/data/SOURCES.md`` section 1.3 (CBS Gebiedsindelingen).
MERGED: dict[str, tuple[str, str, int]] = {
    "Appingedam": ("GM1979", "Eemsdelta", 2021),
    "Delfzijl": ("GM1979", "Eemsdelta", 2021),
    "Loppersum": ("GM1979", "Eemsdelta", 2021),
    "Heerhugowaard": ("GM1980", "Dijk en Waard", 2022),
    "Langedijk": ("GM1980", "Dijk en Waard", 2022),
    "Weesp": ("GM0363", "Amsterdam", 2022),
    "Beemster": ("GM0439", "Purmerend", 2022),
    "Boxmeer": ("GM1982", "Land van Cuijk", 2022),
    "Cuijk": ("GM1982", "Land van Cuijk", 2022),
    "Grave": ("GM1982", "Land van Cuijk", 2022),
    "Mill en Sint Hubert": ("GM1982", "Land van Cuijk", 2022),
    "Sint Anthonis": ("GM1982", "Land van Cuijk", 2022),
    "Landerd": ("GM1991", "Maashorst", 2022),
    "Uden": ("GM1991", "Maashorst", 2022),
    "Brielle": ("GM1992", "Voorne aan Zee", 2023),
    "Hellevoetsluis": ("GM1992", "Voorne aan Zee", 2023),
    "Westvoorne": ("GM1992", "Voorne aan Zee", 2023),
}
#: Municipalities that were split: no single successor, the user must choose.
SPLIT: dict[str, str] = {"Haaren": "2021 among Boxtel, Oisterwijk, Tilburg and Vught"}


class Municipalities:
    """Resolves municipality codes and names (case, accents, punctuation and merged names)."""

    def __init__(self, frame: pd.DataFrame):
        self.names: dict[str, str] = dict(zip(frame["code"], frame["name"], strict=True))
        self.by_key: dict[str, str] = {}
        base: dict[str, list[str]] = {}
        for code, name in self.names.items():
            self.by_key[normalise_name(name)] = code
            self.by_key[normalise_name(name).replace(" ", "")] = code
            if "(" in name:
                base.setdefault(normalise_name(name.split("(")[0]), []).append(code)
        self.base = {k: v for k, v in base.items() if k not in self.by_key}
        self.merged = {normalise_name(k): (k, *v) for k, v in MERGED.items() if v[0] in self.names}
        self.split = {normalise_name(k): (k, v) for k, v in SPLIT.items()}
        self.choices = {normalise_name(n): n for n in self.names.values()}
        self.choices.update({k: v[0] for k, v in self.merged.items()})

    def label(self, code: str) -> str:
        return f"{self.names[code]} ({code})"

    def resolve(self, cell) -> tuple[str, str | None]:
        """(code, warning or None); raises ValueError(expected) for an unknown municipality."""
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            cell = _text(cell)
        odd = next((ch for ch in str(cell or "") if unicodedata.category(ch)[0] in "CS" and ch not in "\t"), None)
        if odd is not None:  # a control character, an invisible format character or a symbol: not repaired
            raise ValueError(f"holds the character U+{ord(odd):04X}, which no municipality name or code has",
                             "a municipality code (GM0363) or a 2025 municipality name, without symbols or "
                             "control characters")
        key = normalise_name(cell)
        key = re.sub(r"^gemeente ", "", key)
        m = re.fullmatch(r"(?:gm ?)?(\d{1,5})", key)  # 5 digits: synthetic neighbourhood-scale codes
        if m:
            code = "GM" + m.group(1).zfill(4)
            if code in self.names:
                return code, None
            raise ValueError("is not a municipality code of 2025", "a code such as GM0363 (Amsterdam); "
                             "run `warmte regions --search NAME` to find codes")
        if key in self.by_key or key.replace(" ", "") in self.by_key:
            return self.by_key.get(key) or self.by_key[key.replace(" ", "")], None
        if key in self.base:
            codes = self.base[key]
            if len(codes) == 1:
                return codes[0], f"is taken as {self.label(codes[0])}"
            options = " or ".join(repr(self.names[c]) for c in codes)
            raise ValueError("is ambiguous", f"one municipality: {options}")
        if key in self.merged:
            old, code, new, year = self.merged[key]
            return code, f"merged into {new} in {year}; imported as {self.label(code)}"
        if key in self.split:
            old, how = self.split[key]
            raise ValueError(f"was split in {how}", "the municipality of today that holds the place")
        close = difflib.get_close_matches(key, list(self.choices), n=3, cutoff=0.75)
        hint = ("; did you mean " + " or ".join(repr(self.choices[c]) for c in close) + "?") if close else ""
        raise ValueError("is not a municipality", "a municipality code (GM0363) or a 2025 municipality name" + hint)
