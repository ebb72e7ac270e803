"""Warmtemonitor: entry point. Page config, navigation over pages/, the shared sidebar.

Run with ``streamlit run app.py``. The app opens the database read-only and
offers no way to write.
"""

from __future__ import annotations

import streamlit as st

from warmte import store
from warmte.i18n import t
from warmte.ui import components, loaders, state

st.set_page_config(page_title="Warmtemonitor", layout="wide",
                   menu_items={"About": "Warmtemonitor: de lokale warmtetransitie in cijfers. Open source."})

try:
    data = loaders.data()
    state.init(data)
    data = loaders.data(state.current().demo)  # with the demonstration layer only when switched on
except store.DatabaseError as exc:  # missing, unreadable or another schema: a sentence, details to the log
    components.database_unavailable(exc, state.lang() if "_filters" in st.session_state
                                    else "en" if st.query_params.get("lang") == "en" else "nl")
lang = state.lang()

PAGES = [
    st.Page("pages/overview.py", title=t("page_overview", lang), default=True),
    st.Page("pages/map.py", title=t("page_map", lang), url_path="kaart"),
    st.Page("pages/initiatives.py", title=t("page_initiatives", lang), url_path="initiatieven"),
    st.Page("pages/council.py", title=t("page_council", lang), url_path="gemeenteraad"),
    st.Page("pages/municipality.py", title=t("page_profile", lang), url_path="gemeenteprofiel"),
    st.Page("pages/data.py", title=t("page_data", lang), url_path="data"),
]
page = st.navigation(PAGES)
st.session_state["_pages"] = {p.url_path: p for p in PAGES}
state.sidebar(data)
state.sync_url(data)
page.run()
