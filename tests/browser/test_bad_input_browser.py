"""Bad input from visitors in the real browser (issue 16, items 1 and 2): Debian's Chromium via Playwright.

Reuses the served app and the browser of ``test_browser.py`` (same fixtures, same wait).
1. Clicking the language radio both ways never crashes and the address keeps codes, never display labels.
2. A rejected URL value is shown as text only: no link, no image (no request), no ``:red[...]`` styling.
"""

from __future__ import annotations

import re
import urllib.parse

import pytest
from test_browser import browser, server, wait_for_streamlit  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

EVIL_LINK = "[Klik hier](https://evil.example/x)"
EVIL_IMAGE = "![x](http://127.0.0.1:1/x.png)"
EVIL_STYLE = ":red[rood] **vet** $x^2$"


def _query(page) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query))


def _click_language(page, label: str, heading: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_text(label, exact=True).click()
    page.wait_for_function("(h) => (document.querySelector('h1') || {}).innerText?.startsWith(h)", arg=heading,
                           timeout=20000)
    wait_for_streamlit(page)


def _no_error(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("encountered an error").count() == 0


def test_language_radio_both_ways_keeps_codes_in_the_address(server, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/?regio=GM0363")
    wait_for_streamlit(page)
    assert page.locator("h1").first.inner_text() == "Warmtetransitie: Amsterdam"
    for label, heading, lang in (("English", "Heat transition", "en"), ("Nederlands", "Warmtetransitie", None),
                                 ("English", "Heat transition", "en"), ("Nederlands", "Warmtetransitie", None)):
        _click_language(page, label, heading)
        _no_error(page)
        assert page.locator("h1").first.inner_text().endswith(": Amsterdam")
        query = _query(page)
        assert query.get("regio") == "GM0363", page.url
        assert query.get("lang") == lang, page.url
        assert "doel" not in query and "definitie" not in query, page.url  # defaults, never their labels
        assert not re.search(r"gemeente|municipality|\+|%20", page.url), page.url
    # a region chosen after the switches is still a code in the address
    page.goto(f"{server}/gemeenteraad?regio=PV27")
    wait_for_streamlit(page)
    _click_language(page, "English", "Council")
    _click_language(page, "Nederlands", "Gemeenteraad")
    _no_error(page)
    assert _query(page).get("regio") == "PV27", page.url
    page.close()


@pytest.mark.parametrize("value", [EVIL_LINK, EVIL_IMAGE, EVIL_STYLE, "https://evil.example/y www.evil.example"])
def test_rejected_url_value_is_shown_as_text_only(server, browser, value):  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(f"{server}/?regio=" + urllib.parse.quote(value, safe=""))
    wait_for_streamlit(page)
    page.wait_for_timeout(500)  # give an image the time to be requested
    notice = page.locator('[data-testid="stAlertContainer"]').filter(has_text="regio").first
    text = notice.inner_text()
    assert value in text  # the visitor sees what was refused, literally
    assert notice.locator("a").count() == 0
    assert notice.locator("img").count() == 0
    assert notice.locator("[class*='stMarkdownColored'], strong, em, .katex").count() == 0
    assert page.locator('a[href*="evil.example"]').count() == 0
    assert page.locator('img[src*="127.0.0.1:1"]').count() == 0
    outside = [u for u in requests if not u.startswith((server + "/", "data:", "blob:"))]
    assert outside == []  # neither http://127.0.0.1:1/x.png nor anything else outside the app
    _no_error(page)
    page.close()
