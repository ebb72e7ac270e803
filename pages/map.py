"""Kaart / map: choropleth by level and indicator; selecting a region opens its profile."""

import streamlit as st

from warmte import charts, indicators, messages
from warmte import filters as flt
from warmte.i18n import chart_labels
from warmte.ui import components, loaders, state
from warmte.ui.context import context

ctx = context()
f, lang = ctx.f, ctx.lang
st.title(ctx.t("map_title"))

c1, c2 = st.columns(2)
with c1:
    state.bind("level", st.radio, ctx.t("filter_level"), list(flt.MAP_LEVELS), horizontal=True,
               format_func=lambda v: ctx.t("level_" + v))
with c2:
    state.bind("indicator", st.selectbox, ctx.t("filter_indicator"), list(flt.MAP_INDICATORS),
               format_func=lambda v: ctx.t("indicator_" + v))
f = state.current()

table = loaders.level_table(ctx.key, f.level, f.year, f.definition, f.target)
illustrative = bool((table["data_kind"] == "illustrative").any()) or f.indicator in (
    "initiatives_per_10k_homes", "involvement_index")
geo = loaders.geojson(ctx.key, f.level)
if f.indicator == "on_track":
    title = ctx.t("alt_on_track", n=int(table["on_track"].sum()), total=len(table))
else:
    title = messages.map_title(table, f.indicator, lang, f.indicator in indicators.SHARE_INDICATORS)
meta = ctx.meta(title, "source_map_" + f.indicator, illustrative,
                subtitle=f"{ctx.t('indicator_' + f.indicator)} · {ctx.t('levels_' + f.level)} · {f.year} · "
                f"{ctx.t('definition_' + f.definition)}")
if f.indicator == "on_track":
    fig = charts.choropleth_map(table, geo, "on_track", [], meta, chart_labels(lang),
                                categorical={"True": ctx.t("on_track_yes"), "False": ctx.t("on_track_no")})
    alt = ctx.t("alt_on_track", n=int(table["on_track"].sum()), total=len(table))
else:
    fig = charts.choropleth_map(table, geo, f.indicator, indicators.MAP_BINS[f.indicator], meta, chart_labels(lang))
    alt = messages.ranking_alt(table, f.indicator, lang, f.indicator in indicators.SHARE_INDICATORS)

event = components.chart_card(fig, table, f"map_{f.level}_{f.indicator}", alt, lang, illustrative,
                              on_select="rerun", key="map")
st.caption(ctx.t("map_select_hint"))
points = (event or {}).get("selection", {}).get("points", []) if event else []
if points:
    code = points[0].get("customdata") or points[0].get("location")
    if isinstance(code, list):
        code = code[0]
    if code and ctx.data.has_region(code):
        state.set_region(code)
        st.switch_page(st.session_state["_pages"]["gemeenteprofiel"])
