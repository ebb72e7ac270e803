"""Tests for warmte.filters: URL parameters -> Filters (with notices), Filters -> URL, permalinks."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from warmte import model
from warmte.filters import (
    MAP_INDICATORS,
    MAP_LEVELS,
    MAX_PARAM_LENGTH,
    MAX_PEERS,
    PARAMS,
    STALL_RANGE,
    Filters,
    Notice,
    parse,
    permalink,
    to_params,
)

CODES = frozenset({"NL", "PV20", "PV27", "ES01", "GM0014", "GM0363"})
YEARS = [2017, 2019, 2022, 2024]
LANGS = ("nl", "en")


def p(params):
    return parse(params, CODES, YEARS)


# --- Valid values ------------------------------------------------------------------------------


@pytest.mark.parametrize(("params", "field", "expected"), [
    ({"regio": "GM0363"}, "region", "GM0363"),
    ({"regio": "gm0363"}, "region", "GM0363"),
    ({"regio": "  PV27 "}, "region", "PV27"),
    ({"regio": "NL"}, "region", "NL"),
    ({"regio": "es01"}, "region", "ES01"),
    ({"regio": ["GM0014", "GM0363"]}, "region", "GM0014"),  # repeated parameter: the first counts
    ({"jaar": "2019"}, "year", 2019),
    ({"jaar": "2024"}, "year", 2024),
    ({"lang": "en"}, "lang", "en"),
    ({"lang": "EN"}, "lang", "en"),
    ({"lang": "nl"}, "lang", "nl"),
    ({"definitie": "gas_free_or_hybrid"}, "definition", "gas_free_or_hybrid"),
    ({"doel": "own_stock"}, "target", "own_stock"),
    ({"niveau": "provincie"}, "level", "provincie"),
    ({"niveau": "RES"}, "level", "res"),
    ({"indicator": "on_track"}, "indicator", "on_track"),
    ({"indicator": "involvement_index"}, "indicator", "involvement_index"),
    ({"stilstand": "6"}, "stall_months", 6),
    ({"stilstand": "60"}, "stall_months", 60),
    ({"stilstand": "24"}, "stall_months", 24),
    ({"indicator": "district_heating_share"}, "indicator", "district_heating_share"),
    ({"indicator": "gas_use_per_home"}, "indicator", "gas_use_per_home"),
    ({"indicator": "tvw_status"}, "indicator", "tvw_status"),
    ({"demo": "1"}, "demo", True),
    ({"demo": " 1 "}, "demo", True),
])
def test_parse_valid(params, field, expected):
    f, notices = p(params)
    assert notices == []
    assert getattr(f, field) == expected
    others = {k: v for k, v in f.as_dict().items() if k != field}
    assert others == {k: v for k, v in Filters().as_dict().items() if k != field}


def test_parse_nothing_gives_defaults():
    f, notices = p({})
    assert f == Filters() and notices == []
    assert (f.region, f.year, f.lang, f.definition, f.target, f.level, f.indicator, f.stall_months, f.demo) == (
        "NL", None, "nl", "gas_free", "pro_rata", "gemeente", "gas_free_share", 18, False)


def test_demo_is_off_by_default_and_0_keeps_it_off():
    """The demonstration layer is off unless the URL says demo=1; demo=0 is the default, without a notice."""
    assert Filters().demo is False
    f, notices = p({"demo": "0"})
    assert f == Filters() and f.demo is False and notices == []


@pytest.mark.parametrize("value", ["", "   ", [], [""], None])
def test_parse_empty_values_are_silently_default(value):
    f, notices = p({"regio": value, "jaar": value, "lang": value})
    assert f == Filters() and notices == []


def test_parse_ignores_unknown_parameters():
    f, notices = p({"utm_source": "x", "REGIO": "GM0363", "embed": "true"})
    assert f == Filters() and notices == []


def test_parse_all_at_once():
    f, notices = p({"regio": "GM0363", "jaar": "2022", "lang": "en", "definitie": "gas_free_or_hybrid",
                    "doel": "own_stock", "niveau": "res", "indicator": "on_track", "stilstand": "12"})
    assert notices == []
    assert f == Filters("GM0363", 2022, "en", "gas_free_or_hybrid", "own_stock", "res", "on_track", 12)


# --- Invalid values ----------------------------------------------------------------------------


@pytest.mark.parametrize(("param", "value", "reason"), [
    ("regio", "XX99", "notice_unknown_region"),
    ("regio", "GM9999", "notice_unknown_region"),
    ("regio", "GM0363'; DROP TABLE municipality; --", "notice_unknown_region"),
    ("regio", "<script>alert(1)</script>", "notice_unknown_region"),
    ("jaar", "1999", "notice_bad_year"),
    ("jaar", "2023", "notice_bad_year"),
    ("jaar", "20x4", "notice_bad_year"),
    ("jaar", "-2019", "notice_bad_year"),
    ("jaar", "2019.0", "notice_bad_year"),
    ("lang", "fr", "notice_bad_value"),
    ("lang", "nl-NL", "notice_bad_value"),
    ("definitie", "hybrid", "notice_bad_value"),
    ("doel", "20%", "notice_bad_value"),
    ("niveau", "wijk", "notice_bad_value"),
    ("indicator", "<script>", "notice_bad_value"),
    ("indicator", "1 OR 1=1", "notice_bad_value"),
    ("stilstand", "5", "notice_bad_value"),
    ("stilstand", "61", "notice_bad_value"),
    ("stilstand", "eighteen", "notice_bad_value"),
    ("stilstand", "1e1", "notice_bad_value"),
    ("demo", "true", "notice_bad_value"),
    ("demo", "yes", "notice_bad_value"),
    ("demo", "2", "notice_bad_value"),
    ("demo", "01", "notice_bad_value"),
    ("demo", "１", "notice_bad_value"),
    ("regio", "G" * (MAX_PARAM_LENGTH + 1), "notice_too_long"),
    ("indicator", "x" * 10_000, "notice_too_long"),
])
def test_parse_invalid(param, value, reason):
    f, notices = p({param: value})
    assert f == Filters()
    assert len(notices) == 1
    n = notices[0]
    assert (n.param, n.reason) == (param, reason)
    assert len(n.value) <= 40
    if len(value) <= 40:
        assert n.value == value


def test_parse_invalid_keeps_the_valid_ones():
    f, notices = p({"regio": "GM0363", "jaar": "1999", "lang": "en", "indicator": "nope"})
    assert f == Filters(region="GM0363", lang="en")
    assert [(n.param, n.reason) for n in notices] == [("jaar", "notice_bad_year"), ("indicator", "notice_bad_value")]


def test_notice_value_is_printable_and_short():
    _, notices = p({"regio": "\x00\x1b[31mGM\n" + "9" * 30})
    assert notices[0].value.isprintable() and "\x1b" not in notices[0].value
    _, notices = p({"regio": "Z" * 60})
    assert notices[0].value == "Z" * 37 + "..."


def test_parse_hostile_mapping():
    class Hostile:
        def keys(self):
            raise RuntimeError("boom")

    f, notices = p(Hostile())
    assert f == Filters()
    assert notices == [Notice("?", "", "notice_bad_params")]


@pytest.mark.parametrize(("param", "value"), [("jaar", "²"), ("stilstand", "¹²")])
def test_parse_unicode_non_decimal_digits(param, value):
    f, notices = p({param: value})
    assert f == Filters() and [n.param for n in notices] == [param]


# --- to_params and permalink -------------------------------------------------------------------


def test_to_params_omits_defaults():
    assert to_params(Filters()) == {}
    assert to_params(Filters(), YEARS) == {}
    assert to_params(Filters(year=2024), YEARS) == {}  # the latest year is the default
    assert to_params(Filters(year=2024)) == {"jaar": "2024"}  # unknown years: keep it
    assert to_params(Filters(year=2019), YEARS) == {"jaar": "2019"}


def test_to_params_all_fields():
    f = Filters("GM0363", 2019, "en", "gas_free_or_hybrid", "own_stock", "provincie", "on_track", 24, demo=True,
                peers=("GM0344", "GM0599"))
    assert to_params(f, YEARS) == {"regio": "GM0363", "jaar": "2019", "lang": "en", "definitie": "gas_free_or_hybrid",
                                   "doel": "own_stock", "niveau": "provincie", "indicator": "on_track",
                                   "stilstand": "24", "demo": "1", "vergelijk": "GM0344,GM0599"}
    assert set(PARAMS) == set(to_params(f, YEARS))


def test_to_params_demo_off_is_left_out():
    assert "demo" not in to_params(Filters(region="GM0363", demo=False))
    assert permalink("https://host", "", Filters(region="GM0363", demo=True)) == "https://host/?regio=GM0363&demo=1"


@pytest.mark.parametrize(("base", "page", "f", "expected"), [
    ("https://host", "kaart", Filters(region="GM0363"), "https://host/kaart?regio=GM0363"),
    ("https://host/", "/kaart/", Filters(region="GM0363"), "https://host/kaart?regio=GM0363"),
    ("https://host", "", Filters(region="PV27", lang="en"), "https://host/?regio=PV27&lang=en"),
    ("https://host", "gemeenteprofiel", Filters(), "https://host/gemeenteprofiel"),
    ("https://host", "", Filters(), "https://host/"),
    ("http://localhost:8501", "kaart", Filters(level="provincie", indicator="on_track", year=2019),
     "http://localhost:8501/kaart?jaar=2019&niveau=provincie&indicator=on_track"),
])
def test_permalink(base, page, f, expected):
    assert permalink(base, page, f, YEARS) == expected


def test_permalink_latest_year_left_out():
    assert permalink("https://host", "kaart", Filters(year=2024), YEARS) == "https://host/kaart"


filters_strategy = st.builds(
    Filters,
    region=st.sampled_from(sorted(CODES)),
    year=st.none() | st.sampled_from(YEARS),
    lang=st.sampled_from(LANGS),
    definition=st.sampled_from(model.DEFINITIONS),
    target=st.sampled_from(model.TARGET_METHODS),
    level=st.sampled_from(MAP_LEVELS),
    indicator=st.sampled_from(MAP_INDICATORS),
    stall_months=st.integers(*STALL_RANGE),
    demo=st.booleans(),
)


@given(filters_strategy)
@settings(max_examples=300, deadline=None)
def test_round_trip(f):
    assert p(to_params(f)) == (f, [])
    # with the years known, the latest year is omitted and comes back as "latest" (None)
    back, notices = p(to_params(f, YEARS))
    assert notices == []
    assert back == (f.with_(year=None) if f.year == max(YEARS) else f)


# --- Property: parse never raises and always gives a valid view ---------------------------------

INJECTIONS = ["'; DROP TABLE municipality; --", "1 OR 1=1", "<script>alert(1)</script>", "\" onmouseover=\"x",
              "{{7*7}}", "${jndi:ldap://x}", "../../etc/passwd", "%00", "\x00", "\r\n", "\u202e", "\ufeffNL",
              "GM0363\u200b", "ＧＭ０３６３", "２０２４"]


text_values = (
    st.text(max_size=30)
    | st.text(alphabet=string.printable, min_size=60, max_size=500)
    | st.sampled_from(INJECTIONS)
    | st.sampled_from(["", " ", "NL", "gm0363", "PV27", "2019", "2024", "1999", "en", "EN", "fr", "own_stock",
                       "res", "on_track", "6", "60", "61", "0", "1", "18 ", "true", "tvw_status"])
    | st.sampled_from(sorted(CODES))
)
values = st.none() | text_values | st.lists(text_values, max_size=3)
keys = st.sampled_from(sorted(PARAMS)) | st.text(max_size=12)
param_dicts = st.dictionaries(keys, values, max_size=10)


def _raw(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return "" if value is None else str(value).strip()


def _valid(param: str, raw: str) -> bool:
    """The specification of a valid value (README, URL parameters; numbers in ASCII digits)."""
    field = PARAMS[param]
    if field == "peers":  # municipality codes, comma-separated, at most MAX_PEERS of them
        items = [c.strip().upper() for c in raw.split(",") if c.strip()]
        return len(raw) <= MAX_PEERS * 7 and all(c.startswith("GM") and c in CODES for c in items)
    if len(raw) > MAX_PARAM_LENGTH:
        return False
    if field == "region":
        return raw.upper() in CODES
    if field == "year":
        return raw.isascii() and raw.isdecimal() and int(raw) in YEARS
    if field == "stall_months":
        return raw.isascii() and raw.isdecimal() and STALL_RANGE[0] <= int(raw) <= STALL_RANGE[1]
    if field == "demo":
        return raw in ("0", "1")
    allowed = {"lang": LANGS, "definition": model.DEFINITIONS, "target": model.TARGET_METHODS,
               "level": MAP_LEVELS, "indicator": MAP_INDICATORS}[field]
    return raw.lower() in allowed


@given(param_dicts)
@example({"regio": "GM0363'; DROP TABLE municipality; --", "jaar": ["2019", "x"], "lang": None})
@example({"indicator": "<script>" * 100, "stilstand": "\x00", "utm": "x"})
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_parse_property(params):
    f, notices = p(params)
    # always a valid view
    assert f.region in CODES
    assert f.year is None or f.year in YEARS
    assert f.lang in LANGS
    assert f.definition in model.DEFINITIONS
    assert f.target in model.TARGET_METHODS
    assert f.level in MAP_LEVELS
    assert f.indicator in MAP_INDICATORS
    assert STALL_RANGE[0] <= f.stall_months <= STALL_RANGE[1]
    assert f.demo in (True, False)
    # a notice for every invalid known parameter, and only for those
    noticed = [n.param for n in notices]
    assert len(noticed) == len(set(noticed))
    for param, value in params.items():
        if param not in PARAMS:
            assert param not in noticed
            continue
        raw = _raw(value)
        if raw == "":
            assert param not in noticed
            assert getattr(f, PARAMS[param]) == getattr(Filters(), PARAMS[param])
        elif _valid(param, raw):
            assert param not in noticed
            field = PARAMS[param]
            expected = (raw.upper() if field == "region" else int(raw) if field in ("year", "stall_months")
                        else raw == "1" if field == "demo"
                        else tuple(dict.fromkeys(c.strip().upper() for c in raw.split(",") if c.strip()))
                        if field == "peers" else raw.lower())
            assert getattr(f, field) == expected
        else:
            assert param in noticed, (param, raw)
            assert getattr(f, PARAMS[param]) == getattr(Filters(), PARAMS[param])
    for n in notices:
        assert n.value.isprintable() and len(n.value) <= 40
        assert n.reason.startswith("notice_")
    # and the result round-trips through the URL
    assert p(to_params(f))[0] == f


def test_peers_chosen_by_hand_round_trip_and_bad_codes_are_reported():
    codes = {"GM0363", "GM0344", "GM0599", "PV27"}
    f, notices = parse({"regio": "GM0363", "vergelijk": "gm0344, GM0599,PV27,GM9999,GM0344"}, codes, YEARS)
    assert f.peers == ("GM0344", "GM0599")
    assert [(n.param, n.value, n.reason) for n in notices] == [("vergelijk", "PV27,GM9999", "notice_unknown_region")]
    assert to_params(f, YEARS)["vergelijk"] == "GM0344,GM0599"
    again, _ = parse(to_params(f, YEARS), codes, YEARS)
    assert again == f
    too_many = ",".join(["GM0344"] * 21)
    assert parse({"vergelijk": too_many}, codes, YEARS)[1][0].reason == "notice_too_long"
