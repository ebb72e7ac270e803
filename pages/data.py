"""Data & methode: sources, licences and kinds, definitions and formulas, build date, downloads."""

import streamlit as st

from warmte import model
from warmte.domain import council
from warmte.export import files
from warmte.i18n import fmt_date, fmt_int, fmt_pct
from warmte.ui import loaders
from warmte.ui.context import context
from warmte.views import common, registry

ctx = context()
lang, data = ctx.lang, ctx.data
st.title(ctx.t("data_title"))
info = data.build_info
st.caption(ctx.t("data_build", built=fmt_date(info.get("built_at"), lang), version=info.get("version", "?"),
                 as_of=fmt_date(info.get("initiatives_as_of"), lang)))

st.header(ctx.t("data_sources"))
st.markdown(ctx.t("data_kinds_text"))
if not data.demo:
    st.markdown(ctx.t("data_demo_off"))
st.dataframe(common.display_table(registry.sources_table(data, lang), lang), hide_index=True, width="stretch",
             column_config={ctx.t("col_url"): st.column_config.LinkColumn(ctx.t("col_url"))})
st.markdown(ctx.t("data_snapshot_text"))

st.header(ctx.t("data_definitions"))
st.markdown(ctx.t("method_text", target=fmt_int(model.TARGET_HOMES, lang), share=fmt_pct(model.TARGET_SHARE, lang, 0),
                  target_year=model.TARGET_YEAR, stall=model.STALL_MONTHS_DEFAULT,
                  horizon=model.PROJECTION_HORIZON_YEAR))
st.markdown(ctx.t("method_real_data"))
st.subheader(ctx.t("data_weights"))
weights = council.weights_table()
weights = weights[["indicator", "label_" + lang, "weight", "count_cap"]].rename(columns={"label_" + lang: "label"})
st.dataframe(common.display_table(weights, lang), hide_index=True, width="stretch")
st.markdown(ctx.t("data_classes"))

st.header(ctx.t("data_downloads"))
tables = loaders.download_tables(ctx.data)
# Files are made when a button is clicked (deferred download data), not on every rerun.
st.download_button(ctx.t("download_all_xlsx"), lambda: loaders.xlsx_all(ctx.data), file_name="warmtemonitor.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="xlsx_all",
                   on_click="ignore")
cols = st.columns(3)
for i, (name, df) in enumerate(tables.items()):
    cols[i % 3].download_button(f"{name}.csv ({fmt_int(len(df), lang)})", lambda df=df: files.csv_bytes(df, lang),
                                file_name=f"{name}.csv", mime="text/csv", key=f"csv_table_{name}",
                                on_click="ignore")
