"""Reusable page parts: the chart card (chart, text alternative, table, CSV, images on request) and notices."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from warmte import store
from warmte.export import files, images
from warmte.i18n import t
from warmte.ui import chart as chart_component
from warmte.ui import loaders
from warmte.views import common, registry
from warmte.views import embed as embed_view

#: Characters that can start inline markdown in Streamlit (links, images, autolinks, code, emphasis,
#: strikethrough, LaTeX, entities, ``:red[...]`` and ``:emoji:``). ``<`` and ``>`` are not among them: Streamlit
#: shows HTML as text, and an ``<https://...>`` autolink needs ``:``.
MARKDOWN_ACTIVE = frozenset("\\`*_~[]()!$&:@|#")


def plain(text: str) -> str:
    """``text`` from outside (a URL parameter) as literal text inside Streamlit markdown.

    Text without a markdown-active character is returned as it is; other text becomes an inline code span,
    inside which nothing is interpreted: no link, image, bare-URL autolink, emphasis, LaTeX or
    ``:red[...]`` styling. (Backslash-escaping is not enough: Streamlit still turns an escaped
    ``https://...`` into a link.) The fence is one backtick longer than any run of backticks in the text
    and padded with a space (CommonMark strips one on each side), so the text cannot close it. Line
    breaks and other control characters become spaces, so the text cannot end its paragraph.
    """
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    if not (MARKDOWN_ACTIVE.intersection(text) or "www." in text.lower()) or not text.strip():
        return text
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}"


LOG = logging.getLogger("warmte.app")


def database_unavailable(exc: store.DatabaseError, lang: str) -> None:
    """The database is missing, unreadable or not what the app reads: one plain sentence, then stop.

    The visitor never sees the server's path or DuckDB's message; those go to the server log.
    """
    LOG.error("database unavailable: %s", exc)
    st.title("Warmtemonitor")
    st.error(t("db_missing", lang))
    st.code("python -m warmte build", language="bash")
    st.stop()


PLOTLY_CONFIG = {"displaylogo": False, "responsive": True,
                 "toImageButtonOptions": {"format": "png", "scale": 2}}


def chart_name(fig, fallback: str = "") -> str:
    """The accessible name of a chart: its title as plain text (tags and line breaks out), else ``fallback``."""
    title = fig.layout.title.text if fig.layout.title and fig.layout.title.text else ""
    text = re.sub(r"<br\s*/?>", " ", str(title), flags=re.IGNORECASE)
    text = " ".join(re.sub(r"<[^>]+>", "", text).split())
    return text or " ".join(str(fallback).split())


def table_key(name: str) -> str:
    """The session-state key of a chart card's table expander (True while it is open)."""
    return f"table_{name}"


def chart_card(fig, table: pd.DataFrame, name: str, text_alternative: str, lang: str,
               illustrative: bool = False, on_select: str = "ignore", key: str | None = None,
               export_chart: Callable[[], registry.Chart] | None = None, data=None):
    """A chart with its accessible name (its title), its text alternative, its data table (as people read it:
    :func:`warmte.views.common.display_table`), a CSV download in the language's format and, when
    ``export_chart`` is given, PNG, SVG and ZIP downloads made only when asked for (``export_chart`` rebuilds the
    chart with its permalink, lazily; ``data``, the snapshot, feeds the bundle's README).

    Returns the selection event when ``on_select="rerun"``.
    """
    kwargs = {"width": "stretch", "config": PLOTLY_CONFIG, "key": key or f"chart_{name}", "theme": None,
              "alt": chart_name(fig, text_alternative) or t("chart_unnamed", lang)}
    if on_select != "ignore":
        kwargs.update(on_select=on_select, selection_mode="points")
    event = chart_component.plotly_chart(fig, lang=lang, **kwargs)
    st.caption(text_alternative)
    # The table is drawn only while its expander is open (opening it reruns the page): a table drawn at once,
    # even collapsed, makes the browser load Streamlit's grid and Arrow code (1.5 MB) before the first chart,
    # about 0.2 s of a first visit (bench/first_visit.py, README "Performance").
    with st.expander(t("table_alternative", lang), key=table_key(key or name), on_change="rerun") as table_box:
        if table_box.open:
            if illustrative:
                st.caption("⚠️ " + t("illustrative_mark", lang))
            st.dataframe(common.display_table(table, lang), hide_index=True, width="stretch")
    cols = st.columns(4)
    cols[0].download_button(t("download_csv", lang), lambda: files.table_csv(table, lang), file_name=f"{name}.csv",
                            mime="text/csv", key=f"csv_{key or name}", on_click="ignore")
    if export_chart is not None:
        _image_downloads(cols[1:], export_chart, name, lang, key or name, data)
    return event


def _image_downloads(cols, export_chart, name: str, lang: str, key: str, data) -> None:
    """PNG, SVG and ZIP buttons whose files are rendered only on click (deferred download data)."""
    reason = images.unavailable_reason()
    if reason:
        st.caption("⚠️ " + t("export_unavailable", lang, reason=reason))
        return

    def png() -> bytes:
        return images.image_bytes(export_chart().fig, "png", scale=2)

    def svg() -> bytes:
        return images.image_bytes(export_chart().fig, "svg")

    def bundle() -> bytes:
        chart = export_chart()
        snapshot = data if data is not None else loaders.data()
        return files.bundle_zip(chart.fig, chart.table, chart.meta, registry.readme(snapshot, chart),
                                 name=name)

    for col, (label, make, ext, mime) in zip(cols, [
            ("download_png", png, "png", "image/png"), ("download_svg", svg, "svg", "image/svg+xml"),
            ("download_zip", bundle, "zip", "application/zip")], strict=True):
        col.download_button(t(label, lang), make, file_name=f"{name}.{ext}", mime=mime, key=f"{ext}_{key}",
                            on_click="ignore", help=t("export_images_help", lang))


def registry_chart(ctx, name: str, filters=None, *, key: str | None = None, page: str | None = None,
                   on_select: str = "ignore", file_name: str | None = None, banner: bool = False):
    """Build chart ``name`` from the registry (warmte.views.registry) with the page's filters and show its card.

    With ``banner`` the illustrative-data banner is shown above it when the chart is illustrative.
    Returns the selection event when ``on_select="rerun"``.
    """
    filters = filters or ctx.filters
    chart_inputs = loaders.chart_loaders()
    chart = registry.build(name, ctx.data, filters, loaders=chart_inputs, page=page)
    if banner and chart.meta.illustrative:
        illustrative_banner(filters.lang)

    base_url = getattr(ctx, "base_url", None)

    def for_export() -> registry.Chart:
        with registry.visitor_base_url(base_url):  # the permalink names the address the visitor used
            return registry.build(name, ctx.data, filters, loaders=chart_inputs, page=page, with_permalink=True)

    event = chart_card(chart.fig, chart.table, file_name or name, chart.alt, filters.lang, chart.meta.illustrative,
                       on_select=on_select, key=key, export_chart=for_export, data=ctx.data)
    # for publishers: the chart alone in their page. A popover, whose content (st.code and its 1.6 MB syntax
    # highlighter) is mounted only when opened, keeps that script off a first visit (see context.copy_link).
    with st.popover(t("embed_snippet", filters.lang), icon=":material/code:"):
        st.caption(t("embed_snippet_help", filters.lang))
        with registry.visitor_base_url(base_url):
            st.code(embed_view.iframe_snippet(ctx.data, chart), language="html", wrap_lines=True)
    return event


def factsheet_download(ctx, filters=None) -> None:
    """The profile page's factsheet (one-page PDF), made when the button is clicked."""
    from warmte.export.factsheet import factsheet_pdf

    filters = filters or ctx.filters
    reason = images.unavailable_reason()
    if reason:
        st.caption("⚠️ " + t("export_unavailable", filters.lang, reason=reason))
        return
    chart_inputs = loaders.chart_loaders()
    base_url = getattr(ctx, "base_url", None)

    def pdf() -> bytes:
        with registry.visitor_base_url(base_url):  # the permalink names the address the visitor used
            return factsheet_pdf(ctx.data, filters, loaders=chart_inputs)

    st.download_button(t("factsheet_download", filters.lang), pdf,
                       file_name=f"factsheet_{filters.region}_{filters.lang}.pdf", mime="application/pdf",
                       key="factsheet_pdf", on_click="ignore")


def illustrative_banner(lang: str) -> None:
    st.info(t("illustrative_banner", lang), icon="ℹ️")
