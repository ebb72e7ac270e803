"""Filters of the view: read from the URL once per session, held in widgets, written back to the URL."""

from __future__ import annotations

import streamlit as st

from warmte import filters as flt
from warmte import model
from warmte.i18n import t

KEYS = {  # Filters field -> session_state key of its widget
    "region": "f_region", "year": "f_year", "lang": "f_lang", "definition": "f_definition",
    "target": "f_target", "level": "f_level", "indicator": "f_indicator", "stall_months": "f_stall",
}


def init(data) -> None:
    """On the first run of a session, take the filters from the URL (invalid ones become notices)."""
    if st.session_state.get("_filters_ready"):
        # Keep page-only widget values (map level, indicator, stall months) alive
        # across pages: Streamlit drops the state of widgets that are not drawn.
        for key in KEYS.values():
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
        return
    f, notices = flt.parse(st.query_params, set(data.regions["code"]), data.years)
    if f.year is None:
        f = f.with_(year=max(data.years))
    hybrid_years = set(data.national_series.dropna(subset=["hybrid_share"])["year"])
    if f.definition == "gas_free_or_hybrid" and f.year not in hybrid_years:
        notices.append(flt.Notice("definitie", f.definition, "notice_definition_year"))
        f = f.with_(definition=model.DEFAULT_DEFINITION)
    for field, key in KEYS.items():
        st.session_state[key] = getattr(f, field)
    st.session_state["_notices"] = notices
    st.session_state["_filters_ready"] = True


def current() -> flt.Filters:
    """The filters as the widgets hold them now."""
    return flt.Filters(**{field: st.session_state[key] for field, key in KEYS.items()})


def lang() -> str:
    return st.session_state.get(KEYS["lang"], "nl")


def set_region(code: str) -> None:
    st.session_state[KEYS["region"]] = code


def sync_url(data) -> None:
    """Write the current filters to the URL (defaults left out), so the address is a permalink."""
    wanted = flt.to_params(current(), data.years)
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def show_notices() -> None:
    """Ignored URL parameters, shown once, on the page that was opened."""
    notices = st.session_state.pop("_notices", [])
    lg = lang()
    for n in notices:
        st.warning(t(n.reason, lg, param=n.param, value=n.value), icon="⚠️")


def sidebar(data) -> flt.Filters:
    """The shared sidebar: region (searchable), year, definition, target, language."""
    lg = lang()
    regions = data.regions
    level_order = {"nederland": 0, "provincie": 1, "res": 2, "gemeente": 3}
    ordered = regions.assign(o=regions["level"].map(level_order)).sort_values(["o", "name"])
    labels = {code: f"{name} ({t('level_' + level, lg)})" if level != "nederland" else name
              for code, name, level in zip(ordered["code"], ordered["name"], ordered["level"], strict=True)}
    with st.sidebar:
        st.selectbox(t("filter_region", lg), list(labels), key=KEYS["region"], format_func=labels.__getitem__,
                     help=t("filter_region_help", lg))
        st.selectbox(t("filter_year", lg), sorted(data.years, reverse=True), key=KEYS["year"])
        hybrid_years = set(int(y) for y in data.national_series.dropna(subset=["hybrid_share"])["year"])
        options = list(model.DEFINITIONS) if st.session_state[KEYS["year"]] in hybrid_years \
            else [model.DEFAULT_DEFINITION]
        if st.session_state[KEYS["definition"]] not in options:
            st.session_state[KEYS["definition"]] = model.DEFAULT_DEFINITION
        st.radio(t("filter_definition", lg), options, key=KEYS["definition"],
                 format_func=lambda d: t("definition_" + d, lg), help=t("filter_definition_help", lg))
        st.radio(t("filter_target", lg), list(model.TARGET_METHODS), key=KEYS["target"],
                 format_func=lambda m: t("target_" + m, lg), help=t("filter_target_help", lg))
        st.radio(t("filter_lang", lg), ["nl", "en"], key=KEYS["lang"], horizontal=True,
                 format_func=lambda v: {"nl": "Nederlands", "en": "English"}[v])
        st.caption(t("sidebar_note", lg))
    return current()
