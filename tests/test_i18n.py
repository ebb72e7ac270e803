"""Tests for warmte.i18n: the two label tables agree, numbers follow the language, every used key exists."""

from __future__ import annotations

import json
import math
import re
import string
from pathlib import Path

import pytest

from warmte import i18n, model
from warmte.i18n import (
    chart_labels,
    fmt_int,
    fmt_num,
    fmt_pct,
    fmt_rounded,
    fmt_spec,
    labels,
    plotly_separators,
    t,
)

REPO = Path(__file__).resolve().parents[1]
LOCALES = REPO / "warmte" / "locales"


def _table(lang: str) -> dict[str, str]:
    return json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8"))


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_same_keys():
    nl, en = _table("nl"), _table("en")
    assert sorted(set(nl) - set(en)) == []
    assert sorted(set(en) - set(nl)) == []


def test_same_placeholders_per_key():
    nl, en = _table("nl"), _table("en")
    differ = {k: (_placeholders(nl[k]), _placeholders(en[k])) for k in nl.keys() & en.keys()
              if _placeholders(nl[k]) != _placeholders(en[k])}
    assert differ == {}


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_labels_are_non_empty_strings(lang):
    table = _table(lang)
    assert all(isinstance(v, str) and v.strip() for v in table.values())
    assert labels(lang) == table


def test_t_fills_placeholders_and_falls_back():
    assert t("headline", "nl", homes="1", target="2", pct="3%") == "1 van 2 woningen aardgasvrij: 3%"
    assert t("headline", "en", homes="1", target="2", pct="3%") == "1 of 2 homes gas-free: 3%"
    assert t("page_map", "fr") == t("page_map", "nl") == "Kaart"  # unknown language -> Dutch
    assert t("no_such_key", "en") == "no_such_key"


@pytest.mark.parametrize(("func", "value", "lang", "expected"), [
    (fmt_int, 1_500_000, "nl", "1.500.000"),
    (fmt_int, 1_500_000, "en", "1,500,000"),
    (fmt_int, 918_853, "nl", "918.853"),
    (fmt_int, 918_853.4, "en", "918,853"),
    (fmt_int, 999, "nl", "999"),
    (fmt_int, 0, "nl", "0"),
    (fmt_int, -12_345, "nl", "-12.345"),
    (fmt_int, None, "nl", "–"),
    (fmt_int, math.nan, "en", "–"),
    (fmt_pct, 0.112, "nl", "11,2%"),
    (fmt_pct, 0.112, "en", "11.2%"),
    (fmt_pct, 0.2, "nl", "20,0%"),
    (fmt_pct, 1.0, "en", "100.0%"),
    (fmt_pct, None, "nl", "–"),
    (fmt_num, 1234.56, "nl", "1.234,6"),
    (fmt_num, 1234.56, "en", "1,234.6"),
    (fmt_num, 0.25, "nl", "0,2"),  # Python rounds half to even on the binary value
    (fmt_num, math.nan, "nl", "–"),
    (fmt_rounded, 918_853, "nl", "919.000"),
    (fmt_rounded, 918_853, "en", "919,000"),
    (fmt_rounded, 1_500_000, "nl", "1.500.000"),
    (fmt_rounded, 22_719, "nl", "23.000"),
    (fmt_rounded, 9_876, "nl", "9.876"),  # below 10.000: exact
    (fmt_rounded, 10_000, "en", "10,000"),
    (fmt_rounded, None, "nl", "–"),
])
def test_formatting(func, value, lang, expected):
    assert func(value, lang) == expected


def test_pct_decimals():
    assert fmt_pct(0.6126, "nl", 0) == "61%"
    assert fmt_pct(0.6126, "en", 2) == "61.26%"
    assert fmt_num(1234.5678, "nl", 3) == "1.234,568"


# --- The figures' numbers: plotly's d3 specs with the language's separators -----------------------


@pytest.mark.parametrize(
    ("value", "spec", "lang", "expected"),
    [
        (1_500_000, ",.0f", "nl", "1.500.000"),
        (1_500_000, ",.0f", "en", "1,500,000"),
        (0.112, ".1%", "nl", "11,2%"),
        (0.112, ".1%", "en", "11.2%"),
        (18.0, ",.1~f", "nl", "18"),
        (18.5, ",.1~f", "nl", "18,5"),
        (0.64, ".0%", "nl", "64%"),
        (float("nan"), ".0%", "nl", "–"),
        # beyond the figures' own cases: d, trimmed percentages, negative zero, None
        (1234.6, ",d", "nl", "1.235"),
        (0.25, ".1~%", "en", "25%"),
        (-0.0001, ".0%", "nl", "0%"),
        (None, ",.0f", "en", "–"),
    ],
)
def test_python_number_format_matches_d3_and_separators(value, spec, lang, expected):
    assert fmt_spec(value, spec, lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [("nl", ",."), ("en", ".,")])
def test_plotly_separators(lang, expected):
    """plotly's separators string gives the same marks as the Python formatting."""
    assert plotly_separators(lang) == expected
    decimal, thousands = expected
    assert fmt_spec(1234.5, ",.1f", lang) == f"1{thousands}234{decimal}5"


@pytest.mark.parametrize(("value", "lang"), [(0.64, "nl"), (0.172, "en"), (1.0, "nl"), (float("nan"), "en")])
def test_fmt_pct_is_the_d3_percent(value, lang):
    """The funnel's conversions use fmt_pct: the same text as the d3 spec ".0%"."""
    assert fmt_pct(value, lang, 0) == fmt_spec(value, ".0%", lang)


