"""Gemeenteprofiel / profile: one municipality (or province, RES region, Nederland) on one page."""

import streamlit as st

from warmte import indicators, messages
from warmte.i18n import fmt_int, fmt_pct
from warmte.ui import components, loaders
from warmte.ui.context import context

ctx = context()
f, lang = ctx.f, ctx.lang
s = indicators.summary(ctx.data, f.region, f.year, f.definition, f.target)

st.title(ctx.t("profile_title", region=ctx.region_name))
st.caption(ctx.t("level_" + s["level"]) + f" · {f.region}")
st.subheader(messages.share_of_job(s, lang))
components.illustrative_banner(lang)  # the profile shows the register and the council indicators

c1, c2, c3, c4 = st.columns(4)
c1.metric(ctx.t("metric_target"), fmt_int(s["target_homes"], lang), help=ctx.t("target_" + f.target))
c2.metric(ctx.t("metric_gas_free", year=s["year"]), fmt_int(s["gas_free_homes"], lang),
          fmt_pct(s["gas_free_share"], lang), delta_color="off")
c3.metric(ctx.t("metric_required"), fmt_int(s["required_per_year"], lang))
c4.metric(ctx.t("metric_projection"), messages.projection_short(s, lang))
for line in (messages.pace(s, lang), messages.projection(s, lang)):
    st.markdown(f"- {line}")

components.factsheet_download(ctx)
components.registry_chart(ctx, "trajectory", key="profile_trajectory", page="municipality",
                          file_name="profile_trajectory")

st.markdown("### " + ctx.t("profile_initiatives"))
fun = loaders.chart_loaders(ctx.key).funnel(ctx.data, f.region, f.stall_months)
st.markdown(messages.funnel_headline(fun, f.stall_months, lang))
if fun["total"]:
    st.dataframe(messages.localise_columns(indicators.initiative_list(ctx.data, f.region, f.stall_months), lang),
                 hide_index=True, width="stretch")

st.markdown("### " + ctx.t("profile_council"))
council = loaders.chart_loaders(ctx.key).council(ctx.data, f.region)
mark = " " + ctx.t("illustrative_inline") if indicators.council_illustrative(ctx.data, f.region) else ""
st.markdown(messages.council_headline(council, lang) + mark)
if s["level"] == "gemeente":
    st.dataframe(messages.localise_columns(indicators.council_profile(council, lang), lang), hide_index=True,
                 width="stretch")

if s["level"] == "gemeente":
    st.markdown("### " + ctx.t("profile_similar"))
    components.registry_chart(ctx, "similar")
