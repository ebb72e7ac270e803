"""Gemeenteraad / council: involvement index and indicators, adopted heat visions, involvement vs progress."""

import streamlit as st

from warmte.ui import components, loaders
from warmte.ui.context import context
from warmte.views import common
from warmte.views import council as council_view

ctx = context()
filters, lang = ctx.filters, ctx.lang
st.title(ctx.t("council_title", region=ctx.region_name))
council = loaders.council_rows(ctx.data, filters.region)
if council_view.council_illustrative(ctx.data, filters.region):
    components.illustrative_banner(lang)
st.subheader(council_view.council_headline(council, lang))

for name in ("council_classes", "council_indicators", "tvw_adoption", "involvement_vs_progress"):
    components.registry_chart(ctx, name)

st.markdown("#### " + ctx.t("council_table"))
st.dataframe(common.localise_columns(council.drop(columns=["source_id", "data_kind"]), lang), hide_index=True,
             width="stretch")
