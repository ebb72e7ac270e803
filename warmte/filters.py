"""The filters of a view and their URL form (permalinks). Pure: no streamlit.

Every filter lives in the URL so that a copied link reopens the same view.
Parameter names are Dutch (the interface language); values are codes:

=========== ============================================ ==================
parameter   values                                       default
=========== ============================================ ==================
regio       NL, PVxx, ESxx, GMxxxx (case-insensitive)    NL
jaar        an observed year (2017, 2019, 2022, 2024)    the latest
lang        nl, en                                       nl
definitie   gas_free, gas_free_or_hybrid                 gas_free
doel        pro_rata, own_stock                          pro_rata
niveau      gemeente, provincie, res                     gemeente
indicator   gas_free_share, progress_to_target,          gas_free_share
            on_track, initiatives_per_10k_homes,
            involvement_index
            plans_coverage, district_heating_share, gas_use_per_home,
            tvw_status
stilstand   months in a phase that count as stalled,     18
            6..60
demo        1 (show the generated demonstration data)    off
vergelijk   municipalities chosen by hand as peers,      the 10 nearest
            GMxxxx codes separated by commas (≤ 20)
=========== ============================================ ==================

An invalid value is ignored (the default is used) and reported as a notice;
parsing never raises.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from urllib.parse import urlencode

from warmte import model

MAP_LEVELS = ("gemeente", "provincie", "res")
MAP_INDICATORS = ("gas_free_share", "progress_to_target", "on_track", "plans_coverage", "district_heating_share",
                  "gas_use_per_home", "tvw_status", "initiatives_per_10k_homes", "involvement_index")
#: Map indicators that exist only with the demonstration data (generated register and council indicators).
DEMO_INDICATORS = ("initiatives_per_10k_homes", "involvement_index")
STALL_RANGE = (6, 60)
MAX_PARAM_LENGTH = 64
#: Hand-chosen peers: at most this many codes (each 'GMxxxx', comma-separated) in ``vergelijk``.
MAX_PEERS = 20


@dataclass(frozen=True)
class Filters:
    region: str = model.NATIONAL_CODE
    year: int | None = None
    lang: str = "nl"
    definition: str = model.DEFAULT_DEFINITION
    target: str = model.DEFAULT_TARGET_METHOD
    level: str = "gemeente"
    indicator: str = "gas_free_share"
    stall_months: int = model.STALL_MONTHS_DEFAULT
    demo: bool = False  # the generated demonstration layer (off by default)
    peers: tuple[str, ...] = ()  # municipalities chosen by hand as peers (empty: the nearest, see views.peers)

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)

    def as_dict(self) -> dict:
        return asdict(self)


#: URL parameter -> Filters field.
PARAMS = {"regio": "region", "jaar": "year", "lang": "lang", "definitie": "definition", "doel": "target",
          "niveau": "level", "indicator": "indicator", "stilstand": "stall_months", "demo": "demo",
          "vergelijk": "peers"}
FIELDS = {v: k for k, v in PARAMS.items()}


@dataclass(frozen=True)
class Notice:
    """An ignored parameter: its name, the (shortened) value and why."""

    param: str
    value: str
    reason: str  # label key in the locales: notice_unknown_region, notice_bad_year, ...


def _is_number(text: str) -> bool:
    """ASCII digits only ('²' and full-width digits are not numbers here)."""
    return text.isascii() and text.isdecimal()


def _first(value) -> str:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return "" if value is None else str(value)


def _short(value: str) -> str:
    value = "".join(ch if ch.isprintable() else "?" for ch in value)
    return value if len(value) <= 40 else value[:37] + "..."


def parse(params, region_codes, years) -> tuple[Filters, list[Notice]]:
    """Filters from URL parameters; invalid values are dropped with a notice.

    Parameters
    ----------
    params : mapping of str -> str or list of str
        The query parameters (``st.query_params`` or a dict).
    region_codes : container of str
        Valid region codes (NL, PVxx, ESxx, GMxxxx).
    years : sequence of int
        Observed years.
    """
    f = Filters()
    notices: list[Notice] = []
    values: dict = {}
    try:
        keys = list(params.keys())
    except Exception:  # a hostile mapping: ignore it entirely
        return f, [Notice("?", "", "notice_bad_params")]
    for key in keys:
        if key not in PARAMS:
            continue
        raw = _first(params[key]).strip()
        field = PARAMS[key]
        if raw == "":
            continue
        if len(raw) > (MAX_PEERS * 7 if field == "peers" else MAX_PARAM_LENGTH):
            notices.append(Notice(key, _short(raw), "notice_too_long"))
            continue
        if field == "region":
            code = raw.upper()
            if code in region_codes:
                values["region"] = code
            else:
                notices.append(Notice(key, _short(raw), "notice_unknown_region"))
        elif field == "year":
            if _is_number(raw) and int(raw) in years:
                values["year"] = int(raw)
            else:
                notices.append(Notice(key, _short(raw), "notice_bad_year"))
        elif field == "peers":
            codes = [c.strip().upper() for c in raw.split(",") if c.strip()]
            good = tuple(dict.fromkeys(c for c in codes if c.startswith("GM") and c in region_codes))
            if good:
                values["peers"] = good
            if len(good) != len(set(codes)):
                bad = ",".join(c for c in codes if c not in good)
                notices.append(Notice(key, _short(bad), "notice_unknown_region"))
        elif field == "demo":
            if raw in ("1", "0"):
                values["demo"] = raw == "1"
            else:
                notices.append(Notice(key, _short(raw), "notice_bad_value"))
        elif field == "stall_months":
            if _is_number(raw) and STALL_RANGE[0] <= int(raw) <= STALL_RANGE[1]:
                values["stall_months"] = int(raw)
            else:
                notices.append(Notice(key, _short(raw), "notice_bad_value"))
        else:
            allowed = {"lang": ("nl", "en"), "definition": model.DEFINITIONS, "target": model.TARGET_METHODS,
                       "level": MAP_LEVELS, "indicator": MAP_INDICATORS}[field]
            if raw.lower() in allowed:
                values[field] = raw.lower()
            else:
                notices.append(Notice(key, _short(raw), "notice_bad_value"))
    return replace(f, **values), notices


def to_params(f: Filters, years=None) -> dict[str, str]:
    """URL parameters of the filters, leaving out defaults (short permalinks)."""
    default = Filters()
    out = {}
    for field, param in FIELDS.items():
        value = getattr(f, field)
        if value is None or value == getattr(default, field):
            continue
        if field == "year" and years and value == max(years):
            continue
        if isinstance(value, tuple):
            out[param] = ",".join(value)
        else:
            out[param] = ("1" if value else "0") if isinstance(value, bool) else str(value)
    return out


def permalink(base_url: str, page: str, f: Filters, years=None) -> str:
    """Full link to a page with these filters, e.g. ``https://host/kaart?regio=GM0363``."""
    query = urlencode(to_params(f, years))
    path = f"{base_url.rstrip('/')}/{page.strip('/')}" if page else base_url.rstrip("/") + "/"
    return f"{path}?{query}" if query else path
