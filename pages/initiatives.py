"""Initiatieven / initiatives: phase funnel, conversion, stalls, technology mix, municipal role, list."""

import streamlit as st

from warmte import filters as flt
from warmte import indicators, messages
from warmte.ui import components, loaders, state
from warmte.ui.context import context

ctx = context()
lang = ctx.lang
st.title(ctx.t("initiatives_title", region=ctx.region_name))
state.bind("stall_months", st.slider, ctx.t("filter_stall"), *flt.STALL_RANGE, help=ctx.t("filter_stall_help"))
f = state.current()

fun = loaders.chart_loaders(ctx.key).funnel(ctx.data, f.region, f.stall_months)
illustrative = "illustrative" in fun["data_kinds"]
if illustrative:
    components.illustrative_banner(lang)
st.subheader(messages.funnel_headline(fun, f.stall_months, lang))
if fun["total"] == 0:
    st.info(ctx.t("no_initiatives"))
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric(ctx.t("metric_initiatives"), fun["total"])
c2.metric(ctx.t("metric_active"), fun["active"])
c3.metric(ctx.t("metric_stalled", months=f.stall_months), fun["stalled"])
c4.metric(ctx.t("metric_stopped"), fun["stopped"])

for name in ("funnel", "time_in_phase", "technology_mix", "role_mix"):
    components.registry_chart(ctx, name, f)

st.markdown("#### " + ctx.t("stalled_list", months=f.stall_months))
st.dataframe(messages.localise_columns(indicators.initiative_list(ctx.data, f.region, f.stall_months), lang),
             hide_index=True, width="stretch")
st.caption(ctx.t("capacity_note"))
