"""Real browser: every plotly chart on every page has an accessible name, in Dutch and English (issue 13 item
16d), and the copy-link box shows the address the visitor used (item 14).

Uses the served app and Chromium of ``test_browser.py`` (its fixtures). A chart's accessible name is read as
assistive technology reads it: the element with role ``figure`` and its ``aria-label`` (Playwright's
``get_by_role``), and it must be the chart's title as drawn. A chart in a component's frame (warmte.ui.chart)
has that name on its figure element inside the frame and as the frame's own ``title``, which is what a screen
reader announces on entering the frame.
"""

from __future__ import annotations

import re

import pytest
from charts import draw_all, wait_for_chart
from test_browser import browser, server, wait_for_streamlit  # noqa: F401 - module-scoped fixtures

pytestmark = pytest.mark.browser

# (url path, query): every page with charts, the profile and council pages in the demonstration mode (more charts)
PAGES = [("", ""), ("kaart", ""), ("initiatieven", "regio=GM0363&demo=1"), ("gemeenteraad", "regio=PV27&demo=1"),
         ("gemeenteprofiel", "regio=GM0363")]


def _open(browser, url: str, width: int = 1400):  # noqa: F811 - the fixture
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(url)
    wait_for_streamlit(page)
    wait_for_chart(page)
    return page


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("path", "query"), PAGES)
def test_every_chart_has_an_accessible_name(server, browser, path, query, lang):  # noqa: F811
    params = "&".join(p for p in (query, "lang=en" if lang == "en" else "") if p)
    page = _open(browser, f"{server}/{path}" + (f"?{params}" if params else ""))
    try:
        charts = draw_all(page)
        count = len(charts)
        assert count >= 1
        for i, chart in enumerate(charts):
            assert chart.holder.get_attribute("role") == "figure"
            name = (chart.holder.get_attribute("aria-label") or "").strip()
            assert name, f"chart {i} on /{path}?{params} has no accessible name"
            drawn = " ".join(chart.plot.locator(".gtitle").first.text_content().split())
            # the name is the title as drawn (the title may wrap over lines: compare without spaces)
            assert re.sub(r"\s", "", name) == re.sub(r"\s", "", drawn), (name, drawn)
            if chart.frame is not None:
                assert chart.frame.get_attribute("title") == name
        # every element with role figure, in the page and in each chart's frame, has a name
        scopes = [page, *(chart.frame.content_frame for chart in charts if chart.frame is not None)]
        figures = [scope.get_by_role("figure") for scope in scopes]
        assert sum(f.count() for f in figures) >= count
        names = [f.nth(i).get_attribute("aria-label") for f in figures for i in range(f.count())]
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
        # a button that opens the link in a popover (its content is mounted only when opened)
        sidebar.get_by_role("button", name=heading).click()
        box = page.locator('[data-testid="stPopoverBody"]')
        box.locator("pre code").first.wait_for(timeout=10000)
        link = box.locator("pre code").first.text_content().strip()
        # the server listens on 127.0.0.1:<port>: the link names exactly that address, never localhost:8501
        assert link.startswith(server + "/gemeenteprofiel?"), link
        assert "regio=GM0363" in link and ("lang=en" in link) == (lang == "en")
        assert "localhost:8501" not in link
        # st.code's own copy button (Streamlit labels it in English)
        assert box.locator('[data-testid="stCode"] button[aria-label="Copy to clipboard"]').count() >= 1
    finally:
        page.close()
