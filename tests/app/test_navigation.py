"""The menu (issue 13 item 18): fixed page names in the reader's language, never a region's name.

The first menu item read "Nederland" while the page showed Aa en Hunze, and "Gemeenteprofiel" named the profile
of provinces and RES regions too. The menu is read from app.py's own register of its pages
(``st.session_state["_pages"]``, url path -> ``st.Page``, in menu order), which ``st.navigation`` draws.
The browser test tests/browser/test_a11y.py reads the same labels from the drawn menu.
"""

from __future__ import annotations

import pytest
from test_pages import _navigation_mode, ok, open_app  # noqa: F401  (autouse fixture)

MENU = {
    "nl": ["Overzicht", "Kaart", "Initiatieven", "Gemeenteraad", "Regioprofiel", "Data & methode"],
    "en": ["Overview", "Map", "Initiatives", "Council", "Region profile", "Data & method"],
}
URL_PATHS = ["", "kaart", "initiatieven", "gemeenteraad", "gemeenteprofiel", "data"]


def menu(at) -> list[str]:
    return [p.title for p in at.session_state["_pages"].values()]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("region", "page"), [
    ("NL", None), ("GM1680", None), ("GM1680", "pages/municipality.py"), ("PV27", "pages/municipality.py"),
    ("GM0363", "pages/council.py"),
])
def test_menu_labels_are_the_fixed_page_names(data, lang, region, page):
    params = {"regio": region} | ({"lang": "en"} if lang == "en" else {})
    at = open_app(page, **params)
    assert menu(at) == MENU[lang]
    assert list(at.session_state["_pages"]) == URL_PATHS  # permalinks keep their addresses
    name = data.region_name(region, lang)
    assert not any(name in label for label in menu(at)), f"a menu label names {name}"
    assert name in at.title[0].value  # the page's heading names the region, the menu does not


def test_menu_follows_a_language_switch(data):
    at = open_app("pages/municipality.py", regio="GM1680")
    assert menu(at) == MENU["nl"]
    ok(at.radio(key="f_lang").set_value("en").run())
    assert menu(at) == MENU["en"]
    assert data.region_name("GM1680", "en") in at.title[0].value
