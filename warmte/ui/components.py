"""Reusable page parts: the chart card (chart, text alternative, table, CSV) and notices."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from warmte import export, messages
from warmte.i18n import t

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True,
                 "toImageButtonOptions": {"format": "png", "scale": 2}}


def chart_card(fig, table: pd.DataFrame, name: str, text_alternative: str, lang: str,
               illustrative: bool = False, on_select: str = "ignore", key: str | None = None):
    """A chart with its text alternative, its data table and a CSV download.

    Returns the selection event when ``on_select="rerun"``.
    """
    kwargs = {"width": "stretch", "config": PLOTLY_CONFIG, "key": key or f"chart_{name}", "theme": None}
    if on_select != "ignore":
        kwargs.update(on_select=on_select, selection_mode="points")
    event = st.plotly_chart(fig, **kwargs)
    st.caption(text_alternative)
    table = messages.localise_columns(table, lang)
    with st.expander(t("table_alternative", lang)):
        if illustrative:
            st.caption("⚠️ " + t("illustrative_mark", lang))
        st.dataframe(table, hide_index=True, width="stretch")
        st.download_button(t("download_csv", lang), export.csv_bytes(table), file_name=f"{name}.csv",
                           mime="text/csv", key=f"csv_{key or name}")
    return event


def illustrative_banner(lang: str) -> None:
    st.info(t("illustrative_banner", lang), icon="ℹ️")
