"""The embed mode (``?chart=NAME&embed=true``): one chart, its text alternative and a link, none of the app."""

from __future__ import annotations

import streamlit as st

from warmte.i18n import t
from warmte.ui import chart as chart_component
from warmte.ui import components, loaders
from warmte.views import registry
from warmte.views.embed import CHART_PARAM

#: Hides the sidebar, its toggle and the app header (the embed shows nothing of the app around the chart).
_CHROME = ("<style>[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl], "
           "[data-testid=stHeader], [data-testid=stToolbar] {display: none !important}"
           " .block-container {padding-top: 0.5rem !important}</style>")


def render(ctx) -> None:
    """Draw the chart named in the query for the context's filters, or say which name is wrong."""
    st.html(_CHROME)
    name = str(st.query_params.get(CHART_PARAM, "")).strip()
    if name not in registry.CHARTS:
        st.error(t("embed_unknown_chart", ctx.lang, name=components.plain(name[:60]) or "–",
                   charts=", ".join(registry.CHARTS)))
        return
    with registry.visitor_base_url(ctx.base_url):
        chart = registry.build(name, ctx.data, ctx.filters, loaders=loaders.chart_loaders(), with_permalink=True)
        link = registry.permalink(ctx.data, chart.filters, chart.page)
    chart_component.plotly_chart(chart.fig, width="stretch", theme=None, config=components.PLOTLY_CONFIG,
                                 key=f"embed_{name}", lang=ctx.lang, alt=components.chart_name(chart.fig, chart.alt))
    st.caption(chart.alt)
    st.markdown(f"[{t('embed_open', ctx.lang)}]({link})")
