"""Initiatieven / initiatives: the WarmteAtlas pipeline of heat networks in development, the named initiatives
as their sources give them, and, where a register with phases is loaded, its funnel, stalls and mix."""

import streamlit as st

from warmte import filters as flt
from warmte.i18n import fmt_int, fmt_pct
from warmte.ui import components, loaders, state
from warmte.ui.context import context
from warmte.views import common
from warmte.views import initiatives as initiatives_view

ctx = context()
lang = ctx.lang
region = ctx.filters.region
st.title(ctx.t("initiatives_title", region=ctx.region_name))


LINK_TEXT = r"https?://(?:www\.)?([^/]+)"  # a link shows as its site


def link_table(table) -> None:
    st.dataframe(common.display_table(table, lang), hide_index=True, width="stretch",
                 column_config={ctx.t("col_link"): st.column_config.LinkColumn(display_text=LINK_TEXT)})


# 1. The WarmteAtlas pipeline (measured): heat networks in development.
pipeline = initiatives_view.pipeline(ctx.data, region)
st.header(initiatives_view.pipeline_headline(pipeline, lang))
if pipeline.projects:
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(ctx.t("metric_heat_projects"), fmt_int(pipeline.projects, lang))
    c2.metric(ctx.t("metric_homes_planned"), fmt_int(pipeline.homes_planned, lang),
              help=ctx.t("metric_homes_planned_help", unknown=fmt_int(pipeline.homes_unknown, lang)))
    # The share goes with the number, not in a delta chip (a chip reads as a change).
    c3.metric(ctx.t("metric_resident_led"),
              f"{fmt_int(pipeline.resident_led, lang)} ({fmt_pct(pipeline.resident_led_share, lang, 0)})")
    c4.metric(ctx.t("metric_execution"), fmt_int(pipeline.execution, lang))
context_line = initiatives_view.pipeline_context(ctx.data, pipeline, lang)
if context_line:
    st.markdown(context_line)
if pipeline.projects:
    components.registry_chart(ctx, "heat_pipeline")
    st.markdown("### " + ctx.t("pipeline_table_heading"))
    link_table(initiatives_view.project_table(ctx.data, region, lang))
st.caption(ctx.t("pipeline_note"))

# 2. The named initiatives (compiled from publications), as their sources give them.
st.markdown("## " + ctx.t("named_section"))
st.markdown(initiatives_view.named_headline(ctx.data, region, lang))
named = initiatives_view.named_initiatives(ctx.data, region, lang)
if len(named):
    link_table(named)
st.caption(ctx.t("named_note"))

# 3. The register with phases: only where one is loaded (imported, or generated in the demonstration mode).
st.markdown("## " + ctx.t("register_section"))
if not initiatives_view.has_register(ctx.data):
    st.markdown(ctx.t("no_register"))
    st.stop()

state.bind("stall_months", st.slider, ctx.t("filter_stall"), *flt.STALL_RANGE, help=ctx.t("filter_stall_help"))
filters = state.current()
funnel = loaders.funnel(ctx.data, filters.region, filters.stall_months)
if "illustrative" in funnel.data_kinds:
    components.illustrative_banner(lang)
st.subheader(initiatives_view.funnel_headline(funnel, filters.stall_months, lang))
compare = initiatives_view.funnel_compare(ctx.data, filters.region, filters.stall_months, lang, loaders.funnel)
if compare:
    st.markdown(compare)
if funnel.total == 0:
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric(ctx.t("metric_initiatives"), funnel.total)
c2.metric(ctx.t("metric_active"), funnel.active)
c3.metric(ctx.t("metric_stalled", months=filters.stall_months), funnel.stalled)
c4.metric(ctx.t("metric_stopped"), funnel.stopped)

for name in ("funnel", "time_in_phase", "technology_mix", "role_mix"):
    components.registry_chart(ctx, name, filters)

st.markdown("### " + ctx.t("stalled_list", months=filters.stall_months))
listing = initiatives_view.initiative_list(ctx.data, filters.region, filters.stall_months)
st.dataframe(common.display_table(initiatives_view.register_listing(listing, lang), lang), hide_index=True,
             width="stretch")
st.caption(ctx.t("capacity_note"))
