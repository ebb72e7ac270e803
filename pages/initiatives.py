"""Initiatieven / initiatives: phase funnel, conversion, stalls, technology mix, municipal role, list."""

import streamlit as st

from warmte import filters as flt
from warmte.ui import components, loaders, state
from warmte.ui.context import context
from warmte.views import common
from warmte.views import initiatives as initiatives_view

ctx = context()
lang = ctx.lang
st.title(ctx.t("initiatives_title", region=ctx.region_name))
state.bind("stall_months", st.slider, ctx.t("filter_stall"), *flt.STALL_RANGE, help=ctx.t("filter_stall_help"))
filters = state.current()

funnel = loaders.funnel(ctx.data, filters.region, filters.stall_months)
illustrative = "illustrative" in funnel.data_kinds
if illustrative:
    components.illustrative_banner(lang)
st.subheader(initiatives_view.funnel_headline(funnel, filters.stall_months, lang))
if funnel.total == 0:
    st.info(ctx.t("no_initiatives"))
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric(ctx.t("metric_initiatives"), funnel.total)
c2.metric(ctx.t("metric_active"), funnel.active)
c3.metric(ctx.t("metric_stalled", months=filters.stall_months), funnel.stalled)
c4.metric(ctx.t("metric_stopped"), funnel.stopped)

for name in ("funnel", "time_in_phase", "technology_mix", "role_mix"):
    components.registry_chart(ctx, name, filters)

st.markdown("#### " + ctx.t("stalled_list", months=filters.stall_months))
listing = initiatives_view.initiative_list(ctx.data, filters.region, filters.stall_months)
st.dataframe(common.localise_columns(listing, lang), hide_index=True, width="stretch")
st.caption(ctx.t("capacity_note"))
