"""What every page starts from: the data snapshot, the filters, the language and the visitor's address."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from warmte import filters as flt
from warmte import store
from warmte.i18n import t
from warmte.ui import components, loaders, state
from warmte.views import registry


@dataclass(frozen=True)
class Context:
    data: store.Data
    filters: flt.Filters
    lang: str
    base_url: str | None = None  # the address the visitor used (None: unknown, e.g. in AppTest)

    @property
    def region_name(self) -> str:
        """The selected region's name in the page's language ("the Netherlands" in English)."""
        return self.data.region_name(self.filters.region, self.lang)

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)


def visitor_base_url() -> str | None:
    """The address the visitor used (browser URL, else the request's forwarded or Host header), no page path."""
    try:
        page_url = st.context.url
    except Exception:  # noqa: BLE001 - no browser context (bare mode)
        page_url = None
    try:
        headers = dict(st.context.headers)
    except Exception:  # noqa: BLE001
        headers = {}
    return registry.base_url_from(page_url, headers)


def current_link(ctx: Context) -> str:
    """The permalink of the page as shown: the public address (``$WARMTE_PUBLIC_URL`` wins), the page, the
    filters."""
    page = ""
    try:
        url = st.context.url or ""
    except Exception:  # noqa: BLE001
        url = ""
    tail = url.rstrip("/").rsplit("/", 1)[-1] if url else ""
    if tail in registry.PAGE_PATHS.values():
        page = tail
    with registry.visitor_base_url(ctx.base_url):
        return flt.permalink(registry.public_url(), page, ctx.filters, ctx.data.years)


def copy_link(ctx: Context) -> None:
    """The visible "copy link" action in the sidebar: a button that opens the page's permalink in a code box with
    a copy button.

    A popover, not the code box itself: Streamlit mounts a popover's content only when it opens, and ``st.code``
    brings its syntax highlighter (a 1.6 MB script). Drawn at once it delayed a first visitor's first chart by
    about 0.45 s (bench/first_visit.py, README "Performance").
    """
    with st.sidebar, st.popover(ctx.t("link_copy_heading"), help=ctx.t("link_copy_help"), icon=":material/link:"):
        st.code(current_link(ctx), language=None, wrap_lines=True)


def context() -> Context:
    """The page context; shows the ignored-URL-parameter notices of this session once and the copy-link box."""
    try:
        if "_filters" not in st.session_state:
            # A page run without app.py: Streamlit's legacy pages/ routing on the very first request of a
            # fresh server (e.g. /data). Initialise the filters here.
            state.init(loaders.data())
        filters = state.current()
        snapshot = loaders.data(filters.demo)
    except store.DatabaseError as exc:  # e.g. replaced by a broken file while the session was open
        components.database_unavailable(exc, state.lang())
    ctx = Context(snapshot, filters, state.lang(), visitor_base_url())
    state.show_notices()
    copy_link(ctx)
    return ctx
