"""What every page starts from: the data snapshot, the filters and the language."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from warmte import filters as flt
from warmte import store
from warmte.i18n import t
from warmte.ui import components, loaders, state


@dataclass(frozen=True)
class Context:
    data: store.Data
    filters: flt.Filters
    lang: str

    @property
    def region_name(self) -> str:
        return self.data.region_name(self.filters.region)

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)


def context() -> Context:
    """The page context; shows the ignored-URL-parameter notices of this session once."""
    try:
        if "_filters" not in st.session_state:
            # A page run without app.py: Streamlit's legacy pages/ routing on the very
            # first request of a fresh server (e.g. /data). Initialise the filters here.
            state.init(loaders.data())
        filters = state.current()
        snapshot = loaders.data(filters.demo)
    except store.DatabaseError as exc:  # e.g. replaced by a broken file while the session was open
        components.database_unavailable(exc, state.lang())
    ctx = Context(snapshot, filters, state.lang())
    state.show_notices()
    return ctx
