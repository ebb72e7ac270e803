"""Definitions: the one place for constants and vocabularies.

Everything a number on the dashboard depends on (the target, the phases of an
initiative, the council-involvement weights, the levels of geography) is
defined here and imported elsewhere. The method page shows these tables.

Glossary (Dutch official terms that stay Dutch in code)
--------------------------------------------------------
gemeente
    Municipality (code ``GMxxxx``).
provincie
    Province (code ``PVxx``).
RES-regio
    Regional Energy Strategy region (code ``ESxx``), 30 in total.
aardgasvrij
    Gas-free: CBS "totaal zonder gasverbruik".
bijna aardgasvrij
    Hybrid: a (hybrid) heat pump that still uses some natural gas.
warmtenet
    Heat network (district heating).
transitievisie warmte (TVW)
    The municipal heat-transition vision every council had to adopt by end 2021.
wijkuitvoeringsplan (WUP)
    The neighbourhood implementation plan that follows a TVW.
bewonersinitiatief
    A resident heat initiative or energy cooperative.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Target ---------------------------------------------------------------

#: Klimaatakkoord target: homes (strictly: "woningequivalenten", homes and
#: other buildings) gas-free or gas-free-ready by the end of 2030.
TARGET_HOMES: int = 1_500_000
#: Target year (end of year; observations are on 1 January, so the
#: observation of ``TARGET_YEAR`` is the last one before the deadline).
TARGET_YEAR: int = 2030
#: The target as a share of the housing stock (the "alternative" definition).
TARGET_SHARE: float = 0.20
#: Projections that do not reach the target before this year say "not before".
PROJECTION_HORIZON_YEAR: int = 2050

#: How a region's share of the target is computed.
TARGET_METHODS: tuple[str, ...] = ("pro_rata", "own_stock")
DEFAULT_TARGET_METHOD = "pro_rata"

#: What counts as gas-free.
DEFINITIONS: tuple[str, ...] = ("gas_free", "gas_free_or_hybrid")
DEFAULT_DEFINITION = "gas_free"

#: The year whose housing stock sets the pro-rata shares of the target.
REFERENCE_STOCK_YEAR: int = 2024

# --- Data kinds -----------------------------------------------------------

#: official: published by a statistics office or the cadastre (CBS, PDOK);
#: compiled: facts gathered from publications, each with its source;
#: illustrative: generated where no open data exists (seeded, reproducible).
DATA_KINDS: tuple[str, ...] = ("official", "compiled", "illustrative")
#: Imported registers (``warmte import``) are real data supplied by a user.
IMPORTED_KIND = "compiled"


def weakest_kind(kinds) -> str:
    """Return the least certain of several data kinds.

    A number computed from an official and an illustrative value is
    illustrative; from official and compiled, compiled.
    """
    order = {k: i for i, k in enumerate(DATA_KINDS)}
    kinds = [k for k in kinds if k is not None]
    if not kinds:
        return "illustrative"
    return max(kinds, key=lambda k: order.get(k, len(DATA_KINDS)))


# --- Levels ---------------------------------------------------------------

LEVELS: tuple[str, ...] = ("nederland", "provincie", "res", "gemeente")
NATIONAL_CODE = "NL"
CODE_PREFIX: dict[str, str] = {"GM": "gemeente", "PV": "provincie", "ES": "res", "NL": "nederland"}


def level_of(code: str) -> str:
    """Level of a region code: ``NL`` -> nederland, ``PV..`` -> provincie, ..."""
    if code == NATIONAL_CODE:
        return "nederland"
    try:
        return CODE_PREFIX[code[:2]]
    except (KeyError, TypeError):
        raise ValueError(f"unknown region code {code!r}") from None


# --- Initiatives ----------------------------------------------------------

#: Phases of a heat initiative, in order. ``gestopt`` ends an initiative.
PHASES: tuple[str, ...] = (
    "orientatie",
    "haalbaarheid",
    "projectontwikkeling",
    "realisatie",
    "exploitatie",
)
#: Phases of a heat network in development as the WarmteAtlas names them, in pipeline order.
PROJECT_PHASES: tuple[str, ...] = ("ontwikkelfase", "planuitwerkingsfase", "uitvoeringsfase", "realisatie onzeker")

STOPPED = "gestopt"
ALL_PHASES: tuple[str, ...] = PHASES + (STOPPED,)
#: Phases in which an initiative can stall (the step to project development).
STALL_PHASES: tuple[str, ...] = ("orientatie", "haalbaarheid")
#: Longer than this many months in a stall phase counts as stalled.
STALL_MONTHS_DEFAULT: int = 18
#: Length of a month in days (365.25 / 12), for "months in phase".
DAYS_PER_MONTH: float = 30.4375
#: Label for a missing phase, technology or municipal role.
UNKNOWN = "onbekend"

TECHNOLOGIES: tuple[str, ...] = (
    "warmtenet",
    "hybride",
    "all_electric",
    "groen_gas",
    "besparing",
    "onbekend",
)
MUNICIPAL_ROLES: tuple[str, ...] = ("partner", "supporter", "none")

# --- Council involvement --------------------------------------------------


@dataclass(frozen=True)
class CouncilIndicator:
    """One documented indicator of council involvement and its weight (points of 100)."""

    column: str
    weight: float
    label_nl: str
    label_en: str


#: The weights table. The weights add up to 100; the index is the weighted sum
#: of indicators each scaled to 0..1 (counts are capped, see ``COUNT_CAPS``).
COUNCIL_INDICATORS: tuple[CouncilIndicator, ...] = (
    CouncilIndicator("tvw_adopted", 20, "Transitievisie warmte vastgesteld door de raad",
                     "Heat transition vision adopted by the council"),
    CouncilIndicator("wup_adopted", 20, "Wijkuitvoeringsplan vastgesteld",
                     "Neighbourhood implementation plan adopted"),
    CouncilIndicator("heat_debates", 15, "Raadsdebatten over warmte (per jaar)",
                     "Council debates on heat (per year)"),
    CouncilIndicator("heat_motions", 10, "Moties en amendementen over warmte (per jaar)",
                     "Motions and amendments on heat (per year)"),
    CouncilIndicator("budget_allocated", 15, "Budget voor de warmtetransitie begroot",
                     "Budget allocated to the heat transition"),
    CouncilIndicator("informed_of_share", 20, "Raad geïnformeerd over eigen deel van de opgave",
                     "Council informed of its share of the target"),
)
#: Counts at or above the cap score full marks.
COUNT_CAPS: dict[str, int] = {"heat_debates": 4, "heat_motions": 3}
#: Involvement classes: [0, 40) low, [40, 70) middle, [70, 100] high.
INVOLVEMENT_CLASSES: tuple[tuple[str, float, float], ...] = (
    ("laag", 0.0, 40.0),
    ("midden", 40.0, 70.0),
    ("hoog", 70.0, 100.0),
)
