"""The two import formats: kinds, plausibility limits, columns and the templates' example rows.

Documented in ``data/README.md``; ``warmte templates DIR`` writes templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from warmte import model

KINDS: tuple[str, ...] = ("initiatives", "council")
#: Dates and council years before this year are rejected as impossible.
MIN_YEAR = 2000
#: Plausibility limits ("impossible numbers").
MAX_VOLUNTEERS = 10_000
MAX_COUNT_PER_YEAR = 365
MAX_TEXT = 500
#: Initiative ids of the template's example rows start with this (they are refused).
EXAMPLE_ID_PREFIX = "VOORBEELD"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    type: str          # text, id, municipality, phase, technology, role, date, int, bool, year, url
    description: str
    aliases: tuple[str, ...] = ()


COLUMNS: dict[str, tuple[Column, ...]] = {
    "initiatives": (
        Column("initiative_id", True, "id", "your own stable id of the initiative, the same on each of its rows",
               ("id", "initiatief_id")),
        Column("name", True, "text", "name of the initiative", ("naam",)),
        Column("municipality", True, "municipality",
               "municipality: code (GM0363) or 2025 name (accents and case ignored)", ("gemeente", "gemeentecode")),
        Column("technology", True, "technology", "one of " + ", ".join(model.TECHNOLOGIES), ("techniek",)),
        Column("municipal_role", True, "role",
               "role of the municipality: partner, supporter or none; empty = unknown", ("rol_gemeente",)),
        Column("phase", True, "phase", "phase entered on start_date: " + ", ".join(model.ALL_PHASES), ("fase",)),
        Column("start_date", True, "date", "date the phase started (2023-04-01 or 1-4-2023)",
               ("startdatum", "datum")),
        Column("place", False, "text", "village or neighbourhood", ("plaats", "wijk")),
        Column("org_type", False, "text", "organisation: cooperatie, bewonersinitiatief, stichting ...",
               ("type", "organisatievorm")),
        Column("homes_planned", False, "int", "homes the initiative plans to connect or make gas-free",
               ("woningen", "woningen_gepland")),
        Column("volunteers", False, "int", "active volunteers", ("vrijwilligers",)),
        Column("professional_support", False, "bool", "paid project developer or advisor (ja/nee)",
               ("professionele_ondersteuning",)),
        Column("url", False, "url", "web address of the initiative", ("website",)),
    ),
    "council": (
        Column("municipality", True, "municipality", "municipality: code (GM0363) or 2025 name",
               ("gemeente", "gemeentecode")),
        Column("year", True, "year", f"year the indicators describe ({MIN_YEAR} up to this year)", ("jaar",)),
        Column("tvw_adopted", True, "bool", "transitievisie warmte adopted by the council (ja/nee)",
               ("tvw_vastgesteld",)),
        Column("tvw_adopted_date", False, "date", "date the council adopted it; empty when not adopted",
               ("tvw_datum",)),
        Column("wup_adopted", True, "bool", "a wijkuitvoeringsplan adopted (ja/nee)", ("wup_vastgesteld",)),
        Column("heat_debates", True, "count", "council debates on heat in the year", ("debatten",)),
        Column("heat_motions", True, "count", "motions and amendments on heat in the year", ("moties",)),
        Column("budget_allocated", True, "bool", "budget for the heat transition allocated (ja/nee)",
               ("budget",)),
        Column("informed_of_share", True, "bool", "council informed of its share of the target (ja/nee)",
               ("geinformeerd",)),
    ),
}

#: Example rows of the templates (refused when imported unchanged).
EXAMPLES: dict[str, list[dict]] = {
    "initiatives": [
        {"initiative_id": f"{EXAMPLE_ID_PREFIX}-1", "name": "Voorbeeld: Warmtecoöperatie De Linde",
         "municipality": "GM0344", "technology": "warmtenet", "municipal_role": "partner", "phase": "orientatie",
         "start_date": date(2021, 3, 1), "place": "Utrecht-Oost", "org_type": "cooperatie", "homes_planned": 450,
         "volunteers": 12, "professional_support": "nee", "url": "https://example.org/de-linde"},
        {"initiative_id": f"{EXAMPLE_ID_PREFIX}-1", "name": "Voorbeeld: Warmtecoöperatie De Linde",
         "municipality": "GM0344", "technology": "warmtenet", "municipal_role": "partner", "phase": "haalbaarheid",
         "start_date": date(2022, 9, 15), "place": "", "org_type": "", "homes_planned": "",
         "volunteers": "", "professional_support": "", "url": ""},
        {"initiative_id": f"{EXAMPLE_ID_PREFIX}-2", "name": "Voorbeeld: Dorpswarmte Tjerkwerd",
         "municipality": "Súdwest-Fryslân", "technology": "warmtenet", "municipal_role": "supporter",
         "phase": "orientatie", "start_date": date(2023, 1, 10), "place": "Tjerkwerd", "org_type":
         "bewonersinitiatief", "homes_planned": "", "volunteers": 5, "professional_support": "nee", "url": ""},
    ],
    "council": [
        {"municipality": "GM0344", "year": 2024, "tvw_adopted": "ja", "tvw_adopted_date": date(2021, 9, 30),
         "wup_adopted": "nee", "heat_debates": 2, "heat_motions": 1, "budget_allocated": "ja",
         "informed_of_share": "nee"},
        {"municipality": "Bergen (NH.)", "year": 2024, "tvw_adopted": "nee", "tvw_adopted_date": "",
         "wup_adopted": "nee", "heat_debates": 0, "heat_motions": 0, "budget_allocated": "nee",
         "informed_of_share": "nee"},
    ],
}
