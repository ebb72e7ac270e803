"""Real browser: every plotly chart on every page has an accessible name, in Dutch and English (issue 13 item
16d), and the copy-link box shows the address the visitor used (item 14).

Uses the served app and Chromium of ``test_browser.py`` (its fixtures). A chart's accessible name is read as
assistive technology reads it: the element with role ``figure`` and its ``aria-label`` (Playwright's
``get_by_role``), and it must be the chart's title as drawn.
"""

from __future__ import annotations

import re

import pytest
from test_browser import browser, server, wait_for_streamlit  # noqa: F401 - module-scoped fixtures

pytestmark = pytest.mark.browser

# (url path, query): every page with charts, the profile and council pages in the demonstration mode (more charts)
PAGES = [("", ""), ("kaart", ""), ("initiatieven", "regio=GM0363&demo=1"), ("gemeenteraad", "regio=PV27&demo=1"),
         ("gemeenteprofiel", "regio=GM0363")]


def _open(browser, url: str, width: int = 1400):  # noqa: F811 - the fixture
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(url)
    wait_for_streamlit(page)
    page.wait_for_selector(".js-plotly-plot .gtitle", timeout=30000)
    return page


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("path", "query"), PAGES)
def test_every_chart_has_an_accessible_name(server, browser, path, query, lang):  # noqa: F811
    params = "&".join(p for p in (query, "lang=en" if lang == "en" else "") if p)
    page = _open(browser, f"{server}/{path}" + (f"?{params}" if params else ""))
    try:
        charts = page.locator('[data-testid="stPlotlyChart"]')
        count = charts.count()
        assert count >= 1
        for i in range(count):
            chart = charts.nth(i)
            assert chart.get_attribute("role") == "figure"
            name = (chart.get_attribute("aria-label") or "").strip()
            assert name, f"chart {i} on /{path}?{params} has no accessible name"
            drawn = " ".join(chart.locator(".gtitle").first.text_content().split())
            # the name is the title as drawn (the title may wrap over lines: compare without spaces)
            assert re.sub(r"\s", "", name) == re.sub(r"\s", "", drawn), (name, drawn)
        figures = page.get_by_role("figure")
        assert figures.count() >= count
        names = [figures.nth(i).get_attribute("aria-label") for i in range(figures.count())]
        assert all(n and n.strip() for n in names)
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_copy_link_shows_the_request_host(server, browser, lang):  # noqa: F811
    query = "regio=GM0363" + ("&lang=en" if lang == "en" else "")
    page = _open(browser, f"{server}/gemeenteprofiel?{query}")
    try:
        sidebar = page.locator('[data-testid="stSidebar"]')
        heading = "Kopieer link" if lang == "nl" else "Copy link"
        assert sidebar.get_by_text(heading).count() >= 1
        link = sidebar.locator("pre code").first.text_content().strip()
        # the server listens on 127.0.0.1:<port>: the link names exactly that address, never localhost:8501
        assert link.startswith(server + "/gemeenteprofiel?"), link
        assert "regio=GM0363" in link and ("lang=en" in link) == (lang == "en")
        assert "localhost:8501" not in link
        # st.code's own copy button (Streamlit labels it in English)
        assert sidebar.locator('[data-testid="stCode"] button[aria-label="Copy to clipboard"]').count() >= 1
    finally:
        page.close()
