"""Gemeenteraad / council: involvement index and indicators, adopted heat visions, involvement vs progress."""

import streamlit as st

from warmte import charts, indicators, messages
from warmte.i18n import chart_labels
from warmte.ui import components, loaders
from warmte.ui.context import context

ctx = context()
f, lang = ctx.f, ctx.lang
st.title(ctx.t("council_title", region=ctx.region_name))
components.illustrative_banner(lang)

council = indicators.region_council(ctx.data, f.region)
year = int(council["year"].iloc[0])
sub = f"{ctx.region_name} · {ctx.t('council_snapshot', year=year)}"
st.subheader(messages.council_headline(council, lang))

shares = indicators.class_shares(council)
fig = charts.council_classes_chart(shares, ctx.meta(messages.council_classes_title(shares, lang),
                                                    "source_council", True, sub), chart_labels(lang))
components.chart_card(fig, shares, "council_classes", messages.council_classes_alt(shares, lang), lang, True)

ind = indicators.indicator_shares(council, lang)
fig = charts.indicator_shares_chart(ind, ctx.meta(messages.indicator_title(ind, lang), "source_council", True, sub),
                                    chart_labels(lang))
components.chart_card(fig, ind, "council_indicators", messages.indicator_alt(ind, lang), lang, True)

adoption = indicators.adoption_by_year(ctx.data, f.region)
fig = charts.adoption_chart(adoption, ctx.meta(messages.adoption_title(adoption, lang), "source_council", True,
                                               ctx.region_name), chart_labels(lang))
components.chart_card(fig, adoption, "tvw_adoption", messages.adoption_alt(adoption, lang), lang, True)

table = loaders.level_table(ctx.key, "gemeente", f.year, f.definition, f.target)
scatter = indicators.within(ctx.data, table, f.region)
fig = charts.scatter_chart(scatter, "involvement_index", "progress_to_target",
                           ctx.meta(messages.scatter_title(scatter, lang), "source_council_progress", True),
                           chart_labels(lang), highlight=f.region if f.region.startswith("GM") else None,
                           size="housing_stock")
components.chart_card(fig, scatter[["code", "name", "involvement_index", "progress_to_target", "housing_stock"]],
                      "involvement_vs_progress", messages.scatter_alt(scatter, lang), lang, True)

st.markdown("#### " + ctx.t("council_table"))
st.dataframe(messages.localise_columns(council.drop(columns=["source_id", "data_kind"]), lang), hide_index=True,
             width="stretch")
