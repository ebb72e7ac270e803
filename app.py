"""Warmtemonitor: entry point. Page config, navigation over pages/, the shared sidebar.

Run with ``streamlit run app.py``. The app opens the database read-only and
offers no way to write.
"""

from __future__ import annotations

import json

import streamlit as st

from warmte import store
from warmte.i18n import t
from warmte.ui import components, embed, loaders, state
from warmte.ui.context import context
from warmte.views import embed as embed_view

st.set_page_config(page_title="Warmtemonitor", layout="wide")

try:
    data = loaders.data()
    state.init(data)
    data = loaders.data(state.current().demo)  # with the demonstration layer only when switched on
except store.DatabaseError as exc:  # missing, unreadable or another schema: a sentence, details to the log
    components.database_unavailable(exc, state.lang() if "_filters" in st.session_state
                                    else "en" if st.query_params.get("lang") == "en" else "nl")
lang = state.lang()

# Menu labels are fixed page names: they never name a region (the page's heading does).
PAGES = [
    st.Page("pages/overview.py", title=t("page_overview", lang), default=True),
    st.Page("pages/map.py", title=t("page_map", lang), url_path="kaart"),
    st.Page("pages/initiatives.py", title=t("page_initiatives", lang), url_path="initiatieven"),
    st.Page("pages/council.py", title=t("page_council", lang), url_path="gemeenteraad"),
    st.Page("pages/municipality.py", title=t("page_profile", lang), url_path="gemeenteprofiel"),
    st.Page("pages/data.py", title=t("page_data", lang), url_path="data"),
]
embedding = embed_view.is_embed(st.query_params)  # ?chart=NAME&embed=true: one chart for an iframe elsewhere
page = st.navigation(PAGES, position="hidden" if embedding else "sidebar")
st.session_state["_pages"] = {p.url_path: p for p in PAGES}
# A title per page and language (the browser tab, bookmarks, screen readers).
st.set_page_config(page_title=t("nav_document_title", lang, page=page.title),
                   menu_items={"About": t("nav_about", lang)})
if embedding:
    embed.render(context())
    st.stop()
state.sidebar(data)
with st.sidebar:
    # <html lang> follows the session's language, also after a language switch or a page change without a reload
    # (the production entry warmte/ui/server.py already serves the page with the lang of its ?lang=).
    st.html(f"<script>document.documentElement.lang = {json.dumps(lang)};</script>", unsafe_allow_javascript=True)
state.sync_url(data)
page.run()
