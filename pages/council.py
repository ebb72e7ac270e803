"""Gemeenteraad / council: involvement index and indicators, adopted heat visions, involvement vs progress."""

import streamlit as st

from warmte import indicators, messages
from warmte.ui import components, loaders
from warmte.ui.context import context

ctx = context()
f, lang = ctx.f, ctx.lang
st.title(ctx.t("council_title", region=ctx.region_name))
council = loaders.chart_loaders(ctx.key).council(ctx.data, f.region)
if indicators.council_illustrative(ctx.data, f.region):
    components.illustrative_banner(lang)
st.subheader(messages.council_headline(council, lang))

for name in ("council_classes", "council_indicators", "tvw_adoption", "involvement_vs_progress"):
    components.registry_chart(ctx, name)

st.markdown("#### " + ctx.t("council_table"))
st.dataframe(messages.localise_columns(council.drop(columns=["source_id", "data_kind"]), lang), hide_index=True,
             width="stretch")
