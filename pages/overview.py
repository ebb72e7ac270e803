"""Nederland / overview: headline progress, trajectory vs target, required vs actual pace, key messages."""

import streamlit as st

from warmte.i18n import fmt_int, fmt_pct
from warmte.ui import components, loaders
from warmte.ui.context import context
from warmte.views import comparison as comparison_view
from warmte.views import council as council_view
from warmte.views import initiatives as initiatives_view
from warmte.views import progress as progress_view

ctx = context()
filters, lang = ctx.filters, ctx.lang
summary = progress_view.region_summary(ctx.data, filters.region, filters.year, filters.definition, filters.target)

st.title(ctx.t("overview_title", region=ctx.region_name))
st.header(progress_view.headline(summary, lang))
if ctx.data.demo:
    components.illustrative_banner(lang)  # key messages then use the generated register and council indicators

c1, c2, c3, c4 = st.columns(4)
c1.metric(ctx.t("metric_gas_free", year=summary.year), fmt_int(summary.gas_free_homes, lang),
          help=ctx.t("metric_gas_free_help"))
c2.metric(ctx.t("metric_share"), fmt_pct(summary.gas_free_share, lang))
c3.metric(ctx.t("metric_required"), fmt_int(summary.required_per_year, lang))
c4.metric(ctx.t("metric_actual"), fmt_int(summary.actual_per_year, lang))

st.markdown("### " + ctx.t("key_messages"))
municipal = summary.year in ctx.data.municipal_years(filters.definition)
munis = (loaders.level_table(ctx.data, "gemeente", summary.year, filters.definition, filters.target) if municipal
         else None)
# The stall message needs a register with phases (imported, or generated in the demonstration mode).
funnel = (loaders.funnel(ctx.data, filters.region, filters.stall_months) if initiatives_view.has_register(ctx.data)
          else None)
council = loaders.council_rows(ctx.data, filters.region)
members = comparison_view.within(ctx.data, munis, filters.region) if munis is not None else munis
pipeline = initiatives_view.pipeline_headline(initiatives_view.pipeline(ctx.data, filters.region), lang)
tvw = council_view.tvw_headline(ctx.data, filters.region, lang)
council_context = council_view.council_compare(ctx.data, filters.region, lang, loaders.council_rows)
messages = progress_view.key_messages(summary, members, funnel, council, lang, filters.stall_months, council_context)
for line in [*messages, pipeline, tvw]:
    st.markdown(f"- {line}")

components.registry_chart(ctx, "trajectory")
components.registry_chart(ctx, "pace")
