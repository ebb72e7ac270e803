"""Filters of the view: read from the URL once per session, held in widgets, written back to the URL."""

from __future__ import annotations

import streamlit as st

from warmte import filters as flt
from warmte import model
from warmte.domain.regions import also_known_as, normalise_name, search_regions
from warmte.i18n import t
from warmte.ui import components, loaders

KEYS = {  # Filters field -> session_state key of its widget
    "region": "f_region", "year": "f_year", "lang": "f_lang", "definition": "f_definition",
    "target": "f_target", "level": "f_level", "indicator": "f_indicator", "stall_months": "f_stall",
    "demo": "f_demo",
}
#: session_state key of the region search field.
SEARCH_KEY = "f_region_search"


def init(data) -> None:
    """On the first run of a session, take the filters from the URL (invalid ones become notices).

    The filters live in one canonical ``Filters`` value in the session state;
    widgets are seeded from it and write their value back (:func:`bind`), so a
    widget whose state Streamlit dropped (it was not drawn on the last page)
    never loses the filter.
    """
    if "_filters" in st.session_state:
        return
    f, notices = flt.parse(st.query_params, set(data.regions["code"]), data.years)
    if f.demo:
        data = loaders.data(demo=True)
    years = data.region_years(f.region)
    if f.year is None:
        f = f.with_(year=max(years))
    elif f.year not in years:
        notices.append(flt.Notice("jaar", str(f.year), "notice_year_region"))
        f = f.with_(year=max(years))
    if f.definition == "gas_free_or_hybrid" and f.year not in data.region_years(f.region, f.definition):
        notices.append(flt.Notice("definitie", f.definition, "notice_definition_year"))
        f = f.with_(definition=model.DEFAULT_DEFINITION)
    st.session_state["_filters"] = f
    st.session_state["_notices"] = notices


def current() -> flt.Filters:
    """The filters of the view as they are now."""
    return st.session_state["_filters"]


def bind(field: str, widget, *args, **kwargs):
    """Draw ``widget`` for a filter field: seeded from the filters, its value written back.

    The value is set on *every* run, not only when it differs: Streamlit keeps a
    select widget's state in the browser as its display label, and a keyed widget
    keeps its identity when its labels change (a language switch). Without a fresh
    value the browser would send back the label of the previous language, which
    matches no option and came back as the filter value ("Amsterdam (gemeente)"
    instead of "GM0363"). Setting the value makes Streamlit send the current label.
    :func:`_changed` also refuses any value that is not one of the options.
    """
    key = KEYS[field]
    st.session_state[key] = getattr(current(), field)
    options = tuple(args[1]) if len(args) > 1 and isinstance(args[1], list | tuple) else None
    return widget(*args, key=key, on_change=_changed, args=(field, options), **kwargs)


def _changed(field: str, options: tuple | None = None) -> None:
    value = st.session_state[KEYS[field]]
    if options is not None and value not in options:
        return  # a stale display label, never a filter value: the filter keeps its value
    st.session_state["_filters"] = current().with_(**{field: value})


def lang() -> str:
    return current().lang if "_filters" in st.session_state else "nl"


def set_region(code: str) -> None:
    st.session_state["_filters"] = current().with_(region=code)


def set_peers(codes: tuple[str, ...]) -> None:
    """The municipalities chosen by hand as peers on the profile (empty: the nearest ones)."""
    st.session_state["_filters"] = current().with_(peers=tuple(codes))


def sync_url(data) -> None:
    """Write the current filters to the URL (defaults left out), so the address is a permalink."""
    wanted = flt.to_params(current(), data.years)
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def show_notices() -> None:
    """Ignored URL parameters, shown once, on the page that was opened.

    The parameter and its value come from the visitor's address: they are shown as plain text only
    (:func:`components.plain`), never as a link, an image or styled text.
    """
    notices = st.session_state.pop("_notices", [])
    lg = lang()
    for n in notices:
        st.warning(t(n.reason, lg, param=n.param, value=components.plain(n.value)), icon="⚠️")


