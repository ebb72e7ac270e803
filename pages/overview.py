"""Nederland / overview: headline progress, trajectory vs target, required vs actual pace, key messages."""

import streamlit as st

from warmte import indicators, messages
from warmte.i18n import fmt_int, fmt_pct
from warmte.ui import components, loaders
from warmte.ui.context import context

ctx = context()
f, lang = ctx.f, ctx.lang
s = indicators.summary(ctx.data, f.region, f.year, f.definition, f.target)

st.title(ctx.t("overview_title", region=ctx.region_name))
st.subheader(messages.headline(s, lang))
components.illustrative_banner(lang)  # key messages use the register and the council indicators

c1, c2, c3, c4 = st.columns(4)
c1.metric(ctx.t("metric_gas_free", year=s["year"]), fmt_int(s["gas_free_homes"], lang),
          help=ctx.t("metric_gas_free_help"))
c2.metric(ctx.t("metric_share"), fmt_pct(s["gas_free_share"], lang))
c3.metric(ctx.t("metric_required"), fmt_int(s["required_per_year"], lang))
c4.metric(ctx.t("metric_actual"), fmt_int(s["actual_per_year"], lang))

st.markdown("#### " + ctx.t("key_messages"))
munis = loaders.level_table(ctx.key, "gemeente", s["year"], f.definition, f.target)
funnel = loaders.chart_loaders(ctx.key).funnel(ctx.data, f.region, f.stall_months)
council = loaders.chart_loaders(ctx.key).council(ctx.data, f.region)
for line in messages.key_messages(s, indicators.within(ctx.data, munis, f.region), funnel, council, lang,
                                  f.stall_months):
    st.markdown(f"- {line}")

components.registry_chart(ctx, "trajectory")
components.registry_chart(ctx, "pace")