def test_chart_labels_strip_prefixes():
    cl = chart_labels("nl")
    assert cl["target"] == t("chart_target", "nl")
    assert cl["orientatie"] == t("phase_orientatie", "nl")
    assert cl["warmtenet"] == t("value_warmtenet", "nl")
    assert cl["gas_free_homes"] == t("col_gas_free_homes", "nl")


# --- Every label key used in the code exists ---------------------------------------------------

SOURCES = sorted([REPO / "app.py", *(REPO / "pages").glob("*.py"), *(REPO / "warmte").rglob("*.py")])
#: t("key", ...), ctx.t("key", ...), self.t("key") with a complete literal key.
KEY_CALL = re.compile(r"""(?<![\w.])(?:\w+\.)?t\(\s*(["'])([A-Za-z0-9_]+)\1\s*[,)]""")
#: t("prefix_" + value, ...): a key built from a literal prefix.
PREFIX_CALL = re.compile(r"""(?<![\w.])(?:\w+\.)?t\(\s*(["'])([A-Za-z0-9_]+)\1\s*\+""")
#: t(f"prefix_{value}", ...)
FSTRING_CALL = re.compile(r"""(?<![\w.])(?:\w+\.)?t\(\s*f(["'])([A-Za-z0-9_]+)\{""")


def _calls(pattern: re.Pattern) -> list[tuple[str, int, str]]:
    found = []
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for m in pattern.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            found.append((str(path.relative_to(REPO)), line, m.group(2)))
    return found


def test_the_scan_finds_the_calls():
    keys = {k for _, _, k in _calls(KEY_CALL)}
    # a few that are certainly used: headline, page titles, notices via t(n.reason) are not literal
    assert {"headline", "overview_title", "page_map", "db_missing", "illustrative_banner",
            "funnel_headline"} <= keys
    assert len(keys) > 60


def test_every_literal_key_exists_in_nl():
    nl = _table("nl")
    missing = [(path, line, key) for path, line, key in _calls(KEY_CALL) if key not in nl]
    assert missing == []


def test_every_key_prefix_exists_in_nl():
    nl = _table("nl")
    prefixes = _calls(PREFIX_CALL) + _calls(FSTRING_CALL)
    assert prefixes, "expected keys built from a prefix (level_, indicator_, ...)"
    missing = [(path, line, pre) for path, line, pre in prefixes if not any(k.startswith(pre) for k in nl)]
    assert missing == []


def test_filter_vocabularies_have_labels():
    """Keys built at run time from vocabularies (t('level_' + v), t('indicator_' + v), ...)."""
    from warmte import filters, model

    nl = _table("nl")
    wanted = ([f"level_{lv}" for lv in (*filters.MAP_LEVELS, "nederland")]
              + [f"levels_{lv}" for lv in filters.MAP_LEVELS]
              + [f"indicator_{i}" for i in filters.MAP_INDICATORS]
              + [f"source_map_{i}" for i in filters.MAP_INDICATORS]
              + [f"definition_{d}" for d in model.DEFINITIONS]
              + [f"target_{m}" for m in model.TARGET_METHODS]
              + [f"phase_{ph}" for ph in (*model.PHASES, model.STOPPED)]
              + ["notice_unknown_region", "notice_bad_year", "notice_bad_value", "notice_too_long",
                 "notice_bad_params", "notice_definition_year"])
    assert [k for k in wanted if k not in nl] == []


# --- The figures' labels: the locales are the only table ----------------------------------------

FIGURES = REPO / "warmte" / "figures"
#: label(labels, "key") in warmte/figures: a fixed key a builder reads from ``labels``.
FIGURE_KEY_CALL = re.compile(r"""(?<![\w.])label\(\s*labels\s*,\s*(["'])([A-Za-z0-9_]+)\1\s*\)""")
#: Codes the figures translate through ``labels``: phases, technologies and roles, involvement classes.
FIGURE_VOCABULARY = (*model.PHASES, model.STOPPED, model.UNKNOWN, *model.TECHNOLOGIES, *model.MUNICIPAL_ROLES,
                     *(code for code, _, _ in model.INVOLVEMENT_CLASSES))


def _figure_sources() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(FIGURES.glob("*.py"))}


def _figure_keys() -> set[str]:
    return {m.group(2) for text in _figure_sources().values() for m in FIGURE_KEY_CALL.finditer(text)}


def test_the_figure_scan_finds_the_label_calls():
    keys = _figure_keys()
    assert {"no_data", "observed", "required", "conversion", "stall", "share_of_councils", "adopted",
            "value"} <= keys
    assert len(keys) >= 20
    # every label() call reads the builder's labels, so the scan sees all fixed keys
    for name, text in _figure_sources().items():
        calls = re.findall(r"(?<![\w.])label\(\s*(\w+)", text)
        assert set(calls) <= {"labels"}, name


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_figure_label_exists_in_both_locales(lang):
    """A key the figures use must be in the table: a missing one would show as its code, not hidden English."""
    table = chart_labels(lang)
    wanted = sorted(_figure_keys() | set(FIGURE_VOCABULARY))
    assert [k for k in wanted if k not in table] == []
    assert all(table[k].strip() for k in wanted)


def test_figures_hold_no_texts_of_their_own():
    """No label defaults in code: the old ``_DEFAULTS``/``_t`` fallback is gone for good."""
    for name, text in _figure_sources().items():
        assert "_DEFAULTS" not in text and not re.search(r"(?<![\w.])_t\(", text), name