def region_labels(data, lg: str) -> dict[str, str]:
    """Picker label per region code, country first, then provinces, RES regions and municipalities by name:
    "'s-Gravenhage / Den Haag (gemeente)", "Noord-Holland / North Holland (province)", "the Netherlands"."""
    regions = data.regions
    level_order = {"nederland": 0, "provincie": 1, "res": 2, "gemeente": 3}
    ordered = regions.assign(o=regions["level"].map(level_order)).sort_values(["o", "name"])
    labels = {}
    for code, level in zip(ordered["code"], ordered["level"], strict=True):
        name = data.region_name(code, lg)
        other = also_known_as(code, lg)
        name = f"{name} / {other}" if other else name
        labels[code] = f"{name} ({t('level_' + level, lg)})" if level != "nederland" else name
    return labels


def _searched() -> None:
    """The search text changed: when the selected region is not among the matches, select the best match."""
    data = loaders.data(current().demo)
    text = st.session_state.get(SEARCH_KEY, "")
    if not normalise_name(text):
        return
    found = search_regions(data.regions, text)["code"].tolist()
    if found and current().region not in found:
        st.session_state["_filters"] = current().with_(region=found[0])


def _region_picker(data, lg: str) -> None:
    """A search field (names, other names, former names, codes; accents and punctuation ignored) above the
    region list; the list then holds the matches, best first, and the best match is selected."""
    labels = region_labels(data, lg)
    text = st.text_input(t("regsearch_label", lg), key=SEARCH_KEY, on_change=_searched,
                         placeholder=t("regsearch_placeholder", lg), help=t("regsearch_help", lg))
    options = list(labels)
    if normalise_name(text):
        found = search_regions(data.regions, text)["code"].tolist()
        if found:
            # the selected region stays selectable (e.g. chosen on the map after the search)
            options = found if current().region in found else [current().region, *found]
            st.caption(t("regsearch_found_one" if len(found) == 1 else "regsearch_found_many", lg, n=len(found)))
        else:
            st.caption(t("regsearch_none", lg, text=components.plain(text.strip())))
    bind("region", st.selectbox, t("filter_region", lg), options, format_func=labels.__getitem__,
         help=t("filter_region_help", lg))


def sidebar(data) -> flt.Filters:
    """The shared sidebar: region (searchable), year, definition, target, language."""
    lg = lang()
    with st.sidebar:
        _region_picker(data, lg)
        years = data.region_years(current().region)
        if current().year not in years:  # e.g. a municipality after the Netherlands in an earlier year
            st.session_state["_filters"] = current().with_(year=max(years))
        bind("year", st.selectbox, t("filter_year", lg), sorted(years, reverse=True))
        if len(years) == 1 and len(data.years) > 1:
            st.caption(t("year_note_one_year", lg, year=years[0]))
        hybrid_years = data.region_years(current().region, "gas_free_or_hybrid")
        options = list(model.DEFINITIONS) if current().year in hybrid_years else [model.DEFAULT_DEFINITION]
        if current().definition not in options:
            st.session_state["_filters"] = current().with_(definition=model.DEFAULT_DEFINITION)
        bind("definition", st.radio, t("filter_definition", lg), options,
             format_func=lambda d: t("definition_" + d, lg), help=t("filter_definition_help", lg))
        bind("target", st.radio, t("filter_target", lg), list(model.TARGET_METHODS),
             format_func=lambda m: t("target_" + m, lg), help=t("filter_target_help", lg))
        bind("lang", st.radio, t("filter_lang", lg), ["nl", "en"], horizontal=True,
             format_func=lambda v: {"nl": "Nederlands", "en": "English"}[v])
        bind("demo", st.toggle, t("filter_demo", lg), help=t("filter_demo_help", lg))
        st.caption(t("sidebar_note", lg))
    return current()
