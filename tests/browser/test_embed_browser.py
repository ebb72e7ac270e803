"""Real browser: an embed URL shows one chart with title, source and link, and none of the app (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from charts import ANY_CHART, draw_all
from test_browser import SCREENSHOTS, browser, server  # noqa: F401 - module-scoped fixtures

pytestmark = pytest.mark.browser


def wait_for_embed(page, timeout_ms: int = 60000) -> None:
    """Until the chart or the alert is drawn and no script run is in progress (an embed has no heading)."""
    page.wait_for_selector(f'{ANY_CHART}, [data-testid="stAlert"]', timeout=timeout_ms)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)


@pytest.mark.parametrize(("query", "name"), [("regio=GM0363&chart=trajectory&embed=true", "trajectory"),
                                             ("regio=PV27&lang=en&chart=map&embed=true", "map")])
def test_embed_shows_one_chart_and_nothing_else(server, browser, query, name):  # noqa: F811
    page = browser.new_page(viewport={"width": 800, "height": 700})
    try:
        page.goto(f"{server}/{'kaart' if name == 'map' else ''}?{query}")
        wait_for_embed(page)
        charts = draw_all(page)
        charts[0].plot.locator(".gtitle").first.wait_for(timeout=30000)
        SCREENSHOTS.mkdir(exist_ok=True)
        shot = SCREENSHOTS / f"embed_{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert Path(shot).stat().st_size > 10_000
        assert len(charts) == 1
        # no sidebar, no menu, no page heading: only the chart, its text alternative and the link back
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert not page.locator('[data-testid="stSidebarNav"]').is_visible()
        assert page.locator("h1").count() == 0
        text = charts[0].plot.inner_text()
        assert ("Bron" in text or "Source" in text) and "http" in text  # source line and permalink in the figure
        link = page.get_by_role("link", name="Open in Warmtemonitor" if "lang=en" in query else "Bekijk in de "
                                "Warmtemonitor")
        assert "chart=" not in link.get_attribute("href") and "regio=" in link.get_attribute("href")
    finally:
        page.close()


def test_unknown_chart_in_an_embed_says_which_names_exist(server, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 800, "height": 600})
    try:
        page.goto(f"{server}/?chart=nope&embed=true")
        wait_for_embed(page)
        alert = page.locator('[data-testid="stAlert"]').first.inner_text()
        assert "chart=nope" in alert and "trajectory" in alert
    finally:
        page.close()
