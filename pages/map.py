"""Kaart / map: choropleth by level and indicator; selecting a region opens its profile."""

import streamlit as st

from warmte import filters as flt
from warmte.ui import components, loaders, state
from warmte.ui.context import context
from warmte.views import common
from warmte.views import map as map_view

ctx = context()
filters, lang = ctx.filters, ctx.lang
st.title(ctx.t("map_title"))

c1, c2 = st.columns(2)
with c1:
    state.bind("level", st.radio, ctx.t("filter_level"), list(flt.MAP_LEVELS), horizontal=True,
               format_func=lambda v: ctx.t("level_" + v))
with c2:
    state.bind("indicator", st.selectbox, ctx.t("filter_indicator"), list(flt.MAP_INDICATORS),
               format_func=lambda v: ctx.t("indicator_" + v))
filters = state.current()

event = components.registry_chart(ctx, "map", filters, on_select="rerun", key="map",
                                  file_name=f"map_{filters.level}_{filters.indicator}", banner=True)
st.caption(ctx.t("map_select_hint"))

points = (event or {}).get("selection", {}).get("points", []) if event else []
if points:
    code = points[0].get("customdata") or points[0].get("location")
    if isinstance(code, list):
        code = code[0]
    if code and ctx.data.has_region(code):
        state.set_region(code)
        st.switch_page(st.session_state["_pages"]["gemeenteprofiel"])

# The members of the selected region side by side (the provinces for the Netherlands); sortable by any column.
heading, members = map_view.members_table(ctx.data, filters, loaders.chart_loaders())
st.header(heading)
st.caption(map_view.members_note(ctx.data, filters))
formats = {ctx.t("col_" + c): f for c, f in map_view.members_formats(lang).items() if c in members.columns}
st.dataframe(common.localise_columns(members, lang).style.format(formats, na_rep="–"), hide_index=True,
             width="stretch", key="map_members")
