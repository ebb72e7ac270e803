"""Gemeenteraad / council: the transitievisie warmte status (WarmteAtlas), then council indicators where
imported or in the demonstration mode (involvement index, indicators, adopted visies, involvement vs progress)."""

import streamlit as st

from warmte.ui import components, loaders
from warmte.ui.context import context
from warmte.views import common
from warmte.views import council as council_view

ctx = context()
filters, lang = ctx.filters, ctx.lang
st.title(ctx.t("council_title", region=ctx.region_name))

# The transitievisie warmte as the municipalities reported it to the WarmteAtlas (real data).
st.header(council_view.tvw_headline(ctx.data, filters.region, lang))
for line in council_view.tvw_details(ctx.data, filters.region, lang):
    st.markdown(line)
st.caption(ctx.t("tvw_caption"))
components.registry_chart(ctx, "tvw_status")

st.markdown("### " + council_view.tvw_table_heading(ctx.data, filters.region, lang))
table = common.display_table(council_view.tvw_table(ctx.data, filters.region, lang), lang)
st.dataframe(table, hide_index=True, width="stretch",
             column_config={ctx.t("col_document"): st.column_config.LinkColumn(ctx.t("col_document"))})

# Council indicators: imported, or generated in the demonstration mode (marked); no open data exists.
st.markdown("## " + ctx.t("council_indicators_heading"))
if not council_view.has_council_rows(ctx.data, filters.region):
    st.markdown(ctx.t("council_no_open_data"))
    st.stop()
council = loaders.council_rows(ctx.data, filters.region)
if council_view.council_illustrative(ctx.data, filters.region):
    components.illustrative_banner(lang)
st.markdown("**" + council_view.council_headline(council, lang) + "**")
compare = council_view.council_compare(ctx.data, filters.region, lang, loaders.council_rows)
if compare:
    st.markdown(compare)

for name in ("council_classes", "council_indicators", "tvw_adoption", "involvement_vs_progress"):
    components.registry_chart(ctx, name)

st.markdown("### " + ctx.t("council_table"))
st.dataframe(common.display_table(council.drop(columns=["source_id", "data_kind"]), lang), hide_index=True,
             width="stretch")
