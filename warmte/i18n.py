"""Labels in Dutch (default) and English, and number formatting per language.

The label tables are ``locales/nl.json`` and ``locales/en.json`` (same keys; a
test checks). Texts may hold ``{name}`` placeholders filled by :func:`t`.
Numbers follow the language: Dutch 1.500.000 and 11,2%; English 1,500,000
and 11.2%. This is the one formatter: the figures use it too (plotly's
separators, and the numbers they write themselves).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"
LOCALES = Path(__file__).parent / "locales"


#: THE label table: every label in every language, read once when the module is imported.
_TABLES: dict[str, dict[str, str]] = {
    lang: json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8")) for lang in LANGS}


def labels(lang: str) -> dict[str, str]:
    """The label table of a language (unknown languages fall back to Dutch)."""
    return _TABLES[lang if lang in LANGS else DEFAULT_LANG]


def t(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    """The label ``key`` in ``lang`` with placeholders filled; the key itself when missing."""
    text = labels(lang).get(key)
    if text is None:
        text = labels(DEFAULT_LANG).get(key, key)
    return text.format(**values) if values else text


def _swap(text: str, lang: str) -> str:
    """Python formats as 1,234.5; Dutch swaps the separators."""
    if lang != "nl":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def fmt_int(value, lang: str = DEFAULT_LANG) -> str:
    """Whole number with thousands separators: 1.500.000 (nl), 1,500,000 (en); '–' for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return _swap(f"{round(value):,}", lang)


def fmt_num(value, lang: str = DEFAULT_LANG, decimals: int = 1) -> str:
    """Number with ``decimals`` decimals and thousands separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return _swap(f"{value:,.{decimals}f}", lang)


def fmt_pct(share, lang: str = DEFAULT_LANG, decimals: int = 1) -> str:
    """A share 0..1 as a percentage: 0.112 -> '11,2%' (nl) / '11.2%' (en)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return _swap(f"{share * 100:,.{decimals}f}", lang) + "%"


def fmt_spec(value, spec: str, lang: str = DEFAULT_LANG) -> str:
    """A number formatted like plotly's d3 ``spec`` in ``lang``: (18.5, ",.1~f") -> '18,5' (nl).

    For the numbers a figure writes itself (annotations, legend bins), so that
    they read like its axes and hovers. Supports the specs the figures use:
    optional ``,``, optional ``.N``, optional ``~`` (trim trailing zeros), type
    ``f``, ``%`` or ``d``. '–' for missing.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    trim = "~" in spec
    py = spec.replace("~", "")
    if py.endswith("d"):
        py = py[:-1] + ".0f"
    out = format(float(value), py)
    if trim and "." in out:
        suffix = "%" if out.endswith("%") else ""
        body = out[: -len(suffix)] if suffix else out
        body = body.rstrip("0").rstrip(".")
        out = body + suffix
    if out in ("-0", "-0%"):
        out = out[1:]
    return _swap(out, lang)


def plotly_separators(lang: str = DEFAULT_LANG) -> str:
    """plotly's ``layout.separators`` (decimal mark, then thousands): nl ",." and en ".,"."""
    return ",." if lang == "nl" else ".,"


def fmt_rounded(value, lang: str = DEFAULT_LANG) -> str:
    """A headline number rounded to thousands above 10,000: 918.853 -> '919.000'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value) >= 10_000:
        value = round(value, -3)
    return fmt_int(value, lang)


def chart_labels(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """The labels the figure builders read (:mod:`warmte.figures`), keyed by bare code.

    ``chart_<key>`` entries plus phases, technology and role values,
    involvement classes and column names under their bare codes.
    """
    table = labels(lang)
    out: dict[str, str] = {}
    # "onbekend" is both a phase and a value: the value's label ("unknown") serves both charts.
    for prefix in ("col_", "phase_", "value_", "class_", "chart_"):
        out.update({k[len(prefix):]: v for k, v in table.items() if k.startswith(prefix)})
    return out


MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def fmt_date(value, lang: str = DEFAULT_LANG) -> str:
    """A date in words: '31 december 2025' (nl), '31 December 2025' (en); '–' for missing.

    Takes a date, datetime, pandas Timestamp or ISO text ('2025-12-31', '2026-12-02T15:48:20+00:00'). Text that
    is only a year ('2025') or a month ('2025-11') is written as such: 'november 2025' / 'November 2025'.
    Other text is returned as it is (a source may give a reference date in words).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    months = MONTHS.get(lang, MONTHS[DEFAULT_LANG])
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return "–"
        if re.fullmatch(r"\d{4}", text):
            return text
        month = re.fullmatch(r"(\d{4})-(\d{2})", text)
        if month and 1 <= int(month.group(2)) <= 12:
            return f"{months[int(month.group(2)) - 1]} {month.group(1)}"
        try:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return value
    if value != value:  # pandas NaT
        return "–"
    if not isinstance(value, dt.date):
        return str(value)
    return f"{value.day} {months[value.month - 1]} {value.year}"
