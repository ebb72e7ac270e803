"""Gemeenteprofiel / profile: one municipality (or province, RES region, Nederland) on one page."""

import streamlit as st

from warmte.filters import MAX_PEERS
from warmte.i18n import fmt_int, fmt_pct
from warmte.ui import components, loaders, state
from warmte.ui.context import context
from warmte.views import common
from warmte.views import council as council_view
from warmte.views import heat as heat_view
from warmte.views import initiatives as initiatives_view
from warmte.views import plans as plans_view
from warmte.views import progress as progress_view
from warmte.views import questions as questions_view

LINK_TEXT = r"https?://(?:www\.)?([^/]+)"  # a link shows as its site

ctx = context()
filters, lang = ctx.filters, ctx.lang
summary = progress_view.region_summary(ctx.data, filters.region, filters.year, filters.definition, filters.target)

st.title(ctx.t("profile_title", region=ctx.region_name))
st.caption(ctx.t("level_" + summary.level) + f" · {filters.region}")
st.header(progress_view.share_of_job(summary, lang))
if ctx.data.demo:
    components.illustrative_banner(lang)  # the profile then shows the generated register and council indicators

c1, c2, c3, c4 = st.columns(4)
c1.metric(progress_view.target_label(filters.target, lang), fmt_int(summary.target_homes, lang),
          help=ctx.t("target_" + filters.target))
# The share goes with the number, not in a delta chip (an arrow would read as growth).
c2.metric(ctx.t("metric_gas_free", year=summary.year),
          f"{fmt_int(summary.gas_free_homes, lang)} ({fmt_pct(summary.gas_free_share, lang, 0)})",
          help=ctx.t("metric_gas_free_share_help"))
c3.metric(ctx.t("metric_required"), fmt_int(summary.required_per_year, lang))
c4.metric(ctx.t("metric_projection"), progress_view.projection_short(summary, lang))
for line in (progress_view.pace(summary, lang), progress_view.projection(summary, lang)):
    st.markdown(f"- {line}")

components.factsheet_download(ctx)
components.registry_chart(ctx, "trajectory", key="profile_trajectory", page="municipality",
                          file_name="profile_trajectory")

# Plans against the task: the homes still to go against the homes planned in heat networks (WarmteAtlas).
st.markdown("## " + ctx.t("profile_plans"))
plans = plans_view.plans_against_task(ctx.data, filters.region, filters.year, filters.definition, filters.target,
                                      summary=summary)
st.markdown(plans_view.sentence(plans, ctx.region_name, lang))
if plans.projects:
    st.dataframe(common.display_table(plans_view.phase_table(plans, lang), lang), hide_index=True, width="stretch")

st.markdown("## " + ctx.t("profile_heat"))
for line in heat_view.heat_sentences(loaders.heat_supply(ctx.data, filters.region), ctx.data, lang):
    st.markdown(f"- {line}")

st.markdown("## " + ctx.t("profile_initiatives"))
pipeline = initiatives_view.pipeline(ctx.data, filters.region)
st.markdown(initiatives_view.pipeline_headline(pipeline, lang))
context_line = initiatives_view.pipeline_context(ctx.data, pipeline, lang)
if context_line:
    st.markdown(context_line)
if pipeline.projects:
    st.dataframe(common.display_table(initiatives_view.project_table(ctx.data, filters.region, lang), lang),
                 hide_index=True, width="stretch",
                 column_config={ctx.t("col_link"): st.column_config.LinkColumn(display_text=LINK_TEXT)})
st.markdown(initiatives_view.named_headline(ctx.data, filters.region, lang))
named = initiatives_view.named_initiatives(ctx.data, filters.region, lang)
if len(named):
    st.dataframe(common.display_table(named, lang), hide_index=True, width="stretch",
                 column_config={ctx.t("col_link"): st.column_config.LinkColumn(display_text=LINK_TEXT)})
if initiatives_view.has_register(ctx.data):  # imported, or generated in the demonstration mode
    funnel = loaders.funnel(ctx.data, filters.region, filters.stall_months)
    mark = " " + ctx.t("illustrative_inline") if "illustrative" in funnel.data_kinds else ""
    st.markdown(initiatives_view.funnel_headline(funnel, filters.stall_months, lang) + mark)
    compare = initiatives_view.funnel_compare(ctx.data, filters.region, filters.stall_months, lang, loaders.funnel)
    if compare:
        st.markdown(compare)
    if funnel.total:
        listing = initiatives_view.initiative_list(ctx.data, filters.region, filters.stall_months)
        st.dataframe(common.display_table(listing, lang), hide_index=True, width="stretch")

st.markdown("## " + ctx.t("profile_council"))
st.markdown(council_view.tvw_headline(ctx.data, filters.region, lang))
for line in council_view.tvw_details(ctx.data, filters.region, lang):
    st.markdown(line)
st.caption(ctx.t("tvw_caption"))
if council_view.has_council_rows(ctx.data, filters.region):  # imported, or generated in the demonstration mode
    council = loaders.council_rows(ctx.data, filters.region)
    mark = " " + ctx.t("illustrative_inline") if council_view.council_illustrative(ctx.data, filters.region) else ""
    st.markdown(council_view.council_headline(council, lang) + mark)
    compare = council_view.council_compare(ctx.data, filters.region, lang, loaders.council_rows)
    if compare:
        st.markdown(compare)
    if summary.level == "gemeente":
        st.dataframe(common.display_table(council_view.council_profile(council, lang), lang), hide_index=True,
                     width="stretch")

if summary.level == "gemeente":
    # Vragen aan de raad en het college: drawn from the municipality's own figures, each with figure and source.
    st.markdown("## " + ctx.t("profile_questions"))
    st.caption(ctx.t("profile_questions_intro", name=ctx.region_name))
    for q in questions_view.council_questions(ctx.data, filters.region, filters.year, filters.definition,
                                              filters.target, lang, summary=summary):
        basis = ctx.t("question_basis", label=q.figure_label, figure=q.figure, source=q.source)
        st.markdown(f"- **{q.text}**  \n  :gray[{basis}]")

    # Municipalities like ours: the nearest on five characteristics, or a hand choice (kept in the link).
    st.markdown("## " + ctx.t("profile_peers"))
    labels = {c: n for c, n in zip(ctx.data.municipality["code"], ctx.data.municipality["name"], strict=True)}
    options = sorted((c for c in labels if c != filters.region), key=labels.__getitem__)
    chosen = st.multiselect(ctx.t("profile_peers_choose"), options, default=[c for c in filters.peers if c in labels],
                            format_func=labels.__getitem__, help=ctx.t("profile_peers_choose_help"),
                            placeholder=ctx.t("profile_peers_placeholder"),
                            max_selections=MAX_PEERS, key="profile_peers")
    if tuple(chosen) != filters.peers:
        state.set_peers(tuple(chosen))
        st.rerun()
    components.registry_chart(ctx, "peers")
    components.registry_chart(ctx, "similar")
