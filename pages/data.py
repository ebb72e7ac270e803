"""Data & methode: sources, licences and kinds, definitions and formulas, build date, downloads."""

import streamlit as st

from warmte import config, model
from warmte.domain import council
from warmte.export import bundle, files
from warmte.i18n import fmt_date, fmt_int, fmt_pct
from warmte.ui import components, context, loaders
from warmte.views import common, registry
from warmte.views import diff as diff_view

ctx = context.context()
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
st.markdown(ctx.t("plans_method"))
st.markdown(ctx.t("peers_method"))
st.subheader(ctx.t("data_weights"))
weights = council.weights_table()
weights = weights[["indicator", "label_" + lang, "weight", "count_cap"]].rename(columns={"label_" + lang: "label"})
st.dataframe(common.display_table(weights, lang), hide_index=True, width="stretch")
st.markdown(ctx.t("data_classes"))

# What changed: the data in use against the snapshot shipped in the repository (e.g. after `warmte fetch`).
st.header(ctx.t("data_changes"))
changed = loaders.snapshot_differences(data, config.SNAPSHOT_DIR)
if not changed:
    st.markdown(ctx.t("data_changes_none"))
else:
    st.markdown(ctx.t("data_changes_files", n=len(changed)))
    for row in changed:
        st.markdown(f"- {components.plain(row['title'])} (`{row['file']}`)")
    snapshot_db = config.SNAPSHOT_DB
    if snapshot_db.is_file():
        result = loaders.snapshot_diff(str(snapshot_db), data, lang)
        st.dataframe(diff_view.diff_table(result, lang), hide_index=True, width="stretch")
        st.caption(diff_view.render_text(result, lang).splitlines()[-1])
    else:
        st.markdown(ctx.t("data_changes_how"))

st.header(ctx.t("data_downloads"))
st.download_button(ctx.t("download_bundle"), lambda: bundle.database_bundle(data, lang, context.current_link(ctx)),
                   file_name="warmtemonitor-database.zip", mime="application/zip", key="bundle_zip",
                   on_click="ignore", help=ctx.t("download_bundle_help"))
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
